// No one account can hurt the court, over a real server: an authenticator code is accepted once; a
// stolen session cannot guess the account's password through the password change (throttled and
// locked as sign-ins are); an administrator resets another account's password or authenticator,
// which ends its sessions at once; a judge account's archive search lists only its own hearings.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ArchiveHit } from '../../core/protocol/http.js';
import type { ErrorBody } from '../../core/protocol/signaling.js';
import {
  type AccountView,
  type ApiError,
  createHearing,
  eventually,
  type LoggedIn,
  startTestServer,
  type TestServer,
} from '../support/server.js';
import { Authenticator } from '../support/totp.js';

const MINUTE = 60_000;
const PASSWORD = 'amber-canal-window-58';
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    limits: {
      // Small per account, so the lockout follows from the configuration, not this machine's speed;
      // the address cap out of the way (every test here signs in from 127.0.0.1).
      login: {
        backoffAfter: 3,
        backoffBaseMs: 300,
        backoffMaxMs: 1_000,
        lockoutAfter: 5,
        lockoutMs: 15 * MINUTE,
        perIp: { points: 1_000, windowMs: 15 * MINUTE },
      },
    },
  });
});
afterAll(async () => {
  await server?.stop();
});

/** A new account (created by the admin) and the id of it. */
async function account(username: string, role: 'admin' | 'clerk' | 'judge'): Promise<string> {
  const created = await server.api<{ account: AccountView }>('POST', '/api/accounts', {
    username,
    displayName: `Staff ${username}`,
    role,
    password: PASSWORD,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.account.id;
}

const signIn = (username: string, password = PASSWORD, code?: string) =>
  server.api<LoggedIn & ApiError>('POST', '/api/auth/login', { username, password, ...(code ? { code } : {}) }, null);

async function login(username: string, password = PASSWORD, code?: string): Promise<string> {
  const res = await signIn(username, password, code);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.token;
}

/** 200 while the token is a live session. */
const probe = async (token: string) => (await server.api('GET', '/api/archive/hearings', undefined, token)).status;

/** Enrols the account's authenticator (setup, then enable with a code); the app that makes its codes. */
async function enrol(token: string): Promise<{ app: Authenticator; enrolmentCode: string }> {
  const setup = await server.api<{ secret: string }>('POST', '/api/auth/totp/setup', {}, token);
  expect(setup.status).toBe(200);
  const app = new Authenticator(setup.body.secret);
  const enrolmentCode = await app.code();
  expect((await server.api('POST', '/api/auth/totp/enable', { code: enrolmentCode }, token)).status).toBe(204);
  return { app, enrolmentCode };
}

/** Server log lines (console.warn) written while `fn` runs. */
async function logLines(fn: () => Promise<void>): Promise<string[]> {
  const lines: string[] = [];
  const warn = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  try {
    await fn();
  } finally {
    warn.mockRestore();
  }
  return lines;
}

const adminId = async () =>
  (await server.api<{ accounts: AccountView[] }>('GET', '/api/accounts')).body.accounts.find((a) => a.username === 'admin')!.id;

describe('authenticator codes', () => {
  it('a code is accepted once: the one enrolment took, or a sign-in, is refused when sent again', async () => {
    await account('replay.clerk', 'clerk');
    const { app, enrolmentCode } = await enrol(await login('replay.clerk'));
    const replayed = await signIn('replay.clerk', PASSWORD, enrolmentCode);
    expect(replayed.status).toBe(401);
    expect(replayed.body.error.message).toMatch(/already used/);
    const next = await app.code();
    expect(await probe(await login('replay.clerk', PASSWORD, next))).toBe(200);
    expect((await signIn('replay.clerk', PASSWORD, next)).status).toBe(401);
  });
});

describe('the password change', () => {
  it('guessing the current password: 401s, then 429 (back-off), then a lockout that refuses even the right one; every attempt logged', async () => {
    await account('pw.brute', 'clerk');
    const token = await login('pw.brute');
    const change = (currentPassword: string) =>
      server.api<ApiError>('POST', '/api/auth/password', { currentPassword, newPassword: 'brand-new-lantern-77' }, token);
    const lines = await logLines(async () => {
      for (let i = 1; i <= 3; i++) expect((await change(`wrong-${i}-password`)).status).toBe(401);
      // The third failure opened a back-off: the next guess is refused unread, with Retry-After.
      const backoff = await change('wrong-4-password');
      expect(backoff.status).toBe(429);
      expect(backoff.body.error.code).toBe('rate_limited');
      // Once each back-off has passed, a guess is read again (and fails): the fourth, then the fifth, which locks.
      await eventually(async () => (await change('wrong-4-password')).status === 401, { timeoutMs: 10_000 });
      await eventually(async () => (await change('wrong-5-password')).status === 401, { timeoutMs: 10_000 });
      const locked = await fetch(`${server.base}/api/auth/password`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ currentPassword: PASSWORD, newPassword: 'brand-new-lantern-77' }),
      });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
      expect(((await locked.json()) as { error: ErrorBody }).error.message).toMatch(/locked/);
      // The same account's budget: signing in with the right password is refused too.
      expect((await signIn('pw.brute')).status).toBe(429);
    });
    const mine = lines.filter((l) => l.startsWith('[auth]') && l.includes('"pw.brute"'));
    expect(mine.filter((l) => l.startsWith('[auth] password change failed:'))).toHaveLength(5);
    expect(mine.filter((l) => l.startsWith('[auth] password change refused'))).not.toHaveLength(0);
    expect(lines.some((l) => l.includes('wrong-') || l.includes(PASSWORD))).toBe(false);
  });
});

