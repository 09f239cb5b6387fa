// Which node runs each hearing, as leases in Redis: `vcourt:lease:<hearing>` holds "<node>/<token>"
// and expires unless its owner renews it. The token (fencing) comes from one INCR per hearing, so a
// later owner always holds a higher one than any earlier owner, and whatever the owner writes
// elsewhere can carry it to refuse a stale owner's late writes. Renewal runs every third of the
// lease; a node that cannot renew (Redis unreachable, or it stalled) gives the hearing up once its
// lease could have run out, so two nodes never believe they own it at once.
import { background } from '../../core/lib/background.js';
import { TypedEmitter } from '../../core/lib/TypedEmitter.js';
import type { RedisClient } from './RedisConnection.js';

export interface Lease {
  nodeId: string;
  token: number;
}

export type Acquired = { acquired: true; token: number } | { acquired: false; owner: Lease | undefined };

export type LeaseLoss = 'taken' | 'expired';

export type HearingLeasesEvents = {
  /** This node now owns the hearing, with this fencing token. */
  acquired: [hearingId: string, token: number];
  /** This node no longer owns it: another node holds it now ('taken'), or renewal failed for a whole lease ('expired'). */
  lost: [hearingId: string, reason: LeaseLoss];
};

export interface HearingLeasesOptions {
  client: RedisClient;
  nodeId: string;
  leaseMs: number;
  /** Key prefix; tests give each run its own. */
  prefix?: string;
}

// SET NX PX and the INCR of the fencing token in one step: no token is spent on a refused attempt.
const ACQUIRE = `
local current = redis.call('GET', KEYS[1])
if current then return {0, current} end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '/' .. token, 'NX', 'PX', ARGV[2])
return {1, tostring(token)}`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

interface Held {
  value: string;
  token: number;
  /** When the last successful renewal (or the acquisition) was sent: the lease runs at least until then + leaseMs. */
  confirmedAt: number;
  timer: NodeJS.Timeout;
  /** Fires when the lease may have run out in Redis: this node stops believing it owns the hearing. */
  expiry: NodeJS.Timeout | undefined;
  renewing: boolean;
}

export class HearingLeases extends TypedEmitter<HearingLeasesEvents> {
  readonly nodeId: string;
  readonly leaseMs: number;
  readonly #client: RedisClient;
  readonly #prefix: string;
  readonly #held = new Map<string, Held>();
  readonly #pending = new Map<string, Promise<Acquired>>();
  #closed = false;

  constructor(options: HearingLeasesOptions) {
    super();
    this.#client = options.client;
    this.nodeId = options.nodeId;
    this.leaseMs = options.leaseMs;
    this.#prefix = options.prefix ?? 'vcourt:';
  }

  /** Takes the hearing if nobody holds it; otherwise says who does. Already ours: our lease. */
  acquire(hearingId: string): Promise<Acquired> {
    if (this.#closed) return Promise.reject(new Error('the hearing leases are closed'));
    const mine = this.#held.get(hearingId);
    if (mine) return Promise.resolve({ acquired: true, token: mine.token });
    // Two starts in a row (open, then in session) ask once.
    let pending = this.#pending.get(hearingId);
    if (!pending) {
      pending = this.#acquire(hearingId).finally(() => this.#pending.delete(hearingId));
      this.#pending.set(hearingId, pending);
    }
    return pending;
  }

  /** Gives the hearing up now (another node may take it at once). Not ours: nothing happens. */
  async release(hearingId: string): Promise<void> {
    await this.#pending.get(hearingId)?.catch(() => undefined); // an acquisition under way ends first
    const held = this.#drop(hearingId);
    if (!held) return;
    await this.#client.eval(RELEASE, { keys: [this.#key(hearingId)], arguments: [held.value] });
  }

  /** Who owns the hearing now, by Redis; undefined when nobody does. */
  async owner(hearingId: string): Promise<Lease | undefined> {
    return parseLease(await this.#client.get(this.#key(hearingId)));
  }

  /** The hearings this node holds, with their tokens. */
  owned(): Map<string, number> {
    return new Map([...this.#held].map(([id, h]) => [id, h.token]));
  }

  /** Stops renewing. `release`: give every lease up now (a clean stop); otherwise they run out by themselves. */
  async close({ release = true }: { release?: boolean } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.allSettled([...this.#pending.values()]);
    const ids = [...this.#held.keys()];
    if (release) await Promise.allSettled(ids.map((id) => this.release(id)));
    for (const id of ids) this.#drop(id);
  }

  async #acquire(hearingId: string): Promise<Acquired> {
    const sentAt = Date.now();
    const [ok, text] = (await this.#client.eval(ACQUIRE, {
      keys: [this.#key(hearingId), this.#fenceKey(hearingId)],
      arguments: [this.nodeId, String(this.leaseMs)],
    })) as [number, string];
    if (ok !== 1) return { acquired: false, owner: parseLease(text) };
    const token = Number(text);
    const held: Held = {
      value: `${this.nodeId}/${token}`,
      token,
      confirmedAt: sentAt,
      renewing: false,
      timer: undefined!,
      expiry: undefined,
    };
    held.timer = setInterval(() => background(this.#renew(hearingId, held), 'lease renewal'), Math.max(Math.floor(this.leaseMs / 3), 50));
    held.timer.unref();
    this.#held.set(hearingId, held);
    this.#confirmed(hearingId, held, sentAt);
    this.safeEmit('acquired', hearingId, token);
    return { acquired: true, token };
  }

  async #renew(hearingId: string, held: Held): Promise<void> {
    if (this.#held.get(hearingId) !== held || held.renewing) return;
    held.renewing = true;
    const sentAt = Date.now();
    try {
      const renewed = await withTimeout(
        this.#client.eval(RENEW, { keys: [this.#key(hearingId)], arguments: [held.value, String(this.leaseMs)] }),
        held.confirmedAt + this.leaseMs - sentAt,
      );
      if (this.#held.get(hearingId) !== held) return;
      if (renewed === 1) this.#confirmed(hearingId, held, sentAt);
      else this.#lose(hearingId, held, 'taken');
    } catch {
      // Redis unreachable or slow: try again at the next tick, until the lease could have run out.
    } finally {
      held.renewing = false;
    }
  }

  /** Redis extended the lease at some moment after `sentAt`: it runs at least until sentAt + leaseMs. */
  #confirmed(hearingId: string, held: Held, sentAt: number): void {
    held.confirmedAt = sentAt;
    clearTimeout(held.expiry);
    held.expiry = setTimeout(() => this.#lose(hearingId, held, 'expired'), sentAt + this.leaseMs - Date.now());
    held.expiry.unref();
  }

  #lose(hearingId: string, held: Held, reason: LeaseLoss): void {
    if (this.#held.get(hearingId) !== held) return;
    this.#drop(hearingId);
    this.safeEmit('lost', hearingId, reason);
  }

  #drop(hearingId: string): Held | undefined {
    const held = this.#held.get(hearingId);
    if (!held) return undefined;
    clearInterval(held.timer);
    clearTimeout(held.expiry);
    this.#held.delete(hearingId);
    return held;
  }

  #key(hearingId: string): string {
    return `${this.#prefix}lease:${hearingId}`;
  }

  #fenceKey(hearingId: string): string {
    return `${this.#prefix}lease-token:${hearingId}`;
  }
}

function parseLease(value: string | null | undefined): Lease | undefined {
  if (!value) return undefined;
  const cut = value.lastIndexOf('/');
  return { nodeId: value.slice(0, cut), token: Number(value.slice(cut + 1)) };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), Math.max(ms, 0));
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}
