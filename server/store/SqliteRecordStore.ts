// The `records` table (schema steps 3–4, 7): one row per hearing record, attached to the case file
// through its hearing. Also the archive's read-only look at hearings, cases and recording gaps:
// the archive search spans all three, which one SQL join answers better than three repositories.
import type Database from 'better-sqlite3';
import type { ArchiveHit, RecordRequestKind, RecordRequestStatus, RecordRequestView, RecordStatus } from '../../core/protocol/http.js';
import type { PendingRecord, RecordRow, RecordStore } from '../../recordings/ports.js';
import type { RecordingGap } from '../../recordings/types.js';
import { gapOf } from './recordingRows.js';

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
  attempts: (r.attempts as number | null) ?? 0,
  nextAttemptAt: (r.next_attempt_at as string | null) ?? null,
});

const toRequest = (r: Row): RecordRequestView => ({
  id: r.id as string,
  kind: r.kind as RecordRequestKind,
  retainUntil: (r.retain_until as string | null) ?? null,
  reason: r.reason as string,
  requestedBy: { accountId: r.requested_by as string, username: r.requested_by_name as string },
  requestedAt: r.requested_at as string,
  status: r.status as RecordRequestStatus,
  decidedBy: r.decided_by ? { accountId: r.decided_by as string, username: r.decided_by_name as string } : null,
  decidedAt: (r.decided_at as string | null) ?? null,
  decisionReason: (r.decision_reason as string | null) ?? null,
});

/**
 * SQL: the account may read the hearing's record: it presided (its judge seat is bound to the
 * account) or a clerk granted it. One rule for reading one record and for what the archive lists.
 */
const readerOf = (hearing: string, account: string) =>
  `(EXISTS (SELECT 1 FROM participants p WHERE p.hearing_id = ${hearing} AND p.account_id = ${account} AND p.role = 'judge')
    OR EXISTS (SELECT 1 FROM record_grants g WHERE g.hearing_id = ${hearing} AND g.account_id = ${account}))`;

/** The row still points at an earlier bundle: a forced rebuild of a ready record that has not succeeded. */
const HAS_BUNDLE = 'dir IS NOT NULL AND manifest_sha256 IS NOT NULL';

export class SqliteRecordStore implements RecordStore {
  readonly #get: Database.Statement;
  readonly #search: Database.Statement;

