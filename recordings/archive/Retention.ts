// How long a record is kept: its first retention date, who may move it (anyone on staff may
// extend, only an admin may shorten), deletion once it has passed, and the daily sweep that does
// that deletion by itself. Every change and deletion is audited.
import { rmSync } from 'node:fs';
import { InvalidStateError, PermissionDeniedError } from '../../core/hearing/errors.js';
import { endOfCourtDay } from '../../core/lib/courtLocale.js';
import { actorOf, type ArchiveContext, type StaffActor } from './ArchiveContext.js';

const DAY_MS = 24 * 3600 * 1000;

/** Ten years unless VCOURT_RETENTION_DAYS says otherwise: deleting too late is the lesser harm. */
export const DEFAULT_RETENTION_DAYS = 3650;

/** A YYYY-MM-DD date means "through that day" in the court's time zone. */
export function retentionInstant(value: string): string {
  return (/^\d{4}-\d{2}-\d{2}$/.test(value) ? endOfCourtDay(value) : new Date(value)).toISOString();
}

export class Retention {
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: ArchiveContext) {}

  /** The retention date of a record completed at `completed`: VCOURT_RETENTION_DAYS later. */
  firstUntil(completed: Date): string {
    return new Date(completed.getTime() + this.ctx.deps.retentionDays * DAY_MS).toISOString();
  }

  /** Any staff member may extend a retention period; only an admin may shorten it. */
  set(hearingId: string, retainUntil: string, by: StaffActor): void {
    const row = this.ctx.row(hearingId);
    if (row.status === 'deleted') throw new InvalidStateError('The record was already deleted');
    if (row.status === 'building') throw new InvalidStateError('The record is still being built');
    const next = retentionInstant(retainUntil);
    if (row.retainUntil && next < row.retainUntil && by.role !== 'admin') {
      throw new PermissionDeniedError('Only an administrator may shorten a retention period');
    }
    this.ctx.deps.records.setRetention(hearingId, next);
    this.ctx.audit(hearingId, actorOf(by), 'record.retention', { from: row.retainUntil, to: next });
  }

  /** Deletes a record whose retention has ended; refused before its retain_until. */
  delete(hearingId: string, by: StaffActor | null): void {
    const row = this.ctx.row(hearingId);
    if (row.status === 'deleted') throw new InvalidStateError('The record was already deleted');
    if (row.status === 'building') throw new InvalidStateError('The record is still being built');
    const now = this.ctx.now().toISOString();
    if (!row.retainUntil || now < row.retainUntil) {
      throw new InvalidStateError(`The record must be kept until ${row.retainUntil ?? 'a retention date is set'}`);
    }
    // The whole hearing folder: the bundle(s), the captured segments and the composite chunks.
    const hearingDir = this.ctx.deps.bundle.hearingDir(hearingId);
    rmSync(hearingDir, { recursive: true, force: true });
    this.ctx.deps.records.deleted(hearingId, now);
    this.ctx.audit(hearingId, by ? actorOf(by) : { kind: 'system' }, 'record.deleted', {
      retainUntil: row.retainUntil,
      manifestSha256: row.manifestSha256,
    });
  }

  /** Deletes every record whose retention has ended. Returns the hearings whose records went. */
  sweep(): string[] {
    const done: string[] = [];
    for (const row of this.ctx.deps.records.expired(this.ctx.now().toISOString())) {
      try {
        this.delete(row.hearingId, null);
        done.push(row.hearingId);
      } catch (error) {
        this.ctx.log(`retention sweep: hearing ${row.hearingId}: ${String(error)}`);
      }
    }
    if (done.length) this.ctx.log(`retention sweep deleted ${done.length} record(s)`);
    return done;
  }

  /** Sweeps now, then every `intervalMs` (daily). */
  start(intervalMs = DAY_MS): void {
    this.sweep();
    this.#timer = setInterval(() => this.sweep(), intervalMs);
    this.#timer.unref(); // the daily sweep must not keep a stopping server alive
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
