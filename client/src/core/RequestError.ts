// The error a failed request (socket or HTTP) rejects with: the server's stable code, plus the
// client-side codes for what never reached an answer.
import type { ErrorCode } from './protocol.js';

export type ClientErrorCode = ErrorCode | 'timeout' | 'disconnected' | 'network';

export class RequestError extends Error {
  override readonly name = 'RequestError';

  constructor(
    readonly code: ClientErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** A person-readable message from anything thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
