// The record of each hearing as a `records` row: one attempt at its build from what the Recorder
// captured (the progress the clerk page polls, then ready or failed), the builds a stopped server
// left half done, and what the archive lists: the search across hearings and one hearing's record
// view. When attempts are made and retried is Builds' business (Builds.ts).
import { existsSync } from 'node:fs';
import { ConflictError, InvalidStateError } from '../../core/hearing/errors.js';
import type { ArchiveHit, RecordFileView, RecordView } from '../../core/protocol/http.js';
import type { RecordRow } from '../ports.js';
import type { HearingTimeline } from '../types.js';
import type { ArchiveContext } from './ArchiveContext.js';
import type { RecordFiles } from './RecordFiles.js';
import type { Retention } from './Retention.js';
import { maxAttempts } from './retryPolicy.js';

/** How one attempt ended: ready, or failed with its error and when the next attempt is due (if any). */
export type AttemptResult = { ok: true } | { ok: false; error: string; nextAttemptAt: string | null };

export class Records {
  constructor(
    private readonly ctx: ArchiveContext,
    private readonly files: RecordFiles,
    private readonly retention: Retention,
  ) {}

  /**
   * Builds the record of an adjourned hearing from what the Recorder captured, in one attempt.
   * Refuses (rejects) when the hearing is not adjourned or already has a record; a build that fails
   * is recorded as 'failed' with its error and resolves. (The server builds through Builds, which
   * queues and retries; this is the single attempt, for tools and tests.)
   */
  async build(hearingId: string, timeline: HearingTimeline): Promise<RecordRow> {
    this.claim(hearingId, { attempt: 1, replaceReady: false });
    await this.attempt(hearingId, () => timeline, 1);
    return this.ctx.deps.records.get(hearingId)!;
  }

  /**
   * Takes the row for an attempt (status 'building', phase 'queued'); throws when the hearing is
   * not adjourned, or a build runs, or the record exists (a ready one unless `replaceReady`).
   */
  claim(hearingId: string, opts: { attempt: number; replaceReady: boolean }): void {
    if (this.ctx.hearing(hearingId).state !== 'adjourned') throw new InvalidStateError('A record is built only after adjournment');
    if (!this.ctx.deps.records.begin(hearingId, this.ctx.now().toISOString(), opts)) {
      throw new ConflictError('This hearing already has a record, or one is being built');
    }
  }

  /**
   * One attempt at the bundle of a claimed row, into a new folder (never over an earlier one).
   * Resolves either way: ready, or failed with its error in the row and the audit log, the next
   * attempt's time (from `retryAt`, asked only on failure) in the row as well.
   */
  async attempt(
    hearingId: string,
    timelineOf: () => HearingTimeline,
    attempt: number,
    retryAt: () => string | null = () => null,
  ): Promise<AttemptResult> {
    const { records, bundle } = this.ctx.deps;
    // Progress is written at most every 1% or on a phase change: the clerk page polls, the disk need not churn.
    let last = { progress: -1, phase: '' };
    const onProgress = (progress: number, phase: string) => {
      if (phase === last.phase && progress - last.progress < 0.01) return;
      last = { progress, phase };
      records.progress(hearingId, progress, phase);
    };
    try {
      const timeline = timelineOf();
      this.ctx.audit(hearingId, { kind: 'system' }, 'record.building', { tracks: timeline.tracks.length, attempt });
      const built = await bundle.build(hearingId, timeline, onProgress);
      const completed = this.ctx.now();
      // A rebuild keeps the retention date the case file already has (someone may have moved it).
      const retainUntil = records.get(hearingId)?.retainUntil ?? this.retention.firstUntil(completed);
      records.ready(hearingId, { dir: built.dir, manifestSha256: built.manifestSha256, completedAt: completed.toISOString(), retainUntil });
      this.ctx.audit(hearingId, { kind: 'system' }, 'record.ready', {
        manifestSha256: built.manifestSha256,
        files: built.manifest.files.length + 3,
        retainUntil,
      });
      return { ok: true };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const nextAttemptAt = retryAt();
      records.failed(hearingId, message, this.ctx.now().toISOString(), nextAttemptAt);
      this.ctx.audit(hearingId, { kind: 'system' }, 'record.failed', { error: message.slice(0, 500), attempt });
      this.ctx.log(`record of hearing ${hearingId} failed (attempt ${attempt}): ${message}`);
      return { ok: false, error: message, nextAttemptAt };
    }
  }

  /**
   * A hearing adjourned without any time in session (opened, then postponed) has no media to
   * record: that is noted in its audit log, and no record row is made.
   */
  noRecord(hearingId: string, reason: string): void {
    this.ctx.audit(hearingId, { kind: 'system' }, 'record.none', { reason });
    this.ctx.log(`hearing ${hearingId}: no record (${reason})`);
  }

  /** Builds a previous process left half done are failed, so they can be built again. */
  failInterrupted(): void {
    for (const id of this.ctx.deps.records.failInterrupted(this.ctx.now().toISOString())) {
      this.ctx.audit(id, { kind: 'system' }, 'record.failed', { error: 'interrupted by a server stop' });
    }
  }

  /** With `readerId`, only the hearings that account may read. */
  search(query: string | undefined, readerId?: string): ArchiveHit[] {
    return this.ctx.deps.records.search(query, readerId === undefined ? {} : { readerId });
  }

  /** `link(path)` makes a file's URL, `link(null)` the bundle's: URLs are the HTTP layer's business. */
  view(hearingId: string, link: (path: string | null) => string): RecordView {
    const hearing = this.ctx.hearing(hearingId);
    const kase = this.ctx.deps.store.cases.get(hearing.caseId)!;
    const row = this.ctx.deps.records.get(hearingId);
    const files: RecordFileView[] = row?.dir && existsSync(row.dir) ? this.files.list(row.dir, link) : [];
    return {
      hearing: { id: hearing.id, title: hearing.title, scheduledAt: hearing.scheduledAt, state: hearing.state },
      case: { id: kase.id, number: kase.number, title: kase.title, court: kase.court },
      record: row
        ? {
            status: row.status,
            progress: row.progress,
            phase: row.phase,
            createdAt: row.createdAt,
            completedAt: row.completedAt,
            error: row.error,
            retainUntil: row.retainUntil,
            deletedAt: row.deletedAt,
            manifestSha256: row.manifestSha256,
            attempts: row.attempts,
            maxAttempts: maxAttempts(this.ctx.retry),
            nextAttemptAt: row.nextAttemptAt,
            files,
            totalBytes: files.reduce((sum, f) => sum + f.bytes, 0),
            bundleUrl: row.status === 'ready' ? link(null) : null,
            minRetainUntil: this.retention.minimum(hearingId),
            pendingRequest: this.ctx.deps.records.pendingRequest(hearingId) ?? null,
          }
        : null,
      publicKeyFingerprint: this.ctx.deps.key.fingerprint,
    };
  }
}
