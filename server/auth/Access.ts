// Who is asking: turns an invitation into a participant of one hearing, a device token into a
// device, and a staff token or a password into an account. Every refusal is an UnauthorizedError
// with a reason a person can read. Issuing invitations is CaseFile's (guarded and audited there).
// Staff sessions live on the server (StaffSessionStore): a token is good only while its session is,
// and the role is always the database's. Staff accounts have no audit stream of their own (the
// audit log is per hearing), so account changes are server log lines, as LoginThrottle's are.
import { randomUUID } from 'node:crypto';
import { generateSecret, generateURI } from 'otplib';
import { ConflictError, DomainError, NotFoundError, UnauthorizedError, ValidationError } from '../../core/hearing/errors.js';
import type { Store } from '../../core/hearing/ports.js';
import { isStaffSeat } from '../../core/protocol/staffSeats.js';
import type { AccountRecord, AccountRole, DeviceRecord, ParticipantRecord } from '../../core/hearing/types.js';
import { TypedEmitter, type EventMap } from '../../core/lib/TypedEmitter.js';
import { checkPassword, generatePassword } from './passwordPolicy.js';
import { hashPassword, needsRehash, verifyPassword } from './passwords.js';
import type { StaffSession, StaffSessionStore } from './StaffSessionStore.js';
import type { InvitationClaims, RecordAccessClaims, StaffClaims, TokenService } from './tokens.js';
import { acceptTotp } from './totp.js';

/** details.reason of a refused bench link: the client sends the judge to /bench to sign in. */
const BENCH_SIGN_IN = { reason: 'bench_sign_in' } as const;

export interface AccessEvents extends EventMap {
  /** Some or all of an account's sessions ended (logout, disable, role or password change): the bench's live sockets are checked again. */
  sessionsEnded: [accountId: string];
}

/** One row of the administrator's account list. */
export interface AccountSummary {
  id: string;
  username: string;
  displayName: string;
  role: AccountRole;
  disabled: boolean;
  totpEnabled: boolean;
  siteId: string | null;
}

export interface AccessOptions {
  /** The presiding judge's link needs a sign-in with an authenticator code (VCOURT_BENCH_SECOND_FACTOR; production's default). */
  benchSecondFactor?: boolean;
}

export class Access extends TypedEmitter<AccessEvents> {
  readonly #benchSecondFactor: boolean;

  constructor(
    private readonly store: Store,
    readonly tokens: TokenService,
    private readonly sessions: StaffSessionStore,
    private readonly log: Pick<Console, 'info' | 'warn'> = console,
    options: AccessOptions = {},
  ) {
    super();
    this.#benchSecondFactor = options.benchSecondFactor ?? false;
  }

  /**
   * The participant an invitation speaks for. Besides the signature and expiry, the invitation
   * must be the participant's current one (a newer link, a removal or a denial revokes it) and
   * its hearing and role must match what the court recorded.
   */
  async participant(token: string): Promise<{ claims: InvitationClaims; participant: ParticipantRecord }> {
    const claims = this.tokens.verifyInvitation(token);
    const participant = await this.store.participants.get(claims.participantId);
    if (!participant || participant.hearingId !== claims.hearingId || participant.role !== claims.role) {
      throw new UnauthorizedError('This invitation is not valid for this hearing');
    }
    if (participant.status === 'removed') throw new UnauthorizedError('You were removed from this hearing');
    if (participant.status === 'denied') throw new UnauthorizedError('Your admission to this hearing was denied');
    if (participant.invitationId !== claims.invitationId) {
      throw new UnauthorizedError('This invitation was replaced or revoked');
    }
    if (isStaffSeat(participant.role)) await this.#bench(claims, participant);
    return { claims, participant };
  }

