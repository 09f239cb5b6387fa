// Attendance and identity checks in the embedded store (table attendance, migration "attendance"):
// the one place identity numbers are kept whole. Merged into SqliteStore's repositories.
import type Database from 'better-sqlite3';
import type { Store } from '../../core/hearing/ports.js';
import type { AttendanceRecord } from '../../core/hearing/types.js';
import type { IdDocumentKind } from '../../core/protocol/attendance.js';

type Row = Record<string, unknown>;

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const toAttendance = (r: Row): AttendanceRecord => ({
  participantId: r.participant_id as string,
  hearingId: r.hearing_id as string,
  status: (r.status as AttendanceRecord['status']) ?? null,
  reason: text(r.reason),
  idDocument: r.id_kind && r.id_number ? { kind: r.id_kind as IdDocumentKind, number: r.id_number as string } : null,
  idChecked: r.id_checked === 1,
  markedBy: (r.marked_by as AttendanceRecord['markedBy']) ?? null,
  markedAt: text(r.marked_at),
  attestation: r.attested_at
    ? {
        accountId: r.attested_account_id as string,
        officer: r.attested_by as string,
        siteId: r.attested_site_id as string,
        idDocument: { kind: r.attested_id_kind as IdDocumentKind, number: r.attested_id_number as string },
        note: text(r.attested_note),
        at: r.attested_at as string,
      }
    : null,
  verifiedBy: text(r.verified_by),
});

export function attendanceRepository(db: Database.Database): Store['attendance'] {
  const get = db.prepare('SELECT * FROM attendance WHERE participant_id = ?');
  const list = db.prepare('SELECT * FROM attendance WHERE hearing_id = ? ORDER BY rowid');
  const put = db.prepare(
    `INSERT OR REPLACE INTO attendance (participant_id, hearing_id, status, reason, id_kind, id_number, id_checked, marked_by,
       marked_at, attested_account_id, attested_by, attested_site_id, attested_id_kind, attested_id_number, attested_note,
       attested_at, verified_by)
     VALUES (@participant_id, @hearing_id, @status, @reason, @id_kind, @id_number, @id_checked, @marked_by, @marked_at,
       @attested_account_id, @attested_by, @attested_site_id, @attested_id_kind, @attested_id_number, @attested_note,
       @attested_at, @verified_by)`,
  );
  return {
    get: (participantId: string) => {
      const row = get.get(participantId) as Row | undefined;
      return row ? toAttendance(row) : undefined;
    },
    listByHearing: (hearingId: string) => (list.all(hearingId) as Row[]).map(toAttendance),
    put: (r: AttendanceRecord) => {
      const a = r.attestation;
      put.run({
        participant_id: r.participantId,
        hearing_id: r.hearingId,
        status: r.status,
        reason: r.reason,
        id_kind: r.idDocument?.kind ?? null,
        id_number: r.idDocument?.number ?? null,
        id_checked: r.idChecked ? 1 : 0,
        marked_by: r.markedBy,
        marked_at: r.markedAt,
        attested_account_id: a?.accountId ?? null,
        attested_by: a?.officer ?? null,
        attested_site_id: a?.siteId ?? null,
        attested_id_kind: a?.idDocument.kind ?? null,
        attested_id_number: a?.idDocument.number ?? null,
        attested_note: a?.note ?? null,
        attested_at: a?.at ?? null,
        verified_by: r.verifiedBy,
      });
    },
  };
}
