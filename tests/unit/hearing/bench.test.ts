// The bench proves who it is: the presiding judge's seat is bound to a judge account, one per
// hearing, no clerk issues its link, and the link works only with the judge's own live sign-in.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, DomainError, PermissionDeniedError, UnauthorizedError, ValidationError } from '../../../core/hearing/errors.js';
import { Access } from '../../../server/auth/Access.js';
import { TokenService } from '../../../server/auth/tokens.js';
import { SqlStaffSessions } from '../../../server/store/SqlStaffSessions.js';
import { CaseFile } from '../../../core/hearing/CaseFile.js';
import { CLERK_ACCOUNT, JUDGE_ACCOUNT, OTHER_JUDGE_ACCOUNT, makeDomain, type Domain } from '../../support/domain.js';

const SECRET = 'test-secret-that-is-long-enough-0123456789';
const quiet = { info: () => {}, warn: () => {} };

let d: Domain;
beforeEach(async () => {
  d = await makeDomain();
});
afterEach(() => d.close());

describe('CaseFile: the presiding judge’s seat', () => {
  it('must be bound to a judge account: none, or a clerk’s, is refused and nothing is written', async () => {
    const h = (await d.otherHearing()).hearing;
    await d.store.accounts.insert({
      id: 'acc-c',
      username: 'c',
      displayName: 'C',
      role: 'clerk',
      passwordHash: 'x',
      createdAt: '2025-01-01T00:00:00Z',
    });
    const before = (await d.store.participants.listByHearing(h.id)).length;
    await d.store.participants.update({
      ...(await d.store.participants.listByHearing(h.id)).find((p) => p.role === 'judge')!,
      status: 'removed',
    });
    await expect(d.caseFile.addParticipant(CLERK_ACCOUNT, h.id, { displayName: 'J', role: 'judge' })).rejects.toThrow(ValidationError);
    await expect(d.caseFile.addParticipant(CLERK_ACCOUNT, h.id, { displayName: 'J', role: 'judge', accountId: 'acc-c' })).rejects.toThrow(
      ValidationError,
    );
    await expect(
      d.caseFile.addParticipant(CLERK_ACCOUNT, h.id, { displayName: 'W', role: 'witness', accountId: JUDGE_ACCOUNT.accountId }),
    ).rejects.toThrow(ValidationError);
    expect(await d.store.participants.listByHearing(h.id)).toHaveLength(before);
  });

  it('one per hearing: a second is refused while the first stands, allowed once it was removed', async () => {
    const before = await d.dump();
    await expect(
      d.caseFile.addParticipant(CLERK_ACCOUNT, d.hearing.id, {
        displayName: 'Second',
        role: 'judge',
        accountId: OTHER_JUDGE_ACCOUNT.accountId,
      }),
    ).rejects.toThrow(ConflictError);
    expect(await d.dump()).toBe(before);
    await d.store.participants.update({ ...(await d.participant('judge')), status: 'removed' });
    const next = await d.caseFile.addParticipant(CLERK_ACCOUNT, d.hearing.id, {
      displayName: 'Next',
      role: 'judge',
      accountId: OTHER_JUDGE_ACCOUNT.accountId,
    });
    expect(next.accountId).toBe(OTHER_JUDGE_ACCOUNT.accountId);
  });

  it('no clerk issues or re-issues the bench link; nothing is signed', async () => {
    await expect(d.caseFile.issueInvitation(CLERK_ACCOUNT, d.hearing.id, d.people.judge.id, 3600)).rejects.toThrow(PermissionDeniedError);
    expect(d.issuer.issued).toEqual([]);
  });

  it('issueBenchInvitation(): only the bound account, bound to its session, audited as that account', async () => {
    await expect(d.caseFile.issueBenchInvitation(OTHER_JUDGE_ACCOUNT, d.hearing.id, 's-2', 3600)).rejects.toThrow(PermissionDeniedError);
    const issued = await d.caseFile.issueBenchInvitation(JUDGE_ACCOUNT, d.hearing.id, 's-1', 3600);
    expect(d.issuer.issued).toMatchObject([{ participantId: d.people.judge.id, role: 'judge', staffSessionId: 's-1' }]);
    expect((await d.participant('judge')).invitationId).toBe(issued.invitationId);
    expect((await d.store.audit.list(d.hearing.id)).at(-1)).toMatchObject({
      type: 'invitation.issued',
      actor: { kind: 'account', ...JUDGE_ACCOUNT },
      data: { participantId: d.people.judge.id },
    });
  });

  it('benchSeats(): the hearings the account presides, not ended, soonest first', async () => {
    const other = await d.otherHearing(); // presided by OTHER_JUDGE_ACCOUNT
    const later = await d.caseFile.createHearing(CLERK_ACCOUNT, { caseId: d.kase.id, title: 'Later', scheduledAt: '2026-01-01T00:00:00Z' });
    await d.caseFile.addParticipant(CLERK_ACCOUNT, later.id, { displayName: 'J', role: 'judge', accountId: JUDGE_ACCOUNT.accountId });
    expect((await d.caseFile.benchSeats(JUDGE_ACCOUNT.accountId)).map((s) => s.hearing.id)).toEqual([d.hearing.id, later.id]);
    expect((await d.caseFile.benchSeats(OTHER_JUDGE_ACCOUNT.accountId)).map((s) => s.hearing.id)).toEqual([other.hearing.id]);
    await d.seat();
    await d.bringTo('adjourned');
    expect((await d.caseFile.benchSeats(JUDGE_ACCOUNT.accountId)).map((s) => s.hearing.id)).toEqual([later.id]);
  });
});

