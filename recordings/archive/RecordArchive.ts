// The hearing record as the case file keeps it: one object for server/main.ts and the HTTP
// routes, over its parts: Records (one build attempt, progress, listing), Builds (the queue, one
// build at a time, retries with back-off, start-up recovery, an admin's rebuild), RecordFiles
// (files, tar, verification), Retention (retention dates, the legal minimum, the daily sweep that
// alone deletes) and RecordRequests (four eyes: shortening or deleting takes two people). Who may
// read a record: clerks and admins; a judge account the hearings it presided or was granted. Every
// act on a record is also an event in the hearing's audit log, so the case file says who set a
// retention date, who asked and who approved, who verified, and when files went.
import { PermissionDeniedError } from '../../core/hearing/errors.js';
import type { ArchiveHit, RecordRequestView, RecordView, VerifyReport } from '../../core/protocol/http.js';
import type { RecordRow } from '../ports.js';
import type { TarEntry } from '../tar.js';
import type { HearingTimeline } from '../types.js';
import { actorOf, ArchiveContext, type ArchiveDeps, type StaffActor } from './ArchiveContext.js';
import { Builds, type TimelineSource } from './Builds.js';
import { RecordFiles } from './RecordFiles.js';
import { RecordRequests, type RequestInput } from './RecordRequests.js';
import { Records } from './Records.js';
import { DEFAULT_RETENTION_DAYS, DEFAULT_RETENTION_MIN_DAYS, Retention } from './Retention.js';

export type { ArchiveDeps, StaffActor, TimelineSource };
export type { RetryPolicy } from './retryPolicy.js';

/** The archive's settings from the environment: VCOURT_RETENTION_DAYS, VCOURT_RETENTION_MIN_DAYS, VCOURT_SIGNING_KEY. */
export function archiveSettings(env: NodeJS.ProcessEnv): {
  retentionDays: number;
  retentionMinDays: number;
  signingKeyFile: string | undefined;
} {
  const days = (name: string, fallback: number, least: number) => {
    const raw = env[name];
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < least) throw new Error(`${name} must be a whole number of days ≥ ${least}, got "${raw}"`);
    return value;
  };
  const retentionDays = days('VCOURT_RETENTION_DAYS', DEFAULT_RETENTION_DAYS, 1);
  const retentionMinDays = days('VCOURT_RETENTION_MIN_DAYS', DEFAULT_RETENTION_MIN_DAYS, 0);
  return { retentionDays, retentionMinDays, signingKeyFile: env.VCOURT_SIGNING_KEY || undefined };
}

export class RecordArchive {
  readonly #records: Records;
  readonly #files: RecordFiles;
  readonly #retention: Retention;
  readonly #builds: Builds;
  readonly #requests: RecordRequests;
  readonly #ctx: ArchiveContext;
  readonly #log: (message: string) => void;

  constructor(deps: ArchiveDeps) {
    const ctx = new ArchiveContext(deps);
    this.#log = ctx.log;
    this.#files = new RecordFiles(ctx);
    this.#retention = new Retention(ctx);
    this.#records = new Records(ctx, this.#files, this.#retention);
    this.#builds = new Builds(ctx, this.#records);
    this.#requests = new RecordRequests(ctx, this.#retention);
    this.#ctx = ctx;
  }

