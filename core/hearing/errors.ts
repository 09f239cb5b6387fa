// The few domain errors, each with a stable code. One mapper (server/http/errorMapping.ts) turns
// them into HTTP statuses and socket replies; nothing else translates errors.
import type { ErrorCode } from '../protocol/signaling.js';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('invalid_input', message, details);
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message = 'Authentication required', details?: unknown) {
    super('unauthorized', message, details);
  }
}

export class PermissionDeniedError extends DomainError {
  constructor(message: string, details?: unknown) {
    super('forbidden', message, details);
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('not_found', `${what} ${id} not found`);
  }
}

export class InvalidStateError extends DomainError {
  constructor(message: string) {
    super('invalid_state', message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** A participant asked for more than their share: a second camera, a third transport, consumers past the cap. */
export class QuotaExceededError extends DomainError {
  constructor(message: string) {
    super('quota_exceeded', message);
  }
}

/** The server cannot do it now for want of a resource (no free media port); not the caller's fault. */
export class UnavailableError extends DomainError {
  constructor(message: string) {
    super('unavailable', message);
  }
}
