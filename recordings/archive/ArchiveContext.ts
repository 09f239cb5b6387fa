// What every part of the archive (records, files, retention) acts through: its dependencies, the
// clock, lookups that fail with the domain's errors, and the audit log, so that each act on a
// record is an event in the hearing's log written the same way by all of them.
import type { AuditEventMap, AuditEventType } from '../../core/hearing/auditEvents.js';
import { InvalidStateError, NotFoundError } from '../../core/hearing/errors.js';
import type { Clock, Store } from '../../core/hearing/ports.js';
import type { AccountRole, Actor, HearingRecord } from '../../core/hearing/types.js';
import type { CourtKey } from '../CourtKey.js';
import type { RecordBundle } from '../RecordBundle.js';
import type { RecordRow, RecordStore } from '../ports.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retryPolicy.js';

export interface ArchiveDeps {
  store: Store;
  records: RecordStore;
  bundle: RecordBundle;
  key: CourtKey;
  clock: Clock;
  /** VCOURT_RETENTION_DAYS: how long a new record is kept before the sweep may delete it. */
  retentionDays: number;
  /** VCOURT_RETENTION_MIN_DAYS: the legal minimum after adjournment (DEFAULT_RETENTION_MIN_DAYS). */
  retentionMinDays?: number;
  /** How a failed build is tried again (DEFAULT_RETRY: at once, then after 5 s, 30 s and 2 min). */
  retry?: RetryPolicy;
  log?: (message: string) => void;
  /**
   * Several nodes on one database: whether this node recovers the hearing's record at start (fails
   * its interrupted build, rebuilds it). Every record when not given (one machine).
   */
  recoversRecord?: (hearingId: string) => Promise<boolean>;
  /** Several nodes: runs `task` unless another node runs the same one now (then undefined). At once when not given. */
  alone?: <T>(name: string, task: () => Promise<T>) => Promise<T | undefined>;
}

/** Who acts on the archive: a staff session (the HTTP layer passes its claims). */
export interface StaffActor {
  accountId: string;
  username: string;
  role: AccountRole;
}

/** The legal minimum unless VCOURT_RETENTION_MIN_DAYS says otherwise: ten years after adjournment. */
export const DEFAULT_RETENTION_MIN_DAYS = 3650;

export function actorOf(by: StaffActor): Actor {
  return { kind: 'account', accountId: by.accountId, username: by.username };
}

export class ArchiveContext {
  readonly log: (message: string) => void;
  readonly retry: RetryPolicy;
  readonly minDays: number;

  constructor(readonly deps: ArchiveDeps) {
    this.log = deps.log ?? ((m) => console.log(`[vcourt] ${m}`));
    this.retry = deps.retry ?? DEFAULT_RETRY;
    this.minDays = deps.retentionMinDays ?? DEFAULT_RETENTION_MIN_DAYS;
  }

  now(): Date {
    return this.deps.clock.now();
  }

  async audit<T extends AuditEventType>(hearingId: string, actor: Actor, type: T, data: AuditEventMap[T]): Promise<void> {
    await this.deps.store.audit.append({ hearingId, at: this.now().toISOString(), actor, type, data });
  }

  /** Runs `fn` in one store transaction (the records share the store's database). */
  transaction<T>(fn: () => Promise<T>): Promise<T> {
    return this.deps.store.transaction(fn);
  }

  async hearing(hearingId: string): Promise<HearingRecord> {
    const hearing = await this.deps.store.hearings.get(hearingId);
    if (!hearing) throw new NotFoundError('Hearing', hearingId);
    return hearing;
  }

  async row(hearingId: string): Promise<RecordRow> {
    await this.hearing(hearingId);
    const row = await this.deps.records.get(hearingId);
    if (!row) throw new NotFoundError('Record of hearing', hearingId);
    return row;
  }

  /** The bundle folder of a record that is ready; refused while building, failed or deleted. */
  async readyDir(hearingId: string): Promise<string> {
    const row = await this.row(hearingId);
    if (row.status !== 'ready' || !row.dir) throw new InvalidStateError(`The record is ${row.status}, not ready`);
    return row.dir;
  }
}
