// The `records` table (schema steps 3–4): one row per hearing record, attached to the case file
// through its hearing. Also the archive's read-only look at hearings, cases and recording gaps:
// the archive search spans all three, which one SQL join answers better than three repositories.
import type Database from 'better-sqlite3';
import type { ArchiveHit, RecordStatus } from '../../core/protocol/http.js';
import type { RecordRow, RecordStore } from '../../recordings/ports.js';
import type { RecordingGap } from '../../recordings/types.js';

type Row = Record<string, unknown>;

const toRecord = (r: Row): RecordRow => ({
  hearingId: r.hearing_id as string,
  status: r.status as RecordStatus,
  progress: r.progress as number,
  phase: (r.phase as string) ?? '',
  dir: (r.dir as string | null) ?? null,
  manifestSha256: (r.manifest_sha256 as string | null) ?? null,
  createdAt: r.created_at as string,
  completedAt: (r.completed_at as string | null) ?? null,
  error: (r.error as string | null) ?? null,
  retainUntil: (r.retain_until as string | null) ?? null,
  deletedAt: (r.deleted_at as string | null) ?? null,
});

/** recording_gaps keeps times as TEXT: ISO strings or epoch milliseconds, both read here. */
const toMs = (v: unknown): number | null => {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : Date.parse(String(v));
};

export class SqliteRecordStore implements RecordStore {
  readonly #get: Database.Statement;
  readonly #search: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.#get = db.prepare('SELECT * FROM records WHERE hearing_id = ?');
    this.#search = db.prepare(
      `SELECT h.id AS hearing_id, h.title AS hearing_title, h.scheduled_at, h.state, c.id AS case_id, c.number, c.title AS case_title,
              c.court, r.status, r.progress, r.retain_until
         FROM hearings h JOIN cases c ON c.id = h.case_id LEFT JOIN records r ON r.hearing_id = h.id
        WHERE c.number LIKE @q ESCAPE '\\' OR c.title LIKE @q ESCAPE '\\' OR h.title LIKE @q ESCAPE '\\'
        ORDER BY h.scheduled_at DESC LIMIT @limit`,
    );
  }

  get(hearingId: string): RecordRow | undefined {
    const row = this.#get.get(hearingId) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /**
   * Starts a build: a new row, or a failed one reused (its old error cleared). Returns false when a
   * build is already running or the record exists, which the caller turns into a refusal.
   */
  begin(hearingId: string, at: string): boolean {
    const info = this.db
      .prepare(
        `INSERT INTO records (hearing_id, status, progress, phase, created_at) VALUES (?, 'building', 0, 'queued', ?)
         ON CONFLICT(hearing_id) DO UPDATE SET status = 'building', progress = 0, phase = 'queued', error = NULL,
           created_at = excluded.created_at, completed_at = NULL
         WHERE records.status = 'failed'`,
      )
      .run(hearingId, at);
    return info.changes === 1;
  }

  progress(hearingId: string, progress: number, phase: string): void {
    this.db
      .prepare("UPDATE records SET progress = ?, phase = ? WHERE hearing_id = ? AND status = 'building'")
      .run(Math.max(0, Math.min(1, progress)), phase, hearingId);
  }

  ready(hearingId: string, f: { dir: string; manifestSha256: string; completedAt: string; retainUntil: string }): void {
    this.db
      .prepare(
        `UPDATE records SET status = 'ready', progress = 1, phase = 'done', dir = ?, manifest_sha256 = ?, completed_at = ?,
           retain_until = ? WHERE hearing_id = ?`,
      )
      .run(f.dir, f.manifestSha256, f.completedAt, f.retainUntil, hearingId);
  }

  failed(hearingId: string, error: string, at: string): void {
    this.db
      .prepare("UPDATE records SET status = 'failed', error = ?, completed_at = ? WHERE hearing_id = ?")
      .run(error.slice(0, 2000), at, hearingId);
  }

  /** Builds cut short by a stop never finish: marked failed at start so they can be built again. */
  failInterrupted(at: string): string[] {
    const ids = (this.db.prepare("SELECT hearing_id FROM records WHERE status = 'building'").all() as Row[]).map(
      (r) => r.hearing_id as string,
    );
    for (const id of ids) this.failed(id, 'The server stopped while this record was being built', at);
    return ids;
  }

  setRetention(hearingId: string, retainUntil: string): void {
    this.db.prepare('UPDATE records SET retain_until = ? WHERE hearing_id = ?').run(retainUntil, hearingId);
  }

  deleted(hearingId: string, at: string): void {
    this.db.prepare("UPDATE records SET status = 'deleted', deleted_at = ?, dir = NULL WHERE hearing_id = ?").run(at, hearingId);
  }

  /** Records (ready, or failed with their captured media still on disk) whose retention ended at or before `nowIso`. */
  expired(nowIso: string): RecordRow[] {
    return (
      this.db
        .prepare("SELECT * FROM records WHERE status IN ('ready', 'failed') AND retain_until IS NOT NULL AND retain_until <= ?")
        .all(nowIso) as Row[]
    ).map(toRecord);
  }

  search(query: string | undefined, limit = 100): ArchiveHit[] {
    const q = `%${(query ?? '').trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    return (this.#search.all({ q, limit }) as Row[]).map((r) => ({
      hearingId: r.hearing_id as string,
      hearingTitle: r.hearing_title as string,
      scheduledAt: r.scheduled_at as string,
      state: r.state as string,
      caseId: r.case_id as string,
      caseNumber: r.number as string,
      caseTitle: r.case_title as string,
      court: r.court as string,
      record: r.status
        ? { status: r.status as RecordStatus, progress: r.progress as number, retainUntil: (r.retain_until as string | null) ?? null }
        : null,
    }));
  }

  /**
   * The hearing's audit events as audit.jsonl lines. actor and data are spliced in as the exact
   * JSON text that was hashed (not re-serialized), so the file re-verifies byte for byte.
   */
  auditLines(hearingId: string): string[] {
    const rows = this.db.prepare('SELECT * FROM audit_events WHERE hearing_id = ? ORDER BY seq').all(hearingId) as Row[];
    return rows.map(
      (r) =>
        `{"seq":${r.seq},"hearingId":${JSON.stringify(r.hearing_id)},"at":${JSON.stringify(r.at)},"actor":${r.actor},` +
        `"type":${JSON.stringify(r.type)},"data":${r.data},"prevHash":${JSON.stringify(r.prev_hash)},"hash":${JSON.stringify(r.hash)}}`,
    );
  }

  gaps(hearingId: string): RecordingGap[] {
    const rows = this.db
      .prepare(
        `SELECT g.*, t.participant_id FROM recording_gaps g LEFT JOIN recording_tracks t ON t.id = g.track_id
          WHERE g.hearing_id = ? ORDER BY g.id`,
      )
      .all(hearingId) as Row[];
    return rows.map((r) => ({
      trackId: (r.track_id as string | null) ?? null,
      participantId: (r.participant_id as string | null) ?? null,
      startMs: toMs(r.started_at) ?? 0,
      endMs: toMs(r.ended_at),
      cause: r.cause as RecordingGap['cause'],
    }));
  }
}
