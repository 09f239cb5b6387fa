// The presiding judge's HTTP calls, with the judge's own staff session (../staff/staffApi.ts).
// The link `join` returns is bound to that session: signing out closes it.
import type { BenchHearing, Invitation } from '../core/protocol.js';
import { staffCall } from '../staff/staffApi.js';

export const benchApi = {
  hearings: (token: string) => staffCall<{ hearings: BenchHearing[] }>('GET', '/api/bench/hearings', token).then((r) => r.hearings),
  join: (token: string, hearingId: string) =>
    staffCall<{ invitation: Invitation }>('POST', `/api/bench/hearings/${encodeURIComponent(hearingId)}/join`, token).then(
      (r) => r.invitation,
    ),
};
