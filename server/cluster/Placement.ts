// Placement v1: which node serves a participant. A hearing is served by the node that holds its
// lease (HearingLeases); a participant may reach any node (a balancer, an old link), and at the
// socket handshake that node decides:
//  - this node holds the lease (in this run: HearingLeases.owned()): it serves; a lease in this
//    node's name that this run does not hold (left by its previous run) is waited out as a dead
//    node's is, then taken over with the record recovered;
//  - another live node holds it (NodeRegistry.liveNodes()): refused with `moved` and that node's
//    URL, which the client follows with the same credentials (client/src/core/nodeRedirect.ts);
//  - nobody holds it and the hearing runs: this node takes it over and serves (it is the owner now,
//    its record recovered as Takeover.ts does; the lease is one atomic SET NX in Redis, so of two
//    nodes asked at once one wins and the other redirects). Seen free twice, a short pause apart:
//    the node where the hearing just opened takes its lease a moment after the opening commits;
//  - nobody holds it and the hearing has not opened yet (scheduled): this node takes the lease and
//    serves, so that the lobby and then the hearing stay on the node the first person reached (a
//    lobby spread over nodes would split the hearing's media when it opens);
//  - the hearing has ended: served here without a lease (nothing runs any more);
//  - the holder is not live (it died): its lease runs out within leaseMs, and the handshake waits
//    for that, bounded, then takes it or follows whichever node took it first (fail-over's take-over).
// The same rule tells which origins may open a socket here: this node's, every live node's (a page
// served by one node connects to another after a `moved`), and VCOURT_CLUSTER_ORIGINS (the
// balancer's public names). Without Redis there is no placement: one machine serves everything.
import { DomainError, UnavailableError } from '../../core/hearing/errors.js';
import type { HearingState } from '../../core/protocol/model.js';
import type { HearingLeases } from './HearingLeases.js';
import type { NodeInfo } from './NodeRegistry.js';

/** The states in which a hearing runs (media, recorder) on the node that owns it. */
export const LIVE_STATES: ReadonlySet<HearingState> = new Set(['open', 'in_session', 'recess', 'deliberation']);

/** Another node serves the hearing: connect there (details.url) with the same credentials. */
export class MovedError extends DomainError {
  constructor(readonly node: Pick<NodeInfo, 'id' | 'url'>) {
    super('moved', `This hearing is served by node ${node.id}: connect to ${node.url}`, { url: node.url, nodeId: node.id });
  }
}

export type Placed = { here: true } | { here: false; node: NodeInfo };

export interface PlacementOptions {
  leases: Pick<HearingLeases, 'nodeId' | 'leaseMs' | 'owner' | 'acquire' | 'owned'>;
  /**
   * Takes a running hearing nobody holds: Takeover.takeOver (the lease, and the record recovered
   * from the node that served it); a bare lease when not given. False: not taken by this call.
   */
  claim?: (hearingId: string) => Promise<boolean>;
  /** NodeRegistry.liveNodes() (the registry exists once the node has announced itself). */
  liveNodes: () => Promise<NodeInfo[]>;
  /** The hearing's state now (the shared store); undefined when there is no such hearing. */
  stateOf: (hearingId: string) => Promise<HearingState | undefined>;
  /** This node's public URL (known once it listens). */
  selfUrl: () => string;
  /** Origins allowed besides the nodes' own (VCOURT_CLUSTER_ORIGINS: the balancer's public names). */
  extraOrigins?: readonly string[];
  /** The hearings this node served and gave up in this run (their lease lost): their sockets here are refused. */
  givenUp?: (hearingId: string) => boolean;
  /** How long the list of live nodes is reused for origin checks (ms). */
  originCacheMs?: number;
}

export class Placement {
  readonly #o: PlacementOptions;
  readonly #extraOrigins: ReadonlySet<string>;
  #origins: { at: number; set: Promise<Set<string>> } | undefined;

  constructor(options: PlacementOptions) {
    this.#o = options;
    this.#extraOrigins = new Set((options.extraOrigins ?? []).map(originOf).filter((o): o is string => o !== null));
  }

