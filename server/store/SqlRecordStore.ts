// The `records` table (schema steps 3–4, 7): one row per hearing record, attached to the case file
// through its hearing. Also the archive's read-only look at hearings, cases and recording gaps:
// the archive search spans all three, which one SQL join answers better than three repositories.
// One SQL for SQLite and PostgreSQL (server/store/sql/Db.ts says what that allows).
import type { ArchiveHit, RecordRequestKind, RecordRequestStatus, RecordRequestView, RecordStatus } from '../../core/protocol/http.js';
import type { PendingRecord, RecordRow, RecordStore } from '../../recordings/ports.js';
import type { RecordingGap } from '../../recordings/types.js';
import type { Db, Row } from './sql/Db.js';
import { gapOf, numOf } from './recordingRows.js';

const toRecord = (r: Row): RecordRow => ({
  hearingId: r.hearing_id as string,
  status: r.status as RecordStatus,
  progress: numOf(r.progress) ?? 0,
  phase: (r.phase as string) ?? '',
  dir: (r.dir as string | null) ?? null,
  manifestSha256: (r.manifest_sha256 as string | null) ?? null,
  createdAt: r.created_at as string,
  completedAt: (r.completed_at as string | null) ?? null,
  error: (r.error as string | null) ?? null,
  retainUntil: (r.retain_until as string | null) ?? null,
  deletedAt: (r.deleted_at as string | null) ?? null,
  attempts: numOf(r.attempts) ?? 0,
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
 * Its parameters, in order: hearing, account, hearing, account (see readerParams).
 */
const readerOf = (hearing: string) =>
  `(EXISTS (SELECT 1 FROM participants p WHERE p.hearing_id = ${hearing} AND p.account_id = ? AND p.role = 'judge')
    OR EXISTS (SELECT 1 FROM record_grants g WHERE g.hearing_id = ${hearing} AND g.account_id = ?))`;

/** The row (`records.` inside an upsert, where bare names would be ambiguous) still points at an earlier bundle. */
const hasBundle = (t = '') => `${t}dir IS NOT NULL AND ${t}manifest_sha256 IS NOT NULL`;
const HAS_BUNDLE = hasBundle();

const SEARCH = (reader: boolean) =>
  `SELECT h.id AS hearing_id, h.title AS hearing_title, h.scheduled_at, h.state, c.id AS case_id, c.number, c.title AS case_title,
          c.court, r.status, r.progress, r.retain_until
     FROM hearings h JOIN cases c ON c.id = h.case_id LEFT JOIN records r ON r.hearing_id = h.id
    WHERE (LOWER(c.number) LIKE LOWER(CAST(? AS TEXT)) ESCAPE '\\' OR LOWER(c.title) LIKE LOWER(CAST(? AS TEXT)) ESCAPE '\\' OR LOWER(h.title) LIKE LOWER(CAST(? AS TEXT)) ESCAPE '\\')
      ${reader ? `AND ${readerOf('h.id')}` : ''}
    ORDER BY h.scheduled_at DESC LIMIT ?`;

export class SqlRecordStore implements RecordStore {
  constructor(private readonly db: Db) {}

  async get(hearingId: string): Promise<RecordRow | undefined> {
    const row = await this.db.get('SELECT * FROM records WHERE hearing_id = ?', [hearingId]);
    return row ? toRecord(row) : undefined;
  }

  /**
   * Starts a build: a new row, or a failed one reused (its old error cleared), or with
   * `replaceReady` a ready one (its bundle, dates and retention kept until the new one is ready).
   * Returns false when a build is already running or the record exists, which the caller turns
   * into a refusal. One statement, so two nodes cannot both start the same build.
   */
  async begin(
    hearingId: string,
    at: string,
    { attempt = 1, replaceReady = false }: { attempt?: number; replaceReady?: boolean } = {},
  ): Promise<boolean> {
    const { changes } = await this.db.run(
      `INSERT INTO records (hearing_id, status, progress, phase, created_at, attempts) VALUES (?, 'building', 0, 'queued', ?, ?)
       ON CONFLICT (hearing_id) DO UPDATE SET status = 'building', progress = 0, phase = 'queued', error = NULL,
         attempts = excluded.attempts, next_attempt_at = NULL,
         created_at = CASE WHEN ${hasBundle('records.')} THEN records.created_at ELSE excluded.created_at END,
         completed_at = CASE WHEN ${hasBundle('records.')} THEN records.completed_at ELSE NULL END
       WHERE records.status = 'failed' OR (? = 1 AND records.status = 'ready')`,
      [hearingId, at, attempt, replaceReady ? 1 : 0],
    );
    return changes === 1;
  }

  async progress(hearingId: string, progress: number, phase: string): Promise<void> {
    await this.db.run("UPDATE records SET progress = ?, phase = ? WHERE hearing_id = ? AND status = 'building'", [
      Math.max(0, Math.min(1, progress)),
      phase,
      hearingId,
    ]);
  }

  async ready(hearingId: string, f: { dir: string; manifestSha256: string; completedAt: string; retainUntil: string }): Promise<void> {
    await this.db.run(
      `UPDATE records SET status = 'ready', progress = 1, phase = 'done', dir = ?, manifest_sha256 = ?, completed_at = ?,
         retain_until = ?, error = NULL, next_attempt_at = NULL WHERE hearing_id = ?`,
      [f.dir, f.manifestSha256, f.completedAt, f.retainUntil, hearingId],
    );
  }

  /** A failed attempt; a rebuild that failed leaves the earlier bundle ready, with the error shown. */
  async failed(hearingId: string, error: string, at: string, nextAttemptAt: string | null = null): Promise<void> {
    await this.db.run(
      `UPDATE records SET status = CASE WHEN ${HAS_BUNDLE} THEN 'ready' ELSE 'failed' END,
         progress = CASE WHEN ${HAS_BUNDLE} THEN 1 ELSE progress END, phase = CASE WHEN ${HAS_BUNDLE} THEN 'done' ELSE phase END,
         completed_at = CASE WHEN ${HAS_BUNDLE} THEN completed_at ELSE ? END, error = ?, next_attempt_at = ?
       WHERE hearing_id = ?`,
      [at, error.slice(0, 2000), nextAttemptAt, hearingId],
    );
  }

  /**
   * Builds cut short by a stop never finish: marked failed at start (a forced rebuild too, its
   * earlier bundle still in the row) so the start-up recovery builds them again. One statement.
   */
  async failInterrupted(at: string, only?: readonly string[]): Promise<string[]> {
    if (only?.length === 0) return [];
    // `only`: the hearings whose builds were this process's (several nodes share the database).
    const among = only ? ` AND hearing_id IN (${only.map(() => '?').join(', ')})` : '';
    const rows = await this.db.all<{ hearing_id: string }>(
      `UPDATE records SET status = 'failed', error = ?, next_attempt_at = NULL,
         completed_at = CASE WHEN ${HAS_BUNDLE} THEN completed_at ELSE ? END
       WHERE status = 'building'${among} RETURNING hearing_id`,
      ['The server stopped while this record was being built', at, ...(only ?? [])],
    );
    return rows.map((r) => r.hearing_id).sort();
  }

  async building(): Promise<string[]> {
    const rows = await this.db.all<{ hearing_id: string }>("SELECT hearing_id FROM records WHERE status = 'building' ORDER BY hearing_id");
    return rows.map((r) => r.hearing_id);
  }

  async pending(): Promise<PendingRecord[]> {
    const rows = await this.db.all(
      `SELECT h.id AS hearing_id, r.status, r.dir, r.manifest_sha256
         FROM hearings h LEFT JOIN records r ON r.hearing_id = h.id
        WHERE h.state = 'adjourned' AND (
              (r.hearing_id IS NULL
                AND NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.hearing_id = h.id AND a.type = 'record.none'))
           OR r.status = 'failed'
           OR (r.status = 'ready' AND r.next_attempt_at IS NOT NULL))
        ORDER BY h.updated_at, h.id`,
    );
    return rows.map((r) => ({
      hearingId: r.hearing_id as string,
      status: (r.status as RecordStatus | null) ?? null,
      hasBundle: r.dir !== null && r.dir !== undefined && r.manifest_sha256 !== null && r.manifest_sha256 !== undefined,
    }));
  }

  async setRetention(hearingId: string, retainUntil: string): Promise<void> {
    await this.db.run('UPDATE records SET retain_until = ? WHERE hearing_id = ?', [retainUntil, hearingId]);
  }

  /** False when the record already has a pending request (the partial unique index of step 10 decides). */
  async addRequest(hearingId: string, q: RecordRequestView): Promise<boolean> {
    const { changes } = await this.db.run(
      `INSERT INTO record_requests (id, hearing_id, kind, retain_until, reason, requested_by, requested_by_name, requested_at, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')
       ON CONFLICT (hearing_id) WHERE status = 'pending' DO NOTHING`,
      [q.id, hearingId, q.kind, q.retainUntil, q.reason, q.requestedBy.accountId, q.requestedBy.username, q.requestedAt],
    );
    return changes === 1;
  }

  async request(hearingId: string, requestId: string): Promise<RecordRequestView | undefined> {
    const row = await this.db.get('SELECT * FROM record_requests WHERE id = ? AND hearing_id = ?', [requestId, hearingId]);
    return row ? toRequest(row) : undefined;
  }

  async pendingRequest(hearingId: string): Promise<RecordRequestView | undefined> {
    const row = await this.db.get("SELECT * FROM record_requests WHERE hearing_id = ? AND status = 'pending'", [hearingId]);
    return row ? toRequest(row) : undefined;
  }

  /** One conditional UPDATE: of two deciders (on any node), only one finds it still pending. */
  async decideRequest(
    requestId: string,
    d: { status: 'approved' | 'refused' | 'withdrawn'; by: { accountId: string; username: string }; at: string; reason: string | null },
  ): Promise<boolean> {
    const { changes } = await this.db.run(
      `UPDATE record_requests SET status = ?, decided_by = ?, decided_by_name = ?, decided_at = ?, decision_reason = ?
        WHERE id = ? AND status = 'pending'`,
      [d.status, d.by.accountId, d.by.username, d.at, d.reason, requestId],
    );
    return changes === 1;
  }

  async isReader(hearingId: string, accountId: string): Promise<boolean> {
    const row = await this.db.get(`SELECT 1 AS reader WHERE ${readerOf('?')}`, [hearingId, accountId, hearingId, accountId]);
    return row !== undefined;
  }

  async grant(hearingId: string, accountId: string, by: string, at: string): Promise<void> {
    await this.db.run(
      `INSERT INTO record_grants (hearing_id, account_id, granted_by, granted_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (hearing_id, account_id) DO NOTHING`,
      [hearingId, accountId, by, at],
    );
  }

  async deleted(hearingId: string, at: string): Promise<void> {
    await this.db.run("UPDATE records SET status = 'deleted', deleted_at = ?, dir = NULL WHERE hearing_id = ?", [at, hearingId]);
  }

  /** Records (ready, or failed with their captured media still on disk) whose retention ended at or before `nowIso`. */
  async expired(nowIso: string): Promise<RecordRow[]> {
    const rows = await this.db.all(
      "SELECT * FROM records WHERE status IN ('ready', 'failed') AND retain_until IS NOT NULL AND retain_until <= ?",
      [nowIso],
    );
    return rows.map(toRecord);
  }

  /** Case-insensitive where the engine folds case (SQLite: ASCII only), `%` and `_` taken literally. */
  async search(query: string | undefined, { limit = 100, readerId }: { limit?: number; readerId?: string } = {}): Promise<ArchiveHit[]> {
    const q = `%${(query ?? '').trim().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    const reader = readerId === undefined ? [] : [readerId, readerId];
    const rows = await this.db.all(SEARCH(readerId !== undefined), [q, q, q, ...reader, limit]);
    return rows.map((r) => ({
      hearingId: r.hearing_id as string,
      hearingTitle: r.hearing_title as string,
      scheduledAt: r.scheduled_at as string,
      state: r.state as string,
      caseId: r.case_id as string,
      caseNumber: r.number as string,
      caseTitle: r.case_title as string,
      court: r.court as string,
      record: r.status
        ? { status: r.status as RecordStatus, progress: numOf(r.progress) ?? 0, retainUntil: (r.retain_until as string | null) ?? null }
        : null,
    }));
  }

  /**
   * The hearing's audit events as audit.jsonl lines. actor and data are spliced in as the exact
   * JSON text that was hashed (not re-serialized), so the file re-verifies byte for byte.
   */
  async auditLines(hearingId: string): Promise<string[]> {
    const rows = await this.db.all('SELECT * FROM audit_events WHERE hearing_id = ? ORDER BY seq', [hearingId]);
    return rows.map(
      (r) =>
        `{"seq":${numOf(r.seq)},"hearingId":${JSON.stringify(r.hearing_id)},"at":${JSON.stringify(r.at)},"actor":${r.actor as string},` +
        `"type":${JSON.stringify(r.type)},"data":${r.data as string},"prevHash":${JSON.stringify(r.prev_hash)},"hash":${JSON.stringify(r.hash)}}`,
    );
  }

  async gaps(hearingId: string): Promise<RecordingGap[]> {
    const rows = await this.db.all(
      `SELECT g.*, t.participant_id FROM recording_gaps g LEFT JOIN recording_tracks t ON t.id = g.track_id
        WHERE g.hearing_id = ? ORDER BY g.id`,
      [hearingId],
    );
    return rows.map(gapOf);
  }
}
