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

export async function attendanceView(store: Store, p: ParticipantRecord, r: AttendanceRecord | undefined): Promise<AttendanceView> {
  const a = r?.attestation ?? null;
  const site = p.siteId ? siteView(await store.sites.get(p.siteId)) : null;
  const attestedAt = a ? await store.sites.get(a.siteId) : undefined;
  return {
    participantId: p.id,
    displayName: p.displayName,
    role: p.role,
    site,
    status: r?.status ?? null,
    reason: r?.reason ?? null,
    idDocument: r?.idDocument ? maskIdDocument(r.idDocument) : null,
    idChecked: r?.idChecked ?? false,
    markedBy: r?.markedBy ?? null,
    markedAt: r?.markedAt ?? null,
    attestation: a
      ? {
          officer: a.officer,
          site: attestedAt?.name ?? a.siteId,
          idDocument: maskIdDocument(a.idDocument),
          note: a.note,
          at: a.at,
        }
      : null,
    verifiedBy: r?.verifiedBy ?? null,
  };
}

/** Every summoned participant of the hearing, in the order they were added, with their attendance. */
export async function attendanceList(store: Store, hearingId: string): Promise<AttendanceView[]> {
  const records = new Map((await store.attendance.listByHearing(hearingId)).map((r) => [r.participantId, r]));
  const summoned = (await store.participants.listByHearing(hearingId)).filter((p) => isSummoned(p.role));
  return Promise.all(summoned.map((p) => attendanceView(store, p, records.get(p.id))));
}