describe("an administrator's resets", () => {
  it('resets another account’s password (given or generated): its sessions end, the old password is refused, the new one works', async () => {
    const id = await account('reset.pw', 'judge');
    const sessions = [await login('reset.pw'), await login('reset.pw')];
    const reset = (body: unknown, token?: string) =>
      server.api<{ password?: string } & ApiError>('POST', `/api/accounts/${id}/password`, body, token);
    expect((await reset({ password: 'fresh-harbor-lantern-93' }, sessions[0])).status).toBe(403);
    expect((await server.api('POST', `/api/accounts/${await adminId()}/password`, {})).status).toBe(409);
    expect((await reset({ password: 'password1234' })).status).toBe(400);
    for (const token of sessions) expect(await probe(token)).toBe(200);

    const lines = await logLines(async () => expect((await reset({ password: 'fresh-harbor-lantern-93' })).status).toBe(204));
    expect(lines).toContainEqual(expect.stringMatching(/^\[auth\] password reset: reset\.pw by admin \(2 session\(s\) ended\)/));
    for (const token of sessions) expect(await probe(token)).toBe(401);
    expect((await signIn('reset.pw')).status).toBe(401);
    const fresh = await login('reset.pw', 'fresh-harbor-lantern-93');

    const generated = await reset({});
    expect(generated.status).toBe(200);
    expect(generated.body.password).toMatch(/^\S{12,}$/);
    expect(await probe(fresh)).toBe(401);
    expect((await signIn('reset.pw', 'fresh-harbor-lantern-93')).status).toBe(401);
    expect(await probe(await login('reset.pw', generated.body.password))).toBe(200);
  });

  it('resets another account’s authenticator, only from a session with a second factor: its sessions end, it signs in without a code and enrols again', async () => {
    const id = await account('reset.totp', 'clerk');
    const { app } = await enrol(await login('reset.totp'));
    const session = await login('reset.totp', PASSWORD, await app.code());
    const resetTotp = (token?: string) => server.api<ApiError>('POST', `/api/accounts/${id}/totp/reset`, {}, token);

    const refused = await resetTotp(); // the admin's session without a code
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/authenticator code/);
    expect((await resetTotp(session)).status).toBe(403); // not an admin
    const admin = await server.secondFactorToken();
    expect((await server.api('POST', `/api/accounts/${await adminId()}/totp/reset`, {}, admin)).status).toBe(409);
    expect(await probe(session)).toBe(200);

    const lines = await logLines(async () => expect((await resetTotp(admin)).status).toBe(204));
    expect(lines).toContainEqual(expect.stringMatching(/^\[auth\] authenticator reset: reset\.totp by admin \(\d+ session\(s\) ended\)/));
    expect(await probe(session)).toBe(401);
    const again = await login('reset.totp'); // no totp_required any more
    await enrol(again);
  });
});

describe('the archive search', () => {
  it('lists a judge account only the hearings it presided or was granted; clerks and admins see all', async () => {
    const judge = await account('search.judge', 'judge');
    const judge2 = await account('search.judge2', 'judge');
    await account('search.clerk', 'clerk');
    const hearing = async (presiding?: string) => {
      const { hearing } = await createHearing(server, []);
      if (presiding) {
        const seat = await server.api('POST', `/api/hearings/${hearing.id}/participants`, {
          displayName: 'Thẩm phán',
          role: 'judge',
          accountId: presiding,
        });
        expect(seat.status, JSON.stringify(seat.body)).toBe(201);
      }
      return hearing;
    };
    const presided = await hearing(judge);
    const others = await hearing(judge2);
    const granted = await hearing();
    expect((await server.api('POST', `/api/archive/hearings/${granted.id}/grants`, { accountId: judge })).status).toBe(204);
    const ours = new Set([presided.id, others.id, granted.id]);

    const listed = async (token: string, q = '') => {
      const res = await server.api<{ hearings: ArchiveHit[] }>('GET', `/api/archive/hearings?q=${encodeURIComponent(q)}`, undefined, token);
      expect(res.status).toBe(200);
      return res.body.hearings
        .map((h) => h.hearingId)
        .filter((id) => ours.has(id))
        .sort();
    };
    expect(await listed(await login('search.judge'))).toEqual([presided.id, granted.id].sort());
    expect(await listed(await login('search.judge'), others.caseNumber)).toEqual([]);
    expect(await listed(await login('search.judge2'))).toEqual([others.id]);
    expect(await listed(await login('search.clerk'))).toEqual([...ours].sort());
    expect(await listed(server.adminToken)).toEqual([...ours].sort());
  });
});
