// What the machinery reports to the bench (judge and clerk) about the hearing record: the
// recorder's status, interruptions and gaps, and the space left for the record. The bench is
// told first; the audit write comes after and may fail (a full disk) without failing the report.
import type { AuditLog } from './AuditLog.js';
import { KeyedQueue } from '../lib/KeyedQueue.js';
import type { Presence } from './Presence.js';
import type { RecordingEvent, Store } from './ports.js';
import type { Actor } from './types.js';
import type { StorageStatusView } from '../protocol/model.js';
import type { Notification } from '../protocol/signaling.js';

const SYSTEM: Actor = { kind: 'system' };
const iso = (ms: number) => new Date(ms).toISOString();

/** An audit write that must not stop what it records (a full disk, a failing database). */
export async function auditSafely(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    console.error('[audit] could not write:', error);
  }
}

export class BenchReports {
  #storage: StorageStatusView | undefined;
  readonly #reports = new KeyedQueue();

  constructor(
    private readonly store: Store,
    private readonly audit: AuditLog,
    private readonly presence: Presence,
    private readonly toBench: (hearingId: string, n: Notification) => void,
  ) {}

  /** The space for the record while it is low or gone, for the bench's snapshot. */
  get storageNow(): StorageStatusView | undefined {
    return this.#storage && this.#storage.level !== 'ok' ? this.#storage : undefined;
  }

  /**
   * The recorder's status goes to the bench (and into their snapshot); an interruption alerts the
   * bench and is audited at once; a finished gap is audited with its start and end.
   */
  async recording(e: RecordingEvent): Promise<void> {
    switch (e.type) {
      case 'status':
        this.presence.setRecording(e.hearingId, e.status);
        return this.toBench(e.hearingId, { type: 'recording.status', ...e.status });
      case 'interrupted': {
        const { trackId, participantId, kind, source, cause } = e;
        const at = iso(e.atMs);
        this.toBench(e.hearingId, { type: 'recording.alert', trackId, participantId, kind, source, cause, at });
        return auditSafely(() =>
          this.audit.append(e.hearingId, SYSTEM, 'recording.interrupted', { trackId, participantId, kind, source, cause, at }),
        );
      }
      case 'gap':
        return auditSafely(() =>
          this.audit.append(e.hearingId, SYSTEM, 'recording.gap', {
            trackId: e.trackId,
            participantId: e.participantId,
            cause: e.cause,
            startedAt: iso(e.startMs),
            endedAt: iso(e.endMs),
            durationMs: e.endMs - e.startMs,
          }),
        );
    }
  }

  /**
   * Space for the record (server/DiskWatch.ts): every hearing under way hears of it, and a crossed
   * threshold is audited in each where it can be.
   */
  storage(status: StorageStatusView): Promise<void> {
    // One report at a time: one overtaking another across the awaits below would leave the bench
    // showing an older level than the latest.
    return this.#reports.run('storage', async () => {
      const changed = this.#storage?.level !== status.level;
      this.#storage = status;
      const { level, minutesLeft, freeBytes } = status;
      for (const h of await this.store.hearings.listByStates(['open', 'in_session', 'recess', 'deliberation'])) {
        this.toBench(h.id, { type: 'storage.status', ...status });
        if (changed) await auditSafely(() => this.audit.append(h.id, SYSTEM, 'storage.status', { level, minutesLeft, freeBytes }));
      }
    });
  }
}
