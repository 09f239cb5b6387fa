// Who is asking: turns an invitation into a participant of one hearing, a device token into a
// device, and a staff token or a password into an account. Every refusal is an UnauthorizedError
// with a reason a person can read. Issuing invitations is CaseFile's (guarded and audited there).
import { randomUUID } from 'node:crypto';
import { ConflictError, UnauthorizedError } from '../../core/hearing/errors.js';
import type { Store } from '../../core/hearing/ports.js';
import type { AccountRecord, AccountRole, DeviceRecord, ParticipantRecord } from '../../core/hearing/types.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { InvitationClaims, RecordAccessClaims, StaffClaims, TokenService } from './tokens.js';

export class Access {
  constructor(
    private readonly store: Store,
    readonly tokens: TokenService,
  ) {}

  /**
   * The participant an invitation speaks for. Besides the signature and expiry, the invitation
   * must be the participant's current one (a newer link, a removal or a denial revokes it) and
   * its hearing and role must match what the court recorded.
   */
  participant(token: string): { claims: InvitationClaims; participant: ParticipantRecord } {
    const claims = this.tokens.verifyInvitation(token);
    const participant = this.store.participants.get(claims.participantId);
    if (!participant || participant.hearingId !== claims.hearingId || participant.role !== claims.role) {
      throw new UnauthorizedError('This invitation is not valid for this hearing');
    }
    if (participant.status === 'removed') throw new UnauthorizedError('You were removed from this hearing');
    if (participant.status === 'denied') throw new UnauthorizedError('Your admission to this hearing was denied');
    if (participant.invitationId !== claims.invitationId) {
      throw new UnauthorizedError('This invitation was replaced or revoked');
    }
    return { claims, participant };
  }

  /** The device a device token speaks for: signed by us, not revoked, and its current token. */
  device(token: string): DeviceRecord {
    const claims = this.tokens.verifyDevice(token);
    const device = this.store.devices.get(claims.deviceId);
    if (!device) throw new UnauthorizedError('Unknown device');
    if (device.revokedAt) throw new UnauthorizedError('This device was revoked');
    if (device.tokenId !== claims.tokenId) throw new UnauthorizedError('This device token was replaced');
    return device;
  }

  async login(username: string, password: string): Promise<{ token: string; account: AccountRecord }> {
    const account = this.store.accounts.getByUsername(username);
    // Hash even when the account is unknown, so timing does not reveal which usernames exist.
    const ok = await verifyPassword(password, account?.passwordHash ?? DUMMY_HASH);
    if (!account || !ok) throw new UnauthorizedError('Wrong username or password');
    const token = this.tokens.issueStaff({ accountId: account.id, username: account.username, role: account.role });
    return { token, account };
  }

  staff(token: string): StaffClaims {
    const claims = this.tokens.verifyStaff(token);
    if (!this.store.accounts.get(claims.accountId)) throw new UnauthorizedError('Unknown account');
    return claims;
  }

  /** A record link (`?access=`): valid, for this hearing, and its account still exists. */
  recordReader(token: string, hearingId: string): RecordAccessClaims {
    const claims = this.tokens.verifyRecordAccess(token);
    if (claims.hearingId !== hearingId) throw new UnauthorizedError('This link is for another hearing');
    if (!this.store.accounts.get(claims.accountId)) throw new UnauthorizedError('Unknown account');
    return claims;
  }

  listAccounts(): { id: string; username: string; displayName: string; role: AccountRole }[] {
    return this.store.accounts.list().map((a) => ({ id: a.id, username: a.username, displayName: a.displayName, role: a.role }));
  }

  async createAccount(args: { username: string; displayName: string; role: AccountRole; password: string }) {
    if (this.store.accounts.getByUsername(args.username)) throw new ConflictError(`The username ${args.username} is taken`);
    const account: AccountRecord = {
      id: randomUUID(),
      username: args.username,
      displayName: args.displayName,
      role: args.role,
      passwordHash: await hashPassword(args.password),
      createdAt: new Date().toISOString(),
    };
    this.store.accounts.insert(account);
    return account;
  }
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
