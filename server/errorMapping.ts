// The one place where errors become HTTP statuses and socket replies.
import { ZodError } from 'zod';
import { DomainError } from '../core/hearing/errors.js';
import type { ErrorBody, ErrorCode } from '../core/protocol/signaling.js';

const STATUS: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  invalid_state: 409,
  conflict: 409,
  internal: 500,
};

export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof DomainError) {
    return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  }
  if (error instanceof ZodError) {
    return { code: 'invalid_input', message: describeZod(error), details: error.issues };
  }
  // mediasoup rejects bad RTP/DTLS parameters with TypeError; that is the client's fault, not ours.
  if (error instanceof TypeError && /mediasoup|rtp|dtls|codec|parameters/i.test(String(error.stack))) {
    return { code: 'invalid_input', message: error.message };
  }
  console.error('[vcourt] unexpected error:', error);
  return { code: 'internal', message: 'Internal error' };
}

export function httpStatus(body: ErrorBody): number {
  return STATUS[body.code];
}

export function describeZod(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`)
    .join('; ');
}