describe('Access: a bench link works only with its live sign-in', () => {
  let tokens: TokenService;
  let sessions: SqlStaffSessions;
  let caseFile: CaseFile;
  const access = (benchSecondFactor = false) => new Access(d.store, tokens, sessions, quiet, { benchSecondFactor });

  beforeEach(async () => {
    tokens = new TokenService(SECRET);
    sessions = new SqlStaffSessions(d.store.db);
    caseFile = new CaseFile(d.store, d.clock, 'Court', () => false, tokens);
  });

  async function signIn(id: string, secondFactor = false, accountId: string = JUDGE_ACCOUNT.accountId): Promise<string> {
    await sessions.create({
      id,
      accountId,
      createdAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      secondFactor,
    });
    return (await caseFile.issueBenchInvitation({ accountId, username: 'j' }, d.hearing.id, id, 3600)).token;
  }

  async function refusedFor(a: Access, token: string): Promise<DomainError> {
    try {
      await a.participant(token);
    } catch (error) {
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect((error as DomainError).details).toEqual({ reason: 'bench_sign_in' });
      return error as DomainError;
    }
    throw new Error('expected the bench link to be refused');
  }

  it('opens the seat while the session lives; not after sign-out', async () => {
    const token = await signIn('s-1');
    expect((await access().participant(token)).participant.id).toBe(d.people.judge.id);
    await sessions.revoke('s-1', new Date().toISOString());
    expect((await refusedFor(access(), token)).message).toMatch(/session has ended/);
  });

  it('not once the account is disabled', async () => {
    const token = await signIn('s-1');
    await sessions.setDisabled(JUDGE_ACCOUNT.accountId, new Date().toISOString());
    await refusedFor(access(), token);
  });

  it('a judge-role invitation without a session (as a clerk once made them) opens nothing', async () => {
    const forged = tokens.issueInvitation({
      hearingId: d.hearing.id,
      participantId: d.people.judge.id,
      role: 'judge',
      expiresInSeconds: 3600,
    });
    await d.store.participants.update({ ...(await d.participant('judge')), invitationId: forged.invitationId });
    expect((await refusedFor(access(), forged.token)).message).toMatch(/own sign-in/);
  });

  it('a session of another account does not open the seat', async () => {
    const token = await signIn('s-1');
    const claims = tokens.verifyInvitation(token);
    await sessions.create({
      id: 's-other',
      accountId: OTHER_JUDGE_ACCOUNT.accountId,
      createdAt: '2025-01-01T00:00:00Z',
      expiresAt: '2099-01-01T00:00:00Z',
      secondFactor: true,
    });
    const swapped = tokens.issueInvitation({ ...claims, expiresInSeconds: 3600, staffSessionId: 's-other' });
    await d.store.participants.update({ ...(await d.participant('judge')), invitationId: swapped.invitationId });
    await refusedFor(access(), swapped.token);
  });

  it('with the second factor required, only a session opened with an authenticator code', async () => {
    const without = await signIn('s-1', false);
    expect((await refusedFor(access(true), without)).message).toMatch(/authenticator/);
    const withCode = await signIn('s-2', true);
    expect((await access(true).participant(withCode)).participant.id).toBe(d.people.judge.id);
  });

  it('sign-out, disable, role and password changes are announced, so live bench sockets are checked again', async () => {
    const a = access();
    const ended: string[] = [];
    a.on('sessionsEnded', (id) => ended.push(id));
    await a.logout({ accountId: JUDGE_ACCOUNT.accountId, username: 'j', role: 'judge', sessionId: 'none', secondFactor: false });
    await a.setDisabled(
      { accountId: 'acc-admin', username: 'admin', role: 'admin', sessionId: 'x', secondFactor: true },
      JUDGE_ACCOUNT.accountId,
      true,
    );
    expect(ended).toEqual([JUDGE_ACCOUNT.accountId, JUDGE_ACCOUNT.accountId]);
  });
});
