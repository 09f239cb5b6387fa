// The server's pulse, kept in the database: every second while it runs, and a last "clean" beat
// when it stops gracefully. At the next start the previous beat tells when the server stopped and
// whether it crashed, which is what the record needs to show every outage truthfully.
import type { Store } from '../core/hearing/ports.js';

const KEY = 'server.heartbeat';

/** Where a node's beats are kept: one key per node when several share the database (issue 15). */
export function heartbeatKey(nodeId?: string): string {
  return nodeId === undefined ? KEY : `${KEY}:${nodeId}`;
}

export interface Outage {
  /** When the server stopped: its last beat (at most one interval early after a crash). */
  stoppedAtMs: number;
  cause: 'server_stopped' | 'server_crashed';
}

interface Beat {
  at: number;
  pid: number;
  clean: boolean;
}

export class Heartbeat {
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  // Beats are written one after another: a slow write never lands after the clean last beat.
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly settings: Store['settings'],
    private readonly intervalMs = 1000,
    private readonly key = KEY,
  ) {}

  /** How the previous run of the server ended; undefined on the very first start. */
  previous(): Promise<Outage | undefined> {
    return Heartbeat.read(this.settings, this.key);
  }

  /** How the run that beat under `key` ended, or when it last beat; undefined when it never did. */
  static async read(settings: Store['settings'], key: string): Promise<Outage | undefined> {
    const raw = await settings.get(key);
    if (!raw) return undefined;
    try {
      const beat = JSON.parse(raw) as Beat;
      return { stoppedAtMs: beat.at, cause: beat.clean ? 'server_stopped' : 'server_crashed' };
    } catch {
      return undefined;
    }
  }

  start(): void {
    this.#beat(false);
    this.#timer = setInterval(() => this.#beat(false), this.intervalMs);
    this.#timer.unref();
  }

  /** A graceful stop: the last beat says so, and is written when this resolves. Idempotent. */
  async stop(): Promise<void> {
    if (!this.#stopped) {
      this.#stopped = true;
      clearInterval(this.#timer);
      this.#beat(true);
    }
    await this.#writing;
  }

  #beat(clean: boolean): void {
    const beat = JSON.stringify({ at: Date.now(), pid: process.pid, clean } satisfies Beat);
    this.#writing = this.#writing.then(async () => {
      try {
        await this.settings.set(this.key, beat);
      } catch (error) {
        // A full disk must not stop the server; the next beat tries again.
        console.error('[heartbeat] could not write:', error);
      }
    });
  }
}