  /** Where the hearing is served (taking its lease when it runs and nobody holds it). */
  async place(hearingId: string): Promise<Placed> {
    const { leases } = this.#o;
    // A dead holder's lease runs out within leaseMs of its last renewal: wait that long, and a little.
    const deadline = Date.now() + leases.leaseMs + Math.min(leases.leaseMs, 2_000);
    const pause = Math.min(Math.max(Math.floor(leases.leaseMs / 5), 50), 500);
    const claim = this.#o.claim ?? (async (id: string) => (await leases.acquire(id)).acquired);
    let seenFree = false;
    for (let first = true; ; first = false) {
      if (!first) {
        if (Date.now() >= deadline) throw new UnavailableError('The node serving this hearing is not answering; try again shortly');
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
      if (leases.owned().has(hearingId)) return { here: true };
      const owner = await leases.owner(hearingId);
      if (owner?.nodeId === leases.nodeId) {
        if (leases.owned().has(hearingId)) return { here: true }; // taken meanwhile by this run
        // A lease in this node's name that this run does not hold: left by its previous run (a
        // restart within one lease), renewed by no one. Wait for it to run out, then take the
        // hearing over below, its record recovered (Takeover), as for any node that stopped.
        continue;
      }
      if (owner) {
        const node = (await this.#o.liveNodes()).find((n) => n.id === owner.nodeId);
        if (node) return { here: false, node };
        continue; // its node is gone: its lease runs out, or another node takes the hearing over
      }
      const state = await this.#o.stateOf(hearingId);
      if (!state || state === 'adjourned') return { here: true };
      if (!LIVE_STATES.has(state)) {
        if ((await leases.acquire(hearingId)).acquired) return { here: true };
        continue; // another node took it first: follow it
      }
      if (!seenFree) {
        seenFree = true; // just opened elsewhere, perhaps: look again after the pause
        continue;
      }
      if (await claim(hearingId)) return { here: true };
      // Not taken by this call: another node won (redirect), or it is ours or ended meanwhile.
    }
  }

  /**
   * The handshake's check: resolves when this node serves the hearing; otherwise throws MovedError.
   * A holder announced under this node's own URL (every node behind one public name) cannot be
   * reached by a redirect: that is refused as unavailable, and said in the log.
   */
  async admit(hearingId: string): Promise<void> {
    const placed = await this.place(hearingId);
    if (placed.here) return;
    if (originOf(placed.node.url) === originOf(this.#o.selfUrl())) {
      console.warn(
        `[cluster] hearing ${hearingId} is served by node ${placed.node.id} at ${placed.node.url}, this node's own public URL: give each node its own public name, or route by hearing at the balancer`,
      );
      throw new UnavailableError('The node serving this hearing cannot be reached from here; try again shortly');
    }
    throw new MovedError(placed.node);
  }

  /**
   * Whether this node gave the hearing up in this run (its lease was lost or is held by another
   * node while it ran here): its sockets here are closed and their requests refused, so that they
   * reconnect and are placed again.
   */
  gaveUp(hearingId: string): boolean {
    return this.#o.givenUp?.(hearingId) ?? false;
  }

  /** Whether a browser page from `origin` may open a socket here. No Origin (not a browser): yes. */
  async allowsOrigin(origin: string | undefined): Promise<boolean> {
    if (origin === undefined) return true;
    const o = originOf(origin);
    if (o === null) return false;
    if (o === originOf(this.#o.selfUrl()) || this.#extraOrigins.has(o)) return true;
    return (await this.#nodeOrigins()).has(o);
  }

  /** The live nodes' origins, read again at most every originCacheMs (a node that just joined is found at the next read). */
  #nodeOrigins(): Promise<Set<string>> {
    const now = Date.now();
    if (!this.#origins || now - this.#origins.at > (this.#o.originCacheMs ?? 2_000)) {
      const set = this.#o.liveNodes().then((nodes) => new Set(nodes.map((n) => originOf(n.url)).filter((o): o is string => o !== null)));
      this.#origins = { at: now, set };
      set.catch(() => (this.#origins = undefined)); // Redis unreachable: ask again next time
    }
    return this.#origins.set;
  }
}

/** scheme://host[:port] of an http(s) URL, lower-cased as browsers send it; null for anything else. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/** VCOURT_CLUSTER_ORIGINS: comma-separated http(s) origins; anything else fails the start. */
export function clusterOrigins(env: NodeJS.ProcessEnv): string[] {
  const raw = env.VCOURT_CLUSTER_ORIGINS?.trim();
  if (!raw) return [];
  return raw.split(',').map((s) => {
    const o = originOf(s.trim());
    if (o === null) throw new Error(`VCOURT_CLUSTER_ORIGINS holds "${s.trim()}", which is not an http(s) origin`);
    return o;
  });
}
