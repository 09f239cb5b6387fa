// Access's staff sessions against the real SQLite store (the store's own promises are in
// tests/support/recordStoreContract.ts): opened by login, checked on every use,
// ended by logout, disable, role and password changes; the role is the database's; an old hash is
// upgraded at sign-in; TOTP enrolment and sign-in, each code accepted once; an admin's resets.
import { generateSync } from 'otplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Access, SecondFactorRequired } from '../../../server/auth/Access.js';
import { hashPassword } from '../../../server/auth/passwords.js';
import { TokenService } from '../../../server/auth/tokens.js';
import { SqlStaffSessions } from '../../../server/store/SqlStaffSessions.js';
import { ConflictError, UnauthorizedError, ValidationError } from '../../../core/hearing/errors.js';
import { makeDomain, type Domain } from '../../support/domain.js';

const SECRET = 'x'.repeat(48);
const PW = 'quiet-river-stone-42';

let d: Domain;
let sessions: SqlStaffSessions;
let access: Access;
const lines: string[] = [];

beforeEach(async () => {
  d = await makeDomain();
  sessions = new SqlStaffSessions(d.store.db);
  lines.length = 0;
  const log = { info: (l: string) => void lines.push(l), warn: (l: string) => void lines.push(l) };
  access = new Access(d.store, new TokenService(SECRET), sessions, log);
});
afterEach(() => d.close());

const make = (username: string, role: 'admin' | 'clerk' | 'judge' = 'clerk') =>
  access.createAccount({ username, displayName: `Staff ${username}`, role, password: PW });
const refused = (fn: () => Promise<unknown>) => expect(fn()).rejects.toThrow(UnauthorizedError);

describe('Access sessions', () => {
  it('login opens a session; staff() reads the role from the database', async () => {
    const a = await make('clerk1');
    const { token } = await access.login('clerk1', PW);
    const who = await access.staff(token);
    expect(who).toMatchObject({ accountId: a.id, username: 'clerk1', role: 'clerk', secondFactor: false });
    expect((await sessions.get(who.sessionId))?.accountId).toBe(a.id);
  });

  it('logout, disable, role change and password change end sessions', async () => {
    const admin = await make('boss', 'admin');
    const by = await access.staff((await access.login('boss', PW)).token);
    const a = await make('victim');
    const t1 = (await access.login('victim', PW)).token;
    await access.logout(await access.staff(t1));
    await refused(async () => access.staff(t1));

    const t2 = (await access.login('victim', PW)).token;
    await access.setDisabled(by, a.id, true);
    await refused(async () => access.staff(t2));
    await expect(access.login('victim', PW)).rejects.toThrow(/disabled/);
    await access.setDisabled(by, a.id, false);

    const t3 = (await access.login('victim', PW)).token;
    await access.setRole(by, a.id, 'judge');
    await refused(async () => access.staff(t3));
    expect((await access.staff((await access.login('victim', PW)).token)).role).toBe('judge');

    const mine = (await access.login('victim', PW)).token;
    const other = (await access.login('victim', PW)).token;
    await expect(access.changePassword(await access.staff(mine), 'wrong', 'brand-new-lantern-77')).rejects.toThrow(UnauthorizedError);
    await expect(access.changePassword(await access.staff(mine), PW, 'password1234')).rejects.toThrow(ValidationError);
    await access.changePassword(await access.staff(mine), PW, 'brand-new-lantern-77');
    await refused(async () => access.staff(other));
    expect((await access.staff(mine)).username).toBe('victim');

    await expect(access.setDisabled(by, admin.id, true)).rejects.toThrow(ConflictError);
    await expect(access.setRole(by, admin.id, 'clerk')).rejects.toThrow(ConflictError);
    expect(lines.some((l) => l.includes('account disabled: victim by boss'))).toBe(true);
    expect(lines.some((l) => l.includes('role changed: victim clerk → judge'))).toBe(true);
    expect(lines.join('\n')).not.toContain('brand-new-lantern-77');
  });

  it('a record link dies with the session it was handed out in', async () => {
    await make('reader');
    const who = await access.staff((await access.login('reader', PW)).token);
    const link = access.tokens.issueRecordAccess({ accountId: who.accountId, sessionId: who.sessionId, hearingId: 'h1' });
    expect((await access.recordReader(link, 'h1')).accountId).toBe(who.accountId);
    await access.logout(who);
    await expect(access.recordReader(link, 'h1')).rejects.toThrow(/ended/);
  });

  it('an expired session is refused even while its token is not', async () => {
    await make('late');
    const { token } = await access.login('late', PW);
    const { sessionId } = await access.staff(token);
    await d.store.db.run('UPDATE staff_sessions SET expires_at = ? WHERE id = ?', ['2000-01-01T00:00:00.000Z', sessionId]);
    await expect(access.staff(token)).rejects.toThrow(/expired/);
  });

  it('upgrades a hash made with older scrypt parameters at sign-in', async () => {
    const a = await make('old.hash');
    const old = (await hashPassword(PW)).replace(/^scrypt\$16384\$/, 'scrypt$1024$');
    // Rehash the old one for real with N=1024, so verification works with those parameters.
    const { scryptSync } = await import('node:crypto');
    const [, , r, p, salt] = old.split('$');
    const key = scryptSync(PW, Buffer.from(salt!, 'base64'), 32, { N: 1024, r: Number(r), p: Number(p) });
    await sessions.setPasswordHash(a.id, ['scrypt', 1024, r, p, salt, key.toString('base64')].join('$'));
    await access.login('old.hash', PW);
    expect((await d.store.accounts.get(a.id))?.passwordHash).toMatch(/^scrypt\$16384\$8\$1\$/);
    await access.login('old.hash', PW);
  });

  it('TOTP: enrolment, then sign-in needs a code and the session carries the second factor', async () => {
    await make('judge1', 'judge');
    const who = await access.staff((await access.login('judge1', PW)).token);
    const { secret, uri } = await access.setupTotp(who);
    expect(uri).toContain(`secret=${secret}`);
    await expect(access.enableTotp(who, '000000' === generateSync({ secret }) ? '000001' : '000000')).rejects.toThrow(UnauthorizedError);
    const step = Math.floor(Date.now() / 30_000);
    const codeOf = (s: number) => generateSync({ secret, epoch: s * 30 });
    await access.enableTotp(who, codeOf(step));
    await expect(access.login('judge1', PW)).rejects.toBeInstanceOf(SecondFactorRequired);
    await expect(access.login('judge1', PW, '12')).rejects.toThrow(/code/);
    // Each code once: the one enrolment took is refused, and so is an earlier one; the next step's is fine, once.
    await expect(access.login('judge1', PW, codeOf(step))).rejects.toThrow(/already used/);
    await expect(access.login('judge1', PW, codeOf(step - 1))).rejects.toThrow(UnauthorizedError);
    const { token } = await access.login('judge1', PW, codeOf(step + 1));
    expect((await access.staff(token)).secondFactor).toBe(true);
    await expect(access.login('judge1', PW, codeOf(step + 1))).rejects.toThrow(/already used/);
  });
});

