// Hearings whose node stopped, taken over by a live node (issue 15). Each node writes down which
// hearings it serves when it takes their lease (`hearing.node:<hearing>` in the shared settings),
// and beats under a key of its own (server/Heartbeat.ts). Every node scans, about every half lease
// and jittered so that nodes do not scan in step, the hearings in a live state whose lease nobody
// holds. One seen free at two scans in a row is acquired (the lease lets one node win; the loser
// does nothing) and recovered here as after a restart, but for that hearing alone: the outage runs
// from the last beat of the node that served it, its open tracks are ended there and their gaps
// last until media is captured here, and the audit log says which node took the hearing over.
// The same scan, run at start, recovers this node's own hearings after a restart or a crash.
//
// Two scans, not one: a hearing commits its opening before its node's lease is taken, and a scan
// that fell in between would take a hearing its node is serving.
import type { ServerOutages } from '../../core/hearing/ServerOutages.js';
import type { Store } from '../../core/hearing/ports.js';
import type { HearingState } from '../../core/protocol/model.js';
import { background } from '../../core/lib/background.js';
import { Heartbeat, heartbeatKey, type Outage } from '../Heartbeat.js';
import type { HearingLeases } from './HearingLeases.js';

/** The states in which a hearing runs on the node that owns it (as ClusterNode's LIVE). */
const LIVE: readonly HearingState[] = ['open', 'in_session', 'recess', 'deliberation'];
/** The shared setting `hearing.node:<hearing>`: the node that serves (or last served) it. */
export const SERVED_BY = 'hearing.node:';

export interface TakeoverDeps {
  nodeId: string;
  leases: Pick<HearingLeases, 'acquire' | 'release' | 'owner' | 'owned' | 'on' | 'leaseMs'>;
  store: Pick<Store, 'hearings' | 'settings'>;
  outages: Pick<ServerOutages, 'resumed'>;
  recorder: { recover(outage: Outage, hearingId: string): Promise<{ tracks: number; orphans: number }> };
  /** How this node's previous run ended: read before this run's heartbeat overwrote it. */
  previous: Outage | undefined;
  /** Between scans, before jitter; half the lease by default. */
  intervalMs?: number;
  log?: (line: string) => void;
  now?: () => number;
}

export class Takeover {
  readonly #d: TakeoverDeps;
  readonly #log: (line: string) => void;
  readonly #now: () => number;
  readonly #intervalMs: number;
  /** Hearings whose lease was free at the last scan. */
  #free = new Set<string>();
  /** Hearings this run served and lost (Redis unreachable for a lease): when their media here was closed. */
  readonly #lostAt = new Map<string, number>();
  #timer: NodeJS.Timeout | undefined;
  #scanning: Promise<string[]> | undefined;
  /** Take-overs under way, by hearing (a scan and a participant's connection may ask at once). */
  readonly #taking = new Map<string, Promise<boolean>>();
  #closed = false;

