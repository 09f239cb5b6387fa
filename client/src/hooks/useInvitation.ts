// Who we are and which hearing, from the invitation token (GET /api/invitation).
import { useEffect, useState } from 'react';
import { fetchInvitation } from '../core/api.js';
import type { InvitationInfo } from '../core/protocol.js';
import { RequestError, errorMessage } from '../core/RequestError.js';

export type InvitationResult =
  | { status: 'loading' }
  | { status: 'ready'; info: InvitationInfo }
  /** `reason`: the server's details.reason ('bench_sign_in': a judge's link whose sign-in has ended). */
  | { status: 'error'; code: string; message: string; reason?: string };

export function useInvitation(token: string | null): InvitationResult {
  const [result, setResult] = useState<InvitationResult>(
    token ? { status: 'loading' } : { status: 'error', code: 'no_token', message: '' },
  );
  useEffect(() => {
    if (!token) return;
    const abort = new AbortController();
    fetchInvitation(token, abort.signal).then(
      (info) => setResult({ status: 'ready', info }),
      (error: unknown) => {
        if (abort.signal.aborted) return;
        const code = error instanceof RequestError ? error.code : 'network';
        const reason = error instanceof RequestError ? (error.details as { reason?: unknown } | undefined)?.reason : undefined;
        setResult({ status: 'error', code, message: errorMessage(error), ...(typeof reason === 'string' ? { reason } : {}) });
      },
    );
    return () => abort.abort();
  }, [token]);
  return result;
}
