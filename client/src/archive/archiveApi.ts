// The clerk archive's HTTP calls and its staff session. Framework-free, like client/src/core.
// The staff token lives in sessionStorage: it survives a reload of this tab and dies with it, and
// is never in a URL. Files and the tar are opened through short-lived record links the server
// puts in RecordView (a <video src> cannot send an Authorization header).
import { COURT_TIME_ZONE } from '../../../core/lib/courtLocale.js';
import { errorFromBody } from '../core/api.js';
import type { ArchiveHit, RecordRequestKind, RecordRequestView, RecordView, VerifyReport } from '../core/protocol.js';
import { RequestError } from '../core/RequestError.js';

const STORAGE_KEY = 'vcourt.staff';

export interface StaffSession {
  token: string;
  account: { id: string; username: string; displayName: string; role: string };
}

export function loadSession(): StaffSession | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    return raw ? (JSON.parse(raw) as StaffSession) : null;
  } catch {
    return null;
  }
}

export function saveSession(session: StaffSession | null): void {
  try {
    if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* storage blocked: the session lasts as long as this page */
  }
}

async function call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (error) {
    throw new RequestError('network', String(error));
  }
  if (response.status === 204) return undefined as T;
  const parsed: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorFromBody(response.status, parsed);
  return parsed as T;
}

export const archiveApi = {
  /** With `code` when the server asked for one (401, details.reason 'totp_required'). */
  login: (username: string, password: string, code?: string) =>
    call<StaffSession>('POST', '/api/auth/login', null, { username, password, ...(code ? { code } : {}) }),
  /** Ends the session on the server too (best effort: the token may already be dead). */
  logout: (token: string) => call<void>('POST', '/api/auth/logout', token),
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
  return new Intl.DateTimeFormat('en-CA', { timeZone: COURT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(iso),
  );
}
