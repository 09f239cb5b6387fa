// Signed tokens (JWT, HS256) for invitations and staff sessions. Each kind has its own audience,
// so an invitation can never be used as a staff session or the other way round.
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '../../core/protocol/model.js';
import { UnauthorizedError } from '../../core/hearing/errors.js';
import type { InvitationIssuer, InvitationRequest, IssuedInvitation } from '../../core/hearing/ports.js';
import type { AccountRole } from '../../core/hearing/types.js';
import { createSecretKey, type KeyObject } from 'node:crypto';

const ISSUER = 'vcourt';
const INVITATION = 'vcourt:invitation';
const STAFF = 'vcourt:staff';
/** Read-only access to one hearing's record files, for links a browser follows without headers (<video src>, downloads). */
const RECORD = 'vcourt:record';
/** A registered device (camera, encoder, display). No expiry: the clerk rotates or revokes it. */
const DEVICE = 'vcourt:device';

export interface DeviceClaims {
  deviceId: string;
  tokenId: string;
}

export interface InvitationClaims {
  hearingId: string;
  participantId: string;
  role: Role;
  invitationId: string;
  expiresAt: Date;
  /** The presiding judge's link only: the staff session it was issued to (it works only while that lives). */
  staffSessionId?: string;
}

export interface RecordAccessClaims {
  accountId: string;
  hearingId: string;
  /** The staff session it was handed out in: the link dies with it (logout, disable, …). */
  sessionId: string;
}

/** What a staff token carries: the account and its server-side session. Role and name come from the database. */
export interface StaffTokenClaims {
  accountId: string;
  sessionId: string;
}

/** A checked staff session: the account as the database has it now, and how the session was opened. */
export interface StaffClaims {
  accountId: string;
  username: string;
  role: AccountRole;
  sessionId: string;
  /** Whether the sign-in gave a TOTP code (records may be changed only then). */
  secondFactor: boolean;
}

/** Also the case file's InvitationIssuer: it signs, CaseFile decides who gets an invitation. */
export class TokenService implements InvitationIssuer {
  /** A key object, not the string: jsonwebtoken otherwise tries (and fails) to read the string as a public key on every verify. */
  private readonly secret: KeyObject;

  constructor(secret: string) {
    if (secret.length < 32) throw new Error('The token secret must be at least 32 characters');
    this.secret = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  issueInvitation(args: InvitationRequest): IssuedInvitation {
    const invitationId = randomUUID();
    const payload = { hid: args.hearingId, role: args.role, ...(args.staffSessionId ? { sid: args.staffSessionId } : {}) };
    const token = jwt.sign(payload, this.secret, {
      algorithm: 'HS256',
      audience: INVITATION,
      issuer: ISSUER,
      subject: args.participantId,
      jwtid: invitationId,
      expiresIn: args.expiresInSeconds,
    });
    const { exp } = jwt.decode(token) as { exp: number };
    return { token, invitationId, expiresAt: new Date(exp * 1000) };
  }

  /** Checks signature, expiry, audience and shape. Whether the invitation is still current is the caller's check. */
  verifyInvitation(token: string): InvitationClaims {
    const payload = this.#verify(token, INVITATION, 'invitation');
    const { hid, role, sub, jti, exp, sid } = payload as Record<string, unknown>;
    if (typeof hid !== 'string' || typeof sub !== 'string' || typeof jti !== 'string' || typeof exp !== 'number') {
      throw new UnauthorizedError('Malformed invitation');
    }
    if (!ROLES.includes(role as Role) || (sid !== undefined && typeof sid !== 'string'))
      throw new UnauthorizedError('Malformed invitation');
    return {
      hearingId: hid,
      participantId: sub,
      role: role as Role,
      invitationId: jti,
      expiresAt: new Date(exp * 1000),
      ...(typeof sid === 'string' ? { staffSessionId: sid } : {}),
    };
  }

  issueStaff(claims: StaffTokenClaims, expiresInSeconds = 12 * 3600): string {
    return jwt.sign({}, this.secret, {
      algorithm: 'HS256',
      audience: STAFF,
      issuer: ISSUER,
      subject: claims.accountId,
      jwtid: claims.sessionId,
      expiresIn: expiresInSeconds,
    });
  }

  /** Signature, expiry and shape; whether the session is live is Access.staff's check. */
  verifyStaff(token: string): StaffTokenClaims {
    const { sub, jti } = this.#verify(token, STAFF, 'session') as Record<string, unknown>;
    if (typeof sub !== 'string' || typeof jti !== 'string') throw new UnauthorizedError('Malformed session');
    return { accountId: sub, sessionId: jti };
  }

  issueDevice(claims: DeviceClaims): string {
    return jwt.sign({}, this.secret, {
      algorithm: 'HS256',
      audience: DEVICE,
      issuer: ISSUER,
      subject: claims.deviceId,
      jwtid: claims.tokenId,
    });
  }

  /** Signature and shape only; whether the token id is still the device's current one is Access.device's check. */
  verifyDevice(token: string): DeviceClaims {
    const { sub, jti } = this.#verify(token, DEVICE, 'device token', false) as Record<string, unknown>;
    if (typeof sub !== 'string' || typeof jti !== 'string') throw new UnauthorizedError('Malformed device token');
    return { deviceId: sub, tokenId: jti };
  }

  issueRecordAccess(claims: RecordAccessClaims, expiresInSeconds = 3600): string {
    return jwt.sign({ hid: claims.hearingId }, this.secret, {
      algorithm: 'HS256',
      audience: RECORD,
      issuer: ISSUER,
      subject: claims.accountId,
      jwtid: claims.sessionId,
      expiresIn: expiresInSeconds,
    });
  }

  verifyRecordAccess(token: string): RecordAccessClaims {
    const { sub, hid, jti } = this.#verify(token, RECORD, 'record link') as Record<string, unknown>;
    if (typeof sub !== 'string' || typeof hid !== 'string' || typeof jti !== 'string') throw new UnauthorizedError('Malformed record link');
    return { accountId: sub, hearingId: hid, sessionId: jti };
  }

  /**
   * jsonwebtoken checks `exp` only when a token has one (it has no option to require it), so every
   * kind but the device token (revoked by the clerk instead) is refused here without one.
   */
  #verify(token: string, audience: string, what: string, expires = true): jwt.JwtPayload {
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'], audience, issuer: ISSUER });
      if (typeof payload === 'string') throw new UnauthorizedError(`Malformed ${what}`);
      if (expires && typeof payload.exp !== 'number') throw new UnauthorizedError(`This ${what} has no expiry`);
      return payload;
    } catch (error) {
      if (error instanceof UnauthorizedError) throw error;
      if (error instanceof jwt.TokenExpiredError) throw new UnauthorizedError(`This ${what} has expired`);
      throw new UnauthorizedError(`Invalid ${what}`);
    }
  }
}
