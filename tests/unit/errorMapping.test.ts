import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { HttpRefusal, httpStatus, toErrorBody, toHttp } from '../../server/errorMapping.js';
import {
  ConflictError,
  InvalidStateError,
  NotFoundError,
  PermissionDeniedError,
  QuotaExceededError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
} from '../../core/hearing/errors.js';

describe('error mapping (errors → socket replies and HTTP statuses)', () => {
  it.each([
    [new ValidationError('bad'), 'invalid_input', 400],
    [new UnauthorizedError(), 'unauthorized', 401],
    [new PermissionDeniedError('no'), 'forbidden', 403],
    [new NotFoundError('Hearing', 'h'), 'not_found', 404],
    [new InvalidStateError('ended'), 'invalid_state', 409],
    [new ConflictError('twice'), 'conflict', 409],
    [new QuotaExceededError('a second camera'), 'quota_exceeded', 429],
    [new UnavailableError('no free media port'), 'unavailable', 503],
  ] as const)('%s → %s / %i', (error, code, status) => {
    const body = toErrorBody(error);
    expect(body.code).toBe(code);
    expect(body.message).toBe(error.message);
    expect(httpStatus(body)).toBe(status);
  });

  it('a zod error becomes invalid_input with its issues', () => {
    const result = z.object({ a: z.string() }).safeParse({ a: 1 });
    const body = toErrorBody(result.error);
    expect(body.code).toBe('invalid_input');
    expect(body.details).toHaveLength(1);
  });

  it('anything unexpected becomes internal without leaking its message', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const body = toErrorBody(new Error('SQLITE_CORRUPT at /secret/path'));
    expect(body).toEqual({ code: 'internal', message: 'Internal error' });
    expect(httpStatus(body)).toBe(500);
    spy.mockRestore();
  });

  it('a TypeError is never guessed to be the client’s: mediasoup’s refusals arrive as ValidationError from media/', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // What the old stack-matching rule turned into invalid_input; the SFU adapter now names it at the source.
    const fromMediasoup = new TypeError('missing parameters.codecs');
    fromMediasoup.stack =
      'TypeError: missing parameters.codecs\n    at validateRtpParameters (node_modules/mediasoup/node/lib/ortc.js:1:1)';
    expect(toErrorBody(fromMediasoup)).toEqual({ code: 'internal', message: 'Internal error' });
    spy.mockRestore();
    const named = toHttp(new ValidationError('missing parameters.codecs'));
    expect(named).toEqual({ status: 400, body: { code: 'invalid_input', message: 'missing parameters.codecs' } });
  });

  it('HTTP’s own refusals keep their status (WHIP’s 415 and 405) as invalid_input', () => {
    expect(toHttp(new HttpRefusal(415, 'Send the SDP offer with Content-Type: application/sdp'))).toEqual({
      status: 415,
      body: { code: 'invalid_input', message: 'Send the SDP offer with Content-Type: application/sdp' },
    });
    expect(toHttp(new HttpRefusal(405, 'no trickle')).status).toBe(405);
  });

  it('a body parser’s refusals are the client’s, with their status; unparseable JSON says so', () => {
    const parser = (message: string, status: number, type: string, base: ErrorConstructor = Error) =>
      Object.assign(new base(message), { status, statusCode: status, expose: true, type });
    expect(toHttp(parser('Unexpected end of JSON input', 400, 'entity.parse.failed', SyntaxError))).toEqual({
      status: 400,
      body: { code: 'invalid_input', message: 'The request body is not valid JSON' },
    });
    expect(toHttp(parser('request entity too large', 413, 'entity.too.large'))).toEqual({
      status: 413,
      body: { code: 'invalid_input', message: 'request entity too large' },
    });
    expect(toHttp(parser('unsupported charset "KOI8"', 415, 'charset.unsupported')).status).toBe(415);
  });

  it('a domain error over HTTP gets its code’s status', () => {
    expect(toHttp(new InvalidStateError('ended'))).toEqual({ status: 409, body: { code: 'invalid_state', message: 'ended' } });
  });
});
