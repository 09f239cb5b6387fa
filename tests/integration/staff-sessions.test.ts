// Staff sessions end on the server: logout, a disabled account, a password or role change end
// tokens at once; a token without exp is refused even with the real secret; the role is the
// database's, not the token's; weak passwords are refused; TOTP enrolment and sign-in; changing
// records needs a session opened with a second factor.
import jwt from 'jsonwebtoken';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiError, LoggedIn } from '../support/server.js';
import { Authenticator } from '../support/totp.js';
import { useTestServer } from '../support/useTestServer.js';

const ctx = useTestServer();

const PASSWORD = 'quiet-river-stone-42';

/** A new account (created by the admin over HTTP) and a signed-in token for it. */
async function account(username: string, role: 'admin' | 'clerk' | 'judge', password = PASSWORD) {
  const created = await ctx.server.api<{ account: { id: string } }>('POST', '/api/accounts', {
    username,
    displayName: `Staff ${username}`,
    role,
    password,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.account.id, token: await login(username, password) };
}

async function login(username: string, password = PASSWORD, code?: string): Promise<string> {
  const res = await ctx.server.api<LoggedIn>('POST', '/api/auth/login', { username, password, ...(code ? { code } : {}) }, null);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.token;
}

/** 200 while the token is a live session (GET /api/archive/hearings: every staff role reads it). */
const probe = async (token: string) => (await ctx.server.api('GET', '/api/archive/hearings', undefined, token)).status;

/** The server's own JWT secret (data/secrets/jwt.key), to sign tokens an attacker with it could. */
const secret = () => readFileSync(join(ctx.server.dataDir, 'secrets', 'jwt.key'), 'utf8').trim();
const STAFF = { algorithm: 'HS256', audience: 'vcourt:staff', issuer: 'vcourt' } as const;

describe('ending staff sessions', () => {
  it('logout ends the session at once; another session of the account lives on', async () => {
    const { token } = await account('logout.clerk', 'clerk');
    const other = await login('logout.clerk');
    expect(await probe(token)).toBe(200);
    expect((await ctx.server.api('POST', '/api/auth/logout', undefined, token)).status).toBe(204);
    expect(await probe(token)).toBe(401);
    expect((await ctx.server.api('POST', '/api/auth/logout', undefined, token)).status).toBe(401);
    expect(await probe(other)).toBe(200);
  });

  it('a disabled account loses its sessions and cannot sign in; enabled again it can', async () => {
    const { id, token } = await account('disabled.judge', 'judge');
    const { token: clerk } = await account('not.an.admin', 'clerk');
    expect((await ctx.server.api('POST', `/api/accounts/${id}/disable`, undefined, clerk)).status).toBe(403);
    expect((await ctx.server.api('POST', `/api/accounts/${id}/disable`)).status).toBe(204);
    expect(await probe(token)).toBe(401);
    const refused = await ctx.server.api<ApiError>('POST', '/api/auth/login', { username: 'disabled.judge', password: PASSWORD }, null);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/disabled/);
    const list = await ctx.server.api<{ accounts: { username: string; disabled: boolean }[] }>('GET', '/api/accounts');
    expect(list.body.accounts.find((a) => a.username === 'disabled.judge')?.disabled).toBe(true);
    expect((await ctx.server.api('POST', `/api/accounts/${id}/enable`)).status).toBe(204);
    expect(await probe(token)).toBe(401); // ended sessions stay ended
    expect(await probe(await login('disabled.judge'))).toBe(200);
    expect((await ctx.server.api('POST', '/api/accounts/no-such-account/disable')).status).toBe(404);
  });

  it('a password change needs the current password, ends the other sessions and keeps this one', async () => {
    const { token } = await account('pw.change', 'clerk');
    const other = await login('pw.change');
    const change = (currentPassword: string, newPassword: string) =>
      ctx.server.api<ApiError>('POST', '/api/auth/password', { currentPassword, newPassword }, token);
    expect((await change('wrong-password-here', 'brand-new-lantern-77')).status).toBe(401);
    expect((await change(PASSWORD, 'password1234')).status).toBe(400);
    expect(await probe(other)).toBe(200);
    expect((await change(PASSWORD, 'brand-new-lantern-77')).status).toBe(204);
    expect(await probe(other)).toBe(401);
    expect(await probe(token)).toBe(200);
    expect((await ctx.server.api('POST', '/api/auth/login', { username: 'pw.change', password: PASSWORD }, null)).status).toBe(401);
    await login('pw.change', 'brand-new-lantern-77');
  });

  it('a role change (admins only) ends the account’s sessions; the next sign-in has the new role', async () => {
    const { id, token } = await account('role.change', 'clerk');
    expect((await ctx.server.api('GET', '/api/sites', undefined, token)).status).toBe(200);
    expect((await ctx.server.api('POST', `/api/accounts/${id}/role`, { role: 'admin' }, token)).status).toBe(403);
    expect((await ctx.server.api('POST', `/api/accounts/${id}/role`, { role: 'janitor' })).status).toBe(400);
    expect((await ctx.server.api('POST', `/api/accounts/${id}/role`, { role: 'judge' })).status).toBe(204);
    expect(await probe(token)).toBe(401);
    const again = await ctx.server.api<LoggedIn>('POST', '/api/auth/login', { username: 'role.change', password: PASSWORD }, null);
    expect(again.body.account.role).toBe('judge');
    expect((await ctx.server.api('GET', '/api/sites', undefined, again.body.token)).status).toBe(403);
  });
});