describe("an administrator's resets", () => {
  it('resets another account’s password (given, or generated and returned once): its sessions end, logged', async () => {
    const admin = await access.staff((await access.login((await make('adm', 'admin')).username, PW)).token);
    const a = await make('reset.me', 'judge');
    const { token } = await access.login('reset.me', PW);
    await expect(access.resetPassword(admin, admin.accountId, 'some-long-passphrase-1')).rejects.toBeInstanceOf(ConflictError);
    await expect(access.resetPassword(admin, a.id, 'password1234')).rejects.toBeInstanceOf(ValidationError);
    expect(await access.resetPassword(admin, a.id, 'harbor-lantern-quiet-9')).toEqual({ generated: null });
    await refused(async () => access.staff(token));
    expect(lines).toContain('[auth] password reset: reset.me by adm (1 session(s) ended)');
    await expect(access.login('reset.me', PW)).rejects.toBeInstanceOf(UnauthorizedError);
    const { generated } = await access.resetPassword(admin, a.id);
    expect(generated).toMatch(/^[\w-]{24}$/);
    await access.login('reset.me', generated!);
  });

  it('resets another account’s authenticator: sign-in needs no code until it enrols again; its sessions end', async () => {
    const admin = await access.staff((await access.login((await make('adm2', 'admin')).username, PW)).token);
    await make('lost.phone');
    const who = await access.staff((await access.login('lost.phone', PW)).token);
    const { secret } = await access.setupTotp(who);
    await access.enableTotp(who, generateSync({ secret }));
    await expect(access.login('lost.phone', PW)).rejects.toBeInstanceOf(SecondFactorRequired);
    await expect(access.resetTotp(admin, admin.accountId)).rejects.toThrow(ConflictError);
    await access.resetTotp(admin, who.accountId);
    await refused(async () => access.staff(access.tokens.issueStaff({ accountId: who.accountId, sessionId: who.sessionId }, 60)));
    expect(lines).toContain('[auth] authenticator reset: lost.phone by adm2 (1 session(s) ended)');
    const again = await access.staff((await access.login('lost.phone', PW)).token);
    expect(again.secondFactor).toBe(false);
    expect((await access.setupTotp(again)).secret).not.toBe(secret);
  });
});