  constructor(private readonly db: Database.Database) {
    this.#get = db.prepare('SELECT * FROM records WHERE hearing_id = ?');
    this.#search = db.prepare(
      `SELECT h.id AS hearing_id, h.title AS hearing_title, h.scheduled_at, h.state, c.id AS case_id, c.number, c.title AS case_title,
              c.court, r.status, r.progress, r.retain_until
         FROM hearings h JOIN cases c ON c.id = h.case_id LEFT JOIN records r ON r.hearing_id = h.id
        WHERE (c.number LIKE @q ESCAPE '\\' OR c.title LIKE @q ESCAPE '\\' OR h.title LIKE @q ESCAPE '\\')
          AND (@reader IS NULL OR ${readerOf('h.id', '@reader')})
        ORDER BY h.scheduled_at DESC LIMIT @limit`,
    );
  }

  get(hearingId: string): RecordRow | undefined {
    const row = this.#get.get(hearingId) as Row | undefined;
    return row ? toRecord(row) : undefined;
  }

  /**
   * Starts a build: a new row, or a failed one reused (its old error cleared), or with
   * `replaceReady` a ready one (its bundle, dates and retention kept until the new one is ready).
   * Returns false when a build is already running or the record exists, which the caller turns
   * into a refusal.
   */
  begin(hearingId: string, at: string, { attempt = 1, replaceReady = false }: { attempt?: number; replaceReady?: boolean } = {}): boolean {
    const info = this.db
      .prepare(
        `INSERT INTO records (hearing_id, status, progress, phase, created_at, attempts) VALUES (@id, 'building', 0, 'queued', @at, @attempt)
         ON CONFLICT(hearing_id) DO UPDATE SET status = 'building', progress = 0, phase = 'queued', error = NULL,
           attempts = excluded.attempts, next_attempt_at = NULL,
           created_at = CASE WHEN records.${HAS_BUNDLE} THEN records.created_at ELSE excluded.created_at END,
           completed_at = CASE WHEN records.${HAS_BUNDLE} THEN records.completed_at ELSE NULL END
         WHERE records.status = 'failed' OR (@replaceReady = 1 AND records.status = 'ready')`,
      )
      .run({ id: hearingId, at, attempt, replaceReady: replaceReady ? 1 : 0 });
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
           retain_until = ?, error = NULL, next_attempt_at = NULL WHERE hearing_id = ?`,
      )
      .run(f.dir, f.manifestSha256, f.completedAt, f.retainUntil, hearingId);
  }

  /** A failed attempt; a rebuild that failed leaves the earlier bundle ready, with the error shown. */
  failed(hearingId: string, error: string, at: string, nextAttemptAt: string | null = null): void {
    this.db
      .prepare(
        `UPDATE records SET status = CASE WHEN ${HAS_BUNDLE} THEN 'ready' ELSE 'failed' END,
           progress = CASE WHEN ${HAS_BUNDLE} THEN 1 ELSE progress END, phase = CASE WHEN ${HAS_BUNDLE} THEN 'done' ELSE phase END,
           completed_at = CASE WHEN ${HAS_BUNDLE} THEN completed_at ELSE @at END, error = @error, next_attempt_at = @next
         WHERE hearing_id = @id`,
      )
      .run({ id: hearingId, error: error.slice(0, 2000), at, next: nextAttemptAt });
  }

  /**
   * Builds cut short by a stop never finish: marked failed at start (a forced rebuild too, its
   * earlier bundle still in the row) so the start-up recovery builds them again.
   */
  failInterrupted(at: string): string[] {
    const ids = (this.db.prepare("SELECT hearing_id FROM records WHERE status = 'building'").all() as Row[]).map(
      (r) => r.hearing_id as string,
    );
    const fail = this.db.prepare(
      `UPDATE records SET status = 'failed', error = @error, next_attempt_at = NULL,
         completed_at = CASE WHEN ${HAS_BUNDLE} THEN completed_at ELSE @at END WHERE hearing_id = @id`,
    );
    for (const id of ids) fail.run({ id, at, error: 'The server stopped while this record was being built' });
    return ids;
  }

  pending(): PendingRecord[] {
    const rows = this.db
      .prepare(
        `SELECT h.id AS hearing_id, r.status, r.dir, r.manifest_sha256
           FROM hearings h LEFT JOIN records r ON r.hearing_id = h.id
          WHERE h.state = 'adjourned' AND (
                (r.hearing_id IS NULL
                  AND NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.hearing_id = h.id AND a.type = 'record.none'))
             OR r.status = 'failed'
             OR (r.status = 'ready' AND r.next_attempt_at IS NOT NULL))
          ORDER BY h.updated_at, h.id`,
      )
      .all() as Row[];
    return rows.map((r) => ({
      hearingId: r.hearing_id as string,
      status: (r.status as RecordStatus | null) ?? null,
      hasBundle: r.dir !== null && r.dir !== undefined && r.manifest_sha256 !== null && r.manifest_sha256 !== undefined,
    }));
  }

  setRetention(hearingId: string, retainUntil: string): void {
    this.db.prepare('UPDATE records SET retain_until = ? WHERE hearing_id = ?').run(retainUntil, hearingId);
  }

  addRequest(hearingId: string, q: RecordRequestView): boolean {
    try {
      this.db
        .prepare(
          `INSERT INTO record_requests (id, hearing_id, kind, retain_until, reason, requested_by, requested_by_name, requested_at, status)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
        )
        .run(q.id, hearingId, q.kind, q.retainUntil, q.reason, q.requestedBy.accountId, q.requestedBy.username, q.requestedAt);
      return true;
    } catch (error) {
      // The partial unique index: one pending request per record.
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return false;
      throw error;
    }
  }

  request(hearingId: string, requestId: string): RecordRequestView | undefined {
    const row = this.db.prepare('SELECT * FROM record_requests WHERE id = ? AND hearing_id = ?').get(requestId, hearingId) as
      Row | undefined;
    return row ? toRequest(row) : undefined;
  }

  pendingRequest(hearingId: string): RecordRequestView | undefined {
    const row = this.db.prepare("SELECT * FROM record_requests WHERE hearing_id = ? AND status = 'pending'").get(hearingId) as
      Row | undefined;
    return row ? toRequest(row) : undefined;
  }

  decideRequest(
    requestId: string,
    d: { status: 'approved' | 'refused' | 'withdrawn'; by: { accountId: string; username: string }; at: string; reason: string | null },
  ): boolean {
    const info = this.db
      .prepare(
        `UPDATE record_requests SET status = ?, decided_by = ?, decided_by_name = ?, decided_at = ?, decision_reason = ?
          WHERE id = ? AND status = 'pending'`,
      )
      .run(d.status, d.by.accountId, d.by.username, d.at, d.reason, requestId);
    return info.changes === 1;
  }

  isReader(hearingId: string, accountId: string): boolean {
    const row = this.db.prepare(`SELECT ${readerOf('@h', '@a')} AS reader`).get({ h: hearingId, a: accountId }) as { reader: number };
    return row.reader === 1;
  }

  grant(hearingId: string, accountId: string, by: string, at: string): void {
    this.db
      .prepare('INSERT OR IGNORE INTO record_grants (hearing_id, account_id, granted_by, granted_at) VALUES (?, ?, ?, ?)')
      .run(hearingId, accountId, by, at);
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

  search(query: string | undefined, { limit = 100, readerId }: { limit?: number; readerId?: string } = {}): ArchiveHit[] {
    const q = `%${(query ?? '').trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    return (this.#search.all({ q, limit, reader: readerId ?? null }) as Row[]).map((r) => ({
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
    return rows.map(gapOf);
  }
}
