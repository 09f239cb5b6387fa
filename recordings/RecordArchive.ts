// The hearing record as the case file keeps it: builds the signed bundle when the Recorder reports a
// hearing captured (progress and outcome in the `records` row), lists and serves its files, verifies
// it, and applies the retention policy. Every act on a record is also an event in the hearing's
// audit log, so the case file says who set a retention date, who verified, and when files went.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ConflictError, InvalidStateError, NotFoundError, PermissionDeniedError } from '../core/hearing/errors.js';
import type { Clock, Store } from '../core/hearing/ports.js';
import type { AccountRole, Actor, HearingRecord } from '../core/hearing/types.js';
import type { ArchiveHit, RecordFileKind, RecordFileView, RecordView, VerifyReport } from '../core/protocol/http.js';
import { verifyBundle } from './BundleVerifier.js';
import type { CourtKey } from './CourtKey.js';
import { AUDIT, COMPOSITE, listFiles, MANIFEST, MINUTES, PUBLIC_KEY, SIG, slug, SUMS, type Manifest, type RecordBundle } from './RecordBundle.js';
import type { RecordRow, RecordStore } from './ports.js';
import type { TarEntry } from './tar.js';
import type { HearingTimeline } from './types.js';

const DAY_MS = 24 * 3600 * 1000;

/** Ten years unless VCOURT_RETENTION_DAYS says otherwise: deleting too late is the lesser harm. */
export const DEFAULT_RETENTION_DAYS = 3650;

/** The archive's settings from the environment: VCOURT_RETENTION_DAYS, VCOURT_SIGNING_KEY. */
export function archiveSettings(env: NodeJS.ProcessEnv): { retentionDays: number; signingKeyFile: string | undefined } {
  const raw = env.VCOURT_RETENTION_DAYS;
  const retentionDays = raw === undefined || raw === '' ? DEFAULT_RETENTION_DAYS : Number(raw);
  if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new Error(`VCOURT_RETENTION_DAYS must be a whole number of days ≥ 1, got "${raw}"`);
  return { retentionDays, signingKeyFile: env.VCOURT_SIGNING_KEY || undefined };
}

export interface ArchiveDeps {
  store: Store;
  records: RecordStore;
  bundle: RecordBundle;
  key: CourtKey;
  clock: Clock;
  /** VCOURT_RETENTION_DAYS: how long a new record is kept before the sweep may delete it. */
  retentionDays: number;
  log?: (message: string) => void;
}

/** Who acts on the archive: a staff session (the HTTP layer passes its claims). */
export interface StaffActor {
  accountId: string;
  username: string;
  role: AccountRole;
}

const MIME: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.mkv': 'video/x-matroska',
  '.html': 'text/html; charset=utf-8',
  '.jsonl': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.pem': 'text/plain; charset=utf-8',
  '.sig': 'application/octet-stream',
};

function kindOf(path: string): RecordFileKind {
  if (path === COMPOSITE) return 'composite';
  if (path.startsWith('tracks/')) return 'track';
  const fixed: Record<string, RecordFileKind> = { [MINUTES]: 'minutes', [AUDIT]: 'audit', [MANIFEST]: 'manifest', [SUMS]: 'sums', [SIG]: 'signature', [PUBLIC_KEY]: 'key' };
  return fixed[path] ?? 'other';
}

export function mimeOf(path: string, trackKind?: string): string {
  if (path === SUMS) return 'text/plain; charset=utf-8';
  // Audio-only Matroska still plays in <video>; the type only tells the browser what it holds.
  if (extname(path) === '.mkv' && trackKind === 'audio') return 'audio/x-matroska';
  return MIME[extname(path)] ?? 'application/octet-stream';
}