describe('what a token can claim', () => {
  it('a token without exp is refused, even signed with the real secret for a live session', async () => {
    const { token } = await account('no.exp', 'clerk');
    const { sub, jti } = jwt.decode(token) as { sub: string; jti: string; exp: number };
    const forever = jwt.sign({}, secret(), { ...STAFF, subject: sub, jwtid: jti });
    expect(jwt.decode(forever)).not.toHaveProperty('exp');
    const refused = await ctx.server.api<ApiError>('GET', '/api/archive/hearings', undefined, forever);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/no expiry/);
    // The same session with an exp is fine: what was refused is the missing exp.
    const withExp = jwt.sign({}, secret(), { ...STAFF, subject: sub, jwtid: jti, expiresIn: 600 });
    expect(await probe(withExp)).toBe(200);
  });

  it('an invitation without exp is refused', async () => {
    const forever = jwt.sign({ hid: 'h', role: 'judge' }, secret(), {
      algorithm: 'HS256',
      audience: 'vcourt:invitation',
      issuer: 'vcourt',
      subject: 'p',
      jwtid: 'i',
    });
    const refused = await ctx.server.api<ApiError>('GET', '/api/invitation', undefined, forever);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/no expiry/);
  });

  it('the role is the database’s: a token claiming admin for a clerk account does not make it one', async () => {
    const { token } = await account('claims.admin', 'clerk');
    const { sub, jti } = jwt.decode(token) as { sub: string; jti: string };
    const forged = jwt.sign({ role: 'admin', username: 'admin' }, secret(), { ...STAFF, subject: sub, jwtid: jti, expiresIn: 600 });
    expect((await ctx.server.api('GET', '/api/accounts', undefined, forged)).status).toBe(403);
    // A session id that was never opened is refused, whatever account the token names.
    const invented = jwt.sign({}, secret(), { ...STAFF, subject: sub, jwtid: 'invented-session', expiresIn: 600 });
    expect(await probe(invented)).toBe(401);
  });
});

describe('passwords', () => {
  it('refuses short, common and name-based passwords for new accounts', async () => {
    for (const password of ['short-pw', 'password1234', 'Password123456!', 'qwertyuiop12', '111111111111', 'weak.user-2024-secret']) {
      const res = await ctx.server.api<ApiError>('POST', '/api/accounts', {
        username: 'weak.user',
        displayName: 'Weak User',
        role: 'clerk',
        password,
      });
      expect(res.status, password).toBe(400);
    }
  });
});

