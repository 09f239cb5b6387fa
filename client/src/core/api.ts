// The few HTTP calls the courtroom client makes. Errors come back as RequestError with the
// server's code and message (`{ error: { code, message } }` per server/protocol/http.ts).
import type { ErrorBody, InvitationInfo } from './protocol.js';
import { RequestError } from './RequestError.js';

export async function fetchInvitation(token: string, signal?: AbortSignal): Promise<InvitationInfo> {
  let response: Response;
  try {
    response = await fetch('/api/invitation', {
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
  return body as InvitationInfo;
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
