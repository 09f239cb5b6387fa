// Attendance records → the bench's views (core/protocol/attendance.ts): who is summoned, and each
// one's attendance with identity numbers masked. Pure functions over what the Store holds.
import { maskIdDocument } from '../protocol/attendance.js';
import type { AttendanceView, Role } from '../protocol/model.js';
import { BENCH_ROLES } from './permissions.js';
import type { Store } from './ports.js';
import type { AttendanceRecord, ParticipantRecord } from './types.js';
import { siteView } from './views.js';

/**
 * Who the clerk calls: everyone the court summoned, so not the trial panel and the clerk (who hold
 * the hearing), not the public (observers) and not the courtroom's hardware.
 */
export function isSummoned(role: Role): boolean {
  return !BENCH_ROLES.includes(role) && role !== 'observer' && role !== 'device';
}

export function attendanceView(store: Store, p: ParticipantRecord, r: AttendanceRecord | undefined): AttendanceView {
  const a = r?.attestation ?? null;
  return {
    participantId: p.id,
    displayName: p.displayName,
    role: p.role,
    site: p.siteId ? siteView(store.sites.get(p.siteId)) : null,
    status: r?.status ?? null,
    reason: r?.reason ?? null,
    idDocument: r?.idDocument ? maskIdDocument(r.idDocument) : null,
    idChecked: r?.idChecked ?? false,
    markedBy: r?.markedBy ?? null,
    markedAt: r?.markedAt ?? null,
    attestation: a
      ? {
          officer: a.officer,
          site: store.sites.get(a.siteId)?.name ?? a.siteId,
          idDocument: maskIdDocument(a.idDocument),
          note: a.note,
          at: a.at,
        }
      : null,
    verifiedBy: r?.verifiedBy ?? null,
  };
}

/** Every summoned participant of the hearing, in the order they were added, with their attendance. */
export function attendanceList(store: Store, hearingId: string): AttendanceView[] {
  const records = new Map(store.attendance.listByHearing(hearingId).map((r) => [r.participantId, r]));
  return store.participants
    .listByHearing(hearingId)
    .filter((p) => isSummoned(p.role))
    .map((p) => attendanceView(store, p, records.get(p.id)));
}
