// No one participant or account can hurt the court: a real server with small rate limits (given
// here, so what is refused follows from the configuration, not from how fast this machine is).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ErrorBody, Reply } from '../../core/protocol/signaling.js';
import type { AuditLog, LoggedIn, TestServer } from '../support/server.js';
import { createHearing, eventually, joinWith, startTestServer, TestClient } from '../support/server.js';

const MINUTE = 60_000;
let server: TestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer({
    limits: {
      signaling: {
        // One request a second after a burst of 20: a flood is refused almost at once, whatever the machine's speed.
        perSocket: { perSecond: 1, burst: 20, burstWindowMs: 10 * MINUTE },
        perParticipant: { perSecond: 1, burst: 20, burstWindowMs: 10 * MINUTE },
        strikes: { points: 20, windowMs: 10 * MINUTE },
      },
      presence: {
        perParticipant: { points: 10, windowMs: 10 * MINUTE, blockMs: 10 * MINUTE },
        perIp: { points: 100_000, windowMs: MINUTE },
      },
      // Longer than any test here: every leave and return of the loop below is one lobby stay.
      lobbyGraceMs: 10 * MINUTE,
      login: { backoffAfter: 3, backoffBaseMs: 300, backoffMaxMs: 1_000, lockoutAfter: 5, lockoutMs: 15 * MINUTE },
      invitationPerIp: { points: 5, windowMs: 10 * MINUTE },
    },
  });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(async () => {
  await server?.stop();
});

async function connect(token: string): Promise<TestClient> {
  const client = await TestClient.connect(server.base, token);
  clients.push(client);
  return client;
}

async function audit(hearingId: string) {
  const res = await server.api<AuditLog>('GET', `/api/hearings/${hearingId}/audit`);
  expect(res.status).toBe(200);
  return res.body.events;
}

