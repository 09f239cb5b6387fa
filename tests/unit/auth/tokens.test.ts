import jwt from 'jsonwebtoken';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Access } from '../../../server/auth/Access.js';
import { TokenService } from '../../../server/auth/tokens.js';
import { SqlStaffSessions } from '../../../server/store/SqlStaffSessions.js';

const quiet = { info: () => {}, warn: () => {} };
import { UnauthorizedError } from '../../../core/hearing/errors.js';
import type { ParticipantRecord } from '../../../core/hearing/types.js';
import type { Role } from '../../../core/protocol/model.js';
import { makeDomain, type Domain } from '../../support/domain.js';
import { must } from '../../support/must.js';

const SECRET = 'test-secret-that-is-long-enough-0123456789';
const OTHER_SECRET = 'another-secret-that-is-long-enough-9876543210';

/** The UnauthorizedError `fn` throws (fails the test if it throws anything else or nothing). */
function refusal(fn: () => unknown): UnauthorizedError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as UnauthorizedError).code).toBe('unauthorized');
    return error as UnauthorizedError;
  }
  throw new Error('expected an UnauthorizedError, nothing was thrown');
}

/** The UnauthorizedError `work` rejects with (fails the test if it rejects with anything else or resolves). */
async function rejection(work: Promise<unknown>): Promise<UnauthorizedError> {
  try {
    await work;
  } catch (error) {
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect((error as UnauthorizedError).code).toBe('unauthorized');
    return error as UnauthorizedError;
  }
  throw new Error('expected an UnauthorizedError, nothing was thrown');
}

/** Replace the payload of a signed JWT, keeping its header and signature (a forgery). */
function tamper(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(must(payload, 'a JWT payload'), 'base64url').toString());
  change(claims);
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

describe('TokenService', () => {
  const tokens = new TokenService(SECRET);
  const invite = (role: Role = 'defendant', expiresInSeconds = 3600) =>
    tokens.issueInvitation({ hearingId: 'h-1', participantId: 'p-1', role, expiresInSeconds });

  afterEach(() => vi.useRealTimers());

  it('refuses a secret shorter than 32 characters', () => {
    expect(() => new TokenService('short')).toThrow(/at least 32/);
  });

  it('verifyInvitation() returns the claims the invitation was issued with', () => {
    const issued = invite('counsel', 600);
    const claims = tokens.verifyInvitation(issued.token);
    expect(claims).toEqual({
      hearingId: 'h-1',
      participantId: 'p-1',
      role: 'counsel',
      invitationId: issued.invitationId,
      expiresAt: issued.expiresAt,
    });
    expect(Math.abs(issued.expiresAt.getTime() - (Date.now() + 600_000))).toBeLessThan(2000);
  });

  it('every invitation gets its own id', () => {
    expect(invite().invitationId).not.toBe(invite().invitationId);
  });

  it('verifyStaff() returns the claims of a staff session', () => {
    const token = tokens.issueStaff({ accountId: 'a-1', sessionId: 's-1' });
    expect(tokens.verifyStaff(token)).toEqual({ accountId: 'a-1', sessionId: 's-1' });
  });

  it('refuses an invitation whose payload was changed (forged signature)', () => {
    const forged = tamper(invite('defendant').token, (c) => (c.role = 'judge'));
    expect(refusal(() => tokens.verifyInvitation(forged)).message).toMatch(/Invalid invitation/);
  });

  it('refuses an invitation whose signature was replaced', () => {
    const [h, p] = invite().token.split('.');
    refusal(() => tokens.verifyInvitation(`${h}.${p}.${Buffer.from('not the signature').toString('base64url')}`));
    refusal(() => tokens.verifyInvitation(`${h}.${p}.`));
  });

  it('refuses an unsigned (alg: none) invitation', () => {
    const unsigned = jwt.sign({ hid: 'h-1', role: 'judge' }, '', {
      algorithm: 'none',
      audience: 'vcourt:invitation',
      issuer: 'vcourt',
      subject: 'p-1',
      jwtid: 'j-1',
      expiresIn: 3600,
    });
    refusal(() => tokens.verifyInvitation(unsigned));
  });

  it('refuses an invitation signed with another secret', () => {
    const foreign = new TokenService(OTHER_SECRET).issueInvitation({
      hearingId: 'h-1',
      participantId: 'p-1',
      role: 'judge',
      expiresInSeconds: 3600,
    });
    expect(refusal(() => tokens.verifyInvitation(foreign.token)).message).toMatch(/Invalid invitation/);
  });

  it('refuses a staff session signed with another secret', () => {
    const foreign = new TokenService(OTHER_SECRET).issueStaff({ accountId: 'a', sessionId: 's' });
    refusal(() => tokens.verifyStaff(foreign));
  });

  it('refuses an expired invitation', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-03-01T08:00:00Z'));
    const issued = invite('witness', 60);
    expect(tokens.verifyInvitation(issued.token).participantId).toBe('p-1');
    vi.setSystemTime(new Date('2025-03-01T08:01:01Z'));
    expect(refusal(() => tokens.verifyInvitation(issued.token)).message).toMatch(/expired/);
  });

  it('refuses an expired staff session', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-03-01T08:00:00Z'));
    const token = tokens.issueStaff({ accountId: 'a', sessionId: 's' }, 60);
    vi.setSystemTime(new Date('2025-03-01T09:00:00Z'));
    expect(refusal(() => tokens.verifyStaff(token)).message).toMatch(/expired/);
  });

  it('refuses an invitation used as a staff session', () => {
    refusal(() => tokens.verifyStaff(invite('judge').token));
  });

  it('refuses a staff session used as an invitation', () => {
    refusal(() => tokens.verifyInvitation(tokens.issueStaff({ accountId: 'a', sessionId: 's' })));
  });

  it('refuses a correctly signed invitation with an unknown role', () => {
    const odd = jwt.sign({ hid: 'h-1', role: 'president' }, SECRET, {
      algorithm: 'HS256',
      audience: 'vcourt:invitation',
      issuer: 'vcourt',
      subject: 'p-1',
      jwtid: 'j-1',
      expiresIn: 3600,
    });
    expect(refusal(() => tokens.verifyInvitation(odd)).message).toMatch(/Malformed/);
  });

  it('refuses a correctly signed token from another issuer', () => {
    const other = jwt.sign({ hid: 'h-1', role: 'judge' }, SECRET, {
      algorithm: 'HS256',
      audience: 'vcourt:invitation',
      issuer: 'someone-else',
      subject: 'p-1',
      jwtid: 'j-1',
      expiresIn: 3600,
    });
    refusal(() => tokens.verifyInvitation(other));
  });

  it.each(['', 'garbage', 'a.b.c', 'Bearer x'])('refuses the non-token %j', (junk) => {
    refusal(() => tokens.verifyInvitation(junk));
    refusal(() => tokens.verifyStaff(junk));
  });
});