  constructor(deps: TakeoverDeps) {
    this.#d = deps;
    this.#log = deps.log ?? ((line) => console.warn(line));
    this.#now = deps.now ?? Date.now;
    this.#intervalMs = deps.intervalMs ?? Math.max(Math.floor(deps.leases.leaseMs / 2), 50);
    // Whoever takes a lease, for whatever reason, is on record as the node that serves the hearing.
    deps.leases.on('acquired', (hearingId) => background(deps.store.settings.set(SERVED_BY + hearingId, deps.nodeId), 'served-by record'));
    deps.leases.on('lost', (hearingId) => this.#lostAt.set(hearingId, this.#now()));
  }

  /** Scans now (marking what is free), then on a jittered timer until close(). */
  start(): void {
    const next = () => {
      if (this.#closed) return;
      this.#timer = setTimeout(
        () => {
          this.scan()
            .catch((error: unknown) => this.#log(`[cluster] take-over scan failed: ${String(error)}`))
            .finally(next);
        },
        Math.round(this.#intervalMs * (0.8 + 0.4 * Math.random())),
      );
      this.#timer.unref();
    };
    this.scan()
      .catch((error: unknown) => this.#log(`[cluster] take-over scan failed: ${String(error)}`))
      .finally(next);
  }

  /** One pass: the hearings taken over by this node. */
  scan(): Promise<string[]> {
    if (this.#closed) return Promise.resolve([]);
    return (this.#scanning ??= this.#scan().finally(() => (this.#scanning = undefined)));
  }

  /** Stops scanning and taking; take-overs under way finish first. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await Promise.allSettled([this.#scanning, ...this.#taking.values()]);
  }

  async #scan(): Promise<string[]> {
    const owned = this.#d.leases.owned();
    const live = (await this.#d.store.hearings.listByStates(LIVE)).map((h) => h.id).filter((id) => !owned.has(id));
    const owners = await Promise.all(live.map((id) => this.#d.leases.owner(id)));
    const free = live.filter((_, i) => owners[i] === undefined);
    const seenBefore = this.#free;
    this.#free = new Set(free);
    const taken: string[] = [];
    for (const hearingId of free.filter((id) => seenBefore.has(id))) {
      if (this.#closed) break;
      try {
        if (await this.takeOver(hearingId)) taken.push(hearingId);
      } catch (error) {
        this.#log(`[cluster] hearing ${hearingId}: take-over failed: ${String(error)}`);
      }
    }
    return taken;
  }

  /**
   * Takes one running hearing whose lease nobody holds, now: the scan's second sighting, or a
   * participant who reached this node for it (Placement). One at a time per hearing, so it is
   * recovered once; false when this call did not take it (held already, another node won, ended).
   */
  takeOver(hearingId: string): Promise<boolean> {
    if (this.#closed || this.#d.leases.owned().has(hearingId)) return Promise.resolve(false);
    let taking = this.#taking.get(hearingId);
    if (!taking) {
      taking = this.#takeOver(hearingId).finally(() => this.#taking.delete(hearingId));
      this.#taking.set(hearingId, taking);
    }
    return taking;
  }

  async #takeOver(hearingId: string): Promise<boolean> {
    const { store, leases, nodeId } = this.#d;
    // Read before the lease: taking it records this node as the one that serves the hearing.
    const servedBy = (await store.settings.get(SERVED_BY + hearingId)) ?? null;
    const got = await leases.acquire(hearingId);
    if (!got.acquired) return false; // another node won
    const state = (await store.hearings.get(hearingId))?.state;
    if (!state || !LIVE.includes(state)) {
      await leases.release(hearingId); // adjourned meanwhile: nothing to serve
      return false;
    }
    const outage = await this.#outageOf(hearingId, servedBy);
    this.#free.delete(hearingId);
    this.#lostAt.delete(hearingId);
    const recovered = await this.#d.recorder.recover(outage ?? { stoppedAtMs: this.#now(), cause: 'server_crashed' }, hearingId);
    await this.#d.outages.resumed(hearingId, outage, { node: nodeId, from: servedBy });
    const how = servedBy === nodeId ? 'recovered after this node restarted' : `taken over from node ${servedBy ?? '(none on record)'}`;
    this.#log(
      `[cluster] hearing ${hearingId} ${how}: ${outage?.cause ?? 'stop'} at ${outage ? new Date(outage.stoppedAtMs).toISOString() : '?'}, ${recovered.tracks} track(s) ended, ${recovered.orphans} segment(s) indexed`,
    );
    return true;
  }

  /**
   * How the node that served the hearing stopped: this node when it lost the lease in this run (it
   * closed the hearing's media then), its previous run, another node's last beat, or one machine's.
   */
  #outageOf(hearingId: string, servedBy: string | null): Promise<Outage | undefined> {
    const lostAt = this.#lostAt.get(hearingId);
    if (servedBy === this.#d.nodeId && lostAt !== undefined) return Promise.resolve({ stoppedAtMs: lostAt, cause: 'server_crashed' });
    if (servedBy === this.#d.nodeId) return Promise.resolve(this.#d.previous);
    return Heartbeat.read(this.#d.store.settings, heartbeatKey(servedBy ?? undefined));
  }
}