describe('rate limits against a real server', () => {
  it('a one-socket flood is answered rate_limited, then the socket is dropped; a judge in another hearing is answered throughout', async () => {
    const a = await createHearing(server, ['judge']);
    const b = await createHearing(server, ['witness']);
    const judge = await joinWith(server.base, a.seats.judge.token);
    clients.push(judge.client);
    const flooder = await connect(b.seats.witness.token);

    const FLOOD = 2_000;
    const replies: Reply[] = [];
    for (let i = 0; i < FLOOD; i++)
      flooder.socket.emit('request', { type: 'media.getRouterRtpCapabilities' }, (r: Reply) => replies.push(r));
    // The judge keeps working while the flood is served and refused.
    const judgeReplies: Reply[] = [];
    for (let i = 0; i < 10; i++) judgeReplies.push(await judge.client.request({ type: 'media.getRouterRtpCapabilities' }));

    expect(await flooder.waitDisconnected(20_000)).toBe('io server disconnect');
    expect(judgeReplies.every((r) => r.ok)).toBe(true);
    expect(judge.client.connected).toBe(true);

    const refused = replies.filter((r): r is { ok: false; error: ErrorBody } => !r.ok && r.error.code === 'rate_limited');
    const served = replies.length - refused.length;
    expect(refused.length).toBeGreaterThanOrEqual(20); // the strikes, the last of which drops the socket
    expect(refused[0]!.error.details).toMatchObject({ retryAfterMs: expect.any(Number) });
    // The burst and a request a second for as long as the flood took; the rest never reached the domain.
    expect(served).toBeLessThan(100);
    expect(server.running.rateLimits.signaling.refused).toBeGreaterThanOrEqual(20);
    expect(server.running.rateLimits.signaling.dropped).toBeGreaterThanOrEqual(1);
  });

  it('a lobby participant’s join/leave loop is refused, then dropped, then not let back in; the audit log keeps one lobby stay', async () => {
    const { hearing, seats } = await createHearing(server, ['witness']);
    const before = (await audit(hearing.id)).length;
    const witness = await connect(seats.witness.token);
    const replies: Reply[] = [];
    for (let i = 0; i < 200 && witness.connected; i++) {
      replies.push(await witness.request({ type: i % 2 === 0 ? 'join' : 'leave' }).catch(() => ({ ok: true, data: 'lost' }) as Reply));
    }
    expect(await witness.waitDisconnected(10_000)).toBe('io server disconnect');
    const accepted = replies.filter((r) => r.ok && r.data !== 'lost').length;
    expect(accepted).toBeLessThanOrEqual(9); // 10 presence changes in the window, the connection was the first
    expect(replies.some((r) => !r.ok && r.error.code === 'rate_limited')).toBe(true);
    // Coming straight back is refused at the handshake, with the time to wait.
    const refusal = await TestClient.refusal(server.base, seats.witness.token);
    expect(refusal).toMatchObject({ code: 'rate_limited', details: { retryAfterMs: expect.any(Number) } });

    const events = (await audit(hearing.id)).slice(before);
    const witnessEvents = events.filter((e) => (e.data as { participantId?: string }).participantId === seats.witness.participant.id);
    // Every leave and return came within the lobby grace: one stay, one lobby.entered.
    expect(witnessEvents.map((e) => e.type)).toEqual(['lobby.entered']);
  });

  it('sign-in brute force: 401s, then 429 with Retry-After (back-off), then a lockout that refuses even the right password; every attempt logged', async () => {
    const lines: string[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    try {
      await server.running.access.createAccount({
        username: 'thuky-brute',
        displayName: 'Clerk',
        role: 'clerk',
        password: 'right-password-123',
      });
      const login = (password: string) => server.api<LoggedIn>('POST', '/api/auth/login', { username: 'thuky-brute', password }, null);
      const raw = (password: string) =>
        fetch(`${server.base}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: 'thuky-brute', password }),
        });
      const before = { ...server.running.rateLimits.logins };

      for (let i = 1; i <= 3; i++) expect((await login(`wrong-${i}`)).status).toBe(401);
      // The third failure opened a back-off: the next attempt is refused unread, with Retry-After.
      const backoff = await raw('wrong-4');
      expect(backoff.status).toBe(429);
      expect(Number(backoff.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await backoff.json()) as { error: ErrorBody }).error.code).toBe('rate_limited');
      // Once each back-off has passed, a guess is read again (and fails): the fourth, then the fifth, which locks.
      await eventually(async () => (await login('wrong-4')).status === 401, { timeoutMs: 10_000 });
      await eventually(async () => (await login('wrong-5')).status === 401, { timeoutMs: 10_000 });

      const locked = await raw('right-password-123');
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
      expect(((await locked.json()) as { error: ErrorBody }).error.message).toMatch(/locked/);

      await eventually(() => server.running.rateLimits.logins.failed - before.failed === 5);
      expect(server.running.rateLimits.logins.succeeded).toBe(before.succeeded);
      expect(server.running.rateLimits.logins.refused - before.refused).toBeGreaterThanOrEqual(2);
      const authLines = lines.filter((l) => l.startsWith('[auth]') && l.includes('"thuky-brute"'));
      expect(authLines.filter((l) => l.startsWith('[auth] sign-in failed:'))).toHaveLength(5);
      expect(authLines.filter((l) => l.startsWith('[auth] sign-in refused'))).not.toHaveLength(0);
      expect(authLines.every((l) => /ip=\S+/.test(l))).toBe(true);
      expect(lines.some((l) => l.includes('wrong-') || l.includes('right-password'))).toBe(false);
    } finally {
      warn.mockRestore();
    }
  });

  it('invitation look-ups are limited per address', async () => {
    const { seats } = await createHearing(server, ['witness']);
    const lookUp = () => fetch(`${server.base}/api/invitation`, { headers: { authorization: `Bearer ${seats.witness.token}` } });
    for (let i = 0; i < 5; i++) expect((await lookUp()).status).toBe(200);
    const refused = await lookUp();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).not.toBeNull();
  });
});
