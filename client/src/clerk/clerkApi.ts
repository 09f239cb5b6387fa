// The clerk's workspace HTTP calls (core/protocol/workspace.ts and http.ts list the routes).
// Framework-free, like client/src/core; the staff session and its sign-in are shared with the
// archive and the bench (../staff/staffApi.ts).
import type {
  AddParticipantBody,
  CalendarHearing,
  CreateAccountBody,
  CaseView,
  CreateCaseBody,
  CreateHearingBody,
  Dashboard,
  DeliveryView,
  DeviceView,
  HearingView,
  Invitation,
  JudgeAccountView,
  RegisterDeviceBody,
  SetRoleBody,
  SiteKind,
  SiteView,
  StaffParticipantView,
  UpdateCaseBody,
  UpdateHearingBody,
  UpdateParticipantBody,
  UpdateSiteBody,
} from '../core/protocol.js';
import { staffCall as call } from '../staff/staffApi.js';

/** A site as the clerk manages it: the list carries whether its people get relayed media only. */
export interface SiteRecord extends SiteView {
  relayOnly?: boolean;
}

/** A staff account as GET /api/accounts lists it (server/auth/Access.ts listAccounts). */
export interface AccountRecord {
  id: string;
  username: string;
  displayName: string;
  role: CreateAccountBody['role'];
  disabled: boolean;
  siteId: string | null;
  /** Not sent by the server yet: shown when it is. */
  totpEnabled?: boolean;
}
export type AccountRole = AccountRecord['role'];

export interface HearingDetail {
  hearing: HearingView;
  participants: StaffParticipantView[];
}

const e = encodeURIComponent;
const hearingPath = (id: string) => `/api/hearings/${e(id)}`;
const personPath = (hearingId: string, pid: string) => `${hearingPath(hearingId)}/participants/${e(pid)}`;

