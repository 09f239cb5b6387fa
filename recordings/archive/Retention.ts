// How long a record is kept: its first retention date, the legal minimum no one may go below
// (adjournment + VCOURT_RETENTION_MIN_DAYS, never in the past), extension by any clerk or admin in
// one step, and deletion once it has passed, done by the daily sweep alone. Shortening a retention
// or deleting a record early takes two people (RecordRequests). Every change and deletion is audited.
import { rmSync } from 'node:fs';
import { ConflictError, InvalidStateError, ValidationError } from '../../core/hearing/errors.js';
import { background } from '../../core/lib/background.js';
import { endOfCourtDay } from '../../core/lib/courtLocale.js';
import type { RecordRow } from '../ports.js';
import { actorOf, type ArchiveContext, type StaffActor } from './ArchiveContext.js';

const DAY_MS = 24 * 3600 * 1000;

/** Ten years unless VCOURT_RETENTION_DAYS says otherwise: deleting too late is the lesser harm. */
export const DEFAULT_RETENTION_DAYS = 3650;

export { DEFAULT_RETENTION_MIN_DAYS } from './ArchiveContext.js';

/** A YYYY-MM-DD date means "through that day" in the court's time zone. */
export function retentionInstant(value: string): string {
  return (/^\d{4}-\d{2}-\d{2}$/.test(value) ? endOfCourtDay(value) : new Date(value)).toISOString();
}

/** The earliest retention date allowed at `now`: adjournment + `minDays`, and never before now. */
export function minimumRetention(adjournedAt: string, minDays: number, now: Date): string {
  const floor = new Date(Date.parse(adjournedAt) + minDays * DAY_MS);
  return (floor > now ? floor : now).toISOString();
}

export class Retention {
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly ctx: ArchiveContext) {}

  /** The retention date of a record completed at `completed`: VCOURT_RETENTION_DAYS later, never below the minimum. */
  firstUntil(completed: Date): string {
    const days = Math.max(this.ctx.deps.retentionDays, this.ctx.minDays);
    return new Date(completed.getTime() + days * DAY_MS).toISOString();
  }

  /** The earliest retention date the law allows for this hearing's record now. */
  async minimum(hearingId: string): Promise<string> {
    // An adjourned hearing changes no more: its last update is its adjournment.
    return minimumRetention((await this.ctx.hearing(hearingId)).updatedAt, this.ctx.minDays, this.ctx.now());
  }

  /** A record whose retention may still change: not deleted, not being built. */
  async changeable(hearingId: string): Promise<RecordRow> {
    const row = await this.ctx.row(hearingId);
    if (row.status === 'deleted') throw new InvalidStateError('The record was already deleted');
    if (row.status === 'building') throw new InvalidStateError('The record is still being built');
    return row;
  }

  /** `retainUntil` as an instant, refused (400) in the past or before the legal minimum. */
  async checked(hearingId: string, retainUntil: string): Promise<string> {
    const next = retentionInstant(retainUntil);
    if (next < this.ctx.now().toISOString()) throw new ValidationError('A retention date cannot be in the past');
    const min = await this.minimum(hearingId);
    if (next < min) {
      throw new ValidationError(`The law keeps this record at least until ${min} (VCOURT_RETENTION_MIN_DAYS after adjournment)`);
    }
    return next;
  }

  /** Any clerk or admin may extend a retention period in one step; shortening it is a request (409 here). */
  set(hearingId: string, retainUntil: string, by: StaffActor): Promise<void> {
    // Read, checked and moved in one transaction: no other change slips in between.
    return this.ctx.transaction(async () => {
      const row = await this.changeable(hearingId);
      const next = await this.checked(hearingId, retainUntil);
      if (row.retainUntil && next < row.retainUntil) {
        throw new ConflictError('Shortening a retention period needs a second person: file a request for another administrator to approve');
      }
      await this.apply(hearingId, row, next, by);
    });
  }

  /** Moves the retention date (an extension, or an approved request), audited. */
  async apply(hearingId: string, row: RecordRow, next: string, by: StaffActor): Promise<void> {
    await this.ctx.transaction(async () => {
      await this.ctx.deps.records.setRetention(hearingId, next);
      await this.ctx.audit(hearingId, actorOf(by), 'record.retention', { from: row.retainUntil, to: next });
    });
  }

  /** Deletes a record whose retention has ended (the sweep's act, no one else's); refused before its retain_until. */
  async #delete(hearingId: string): Promise<void> {
    const row = await this.changeable(hearingId);
    const now = this.ctx.now().toISOString();
    if (!row.retainUntil || now < row.retainUntil) {
      throw new InvalidStateError(`The record must be kept until ${row.retainUntil ?? 'a retention date is set'}`);
    }
    // The whole hearing folder: the bundle(s), the captured segments and the composite chunks.
    const hearingDir = this.ctx.deps.bundle.hearingDir(hearingId);
    // Files first: a stop between the two leaves an expired row the next sweep deletes again.
    rmSync(hearingDir, { recursive: true, force: true });
    await this.ctx.transaction(async () => {
      await this.ctx.deps.records.deleted(hearingId, now);
      await this.ctx.audit(hearingId, { kind: 'system' }, 'record.deleted', {
        retainUntil: row.retainUntil,
        manifestSha256: row.manifestSha256,
      });
    });
  }

  /**
   * Deletes every record whose retention has ended. Returns the hearings whose records went. With
   * several nodes, one sweeps at a time (`alone`): another node's sweep under way skips this one.
   */
  async sweep(): Promise<string[]> {
    const { alone } = this.ctx.deps;
    return (alone ? await alone('retention-sweep', () => this.#sweep()) : await this.#sweep()) ?? [];
  }

  async #sweep(): Promise<string[]> {
    const done: string[] = [];
    for (const row of await this.ctx.deps.records.expired(this.ctx.now().toISOString())) {
      try {
        await this.#delete(row.hearingId);
        done.push(row.hearingId);
      } catch (error) {
        this.ctx.log(`retention sweep: hearing ${row.hearingId}: ${String(error)}`);
      }
    }
    if (done.length) this.ctx.log(`retention sweep deleted ${done.length} record(s)`);
    return done;
  }

  /** Sweeps now, then every `intervalMs` (daily). */
  start(intervalMs = DAY_MS): Promise<string[]> {
    const first = this.sweep();
    this.#timer = setInterval(() => background(this.sweep(), 'retention sweep'), intervalMs);
    this.#timer.unref(); // the daily sweep must not keep a stopping server alive
    return first;
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
