// A staff account's session in the browser, shared by the archive (/archive) and the bench
// (/bench): sign-in, sign-out and the authenticated JSON call. Framework-free, like client/src/core.
// The staff token lives in sessionStorage: it survives a reload of this tab and dies with it, and
// is never in a URL.
import { errorFromBody } from '../core/api.js';
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

/** One JSON request, with the staff token when given; a RequestError with the server's code, or 'network'. */
export async function staffCall<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
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

export const staffAuth = {
  /** With `code` when the server asked for one (401, details.reason 'totp_required'). */
  login: (username: string, password: string, code?: string) =>
    staffCall<StaffSession>('POST', '/api/auth/login', null, { username, password, ...(code ? { code } : {}) }),
  /** Ends the session on the server too (best effort: the token may already be dead). */
  logout: (token: string) => staffCall<void>('POST', '/api/auth/logout', token),
};

/** The server's details.reason of a refusal, if it gave one ('totp_required', 'bench_sign_in', …). */
export function refusalReason(error: unknown): string | undefined {
  if (!(error instanceof RequestError)) return undefined;
  const reason = (error.details as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' ? reason : undefined;
}