  /**
   * Who may read a hearing's record and move its retention: clerks and admins; a judge account only
   * for a hearing it presided (its judge seat is bound to the account) or was granted by a clerk.
   */
  async assertReader(hearingId: string, by: StaffActor): Promise<void> {
    await this.#ctx.hearing(hearingId);
    if (readsEveryRecord(by)) return;
    if (!(await this.#ctx.deps.records.isReader(hearingId, by.accountId))) {
      throw new PermissionDeniedError('Only the presiding judge, or staff a clerk granted it to, may read this record');
    }
  }

  /** A clerk (or admin) lets another staff account read this hearing's record; audited. */
  async grant(hearingId: string, account: { accountId: string; username: string }, by: StaffActor): Promise<void> {
    if (by.role !== 'admin' && by.role !== 'clerk')
      throw new PermissionDeniedError('Only a clerk or an administrator may grant access to a record');
    await this.#ctx.transaction(async () => {
      await this.#ctx.hearing(hearingId);
      await this.#ctx.deps.records.grant(hearingId, account.accountId, by.accountId, this.#ctx.now().toISOString());
      await this.#ctx.audit(hearingId, actorOf(by), 'record.access_granted', { accountId: account.accountId, username: account.username });
    });
  }

  /** One attempt, no queue, no retry (tools and tests): rejects when refused; a failed build resolves with its 'failed' row. */
  build(hearingId: string, timeline: HearingTimeline): Promise<RecordRow> {
    return this.#records.build(hearingId, timeline);
  }

  /**
   * The Recorder's hand-over after adjournment ('captured'): with time in session the record is
   * queued and retried until built or given up; without, 'record.none' is noted. Never rejects.
   */
  async captured(hearingId: string, timeline: HearingTimeline): Promise<void> {
    try {
      await this.#builds.captured(hearingId, timeline);
    } catch (error) {
      this.#log(`record of hearing ${hearingId} not built: ${String(error)}`);
    }
  }

  /**
   * At start-up, after the Recorder's own recovery: rebuilds, one at a time and from the stored
   * timeline, every adjourned hearing's record that is missing, was interrupted or failed.
   */
  recoverBuilds(timelineOf: TimelineSource): Promise<string[]> {
    return this.#builds.recover(timelineOf);
  }

  /** An admin's rebuild into a new folder (see Builds.rebuild for when it is refused). */
  async rebuild(hearingId: string, by: StaffActor, force = false): Promise<void> {
    if (by.role !== 'admin') throw new PermissionDeniedError('Only an administrator may rebuild a record');
    await this.#builds.rebuild(hearingId, by, force);
  }

  noRecord(hearingId: string, reason: string): Promise<void> {
    return this.#records.noRecord(hearingId, reason);
  }

  /** The hearings matching `query` whose record `by` may read (assertReader's rule): a judge account sees only its own. */
  search(query: string | undefined, by: StaffActor): Promise<ArchiveHit[]> {
    return this.#records.search(query, readsEveryRecord(by) ? undefined : by.accountId);
  }

  view(hearingId: string, link: (path: string | null) => string): Promise<RecordView> {
    return this.#records.view(hearingId, link);
  }

  file(hearingId: string, path: string): Promise<{ root: string; path: string; mime: string }> {
    return this.#files.file(hearingId, path);
  }

  tar(hearingId: string): Promise<{ name: string; entries: TarEntry[] }> {
    return this.#files.tar(hearingId);
  }

  verify(hearingId: string, by: StaffActor): Promise<VerifyReport> {
    return this.#files.verify(hearingId, by);
  }

  /** Extends a retention period (one step); shortening is a request (fileRequest). */
  setRetention(hearingId: string, retainUntil: string, by: StaffActor): Promise<void> {
    return this.#retention.set(hearingId, retainUntil, by);
  }

  fileRequest(hearingId: string, input: RequestInput, by: StaffActor): Promise<RecordRequestView> {
    return this.#requests.file(hearingId, input, by);
  }

  approveRequest(hearingId: string, requestId: string, by: StaffActor, reason: string | null = null): Promise<RecordRequestView> {
    return this.#requests.approve(hearingId, requestId, by, reason);
  }

  refuseRequest(hearingId: string, requestId: string, by: StaffActor, reason: string | null): Promise<RecordRequestView> {
    return this.#requests.refuse(hearingId, requestId, by, reason);
  }

  withdrawRequest(hearingId: string, requestId: string, by: StaffActor): Promise<RecordRequestView> {
    return this.#requests.withdraw(hearingId, requestId, by);
  }

  sweep(): Promise<string[]> {
    return this.#retention.sweep();
  }

  /** On start: fail builds a previous process left half done, sweep, then sweep daily (recoverBuilds rebuilds them). */
  async start(intervalMs?: number): Promise<void> {
    await this.#records.failInterrupted();
    await this.#retention.start(intervalMs);
  }

  async close(): Promise<void> {
    this.#retention.close();
    await this.#builds.close();
  }
}

/** Clerks and admins read every record; anyone else only those the record store says (isReader). */
const readsEveryRecord = (by: StaffActor) => by.role === 'admin' || by.role === 'clerk';
