// Which nodes are alive, and what they carry: each node keeps `vcourt:node:<id>` (its address and
// load) alive with a TTL it refreshes every third of it, so a node that dies drops off the list by
// itself. Placement reads liveNodes() to choose where a hearing goes. Beside it, participant
// presence: a hash per hearing of participant → "<node>/<socket>", so any node can tell where a
// participant is connected; a disconnect removes only its own entry (a newer connection, on this
// node or another, has replaced it by then).
import type { RedisClient } from './RedisConnection.js';

export interface NodeLoad {
  hearings: number;
  participants: number;
}

export interface NodeInfo extends NodeLoad {
  id: string;
  /** Where participants and other nodes reach it (its public URL). */
  url: string;
  /** When it last refreshed its entry (its own clock, ms since the epoch). */
  at: number;
}

export interface NodeRegistryOptions {
  client: RedisClient;
  nodeId: string;
  url: string;
  ttlMs: number;
  /** This node's load now, read at each refresh. */
  load: () => NodeLoad;
  prefix?: string;
}

const REMOVE_IF = `if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) else return 0 end`;

export class NodeRegistry {
  readonly #o: NodeRegistryOptions;
  readonly #prefix: string;
  #timer: NodeJS.Timeout | undefined;
  /** This node's presence entries: "hearing participant" → value, removed at close. */
  readonly #present = new Map<string, { hearingId: string; participantId: string; value: string }>();
  #closed = false;

  constructor(options: NodeRegistryOptions) {
    this.#o = options;
    this.#prefix = options.prefix ?? 'vcourt:';
  }

  /** Publishes this node now, then keeps it fresh. */
  async start(): Promise<void> {
    await this.publish();
    this.#timer = setInterval(
      () => {
        this.publish().catch((e: unknown) => console.warn(`[cluster] presence of node ${this.#o.nodeId} not refreshed: ${String(e)}`));
      },
      Math.max(Math.floor(this.#o.ttlMs / 3), 50),
    );
    this.#timer.unref();
  }

  async publish(): Promise<void> {
    if (this.#closed) return;
    const info: NodeInfo = { id: this.#o.nodeId, url: this.#o.url, ...this.#o.load(), at: Date.now() };
    await this.#o.client.set(this.#nodeKey(this.#o.nodeId), JSON.stringify(info), { expiration: { type: 'PX', value: this.#o.ttlMs } });
  }

  /** Every node whose entry has not expired, by id. */
  async liveNodes(): Promise<NodeInfo[]> {
    const keys: string[] = [];
    for await (const batch of this.#o.client.scanIterator({ MATCH: `${this.#prefix}node:*`, COUNT: 100 })) keys.push(...batch);
    if (keys.length === 0) return [];
    const values = await this.#o.client.mGet(keys);
    return values
      .filter((v): v is string => typeof v === 'string')
      .map((v) => JSON.parse(v) as NodeInfo)
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  /** A participant connected here (socket `socketId`); replaces wherever they were before. */
  async present(hearingId: string, participantId: string, socketId: string): Promise<void> {
    const value = `${this.#o.nodeId}/${socketId}`;
    this.#present.set(`${hearingId} ${participantId}`, { hearingId, participantId, value });
    await this.#o.client.hSet(this.#presenceKey(hearingId), participantId, value);
  }

  /** That socket disconnected: the entry goes unless a newer connection has replaced it. */
  async absent(hearingId: string, participantId: string, socketId: string): Promise<void> {
    const value = `${this.#o.nodeId}/${socketId}`;
    const key = `${hearingId} ${participantId}`;
    if (this.#present.get(key)?.value === value) this.#present.delete(key);
    await this.#o.client.eval(REMOVE_IF, { keys: [this.#presenceKey(hearingId)], arguments: [participantId, value] });
  }

  /** participantId → the node they are connected to. Entries of nodes that died stay until cleared: check them against liveNodes(). */
  async participants(hearingId: string): Promise<Map<string, string>> {
    const all = await this.#o.client.hGetAll(this.#presenceKey(hearingId));
    return new Map(Object.entries(all).map(([p, v]) => [p, v.slice(0, v.lastIndexOf('/'))]));
  }

  /** Stops refreshing, and removes this node and its participants' entries (a clean stop). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    const entries = [...this.#present.values()];
    this.#present.clear();
    await Promise.allSettled([
      this.#o.client.del(this.#nodeKey(this.#o.nodeId)),
      ...entries.map((e) =>
        this.#o.client.eval(REMOVE_IF, { keys: [this.#presenceKey(e.hearingId)], arguments: [e.participantId, e.value] }),
      ),
    ]);
  }

  #nodeKey(id: string): string {
    return `${this.#prefix}node:${id}`;
  }

  #presenceKey(hearingId: string): string {
    return `${this.#prefix}presence:${hearingId}`;
  }
}
