// The hearing record as the case file keeps it: one object for server/main.ts and the HTTP
// routes, over its three parts: Records (build lifecycle and progress, listing), RecordFiles
// (files, tar, verification) and Retention (retention dates, deletion, the daily sweep). Every act
// on a record is also an event in the hearing's audit log, so the case file says who set a
// retention date, who verified, and when files went.
import type { ArchiveHit, RecordView, VerifyReport } from '../../core/protocol/http.js';
import type { RecordRow } from '../ports.js';
import type { TarEntry } from '../tar.js';
import type { HearingTimeline } from '../types.js';
import { ArchiveContext, type ArchiveDeps, type StaffActor } from './ArchiveContext.js';
import { RecordFiles } from './RecordFiles.js';
import { Records } from './Records.js';
import { DEFAULT_RETENTION_DAYS, Retention } from './Retention.js';

export type { ArchiveDeps, StaffActor };

/** The archive's settings from the environment: VCOURT_RETENTION_DAYS, VCOURT_SIGNING_KEY. */
export function archiveSettings(env: NodeJS.ProcessEnv): { retentionDays: number; signingKeyFile: string | undefined } {
  const raw = env.VCOURT_RETENTION_DAYS;
  const retentionDays = raw === undefined || raw === '' ? DEFAULT_RETENTION_DAYS : Number(raw);
  if (!Number.isInteger(retentionDays) || retentionDays < 1)
    throw new Error(`VCOURT_RETENTION_DAYS must be a whole number of days ≥ 1, got "${raw}"`);
  return { retentionDays, signingKeyFile: env.VCOURT_SIGNING_KEY || undefined };
}

export class RecordArchive {
  readonly #records: Records;
  readonly #files: RecordFiles;
  readonly #retention: Retention;

  constructor(deps: ArchiveDeps) {
    const ctx = new ArchiveContext(deps);
    this.#files = new RecordFiles(ctx);
    this.#retention = new Retention(ctx);
    this.#records = new Records(ctx, this.#files, this.#retention);
  }

  /** See Records.build: rejects when refused; a failed build resolves with its 'failed' row. */
  build(hearingId: string, timeline: HearingTimeline): Promise<RecordRow> {
    return this.#records.build(hearingId, timeline);
  }

  noRecord(hearingId: string, reason: string): void {
    this.#records.noRecord(hearingId, reason);
  }

  search(query: string | undefined): ArchiveHit[] {
    return this.#records.search(query);
  }

  view(hearingId: string, link: (path: string | null) => string): RecordView {
    return this.#records.view(hearingId, link);
  }

  file(hearingId: string, path: string): { root: string; path: string; mime: string } {
    return this.#files.file(hearingId, path);
  }

  tar(hearingId: string): { name: string; entries: TarEntry[] } {
    return this.#files.tar(hearingId);
  }

  verify(hearingId: string, by: StaffActor): Promise<VerifyReport> {
    return this.#files.verify(hearingId, by);
  }

  setRetention(hearingId: string, retainUntil: string, by: StaffActor): void {
    this.#retention.set(hearingId, retainUntil, by);
  }

  delete(hearingId: string, by: StaffActor | null): void {
    this.#retention.delete(hearingId, by);
  }

  sweep(): string[] {
    return this.#retention.sweep();
  }

  /** On start: fail builds a previous process left half done, sweep, then sweep daily. */
  start(intervalMs?: number): void {
    this.#records.failInterrupted();
    this.#retention.start(intervalMs);
  }

  close(): void {
    this.#retention.close();
  }
}
