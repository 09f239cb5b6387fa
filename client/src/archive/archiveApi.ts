// The clerk archive's HTTP calls. Framework-free, like client/src/core; the staff session and its
// sign-in are shared with the bench (../staff/staffApi.ts). Files and the tar are opened through
// short-lived record links the server puts in RecordView (a <video src> cannot send an
// Authorization header).
import { courtDay } from '../courtTime.js';
import type { ArchiveHit, RecordRequestKind, RecordRequestView, RecordView, VerifyReport } from '../core/protocol.js';
import { staffCall as call } from '../staff/staffApi.js';

export const archiveApi = {
  search: (token: string, q: string) =>
    call<{ hearings: ArchiveHit[] }>('GET', `/api/archive/hearings?q=${encodeURIComponent(q)}`, token).then((r) => r.hearings),
  record: (token: string, hearingId: string) =>
    call<RecordView>('GET', `/api/archive/hearings/${encodeURIComponent(hearingId)}/record`, token),
  verify: (token: string, hearingId: string) =>
    call<VerifyReport>('POST', `/api/archive/hearings/${encodeURIComponent(hearingId)}/record/verify`, token, {}),
  setRetention: (token: string, hearingId: string, retainUntil: string) =>
    call<void>('PUT', `/api/archive/hearings/${encodeURIComponent(hearingId)}/record/retention`, token, { retainUntil }),
  /** Four eyes: shortening a retention or deleting a record is a request another administrator decides. */
  fileRequest: (token: string, hearingId: string, body: { kind: RecordRequestKind; retainUntil?: string; reason: string }) =>
    call<{ request: RecordRequestView }>('POST', `/api/archive/hearings/${encodeURIComponent(hearingId)}/record/requests`, token, body),
  decideRequest: (token: string, hearingId: string, requestId: string, decision: 'approve' | 'refuse' | 'withdraw', reason?: string) =>
    call<{ request: RecordRequestView }>(
      'POST',
      `/api/archive/hearings/${encodeURIComponent(hearingId)}/record/requests/${encodeURIComponent(requestId)}/${decision}`,
      token,
      reason ? { reason } : {},
    ),
  /** Admins: build the record again into a new folder (`force` for a ready one, which is kept). */
  rebuild: (token: string, hearingId: string, force = false) =>
    call<RecordView>('POST', `/api/archive/hearings/${encodeURIComponent(hearingId)}/record/rebuild`, token, force ? { force } : {}),
};

/** 1 234 567 bytes → "1,2 MB" in the reader's language. */
export function formatBytes(bytes: number, lang: 'vi' | 'en'): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: digits }).format(value)} ${units[unit]}`;
}

/** The calendar day (in the court's zone) of an instant, as <input type="date"> wants it. */
export function dayInVietnam(iso: string): string {
  return courtDay(iso);
}
