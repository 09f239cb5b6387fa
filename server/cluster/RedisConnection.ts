// This node's one Redis client (VCOURT_REDIS_URL): the leases, the presence, the rate limits and
// socket.io's adapter (which duplicates it for its blocking reads) all go through it. The start
// fails with a clear message when Redis cannot be reached; later outages are reconnected with a
// growing back-off and logged once each (lost, then back after how long), not once per retry.
import { createClient } from 'redis';

export type RedisClient = ReturnType<typeof createClient>;

export interface RedisConnectionOptions {
  url: string;
  /** How long connect() keeps trying before it fails. */
  connectTimeoutMs?: number;
  /** Where the outages are told; console by default. */
  log?: (line: string) => void;
}

const MAX_BACKOFF_MS = 5_000;

export class RedisConnection {
  readonly client: RedisClient;
  readonly #url: string;
  readonly #log: (line: string) => void;
  #connected = false;
  #lostAt: number | undefined;
  #closing: Promise<void> | undefined;

  private constructor(options: RedisConnectionOptions) {
    this.#url = redactUrl(options.url);
    this.#log = options.log ?? ((line) => console.error(line));
    const startedAt = Date.now();
    const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.client = createClient({
      url: options.url,
      socket: {
        connectTimeout: Math.min(connectTimeoutMs, 5_000),
        reconnectStrategy: (retries, cause) => {
          // Before the first connection: give up after the timeout, so a wrong URL stops the start.
          if (!this.#connected && Date.now() - startedAt >= connectTimeoutMs) {
            return new Error(`cannot reach Redis at ${this.#url} within ${connectTimeoutMs} ms: ${cause.message}`, { cause });
          }
          // Never false: socket.io's adapter duplicates this client, and a duplicate that gave up
          // would be closed under the adapter's feet; close() ends the connection without retries.
          return Math.min(100 * 2 ** Math.min(retries, 6), MAX_BACKOFF_MS) + Math.floor(Math.random() * 100);
        },
      },
    });
    // node-redis throws an unhandled 'error' without a listener; every retry reports one.
    this.client.on('error', (error: Error) => {
      if (this.#connected && this.#lostAt === undefined && !this.#closing) {
        this.#lostAt = Date.now();
        this.#log(`[redis] connection to ${this.#url} lost (${error.message}); reconnecting`);
      }
    });
    this.client.on('ready', () => {
      if (this.#lostAt !== undefined) this.#log(`[redis] reconnected to ${this.#url} after ${Date.now() - this.#lostAt} ms`);
      this.#lostAt = undefined;
    });
  }

  /** Connects, or fails with the reason once `connectTimeoutMs` has passed. */
  static async connect(options: RedisConnectionOptions): Promise<RedisConnection> {
    const connection = new RedisConnection(options);
    try {
      await connection.client.connect();
    } catch (error) {
      if (connection.client.isOpen) connection.client.destroy();
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(reason.startsWith('cannot reach Redis') ? reason : `cannot reach Redis at ${connection.#url}: ${reason}`, {
        cause: error,
      });
    }
    connection.#connected = true;
    return connection;
  }

  get ready(): boolean {
    return this.client.isReady;
  }

  /** Ends the connection: gracefully when Redis answers (pending commands finish), at once otherwise. */
  close(): Promise<void> {
    return (this.#closing ??= (async () => {
      if (!this.client.isOpen) return;
      if (!this.client.isReady) return this.client.destroy();
      const timer = setTimeout(() => this.client.destroy(), 2_000);
      try {
        await this.client.close();
      } catch {
        this.client.destroy();
      } finally {
        clearTimeout(timer);
      }
    })());
  }
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(invalid URL)';
  }
}
