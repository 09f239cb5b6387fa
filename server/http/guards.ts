// The HTTP routes' guards, in one place: who is asking (a staff session, a record link, a device
// token, an invitation) and whether their account's role may use the route. Each guard is an
// express middleware that refuses with a domain error (mapped in server/errorMapping.ts) before
// the route does anything, and leaves what it learned on the request for the accessors below.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Access } from '../auth/Access.js';
import type { InvitationClaims, StaffClaims } from '../auth/tokens.js';
import { PermissionDeniedError, UnauthorizedError } from '../../core/hearing/errors.js';
import { ACCOUNT_ROLES, type AccountRole, type Actor, type DeviceRecord, type ParticipantRecord } from '../../core/hearing/types.js';
import { background } from '../../core/lib/background.js';
import { RateLimited } from '../errorMapping.js';
import type { Counter } from '../limits.js';
import type { LoginThrottle, PasswordCheck } from './LoginThrottle.js';

export type Guard = (req: Request, res: Response, next: NextFunction) => void | Promise<void>;

interface Guarded {
  staff?: StaffClaims;
  device?: DeviceRecord;
  invitation?: { claims: InvitationClaims; participant: ParticipantRecord };
}

/** Which staff accounts a route admits, by role. */
export const ROLES = {
  /** The court's administration (case file, devices); judges' accounts use the courtroom and the archive. */
  administration: ['admin', 'clerk'],
  /** Staff accounts themselves. */
  admins: ['admin'],
  /** Every account: its own session (sign-out, password, authenticator). */
  anyStaff: ACCOUNT_ROLES,
  /**
   * The archive: the court's own staff. Who may read a record or change its retention is the
   * archive's own rule (recordings/archive). A site officer attests identities at one site and
   * reads no record.
   */
  archive: ['admin', 'clerk', 'judge'],
} as const satisfies Record<string, readonly AccountRole[]>;

const BEARER = /^Bearer\s+(\S+)$/i;

/** The token of "Authorization: Bearer <token>", or null without one. */
export function bearerToken(req: Request): string | null {
  return BEARER.exec(req.get('authorization') ?? '')?.[1] ?? null;
}

/** The bearer token, or an UnauthorizedError saying how to send `what`. */
export function bearer(req: Request, what = 'the token'): string {
  const token = bearerToken(req);
  if (!token) throw new UnauthorizedError(`Send ${what} as "Authorization: Bearer <token>"`);
  return token;
}

/** A staff session of an existing account whose role is one of `roles`; `refusal` tells the others why not. */
export function staff(access: Access, roles: readonly AccountRole[], refusal = 'Your account may not do this'): Guard {
  return async (req, _res, next) => {
    const claims = await access.staff(bearer(req));
    if (!roles.includes(claims.role)) throw new PermissionDeniedError(refusal);
    (req as Guarded).staff = claims;
    next();
  };
}

/**
 * After a staff guard: the session was opened with a TOTP code. Changing or destroying records
 * needs it (403 otherwise, saying how to get one); `what` names the action in the refusal.
 */
export function secondFactor(what: string): Guard {
  return (req, _res, next) => {
    if (!staffOf(req).secondFactor) {
      throw new PermissionDeniedError(`${what} needs a sign-in with an authenticator code: set one up and sign in again`);
    }
    next();
  };
}

/**
 * A reader of one hearing's record (route param `:id`): any staff session, or else a record link
 * (`?access=`) for that very hearing, since a <video src> or a download cannot send a header. A
 * header that is sent must be valid: a bad one is refused, never passed over for the link.
 */
export function recordReader(access: Access): Guard {
  const anyStaff = staff(access, ROLES.archive);
  return async (req, res, next) => {
    if (bearerToken(req)) return anyStaff(req, res, next);
    const link = typeof req.query.access === 'string' ? req.query.access : null;
    if (!link) throw new UnauthorizedError('Sign in to the archive, or open the file from its record page');
    await access.recordReader(link, req.params.id as string);
    next();
  };
}

/** A registered device's current token (WHIP encoders, TV displays): not revoked, not replaced. */
export function deviceToken(access: Access): Guard {
  return async (req, _res, next) => {
    (req as Guarded).device = await access.device(bearer(req, 'the device token'));
    next();
  };
}

/** A participant's current invitation: for its hearing and role, not replaced, removed or denied. */
export function invited(access: Access): Guard {
  return async (req, _res, next) => {
    (req as Guarded).invitation = await access.participant(bearer(req));
    next();
  };
}

// What a guard left on the request. Asking on a route without that guard is a bug (an internal error).

function guarded<K extends keyof Guarded>(req: Request, key: K): NonNullable<Guarded[K]> {
  const value = (req as Guarded)[key];
  if (!value) throw new Error(`The route has no ${key} guard`);
  return value as NonNullable<Guarded[K]>;
}

export const staffOf = (req: Request): StaffClaims => guarded(req, 'staff');
export const deviceOf = (req: Request): DeviceRecord => guarded(req, 'device');
export const invitationOf = (req: Request) => guarded(req, 'invitation');

/** The staff session as the audit log's actor. */
export function staffActor(req: Request): Actor {
  const { accountId, username } = staffOf(req);
  return { kind: 'account', accountId, username };
}

// Rate limits (server/limits.ts), refused with 429 and Retry-After before the route does anything.

/** At most the counter's share per client address (express's req.ip: a loopback proxy speaks for the client). */
export function perAddress(counter: Counter, refusal: string): RequestHandler {
  return async (req, _res, next) => {
    const verdict = await counter.take(req.ip ?? 'unknown');
    if (!verdict.allowed) throw new RateLimited(verdict.retryAfterMs, refusal);
    next();
  };
}

/**
 * A sign-in attempt (LoginThrottle): refused while its account or address must wait, else counted
 * before the password is checked, and its outcome taken from the response: 200 signed in, 400 not a
 * guess (the body was refused), nor the right password answered 'totp_required' (the route sets
 * res.locals.signInWithdrawn), anything else (401, a dropped connection) failed. A body without a
 * username string is left to the route's validation.
 */
export function signInAttempts(throttle: LoginThrottle): RequestHandler {
  return passwordAttempts(throttle, 'sign-in', (req) => (req.body as { username?: unknown } | undefined)?.username);
}

/**
 * After a staff guard: a password change's current password is a guess at the signed-in account,
 * throttled and logged as sign-ins are: 204 changed, 400 not a guess (the body or the new password
 * refused), anything else (401: the current password is wrong) failed.
 */
export function passwordChangeAttempts(throttle: LoginThrottle): RequestHandler {
  return passwordAttempts(throttle, 'password change', (req) => staffOf(req).username);
}

/** Counts one password check of the account `usernameOf` names (no string: left to the route). */
function passwordAttempts(throttle: LoginThrottle, what: PasswordCheck, usernameOf: (req: Request) => unknown): RequestHandler {
  return async (req, res, next) => {
    const username = usernameOf(req);
    if (typeof username !== 'string') return next();
    const attempt = await throttle.attempt(username, req.ip ?? 'unknown', what);
    res.once('close', () => {
      const status = res.writableFinished ? res.statusCode : 0;
      const withdrawn = status === 400 || res.locals.signInWithdrawn === true;
      const outcome = status >= 200 && status < 300 ? attempt.succeeded() : withdrawn ? attempt.withdrawn() : attempt.failed();
      background(outcome, `${what} attempt`);
    });
    next();
  };
}
