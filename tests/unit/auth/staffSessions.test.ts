// Access's staff sessions against the real SQLite store: opened by login, checked on every use,
// ended by logout, disable, role and password changes; the role is the database's; an old hash is
// upgraded at sign-in; TOTP enrolment and sign-in, each code accepted once; an admin's resets.
import { generateSync } from 'otplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Access, SecondFactorRequired } from '../../../server/auth/Access.js';
import { hashPassword } from '../../../server/auth/passwords.js';
import { TokenService } from '../../../server/auth/tokens.js';
import { SqliteStaffSessions } from '../../../server/store/SqliteStaffSessions.js';
import { ConflictError, UnauthorizedError, ValidationError } from '../../../core/hearing/errors.js';
import { makeDomain, type Domain } from '../../support/domain.js';

const SECRET = 'x'.repeat(48);
const PW = 'quiet-river-stone-42';

let d: Domain;
let sessions: SqliteStaffSessions;
let access: Access;
const lines: string[] = [];

beforeEach(() => {
  d = makeDomain();
  sessions = new SqliteStaffSessions(d.store.db);
  lines.length = 0;
  const log = { info: (l: string) => void lines.push(l), warn: (l: string) => void lines.push(l) };
  access = new Access(d.store, new TokenService(SECRET), sessions, log);
});
afterEach(() => d.close());

const make = (username: string, role: 'admin' | 'clerk' | 'judge' = 'clerk') =>
  access.createAccount({ username, displayName: `Staff ${username}`, role, password: PW });
const refused = (fn: () => unknown) => expect(fn).toThrow(UnauthorizedError);

describe('SqliteStaffSessions', () => {
  it('creates, reads, touches and revokes sessions; revokeAll spares the one it is told to', async () => {
    const a = await make('s.one');
    const at = '2026-01-01T00:00:00.000Z';
    const later = '2099-01-01T00:00:00.000Z';
    sessions.create({ id: 's1', accountId: a.id, createdAt: at, expiresAt: later, secondFactor: false });
    sessions.create({ id: 's2', accountId: a.id, createdAt: at, expiresAt: later, secondFactor: true });
    sessions.create({ id: 's3', accountId: a.id, createdAt: at, expiresAt: later, secondFactor: false });
    expect(sessions.get('s2')).toMatchObject({ accountId: a.id, revokedAt: null, lastSeen: at, secondFactor: true });
    sessions.touch('s1', '2026-01-01T01:00:00.000Z');
    expect(sessions.get('s1')?.lastSeen).toBe('2026-01-01T01:00:00.000Z');
    expect(sessions.revoke('s1', at)).toBe(true);
    expect(sessions.revoke('s1', at)).toBe(false);
    expect(sessions.revokeAll(a.id, at, 's3')).toBe(1);
    expect(sessions.get('s2')?.revokedAt).toBe(at);
    expect(sessions.get('s3')?.revokedAt).toBeNull();
    expect(sessions.get('nope')).toBeNull();
  });

  it('keeps an account’s disabled flag and TOTP secret', async () => {
    const a = await make('s.two');
    expect(sessions.security(a.id)).toEqual({ disabledAt: null, totpSecret: null, totpEnabledAt: null, totpLastStep: null });
    sessions.setDisabled(a.id, 't');
    sessions.setTotp(a.id, 'SECRET', 'u');
    expect(sessions.security(a.id)).toEqual({ disabledAt: 't', totpSecret: 'SECRET', totpEnabledAt: 'u', totpLastStep: null });
    expect(sessions.security('nobody')).toBeNull();
  });

  it('claims each TOTP step once, only later ones after it; a new secret forgets the step, the same one keeps it', async () => {
    const a = await make('s.three');
    sessions.setTotp(a.id, 'SECRET', null);
    expect(sessions.claimTotpStep(a.id, 100)).toBe(true);
    expect(sessions.claimTotpStep(a.id, 100)).toBe(false);
    expect(sessions.claimTotpStep(a.id, 99)).toBe(false);
    expect(sessions.claimTotpStep(a.id, 101)).toBe(true);
    sessions.setTotp(a.id, 'SECRET', 'u');
    expect(sessions.security(a.id)?.totpLastStep).toBe(101);
    sessions.setTotp(a.id, null, null);
    expect(sessions.security(a.id)?.totpLastStep).toBeNull();
  });
});