/** A YYYY-MM-DD date means "through that day" in Vietnam's time zone. */
export function retentionInstant(value: string): string {
  return (/^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T23:59:59.999+07:00`) : new Date(value)).toISOString();
}

export class RecordArchive {
  #timer: NodeJS.Timeout | undefined;
  readonly #log: (message: string) => void;

  constructor(private readonly deps: ArchiveDeps) {
    this.#log = deps.log ?? ((m) => console.log(`[vcourt] ${m}`));
  }

  #now(): Date {
    return this.deps.clock.now();
  }

  #audit(hearingId: string, actor: Actor, type: string, data: Record<string, unknown>): void {
    this.deps.store.audit.append({ hearingId, at: this.#now().toISOString(), actor, type, data });
  }

  #hearing(hearingId: string): HearingRecord {
    const hearing = this.deps.store.hearings.get(hearingId);
    if (!hearing) throw new NotFoundError('Hearing', hearingId);
    return hearing;
  }

  #row(hearingId: string): RecordRow {
    this.#hearing(hearingId);
    const row = this.deps.records.get(hearingId);
    if (!row) throw new NotFoundError('Record of hearing', hearingId);
    return row;
  }

  #readyDir(hearingId: string): string {
    const row = this.#row(hearingId);
    if (row.status !== 'ready' || !row.dir) throw new InvalidStateError(`The record is ${row.status}, not ready`);
    return row.dir;
  }

  /**
   * Builds the record of an adjourned hearing from what the Recorder captured. Refuses (rejects)
   * when the hearing is not adjourned or already has a record; a build that fails is recorded as
   * 'failed' with its error and resolves, so the Recorder's listener never sees a rejection for it.
   */
  async build(hearingId: string, timeline: HearingTimeline): Promise<RecordRow> {
    if (this.#hearing(hearingId).state !== 'adjourned') throw new InvalidStateError('A record is built only after adjournment');
    if (!this.deps.records.begin(hearingId, this.#now().toISOString())) {
      throw new ConflictError('This hearing already has a record, or one is being built');
    }
    this.#audit(hearingId, { kind: 'system' }, 'record.building', { tracks: timeline.tracks.length });
    // Progress is written at most every 1% or on a phase change: the clerk page polls, the disk need not churn.
    let last = { progress: -1, phase: '' };
    const onProgress = (progress: number, phase: string) => {
      if (phase === last.phase && progress - last.progress < 0.01) return;
      last = { progress, phase };
      this.deps.records.progress(hearingId, progress, phase);
    };
    try {
      const built = await this.deps.bundle.build(hearingId, timeline, onProgress);
      const completed = this.#now();
      const retainUntil = new Date(completed.getTime() + this.deps.retentionDays * DAY_MS).toISOString();
      this.deps.records.ready(hearingId, { dir: built.dir, manifestSha256: built.manifestSha256, completedAt: completed.toISOString(), retainUntil });
      this.#audit(hearingId, { kind: 'system' }, 'record.ready', { manifestSha256: built.manifestSha256, files: built.manifest.files.length + 3, retainUntil });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.deps.records.failed(hearingId, message, this.#now().toISOString());
      this.#audit(hearingId, { kind: 'system' }, 'record.failed', { error: message.slice(0, 500) });
      this.#log(`record of hearing ${hearingId} failed: ${message}`);
    }
    return this.deps.records.get(hearingId)!;
  }

  /**
   * A hearing adjourned without any time in session (opened, then postponed) has no media to
   * record: that is noted in its audit log, and no record row is made.
   */
  noRecord(hearingId: string, reason: string): void {
    this.#audit(hearingId, { kind: 'system' }, 'record.none', { reason });
    this.#log(`hearing ${hearingId}: no record (${reason})`);
  }

  search(query: string | undefined): ArchiveHit[] {
    return this.deps.records.search(query);
  }

  /** `link(path)` makes a file's URL, `link(null)` the bundle's: URLs are the HTTP layer's business. */
  view(hearingId: string, link: (path: string | null) => string): RecordView {
    const hearing = this.#hearing(hearingId);
    const kase = this.deps.store.cases.get(hearing.caseId)!;
    const row = this.deps.records.get(hearingId);
    const files: RecordFileView[] = [];
    if (row?.dir && existsSync(row.dir)) {
      const manifest = readManifest(row.dir);
      const people = new Map(manifest?.participants.map((p) => [p.id, p]) ?? []);
      for (const path of listFiles(row.dir)) {
        const t = manifest?.tracks.find((x) => x.file === path);
        const p = t ? people.get(t.participantId) : undefined;
        files.push({
          path,
          bytes: statSync(join(row.dir, path)).size,
          kind: kindOf(path),
          mime: mimeOf(path, t?.kind),
          url: link(path),
          ...(t ? { track: { participantId: t.participantId, displayName: p?.displayName ?? '', role: p?.role ?? '', kind: t.kind, source: t.source, codec: t.codec } } : {}),
        });
      }
    }
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
            files,
            totalBytes: files.reduce((sum, f) => sum + f.bytes, 0),
            bundleUrl: row.status === 'ready' ? link(null) : null,
          }
        : null,
      publicKeyFingerprint: this.deps.key.fingerprint,
    };
  }

  /** A file of a ready record; only paths that exist inside the bundle are served (no traversal). */
  file(hearingId: string, path: string): { root: string; path: string; mime: string } {
    const dir = this.#readyDir(hearingId);
    if (!listFiles(dir).includes(path)) throw new NotFoundError('Record file', path);
    const track = readManifest(dir)?.tracks.find((t) => t.file === path);
    return { root: dir, path, mime: mimeOf(path, track?.kind) };
  }

  /** The bundle as tar entries under one top folder named after the case and hearing. */
  tar(hearingId: string): { name: string; entries: TarEntry[] } {
    const dir = this.#readyDir(hearingId);
    const kase = this.deps.store.cases.get(this.#hearing(hearingId).caseId)!;
    const root = `vcourt-record-${slug(kase.number)}-${hearingId}`;
    const entries: TarEntry[] = [];
    const seenDirs = new Set<string>();
    const addDir = (name: string) => {
      if (seenDirs.has(name)) return;
      seenDirs.add(name);
      entries.push({ name: `${name}/`, size: 0, mode: 0o755, mtime: statSync(join(dir, name.slice(root.length))).mtime });
    };
    addDir(root);
    for (const path of listFiles(dir)) {
      const parts = path.split('/');
      for (let i = 1; i < parts.length; i++) addDir([root, ...parts.slice(0, i)].join('/'));
      const st = statSync(join(dir, path));
      entries.push({ name: `${root}/${path}`, file: join(dir, path), size: st.size, mode: 0o444, mtime: st.mtime });
    }
    return { name: `${root}.tar`, entries };
  }

  async verify(hearingId: string, by: StaffActor): Promise<VerifyReport> {
    const dir = this.#readyDir(hearingId);
    const row = this.deps.records.get(hearingId)!;
    const report = await verifyBundle(dir, {
      key: this.deps.key,
      hearingId,
      manifestSha256: row.manifestSha256,
      databaseHashes: this.deps.store.audit.list(hearingId).map((e) => e.hash),
    });
    const failed = report.files.filter((f) => f.status !== 'ok').map((f) => `${f.status}: ${f.path}`);
    this.#audit(hearingId, actorOf(by), 'record.verified', { ok: report.ok, signature: report.signature, audit: report.audit.status, failed: failed.slice(0, 20) });
    return { ...report, checkedAt: this.#now().toISOString() };
  }

  /** Any staff member may extend a retention period; only an admin may shorten it. */
  setRetention(hearingId: string, retainUntil: string, by: StaffActor): void {
    const row = this.#row(hearingId);
    if (row.status === 'deleted') throw new InvalidStateError('The record was already deleted');
    if (row.status === 'building') throw new InvalidStateError('The record is still being built');
    const next = retentionInstant(retainUntil);
    if (row.retainUntil && next < row.retainUntil && by.role !== 'admin') {
      throw new PermissionDeniedError('Only an administrator may shorten a retention period');
    }
    this.deps.records.setRetention(hearingId, next);
    this.#audit(hearingId, actorOf(by), 'record.retention', { from: row.retainUntil, to: next });
  }

  /** Deletes a record whose retention has ended; refused before its retain_until. */
  delete(hearingId: string, by: StaffActor | null): void {
    const row = this.#row(hearingId);
    if (row.status === 'deleted') throw new InvalidStateError('The record was already deleted');
    if (row.status === 'building') throw new InvalidStateError('The record is still being built');
    const now = this.#now().toISOString();
    if (!row.retainUntil || now < row.retainUntil) {
      throw new InvalidStateError(`The record must be kept until ${row.retainUntil ?? 'a retention date is set'}`);
    }
    // The whole hearing folder: the bundle(s), the captured segments and the composite chunks.
    const hearingDir = this.deps.bundle.hearingDir(hearingId);
    rmSync(hearingDir, { recursive: true, force: true });
    this.deps.records.deleted(hearingId, now);
    this.#audit(hearingId, by ? actorOf(by) : { kind: 'system' }, 'record.deleted', { retainUntil: row.retainUntil, manifestSha256: row.manifestSha256 });
  }

  /** Deletes every record whose retention has ended. Returns the hearings whose records went. */
  sweep(): string[] {
    const done: string[] = [];
    for (const row of this.deps.records.expired(this.#now().toISOString())) {
      try {
        this.delete(row.hearingId, null);
        done.push(row.hearingId);
      } catch (error) {
        this.#log(`retention sweep: hearing ${row.hearingId}: ${String(error)}`);
      }
    }
    if (done.length) this.#log(`retention sweep deleted ${done.length} record(s)`);
    return done;
  }

  /** On start: fail builds a previous process left half done, sweep, then sweep daily. */
  start(intervalMs = DAY_MS): void {
    for (const id of this.deps.records.failInterrupted(this.#now().toISOString())) {
      this.#audit(id, { kind: 'system' }, 'record.failed', { error: 'interrupted by a server stop' });
    }
    this.sweep();
    this.#timer = setInterval(() => this.sweep(), intervalMs);
    this.#timer.unref(); // the daily sweep must not keep a stopping server alive
  }

  close(): void {
    clearInterval(this.#timer);
  }
}

function actorOf(by: StaffActor): Actor {
  return { kind: 'account', accountId: by.accountId, username: by.username };
}

function readManifest(dir: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}