describe('Access (token scoping against the real SqliteStore)', () => {
  let d: Domain;
  let tokens: TokenService;
  let access: Access;

  beforeEach(async () => {
    d = await makeDomain();
    tokens = new TokenService(SECRET);
    access = new Access(d.store, tokens, new SqlStaffSessions(d.store.db), quiet);
  });
  afterEach(() => d.close());

  /** Issue an invitation for `p` and record it as the participant's current one, as the HTTP API does. */
  async function issueFor(p: ParticipantRecord, overrides: { hearingId?: string; role?: Role } = {}) {
    const issued = tokens.issueInvitation({
      hearingId: overrides.hearingId ?? p.hearingId,
      participantId: p.id,
      role: overrides.role ?? p.role,
      expiresInSeconds: 3600,
    });
    const current = (await d.store.participants.get(p.id))!;
    await d.store.participants.update({ ...current, invitationId: issued.invitationId });
    return issued.token;
  }

  it('participant() accepts the current invitation and returns the participant record', async () => {
    const token = await issueFor(d.people.defendant);
    const { claims, participant } = await access.participant(token);
    expect(participant.id).toBe(d.people.defendant.id);
    expect(participant.hearingId).toBe(d.hearing.id);
    expect(claims.role).toBe('defendant');
  });

  it('participant() refuses a token whose hearing differs from the participant’s record (cross-hearing)', async () => {
    const other = await d.otherHearing();
    const token = await issueFor(d.people.defendant, { hearingId: other.hearing.id });
    expect((await rejection(access.participant(token))).message).toMatch(/not valid for this hearing/);
  });

  it('participant() refuses a token whose role differs from the participant’s record', async () => {
    const token = await issueFor(d.people.defendant, { role: 'judge' });
    expect((await rejection(access.participant(token))).message).toMatch(/not valid for this hearing/);
  });

  it('participant() refuses a validly signed token for a participant that does not exist', async () => {
    const token = tokens.issueInvitation({
      hearingId: d.hearing.id,
      participantId: 'no-such-participant',
      role: 'judge',
      expiresInSeconds: 3600,
    }).token;
    await rejection(access.participant(token));
  });

  it('participant() refuses an invitation revoked by a re-issue and accepts the new one', async () => {
    const first = await issueFor(d.people.counsel);
    const second = await issueFor(d.people.counsel);
    expect((await rejection(access.participant(first))).message).toMatch(/replaced or revoked/);
    expect((await access.participant(second)).participant.id).toBe(d.people.counsel.id);
  });

  it('participant() refuses an invitation that was never recorded for the participant', async () => {
    await issueFor(d.people.witness);
    const unrecorded = tokens.issueInvitation({
      hearingId: d.hearing.id,
      participantId: d.people.witness.id,
      role: 'witness',
      expiresInSeconds: 3600,
    }).token;
    await rejection(access.participant(unrecorded));
  });

  it('participant() refuses a removed participant even with their current invitation', async () => {
    const token = await issueFor(d.people.defendant);
    await d.store.participants.update({ ...(await d.participant('defendant')), status: 'removed' });
    expect((await rejection(access.participant(token))).message).toMatch(/removed/);
  });

  it('participant() refuses a denied participant even with their current invitation', async () => {
    const token = await issueFor(d.people.observer);
    await d.store.participants.update({ ...(await d.participant('observer')), status: 'denied' });
    expect((await rejection(access.participant(token))).message).toMatch(/denied/);
  });

  it('participant() refuses a removed participant once HearingService.remove() ran (invitation revoked)', async () => {
    const token = await issueFor(d.people.defendant);
    await d.seat('defendant');
    await d.service.remove(d.ref('judge'), d.people.defendant.id, 'disorder');
    expect((await d.participant('defendant')).invitationId).toBeNull();
    await rejection(access.participant(token));
  });

  it('participant() refuses a forged, foreign-secret or staff token', async () => {
    const token = await issueFor(d.people.defendant);
    await rejection(access.participant(tamper(token, (c) => (c.role = 'judge'))));
    const foreign = new TokenService(OTHER_SECRET).issueInvitation({
      hearingId: d.hearing.id,
      participantId: d.people.judge.id,
      role: 'judge',
      expiresInSeconds: 3600,
    });
    await d.store.participants.update({ ...(await d.participant('judge')), invitationId: foreign.invitationId });
    await rejection(access.participant(foreign.token));
    await rejection(access.participant(tokens.issueStaff({ accountId: 'a', sessionId: 's' })));
  });

  it('staff() accepts a session of an existing account and refuses one for an unknown account', async () => {
    const account = await access.createAccount({ username: 'clerk1', displayName: 'Clerk', role: 'clerk', password: 'pw-123456-long' });
    const { token } = await access.login('clerk1', 'pw-123456-long');
    expect(await access.staff(token)).toMatchObject({ accountId: account.id, username: 'clerk1', role: 'clerk', secondFactor: false });
    const ghost = tokens.issueStaff({ accountId: 'deleted-account', sessionId: 'no-such-session' });
    expect((await rejection(access.staff(ghost))).message).toMatch(/Unknown session/);
  });

  it('staff() refuses a participant invitation', async () => {
    await rejection(access.staff(await issueFor(d.people.judge)));
  });

  it('login() issues a staff session for the right password and refuses a wrong one or an unknown user', async () => {
    await access.createAccount({ username: 'admin', displayName: 'Admin', role: 'admin', password: 'correct horse' });
    const { token, account } = await access.login('admin', 'correct horse');
    expect(account.username).toBe('admin');
    expect((await access.staff(token)).role).toBe('admin');
    await expect(access.login('admin', 'wrong')).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(access.login('nobody', 'correct horse')).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('createAccount() stores a salted hash, never the password', async () => {
    const a = await access.createAccount({ username: 'u1', displayName: 'U', role: 'clerk', password: 'same-password' });
    const b = await access.createAccount({ username: 'u2', displayName: 'U', role: 'clerk', password: 'same-password' });
    expect(a.passwordHash).not.toContain('same-password');
    expect(a.passwordHash).toMatch(/^scrypt\$/);
    expect(a.passwordHash).not.toBe(b.passwordHash);
  });
});