describe('a second factor (TOTP)', () => {
  it('enrols with a valid code; from then on sign-in answers totp_required without one', async () => {
    const { token } = await account('totp.judge', 'judge');
    expect((await ctx.server.api('POST', '/api/auth/totp/enable', { code: '123456' }, token)).status).toBe(409);
    const setup = await ctx.server.api<{ secret: string; uri: string }>('POST', '/api/auth/totp/setup', {}, token);
    expect(setup.status).toBe(200);
    expect(setup.body.uri).toMatch(/^otpauth:\/\/totp\/vcourt:totp\.judge\?secret=/);
    const app = new Authenticator(setup.body.secret);
    const code = await app.code();
    const wrong = code === '000000' ? '000001' : '000000';
    expect((await ctx.server.api('POST', '/api/auth/totp/enable', { code: wrong }, token)).status).toBe(401);
    // Not yet enabled: sign-in still needs no code.
    await login('totp.judge');
    expect((await ctx.server.api('POST', '/api/auth/totp/enable', { code }, token)).status).toBe(204);
    expect((await ctx.server.api('POST', '/api/auth/totp/setup', {}, token)).status).toBe(409);

    const needed = await ctx.server.api<ApiError>('POST', '/api/auth/login', { username: 'totp.judge', password: PASSWORD }, null);
    expect(needed.status).toBe(401);
    expect(needed.body.error.details).toEqual({ reason: 'totp_required' });
    const bad = await ctx.server.api<ApiError>(
      'POST',
      '/api/auth/login',
      { username: 'totp.judge', password: PASSWORD, code: wrong },
      null,
    );
    expect(bad.status).toBe(401);
    expect(bad.body.error.details).toBeUndefined();
    // A wrong password with a code says nothing about the code.
    const wrongPassword = await ctx.server.api<ApiError>('POST', '/api/auth/login', { username: 'totp.judge', password: 'x', code }, null);
    expect(wrongPassword.body.error.details).toBeUndefined();
    // A later code than the one enrolment took (each is accepted once: account-safety.test.ts).
    expect(await probe(await login('totp.judge', PASSWORD, await app.code()))).toBe(200);
  });

  it('changing records needs a session opened with a code (403 without), for admins and clerks alike', async () => {
    const base = '/api/archive/hearings/no-such-hearing/record';
    const changes = [
      ['PUT', `${base}/retention`, { retainUntil: '2099-01-01' }],
      ['POST', `${base}/requests`, {}],
      ['POST', `${base}/rebuild`, { force: true }],
    ] as const;
    const { token: clerk } = await account('records.clerk', 'clerk');
    for (const [method, path, body] of changes) {
      const refused = await ctx.server.api<ApiError>(method, path, body, ctx.server.adminToken);
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body.error.message).toMatch(/authenticator code/);
      const byClerk = await ctx.server.api<ApiError>(method, path, body, clerk);
      expect(byClerk.status, `${method} ${path}`).toBe(403);
    }
    // With a second factor the guard lets them through, to what the archive says of a hearing
    // without a record (not found, or the body refused): anything but 401 or 403.
    const admin = await ctx.server.secondFactorToken();
    const clerk2fa = await ctx.server.secondFactorToken('records.clerk', PASSWORD);
    for (const [method, path, body] of changes) {
      const status = (await ctx.server.api(method, path, body, admin)).status;
      expect([400, 404, 409], `${method} ${path}: ${status}`).toContain(status);
      if (!path.endsWith('rebuild')) {
        const byClerk = (await ctx.server.api(method, path, body, clerk2fa)).status;
        expect([400, 404, 409], `${method} ${path}: ${byClerk}`).toContain(byClerk);
      }
    }
    // Reading needs no second factor.
    expect(await probe(ctx.server.adminToken)).toBe(200);
  });
});