export const clerkApi = {
  dashboard: (token: string, day?: string) => call<Dashboard>('GET', `/api/dashboard${day ? `?day=${e(day)}` : ''}`, token),
  calendar: (token: string, from: string, to: string) =>
    call<{ hearings: CalendarHearing[] }>('GET', `/api/hearings?from=${e(from)}&to=${e(to)}`, token).then((r) => r.hearings),

  searchCases: (token: string, q: string) => call<{ cases: CaseView[] }>('GET', `/api/cases?q=${e(q)}`, token).then((r) => r.cases),
  createCase: (token: string, body: CreateCaseBody) => call<{ case: CaseView }>('POST', '/api/cases', token, body).then((r) => r.case),
  getCase: (token: string, caseId: string) => call<{ case: CaseView; hearings: HearingView[] }>('GET', `/api/cases/${e(caseId)}`, token),
  updateCase: (token: string, caseId: string, body: UpdateCaseBody) =>
    call<{ case: CaseView }>('PATCH', `/api/cases/${e(caseId)}`, token, body).then((r) => r.case),

  createHearing: (token: string, body: CreateHearingBody) =>
    call<{ hearing: HearingView }>('POST', '/api/hearings', token, body).then((r) => r.hearing),
  getHearing: (token: string, id: string) => call<HearingDetail>('GET', hearingPath(id), token),
  updateHearing: (token: string, id: string, body: UpdateHearingBody) =>
    call<{ hearing: HearingView }>('PATCH', hearingPath(id), token, body).then((r) => r.hearing),
  /** A postponed hearing held again: a new hearing with the same people (new links to send). */
  reschedule: (token: string, id: string, scheduledAt: string) =>
    call<HearingDetail>('POST', `${hearingPath(id)}/reschedule`, token, { scheduledAt }),

  addParticipant: (token: string, hearingId: string, body: AddParticipantBody) =>
    call<{ participant: StaffParticipantView; invitation: Invitation | null }>(
      'POST',
      `${hearingPath(hearingId)}/participants`,
      token,
      body,
    ),
  updateParticipant: (token: string, hearingId: string, pid: string, body: UpdateParticipantBody) =>
    call<{ participant: StaffParticipantView }>('PATCH', personPath(hearingId, pid), token, body).then((r) => r.participant),
  withdrawParticipant: (token: string, hearingId: string, pid: string) => call<void>('DELETE', personPath(hearingId, pid), token),
  /** A new link (the old one stops working), shown once. */
  reissue: (token: string, hearingId: string, pid: string) =>
    call<{ invitation: Invitation }>('POST', `${personPath(hearingId, pid)}/invitation`, token).then((r) => r.invitation),
  /** A new link, sent through the court's notifier to the person's email or phone. */
  send: (token: string, hearingId: string, pid: string, channel?: 'email' | 'sms') =>
    call<{ invitation: Invitation; delivery: DeliveryView }>(
      'POST',
      `${personPath(hearingId, pid)}/invitation/send`,
      token,
      channel ? { channel } : {},
    ),
  revoke: (token: string, hearingId: string, pid: string) => call<void>('POST', `${personPath(hearingId, pid)}/invitation/revoke`, token),

  sites: (token: string) => call<{ sites: SiteRecord[] }>('GET', '/api/sites', token).then((r) => r.sites),
  createSite: (token: string, body: { name: string; kind: SiteKind; relayOnly?: boolean }) =>
    call<{ site: SiteRecord }>('POST', '/api/sites', token, body).then((r) => r.site),
  updateSite: (token: string, siteId: string, body: UpdateSiteBody) =>
    call<{ site: SiteRecord }>('PATCH', `/api/sites/${e(siteId)}`, token, body).then((r) => r.site),

  devices: (token: string) => call<{ devices: DeviceView[] }>('GET', '/api/devices', token).then((r) => r.devices),
  registerDevice: (token: string, siteId: string, body: RegisterDeviceBody) =>
    call<{ device: DeviceView; token: string }>('POST', `/api/sites/${e(siteId)}/devices`, token, body),
  deviceToken: (token: string, deviceId: string) =>
    call<{ token: string }>('POST', `/api/devices/${e(deviceId)}/token`, token).then((r) => r.token),
  revokeDevice: (token: string, deviceId: string) =>
    call<{ device: DeviceView }>('POST', `/api/devices/${e(deviceId)}/revoke`, token).then((r) => r.device),
  attachDevice: (token: string, hearingId: string, deviceId: string) =>
    call<{ participant: StaffParticipantView }>('POST', `${hearingPath(hearingId)}/devices`, token, { deviceId }),

  /** The active judge accounts a judge's seat may be bound to. */
  judges: (token: string) => call<{ judges: JudgeAccountView[] }>('GET', '/api/judges', token).then((r) => r.judges),
  /** The active clerk accounts the clerk of the hearing's seat may be bound to. */
  clerks: (token: string) => call<{ clerks: JudgeAccountView[] }>('GET', '/api/clerks', token).then((r) => r.clerks),

  // Staff accounts (administrators only; server/http/accounts.ts).
  accounts: (token: string) => call<{ accounts: AccountRecord[] }>('GET', '/api/accounts', token).then((r) => r.accounts),
  createAccount: (token: string, body: CreateAccountBody) => call<{ account: AccountRecord }>('POST', '/api/accounts', token, body),
  setDisabled: (token: string, id: string, disabled: boolean) =>
    call<void>('POST', `/api/accounts/${e(id)}/${disabled ? 'disable' : 'enable'}`, token),
  setRole: (token: string, id: string, body: SetRoleBody) => call<void>('POST', `/api/accounts/${e(id)}/role`, token, body),
  /** A generated password, returned once (the server keeps only its hash). */
  resetPassword: (token: string, id: string) =>
    call<{ password: string }>('POST', `/api/accounts/${e(id)}/password`, token, {}).then((r) => r.password),
  resetTotp: (token: string, id: string) => call<void>('POST', `/api/accounts/${e(id)}/totp/reset`, token),
};
