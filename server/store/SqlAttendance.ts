// Attendance and identity checks in the SQL store (table attendance, migration "attendance"):
// the one place identity numbers are kept whole. Merged into SqlStore's repositories.
import type { Store } from '../../core/hearing/ports.js';
import type { AttendanceRecord } from '../../core/hearing/types.js';
import type { IdDocumentKind } from '../../core/protocol/attendance.js';
import type { Db, Row, SqlValue } from './sql/Db.js';
import { flag } from './storeRows.js';

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const toAttendance = (r: Row): AttendanceRecord => ({
  participantId: r.participant_id as string,
  hearingId: r.hearing_id as string,
  status: (r.status as AttendanceRecord['status']) ?? null,
  reason: text(r.reason),
  idDocument: r.id_kind && r.id_number ? { kind: r.id_kind as IdDocumentKind, number: r.id_number as string } : null,
  idChecked: flag(r.id_checked),
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

/** Every column but the key, in the order `values()` gives them after participant_id. */
const COLUMNS = [
  'hearing_id',
  'status',
  'reason',
  'id_kind',
  'id_number',
  'id_checked',
  'marked_by',
  'marked_at',
  'attested_account_id',
  'attested_by',
  'attested_site_id',
  'attested_id_kind',
  'attested_id_number',
  'attested_note',
  'attested_at',
  'verified_by',
] as const;

// A put replaces the whole row: every column is set again when the participant already has one.
const PUT = `INSERT INTO attendance (participant_id, ${COLUMNS.join(', ')})
  VALUES (?${', ?'.repeat(COLUMNS.length)})
  ON CONFLICT (participant_id) DO UPDATE SET ${COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`;

function values(r: AttendanceRecord): SqlValue[] {
  const a = r.attestation;
  return [
    r.participantId,
    r.hearingId,
    r.status,
    r.reason,
    r.idDocument?.kind ?? null,
    r.idDocument?.number ?? null,
    r.idChecked ? 1 : 0,
    r.markedBy,
    r.markedAt,
    a?.accountId ?? null,
    a?.officer ?? null,
    a?.siteId ?? null,
    a?.idDocument.kind ?? null,
    a?.idDocument.number ?? null,
    a?.note ?? null,
    a?.at ?? null,
    r.verifiedBy,
  ];
}

export function attendanceRepository(db: Db): Store['attendance'] {
  return {
    get: async (participantId) => {
      const row = await db.get('SELECT * FROM attendance WHERE participant_id = ?', [participantId]);
      return row ? toAttendance(row) : undefined;
    },
    listByHearing: async (hearingId) =>
      (await db.all('SELECT * FROM attendance WHERE hearing_id = ? ORDER BY rowid', [hearingId])).map(toAttendance),
    put: async (r) => {
      await db.run(PUT, values(r));
    },
  };
}
