// The rate limits (server/limits.ts) and what is built on them: the signaling gate (requests,
// presence, strikes) and the sign-in throttle (back-off, lockout, per address). Windows are long
// enough that nothing expires by itself during a test; time passes only through fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { RateLimited, toHttp } from '../../../server/errorMapping.js';
import { LoginThrottle } from '../../../server/http/LoginThrottle.js';
import {
  DEFAULT_LIMITS,
  clientAddress,
  createLimits,
  mergeLimits,
  type LimiterStore,
  type LimitOverrides,
} from '../../../server/limits.js';
import { SignalingGate } from '../../../server/signaling/SignalingGate.js';

const HOUR = 3_600_000;
const limitsWith = (o: LimitOverrides) => createLimits(mergeLimits(DEFAULT_LIMITS, o));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('limits: the counters', () => {
  it('a window allows its points, then refuses with the time left, and a block holds the key', async () => {
    const { invitationByIp } = limitsWith({ invitationPerIp: { points: 3, windowMs: HOUR } });
    for (let i = 1; i <= 3; i++) expect(await invitationByIp.take('10.0.0.1')).toEqual({ allowed: true, count: i, retryAfterMs: 0 });
    const refused = await invitationByIp.take('10.0.0.1');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(HOUR - 1000);
    expect((await invitationByIp.take('10.0.0.2')).allowed).toBe(true); // per key
    await vi.advanceTimersByTimeAsync(HOUR);
    expect((await invitationByIp.take('10.0.0.1')).allowed).toBe(true);
  });

  it('peek counts nothing; give returns points; block refuses until it ends; forget clears', async () => {
    const { loginHold, loginAttempts } = createLimits();
    expect(await loginHold.peek('a')).toEqual({ allowed: true, count: 0, retryAfterMs: 0 });
    await loginHold.block('a', 5_000);
    expect(await loginHold.peek('a')).toMatchObject({ allowed: false, retryAfterMs: 5_000 });
    await vi.advanceTimersByTimeAsync(5_000);
    expect((await loginHold.peek('a')).allowed).toBe(true);
    await loginAttempts.take('a', 3);
    await loginAttempts.give('a');
    expect((await loginAttempts.peek('a')).count).toBe(2);
    await loginAttempts.forget('a');
    expect((await loginAttempts.peek('a')).count).toBe(0);
  });

  it('a rate allows perSecond plus the burst, refuses the rest for under a second, and refills', async () => {
    const { socketRequests } = limitsWith({ signaling: { perSocket: { perSecond: 5, burst: 10, burstWindowMs: HOUR } } });
    const verdicts = [];
    for (let i = 0; i < 20; i++) verdicts.push(await socketRequests.take('s1'));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(15);
    const refused = verdicts.at(-1)!;
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect((await socketRequests.take('s1')).allowed).toBe(true); // the sustained rate is back; the burst is spent
  });

  it('every limiter is built by the one store it is given (memory here; Redis later)', async () => {
    const built: string[] = [];
    const store: LimiterStore = (o) => (built.push(o.keyPrefix), new RateLimiterMemory(o));
    const limits = createLimits(DEFAULT_LIMITS, store);
    expect(built.sort()).toEqual(
      [
        'sig:socket',
        'sig:socket:burst',
        'sig:participant',
        'sig:participant:burst',
        'sig:strikes',
        'presence:participant',
        'presence:ip',
        'chat:participant',
        'login:account',
        'login:hold',
        'login:ip',
        'invitation:ip',
      ].sort(),
    );
    expect((await limits.presenceByIp.take('x')).allowed).toBe(true);
  });

  it('a failing shared store lets the request through (hearings go on) and says so', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const broken = new RateLimiterMemory({ points: 1, duration: 1 });
    broken.consume = () => Promise.reject(new Error('store down'));
    const limits = createLimits(DEFAULT_LIMITS, () => broken);
    expect((await limits.presenceByIp.take('x')).allowed).toBe(true);
    expect(error).toHaveBeenCalledWith('[limits] the limiter store failed; allowing:', expect.any(Error));
    error.mockRestore();
  });

  it('mergeLimits merges partial settings deeply over the defaults', () => {
    const merged = mergeLimits(DEFAULT_LIMITS, { login: { lockoutAfter: 3 } }, { signaling: { strikes: { points: 2 } } });
    expect(merged.login).toEqual({ ...DEFAULT_LIMITS.login, lockoutAfter: 3 });
    expect(merged.signaling.strikes).toEqual({ ...DEFAULT_LIMITS.signaling.strikes, points: 2 });
    expect(merged.signaling.perSocket).toEqual(DEFAULT_LIMITS.signaling.perSocket);
  });

  it('clientAddress trusts X-Forwarded-For from a loopback proxy only, as express does', () => {
    expect(clientAddress('203.0.113.9', '198.51.100.1')).toBe('203.0.113.9');
    expect(clientAddress('127.0.0.1', '198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddress('::ffff:127.0.0.1', ['198.51.100.1', '127.0.0.1'])).toBe('198.51.100.1');
    expect(clientAddress('::1', undefined)).toBe('::1');
  });

  it('a refusal maps to 429 rate_limited with Retry-After in whole seconds', () => {
    expect(toHttp(new RateLimited(1500, 'slow down'))).toEqual({
      status: 429,
      body: { code: 'rate_limited', message: 'slow down', details: { retryAfterMs: 1500 } },
      headers: { 'Retry-After': '2' },
    });
  });
});

describe('SignalingGate', () => {
  it('refuses requests over the share of the socket or of the participant, and drops a socket after its strikes', async () => {
    const gate = new SignalingGate(
      limitsWith({
        signaling: {
          perSocket: { perSecond: 2, burst: 0, burstWindowMs: HOUR },
          perParticipant: { perSecond: 3, burst: 0, burstWindowMs: HOUR },
          strikes: { points: 2, windowMs: HOUR },
        },
      }),
    );
    expect(await gate.request('s1', 'p1')).toBeNull();
    expect(await gate.request('s1', 'p1')).toBeNull();
    expect(await gate.request('s1', 'p1')).toBeInstanceOf(RateLimited); // the socket's share
    expect(await gate.request('s2', 'p1')).toBeInstanceOf(RateLimited); // p1's share, whatever the socket
    expect(await gate.request('s3', 'p2')).toBeNull();
    expect([await gate.strike('s1'), await gate.strike('s1'), await gate.strike('s1'), await gate.strike('s1')]).toEqual([
      false,
      false,
      true,
      true,
    ]);
    expect(gate.stats).toEqual({ refused: 2, refusedConnections: 0, dropped: 1 });
  });

  it('counts connections, joins and leaves per participant and per address; a refused participant does not spend the address', async () => {
    const gate = new SignalingGate(
      limitsWith({ presence: { perParticipant: { points: 2, windowMs: HOUR }, perIp: { points: 3, windowMs: HOUR } } }),
    );
    await gate.connectionFrom('10.0.0.1');
    await gate.connectionOf('p1');
    expect(await gate.presence('p1', '10.0.0.1')).toBeNull();
    expect(await gate.presence('p1', '10.0.0.1')).toBeInstanceOf(RateLimited); // p1's third change
    await gate.connectionFrom('10.0.0.1'); // the address's third: p1's refusal was not charged to it
    await expect(gate.connectionFrom('10.0.0.1')).rejects.toBeInstanceOf(RateLimited);
    expect(gate.stats.refusedConnections).toBe(1);
  });
});

describe('LoginThrottle', () => {
  const settings = {
    backoffAfter: 3,
    backoffBaseMs: 1000,
    backoffMaxMs: 4000,
    lockoutAfter: 6,
    lockoutMs: 15 * 60_000,
    failureWindowMs: HOUR,
  };
  let lines: string[];
  const log = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l) };
  const throttle = (o: LimitOverrides = {}) => new LoginThrottle(limitsWith({ login: settings, ...o }), log);
  beforeEach(() => {
    lines = [];
  });

  const fail = async (t: LoginThrottle, user = 'admin', ip = '10.0.0.1') => (await t.attempt(user, ip)).failed();
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => (e instanceof RateLimited ? e : Promise.reject(e)),
    );

  it('after backoffAfter failures each attempt waits a doubling back-off, then the account is locked even for the right password', async () => {
    const t = throttle();
    for (let i = 0; i < 3; i++) await fail(t);
    expect((await refusal(t.attempt('admin', '10.0.0.1')))?.retryAfterMs).toBe(1000);
    await vi.advanceTimersByTimeAsync(1000);
    await fail(t); // the 4th
    expect((await refusal(t.attempt('admin', '10.0.0.1')))?.retryAfterMs).toBe(2000);
    await vi.advanceTimersByTimeAsync(2000);
    await fail(t); // the 5th
    await vi.advanceTimersByTimeAsync(4000);
    await fail(t); // the 6th: locked
    const locked = await refusal(t.attempt('ADMIN ', '10.0.0.2')); // the same account, from elsewhere
    expect(locked?.retryAfterMs).toBe(15 * 60_000);
    expect(locked?.message).toMatch(/locked/);
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    await (await t.attempt('admin', '10.0.0.1')).succeeded(); // over: the right password works, and forgives
    await fail(t);
    await fail(t); // two failures after a success: no back-off yet
    expect(t.stats).toEqual({ succeeded: 1, failed: 8, refused: 3 });
  });

  it('counts an attempt before its password is checked: guesses sent at once cannot slip past the back-off', async () => {
    const t = throttle();
    const outcomes = await Promise.all(Array.from({ length: 50 }, () => refusal(t.attempt('admin', '10.0.0.1'))));
    expect(outcomes.filter((o) => o === null)).toHaveLength(3);
  });

  it('caps failures per address across accounts (password spraying)', async () => {
    const t = throttle({ login: { ...settings, perIp: { points: 4, windowMs: HOUR, blockMs: HOUR } } });
    for (const user of ['a', 'b', 'c', 'd']) await fail(t, user);
    const refused = await refusal(t.attempt('e', '10.0.0.1'));
    expect(refused?.retryAfterMs).toBe(HOUR);
    expect((await refusal(t.attempt('e', '10.0.0.9'))) ?? 'allowed').toBe('allowed');
  });

  it('logs every attempt with username and address (escaped), never anything else the client sent', async () => {
    const t = throttle();
    await (await t.attempt('admin', '10.0.0.1')).succeeded();
    await fail(t, 'eve\n[auth] forged line', '10.0.0.5');
    expect(lines).toEqual([
      '[auth] sign-in: username="admin" ip=10.0.0.1',
      '[auth] sign-in failed: username="eve\\n[auth] forged line" ip=10.0.0.5 (failure 1 since the last success)',
    ]);
  });
});