  /**
   * A staff seat's link (the panel's judges, the clerk: core/hearing/staffSeats.ts) works only
   * together with the sign-in it was issued to: that session live, of the account the seat is bound
   * to, and opened with an authenticator code when the court requires one. A link without a session
   * (one someone else made, an old one) opens nothing.
   */
  async #bench(claims: InvitationClaims, participant: ParticipantRecord): Promise<void> {
    if (!claims.staffSessionId || !participant.accountId) {
      throw new UnauthorizedError('This seat opens only from its own sign-in: open /bench and sign in', BENCH_SIGN_IN);
    }
    let session: StaffSession;
    try {
      ({ session } = await this.#liveSession(participant.accountId, claims.staffSessionId));
    } catch (error) {
      // The client offers the bench's sign-in page for this reason.
      if (error instanceof UnauthorizedError) throw new UnauthorizedError(error.message, BENCH_SIGN_IN);
      throw error;
    }
    if (this.#benchSecondFactor && !session.secondFactor) {
      throw new UnauthorizedError('The bench signs in with an authenticator code', BENCH_SIGN_IN);
    }
  }

  /** Whether the bench needs a session opened with an authenticator code (the bench routes ask before issuing a link). */
  get benchSecondFactor(): boolean {
    return this.#benchSecondFactor;
  }

  /** The device a device token speaks for: signed by us, not revoked, and its current token. */
  async device(token: string): Promise<DeviceRecord> {
    const claims = this.tokens.verifyDevice(token);
    const device = await this.store.devices.get(claims.deviceId);
    if (!device) throw new UnauthorizedError('Unknown device');
    if (device.revokedAt) throw new UnauthorizedError('This device was revoked');
    if (device.tokenId !== claims.tokenId) throw new UnauthorizedError('This device token was replaced');
    return device;
  }

