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
    await this.claim(hearingId, { attempt: 1, replaceReady: false });
    await this.attempt(hearingId, () => Promise.resolve(timeline), 1);
    return (await this.ctx.deps.records.get(hearingId))!;
  }

  /**
   * Takes the row for an attempt (status 'building', phase 'queued'); throws when the hearing is
   * not adjourned, or a build runs, or the record exists (a ready one unless `replaceReady`).
   */
  async claim(hearingId: string, opts: { attempt: number; replaceReady: boolean }): Promise<void> {
    if ((await this.ctx.hearing(hearingId)).state !== 'adjourned') throw new InvalidStateError('A record is built only after adjournment');
    if (!(await this.ctx.deps.records.begin(hearingId, this.ctx.now().toISOString(), opts))) {
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
    timelineOf: () => Promise<HearingTimeline>,
    attempt: number,
    retryAt: () => string | null = () => null,
  ): Promise<AttemptResult> {
    const { records, bundle } = this.ctx.deps;
    // Progress is written at most every 1% or on a phase change: the clerk page polls, the disk need not churn.
    let last = { progress: -1, phase: '' };
    // The bundle reports progress synchronously: the writes are chained, and done before the outcome's.
    let progressed = Promise.resolve();
    const onProgress = (progress: number, phase: string) => {
      if (phase === last.phase && progress - last.progress < 0.01) return;
      last = { progress, phase };
      progressed = progressed
        .then(() => records.progress(hearingId, progress, phase))
        .catch((error: unknown) => this.ctx.log(`record of hearing ${hearingId}: progress not written: ${String(error)}`));
    };
    try {
      const timeline = await timelineOf();
      await this.ctx.audit(hearingId, { kind: 'system' }, 'record.building', { tracks: timeline.tracks.length, attempt });
      const built = await bundle.build(hearingId, timeline, onProgress);
      await progressed;
      const completed = this.ctx.now();
      await this.ctx.transaction(async () => {
        // A rebuild keeps the retention date the case file already has (someone may have moved it).
        const retainUntil = (await records.get(hearingId))?.retainUntil ?? this.retention.firstUntil(completed);
        const { dir, manifestSha256 } = built;
        await records.ready(hearingId, { dir, manifestSha256, completedAt: completed.toISOString(), retainUntil });
        await this.ctx.audit(hearingId, { kind: 'system' }, 'record.ready', {
          manifestSha256,
          files: built.manifest.files.length + 3,
          retainUntil,
        });
      });
      return { ok: true };
    } catch (error) {
      await progressed;
      const message = error instanceof Error ? error.message : String(error);
      const nextAttemptAt = retryAt();
      await this.ctx.transaction(async () => {
        await records.failed(hearingId, message, this.ctx.now().toISOString(), nextAttemptAt);
        await this.ctx.audit(hearingId, { kind: 'system' }, 'record.failed', { error: message.slice(0, 500), attempt });
      });
      this.ctx.log(`record of hearing ${hearingId} failed (attempt ${attempt}): ${message}`);
      return { ok: false, error: message, nextAttemptAt };
    }
  }

  /**
   * A hearing adjourned without any time in session (opened, then postponed) has no media to
   * record: that is noted in its audit log, and no record row is made.
   */
  async noRecord(hearingId: string, reason: string): Promise<void> {
    await this.ctx.audit(hearingId, { kind: 'system' }, 'record.none', { reason });
    this.ctx.log(`hearing ${hearingId}: no record (${reason})`);
  }

  /** Builds a previous process left half done are failed, so they can be built again. */
  async failInterrupted(): Promise<void> {
    const { records, recoversRecord } = this.ctx.deps;
    // Several nodes: only the builds this node recovers (another live node's may be running now).
    const only = recoversRecord ? await filterAsync(await records.building(), recoversRecord) : undefined;
    await this.ctx.transaction(async () => {
      for (const id of await records.failInterrupted(this.ctx.now().toISOString(), only)) {
        await this.ctx.audit(id, { kind: 'system' }, 'record.failed', { error: 'interrupted by a server stop' });
      }
    });
  }

  /** With `readerId`, only the hearings that account may read. */
  search(query: string | undefined, readerId?: string): Promise<ArchiveHit[]> {
    return this.ctx.deps.records.search(query, readerId === undefined ? {} : { readerId });
  }

  /** `link(path)` makes a file's URL, `link(null)` the bundle's: URLs are the HTTP layer's business. */
  async view(hearingId: string, link: (path: string | null) => string): Promise<RecordView> {
    const hearing = await this.ctx.hearing(hearingId);
    const kase = (await this.ctx.deps.store.cases.get(hearing.caseId))!;
    const row = await this.ctx.deps.records.get(hearingId);
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
            minRetainUntil: await this.retention.minimum(hearingId),
            pendingRequest: (await this.ctx.deps.records.pendingRequest(hearingId)) ?? null,
          }
        : null,
      publicKeyFingerprint: this.ctx.deps.key.fingerprint,
    };
  }
}

async function filterAsync(ids: readonly string[], keep: (id: string) => Promise<boolean>): Promise<string[]> {
  const kept = await Promise.all(ids.map(keep));
  return ids.filter((_, i) => kept[i]);
}
