import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { httpStatus, toErrorBody } from '../../server/errorMapping.js';
import {
  ConflictError,
  InvalidStateError,
  NotFoundError,
  PermissionDeniedError,
  UnauthorizedError,
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
});
