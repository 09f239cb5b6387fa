// The few HTTP calls the courtroom client makes. Errors come back as RequestError with the
// server's code and message (`{ error: { code, message } }` per core/protocol/http.ts).
import type { ErrorBody, InvitationInfo } from './protocol.js';
import { RequestError } from './RequestError.js';

export function fetchInvitation(token: string, signal?: AbortSignal): Promise<InvitationInfo> {
  return requestJson<InvitationInfo>('GET', '/api/invitation', token, signal);
}

/** One authenticated JSON request: a RequestError with the server's code, or 'network' when unreachable. */
export async function requestJson<T>(method: 'GET' | 'POST', path: string, token: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new RequestError('network', String(error));
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw errorFromBody(response.status, body);
  return body as T;
}

export function errorFromBody(status: number, body: unknown): RequestError {
  const error = (body as { error?: Partial<ErrorBody> } | null)?.error;
  if (error && typeof error.message === 'string') {
    return new RequestError(error.code ?? 'internal', error.message, error.details);
  }
  // No error body: a proxy or load balancer answered, i.e. our server was not reached.
  if (status >= 500) return new RequestError('network', `HTTP ${status}`);
  const code = status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : 'internal';
  return new RequestError(code, `HTTP ${status}`);
}