  /**
   * Signs in: a live (not disabled) account, its password and, when it has TOTP, a code from it
   * (without one: 401 with details.reason 'totp_required'). Opens a server-side session, the token's
   * jti. A hash made with older scrypt parameters is made again with today's.
   */
  async login(username: string, password: string, code?: string): Promise<{ token: string; account: AccountRecord }> {
    const account = await this.store.accounts.getByUsername(username);
    // Hash even when the account is unknown, so timing does not reveal which usernames exist.
    const ok = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
    if (!account || !ok) throw new UnauthorizedError('Wrong username or password');
    const security = await this.sessions.security(account.id);
    if (!security || security.disabledAt) throw new UnauthorizedError('This account is disabled');
    const totp = security.totpEnabledAt ? security.totpSecret : null;
    if (totp) {
      if (code === undefined) throw new SecondFactorRequired();
      if (!(await acceptTotp(this.sessions, account.id, totp, security.totpLastStep, code))) throw new UnauthorizedError(WRONG_CODE);
    }
    if (needsRehash(account.passwordHash)) await this.sessions.setPasswordHash(account.id, await hashPassword(password));
    const now = Date.now();
    const sessionId = randomUUID();
    await this.sessions.create({
      id: sessionId,
      accountId: account.id,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + STAFF_SESSION_SECONDS * 1000).toISOString(),
      secondFactor: totp !== null,
    });
    const token = this.tokens.issueStaff({ accountId: account.id, sessionId }, STAFF_SESSION_SECONDS);
    return { token, account };
  }

  /** A staff token whose session is live, for an account that exists and is not disabled; role and name from the database. */
  async staff(token: string): Promise<StaffClaims> {
    const { accountId, sessionId } = this.tokens.verifyStaff(token);
    const { session, account } = await this.#liveSession(accountId, sessionId);
    const now = new Date();
    // last_seen to the minute: one write a minute per session, not one per request.
    if (now.getTime() - Date.parse(session.lastSeen) >= 60_000) await this.sessions.touch(sessionId, now.toISOString());
    return { accountId, username: account.username, role: account.role, sessionId, secondFactor: session.secondFactor };
  }

  /** Ends the asking session. */
  async logout(who: StaffClaims): Promise<void> {
    await this.sessions.revoke(who.sessionId, new Date().toISOString());
    this.log.info(`[auth] sign-out: ${who.username}`);
    this.safeEmit('sessionsEnded', who.accountId);
  }

  /** Disables (or enables again) an account; disabling ends its sessions at once. */
  async setDisabled(by: StaffClaims, accountId: string, disabled: boolean): Promise<void> {
    const account = await this.#account(accountId);
    if (disabled && accountId === by.accountId) throw new ConflictError('You cannot disable your own account');
    const now = new Date().toISOString();
    await this.sessions.setDisabled(accountId, disabled ? now : null);
    const ended = disabled ? await this.sessions.revokeAll(accountId, now) : 0;
    this.log.warn(`[auth] account ${disabled ? 'disabled' : 'enabled'}: ${account.username} by ${by.username} (${ended} session(s) ended)`);
    if (disabled) this.safeEmit('sessionsEnded', accountId);
  }

  /** Changes an account's role (a site officer's with its site); its sessions end, so the new role applies from its next sign-in. */
  async setRole(by: StaffClaims, accountId: string, role: AccountRole, siteId?: string): Promise<void> {
    const account = await this.#account(accountId);
    if (accountId === by.accountId) throw new ConflictError('You cannot change your own role');
    await this.sessions.setRole(accountId, role, await this.#siteOf(role, siteId));
    const ended = await this.sessions.revokeAll(accountId, new Date().toISOString());
    this.log.warn(`[auth] role changed: ${account.username} ${account.role} → ${role} by ${by.username} (${ended} session(s) ended)`);
    this.safeEmit('sessionsEnded', accountId);
  }

  /** Changes the asking account's password (the current one first); its other sessions end. */
  async changePassword(who: StaffClaims, current: string, next: string): Promise<void> {
    const account = await this.#account(who.accountId);
    if (!(await verifyPassword(current, account.passwordHash))) throw new UnauthorizedError('The current password is wrong');
    checkPassword(next, account);
    await this.sessions.setPasswordHash(account.id, await hashPassword(next));
    const ended = await this.sessions.revokeAll(account.id, new Date().toISOString(), who.sessionId);
    this.log.warn(`[auth] password changed: ${account.username} (${ended} other session(s) ended)`);
    this.safeEmit('sessionsEnded', account.id);
  }

  /** Starts TOTP enrolment: a new secret, in force once enableTotp confirms a code from it. */
  async setupTotp(who: StaffClaims): Promise<{ secret: string; uri: string }> {
    const security = await this.sessions.security(who.accountId);
    if (security?.totpEnabledAt) throw new ConflictError('The authenticator is already set up for this account');
    const secret = generateSecret();
    await this.sessions.setTotp(who.accountId, secret, null);
    return { secret, uri: generateURI({ issuer: 'vcourt', label: who.username, secret }) };
  }

  /** Confirms enrolment with a valid code; from then on sign-in asks for one. */
  async enableTotp(who: StaffClaims, code: string): Promise<void> {
    const security = await this.sessions.security(who.accountId);
    if (!security?.totpSecret) throw new ConflictError('Set up the authenticator first');
    if (security.totpEnabledAt) throw new ConflictError('The authenticator is already set up for this account');
    if (!(await acceptTotp(this.sessions, who.accountId, security.totpSecret, security.totpLastStep, code)))
      throw new UnauthorizedError(WRONG_CODE);
    await this.sessions.setTotp(who.accountId, security.totpSecret, new Date().toISOString());
    this.log.warn(`[auth] authenticator enabled: ${who.username}`);
  }

  /**
   * An administrator sets another account's password (the policy applies), or has one generated and
   * returned once; the account's sessions end. One's own goes through changePassword, with the current one.
   */
  async resetPassword(by: StaffClaims, accountId: string, password?: string): Promise<{ generated: string | null }> {
    const account = await this.#account(accountId);
    if (accountId === by.accountId) throw new ConflictError('Change your own password with your current one');
    if (password !== undefined) checkPassword(password, account);
    const next = password ?? generatePassword(account);
    await this.sessions.setPasswordHash(accountId, await hashPassword(next));
    const ended = await this.sessions.revokeAll(accountId, new Date().toISOString());
    this.log.warn(`[auth] password reset: ${account.username} by ${by.username} (${ended} session(s) ended)`);
    this.safeEmit('sessionsEnded', accountId);
    return { generated: password === undefined ? next : null };
  }

  /** An administrator clears another account's authenticator (lost phone): it must enrol again; its sessions end. */
  async resetTotp(by: StaffClaims, accountId: string): Promise<void> {
    const account = await this.#account(accountId);
    if (accountId === by.accountId) throw new ConflictError('Another administrator must reset your authenticator');
    await this.sessions.setTotp(accountId, null, null);
    const ended = await this.sessions.revokeAll(accountId, new Date().toISOString());
    this.log.warn(`[auth] authenticator reset: ${account.username} by ${by.username} (${ended} session(s) ended)`);
    this.safeEmit('sessionsEnded', accountId);
  }

  /** The session and its account, or an UnauthorizedError: revoked, expired, disabled or unknown. */
  async #liveSession(accountId: string, sessionId: string): Promise<{ session: StaffSession; account: AccountRecord }> {
    const session = await this.sessions.get(sessionId);
    if (!session || session.accountId !== accountId) throw new UnauthorizedError('Unknown session');
    if (session.revokedAt) throw new UnauthorizedError('This session has ended: sign in again');
    if (Date.parse(session.expiresAt) <= Date.now()) throw new UnauthorizedError('This session has expired');
    const account = await this.store.accounts.get(accountId);
    if (!account) throw new UnauthorizedError('Unknown account');
    if ((await this.sessions.security(accountId))?.disabledAt) throw new UnauthorizedError('This account is disabled');
    return { session, account };
  }

  async #account(accountId: string): Promise<AccountRecord> {
    const account = await this.store.accounts.get(accountId);
    if (!account) throw new NotFoundError('Account', accountId);
    return account;
  }

  /** A record link (`?access=`): valid, for this hearing, and the staff session it came from still live. */
  async recordReader(token: string, hearingId: string): Promise<RecordAccessClaims> {
    const claims = this.tokens.verifyRecordAccess(token);
    if (claims.hearingId !== hearingId) throw new UnauthorizedError('This link is for another hearing');
    await this.#liveSession(claims.accountId, claims.sessionId);
    return claims;
  }

  /** Every account, with whether it is disabled and whether it signs in with an authenticator code. */
  async listAccounts(): Promise<AccountSummary[]> {
    const out: AccountSummary[] = [];
    for (const a of await this.store.accounts.list()) {
      const security = await this.sessions.security(a.id);
      out.push({
        id: a.id,
        username: a.username,
        displayName: a.displayName,
        role: a.role,
        disabled: Boolean(security?.disabledAt),
        totpEnabled: Boolean(security?.totpEnabledAt),
        siteId: a.siteId ?? null,
      });
    }
    return out;
  }

  /** A site officer's site, which must exist; null for the other roles (the body schemas keep them apart). */
  async #siteOf(role: AccountRole, siteId: string | undefined): Promise<string | null> {
    if (role !== 'site_officer') return null;
    if (!siteId || !(await this.store.sites.get(siteId))) throw new ValidationError('A site officer needs an existing site');
    return siteId;
  }

  /** `policy: false` only for the first administrator, whose password is the operator's configuration. */
  async createAccount(
    args: { username: string; displayName: string; role: AccountRole; password: string; siteId?: string },
    policy = true,
  ) {
    if (await this.store.accounts.getByUsername(args.username)) throw new ConflictError(`The username ${args.username} is taken`);
    const siteId = await this.#siteOf(args.role, args.siteId);
    if (policy) checkPassword(args.password, args);
    const account: AccountRecord = {
      id: randomUUID(),
      username: args.username,
      displayName: args.displayName,
      role: args.role,
      passwordHash: await hashPassword(args.password),
      createdAt: new Date().toISOString(),
      siteId,
    };
    await this.store.accounts.insert(account);
    return account;
  }
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** How long a staff session lasts (the token's exp and the session row's expires_at). */
export const STAFF_SESSION_SECONDS = 12 * 3600;

/** A right password for an account with TOTP, and no code: the client asks for one and signs in again. */
export class SecondFactorRequired extends DomainError {
  constructor() {
    super('unauthorized', 'Enter the code from your authenticator app', { reason: 'totp_required' });
  }
}

/** A code refused: wrong, from too far off in time, or one already used (each is accepted once). */
const WRONG_CODE = 'Wrong, expired or already used authenticator code';
