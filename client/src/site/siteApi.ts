// The site officer's HTTP calls, with the officer's own staff session (../staff/staffApi.ts).
import type { AttendanceView, IdDocumentKind, SiteHearing } from '../core/protocol.js';
import { staffCall } from '../staff/staffApi.js';

export const siteApi = {
  hearings: (token: string) => staffCall<{ hearings: SiteHearing[] }>('GET', '/api/site/hearings', token).then((r) => r.hearings),
  attest: (token: string, hearingId: string, participantId: string, idDocument: { kind: IdDocumentKind; number: string }, note?: string) =>
    staffCall<{ attendance: AttendanceView }>(
      'POST',
      `/api/site/hearings/${encodeURIComponent(hearingId)}/participants/${encodeURIComponent(participantId)}/attest`,
      token,
      { idDocument, ...(note ? { note } : {}) },
    ).then((r) => r.attendance),
};
