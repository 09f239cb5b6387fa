// The server process stopping and starting, in the log of every hearing it interrupted (in
// session, suspended or deliberating): a graceful stop says so when it happens; a crash is found at the next
// start from the last heartbeat. The recorder turns the same outage into gaps per track.
import { AuditLog } from './AuditLog.js';
import type { Clock, Store } from './ports.js';
import type { HearingState } from '../protocol/model.js';
import type { Actor, HearingRecord } from './types.js';

export interface ServerOutage {
  stoppedAtMs: number;
  cause: 'server_stopped' | 'server_crashed';
}

const SYSTEM: Actor = { kind: 'system' };
const INTERRUPTED = ['in_session', 'recess', 'deliberation'] as const;

export class ServerOutages {
  readonly #audit: AuditLog;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {
    this.#audit = new AuditLog(store, clock);
  }

  /** The hearings a stop interrupts now. */
  interrupted(): Promise<HearingRecord[]> {
    return this.store.hearings.listByStates(INTERRUPTED);
  }

  /** A graceful stop, now; with several nodes, only of the hearings this node serves (`serves`). */
  async stopping(serves: (hearingId: string) => boolean = () => true): Promise<void> {
    const at = this.clock.now().toISOString();
    for (const h of (await this.interrupted()).filter((h) => serves(h.id))) {
      await this.#safely(() => this.#audit.append(h.id, SYSTEM, 'server.stopped', { at, cause: 'server_stopped' }));
    }
  }

  /** The server is up again after `outage` (undefined on the very first start). */
  async started(outage: ServerOutage | undefined): Promise<void> {
    const stoppedAt = outage ? new Date(outage.stoppedAtMs).toISOString() : null;
    for (const h of await this.interrupted()) {
      await this.#safely(() =>
        this.store.transaction(async () => {
          // A graceful stop wrote its own; a crash could not.
          if (outage?.cause === 'server_crashed')
            await this.#audit.append(h.id, SYSTEM, 'server.stopped', { at: stoppedAt!, cause: outage.cause });
          await this.#audit.append(h.id, SYSTEM, 'server.started', { stoppedAt });
        }),
      );
    }
  }

  /**
   * Several nodes: `by.node` serves this one hearing from now on, after the outage of the node that
   * served it (`by.from`: the same node after its restart, another one after a take-over, null when
   * none was on record). As on one machine, only a hearing the stop interrupted carries it.
   */
  async resumed(hearingId: string, outage: ServerOutage | undefined, by: { node: string; from: string | null }): Promise<void> {
    const h = await this.store.hearings.get(hearingId);
    if (!h || !(INTERRUPTED as readonly HearingState[]).includes(h.state)) return;
    const stoppedAt = outage ? new Date(outage.stoppedAtMs).toISOString() : null;
    await this.#safely(() =>
      this.store.transaction(async () => {
        if (outage?.cause === 'server_crashed')
          await this.#audit.append(h.id, SYSTEM, 'server.stopped', { at: stoppedAt!, cause: outage.cause });
        if (by.from === by.node) await this.#audit.append(h.id, SYSTEM, 'server.started', { stoppedAt });
        else await this.#audit.append(h.id, SYSTEM, 'server.took_over', { node: by.node, from: by.from, stoppedAt });
      }),
    );
  }

  async #safely(write: () => Promise<unknown>): Promise<void> {
    try {
      await write();
    } catch (error) {
      // A full disk must not keep the server from stopping or starting.
      console.error('[server] could not audit the outage:', error);
    }
  }
}
