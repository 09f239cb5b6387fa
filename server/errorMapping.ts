// The one place where errors become HTTP statuses and socket replies. Errors are named where they
// happen (a DomainError, or HTTP's own HttpRefusal); nothing here guesses from a stack trace.
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
  // More than one's share (a second camera, transports, consumers): refused until something is closed.
  quota_exceeded: 429,
  unavailable: 503,
  // Too often (server/limits.ts): the reply says when to try again (Retry-After over HTTP).
  rate_limited: 429,
  // Another node serves the hearing (a socket handshake only; 421 Misdirected Request over HTTP).
  moved: 421,
  internal: 500,
};

/**
 * A refusal that belongs to HTTP, not to the domain (415 wrong content type, 405 method): the
 * client's input, with a status no domain code has.
 */
export class HttpRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpRefusal';
  }
}

/** Over a rate limit (server/limits.ts): refused before anything is done, to be tried again after `retryAfterMs`. */
export class RateLimited extends Error {
  constructor(
    readonly retryAfterMs: number,
    message = 'Too many requests: try again later',
  ) {
    super(message);
    this.name = 'RateLimited';
  }
}

export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof RateLimited) {
    return { code: 'rate_limited', message: error.message, details: { retryAfterMs: error.retryAfterMs } };
  }
  if (error instanceof DomainError) {
    return { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) };
  }
  if (error instanceof ZodError) {
    return { code: 'invalid_input', message: describeZod(error), details: error.issues };
  }
  const refusal = httpRefusal(error);
  if (refusal) return { code: 'invalid_input', message: refusal.message };
  console.error('[vcourt] unexpected error:', error);
  return { code: 'internal', message: 'Internal error' };
}

export function httpStatus(body: ErrorBody): number {
  return STATUS[body.code];
}

/**
 * What an HTTP route's error becomes: its body, and the code's status unless HTTP's own refusal
 * carries one; a rate limit adds Retry-After (whole seconds, at least 1).
 */
export function toHttp(error: unknown): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  const body = toErrorBody(error);
  const status = httpRefusal(error)?.status ?? httpStatus(body);
  if (error instanceof RateLimited)
    return { status, body, headers: { 'Retry-After': String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))) } };
  return { status, body };
}

/** HttpRefusal, or a body parser's refusal (express.json/text: unparseable, too large, bad charset). */
function httpRefusal(error: unknown): { status: number; message: string } | null {
  if (error instanceof HttpRefusal) return error;
  if (!(error instanceof Error)) return null;
  const { status, type } = error as { status?: unknown; type?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status >= 500) return null;
  return { status, message: type === 'entity.parse.failed' ? 'The request body is not valid JSON' : error.message };
}

export function describeZod(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') + ': ' : ''}${i.message}`)
    .join('; ');
}