describe('Access sessions', () => {
  it('login opens a session; staff() reads the role from the database', async () => {
    const a = await make('clerk1');
    const { token } = await access.login('clerk1', PW);
    const who = access.staff(token);
    expect(who).toMatchObject({ accountId: a.id, username: 'clerk1', role: 'clerk', secondFactor: false });
    expect(sessions.get(who.sessionId)?.accountId).toBe(a.id);
  });

  it('logout, disable, role change and password change end sessions', async () => {
    const admin = await make('boss', 'admin');
    const by = access.staff((await access.login('boss', PW)).token);
    const a = await make('victim');
    const t1 = (await access.login('victim', PW)).token;
    access.logout(access.staff(t1));
    refused(() => access.staff(t1));

    const t2 = (await access.login('victim', PW)).token;
    access.setDisabled(by, a.id, true);
    refused(() => access.staff(t2));
    await expect(access.login('victim', PW)).rejects.toThrow(/disabled/);
    access.setDisabled(by, a.id, false);

    const t3 = (await access.login('victim', PW)).token;
    access.setRole(by, a.id, 'judge');
    refused(() => access.staff(t3));
    expect(access.staff((await access.login('victim', PW)).token).role).toBe('judge');

    const mine = (await access.login('victim', PW)).token;
    const other = (await access.login('victim', PW)).token;
    await expect(access.changePassword(access.staff(mine), 'wrong', 'brand-new-lantern-77')).rejects.toThrow(UnauthorizedError);
    await expect(access.changePassword(access.staff(mine), PW, 'password1234')).rejects.toThrow(ValidationError);
    await access.changePassword(access.staff(mine), PW, 'brand-new-lantern-77');
    refused(() => access.staff(other));
    expect(access.staff(mine).username).toBe('victim');

    expect(() => access.setDisabled(by, admin.id, true)).toThrow(ConflictError);
    expect(() => access.setRole(by, admin.id, 'clerk')).toThrow(ConflictError);
    expect(lines.some((l) => l.includes('account disabled: victim by boss'))).toBe(true);
    expect(lines.some((l) => l.includes('role changed: victim clerk → judge'))).toBe(true);
    expect(lines.join('\n')).not.toContain('brand-new-lantern-77');
  });

  it('a record link dies with the session it was handed out in', async () => {
    await make('reader');
    const who = access.staff((await access.login('reader', PW)).token);
    const link = access.tokens.issueRecordAccess({ accountId: who.accountId, sessionId: who.sessionId, hearingId: 'h1' });
    expect(access.recordReader(link, 'h1').accountId).toBe(who.accountId);
    access.logout(who);
    expect(() => access.recordReader(link, 'h1')).toThrow(/ended/);
  });

  it('an expired session is refused even while its token is not', async () => {
    await make('late');
    const { token } = await access.login('late', PW);
    const { sessionId } = access.staff(token);
    d.store.db.prepare('UPDATE staff_sessions SET expires_at = ? WHERE id = ?').run('2000-01-01T00:00:00.000Z', sessionId);
    expect(() => access.staff(token)).toThrow(/expired/);
  });

  it('upgrades a hash made with older scrypt parameters at sign-in', async () => {
    const a = await make('old.hash');
    const old = (await hashPassword(PW)).replace(/^scrypt\$16384\$/, 'scrypt$1024$');
    // Rehash the old one for real with N=1024, so verification works with those parameters.
    const { scryptSync } = await import('node:crypto');
    const [, , r, p, salt] = old.split('$');
    const key = scryptSync(PW, Buffer.from(salt!, 'base64'), 32, { N: 1024, r: Number(r), p: Number(p) });
    sessions.setPasswordHash(a.id, ['scrypt', 1024, r, p, salt, key.toString('base64')].join('$'));
    await access.login('old.hash', PW);
    expect(d.store.accounts.get(a.id)?.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    await access.login('old.hash', PW);
  });

  it('TOTP: enrolment, then sign-in needs a code and the session carries the second factor', async () => {
    await make('judge1', 'judge');
    const who = access.staff((await access.login('judge1', PW)).token);
    const { secret, uri } = access.setupTotp(who);
    expect(uri).toContain(`secret=${secret}`);
    expect(() => access.enableTotp(who, '000000' === generateSync({ secret }) ? '000001' : '000000')).toThrow(UnauthorizedError);
    const step = Math.floor(Date.now() / 30_000);
    const codeOf = (s: number) => generateSync({ secret, epoch: s * 30 });
    access.enableTotp(who, codeOf(step));
    await expect(access.login('judge1', PW)).rejects.toBeInstanceOf(SecondFactorRequired);
    await expect(access.login('judge1', PW, '12')).rejects.toThrow(/code/);
    // Each code once: the one enrolment took is refused, and so is an earlier one; the next step's is fine, once.
    await expect(access.login('judge1', PW, codeOf(step))).rejects.toThrow(/already used/);
    await expect(access.login('judge1', PW, codeOf(step - 1))).rejects.toThrow(UnauthorizedError);
    const { token } = await access.login('judge1', PW, codeOf(step + 1));
    expect(access.staff(token).secondFactor).toBe(true);
    await expect(access.login('judge1', PW, codeOf(step + 1))).rejects.toThrow(/already used/);
  });
});

describe("an administrator's resets", () => {
  it('resets another account’s password (given, or generated and returned once): its sessions end, logged', async () => {
    const admin = access.staff((await access.login((await make('adm', 'admin')).username, PW)).token);
    const a = await make('reset.me', 'judge');
    const { token } = await access.login('reset.me', PW);
    await expect(access.resetPassword(admin, admin.accountId, 'some-long-passphrase-1')).rejects.toBeInstanceOf(ConflictError);
    await expect(access.resetPassword(admin, a.id, 'password1234')).rejects.toBeInstanceOf(ValidationError);
    expect(await access.resetPassword(admin, a.id, 'harbor-lantern-quiet-9')).toEqual({ generated: null });
    refused(() => access.staff(token));
    expect(lines).toContain('[auth] password reset: reset.me by adm (1 session(s) ended)');
    await expect(access.login('reset.me', PW)).rejects.toBeInstanceOf(UnauthorizedError);
    const { generated } = await access.resetPassword(admin, a.id);
    expect(generated).toMatch(/^[\w-]{24}$/);
    await access.login('reset.me', generated!);
  });

  it('resets another account’s authenticator: sign-in needs no code until it enrols again; its sessions end', async () => {
    const admin = access.staff((await access.login((await make('adm2', 'admin')).username, PW)).token);
    await make('lost.phone');
    const who = access.staff((await access.login('lost.phone', PW)).token);
    const { secret } = access.setupTotp(who);
    access.enableTotp(who, generateSync({ secret }));
    await expect(access.login('lost.phone', PW)).rejects.toBeInstanceOf(SecondFactorRequired);
    expect(() => access.resetTotp(admin, admin.accountId)).toThrow(ConflictError);
    access.resetTotp(admin, who.accountId);
    refused(() => access.staff(access.tokens.issueStaff({ accountId: who.accountId, sessionId: who.sessionId }, 60)));
    expect(lines).toContain('[auth] authenticator reset: lost.phone by adm2 (1 session(s) ended)');
    const again = access.staff((await access.login('lost.phone', PW)).token);
    expect(again.secondFactor).toBe(false);
    expect(access.setupTotp(again).secret).not.toBe(secret);
  });
});
