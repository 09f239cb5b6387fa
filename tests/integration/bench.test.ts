// The bench proves who it is, against a real server: the presiding judge's seat is bound to a judge
// account, one per hearing (the panel judges' and the clerk's seats likewise, to their own accounts); a clerk gets no judge link and cannot make one; the judge's own sign-in
// gives the link, which dies with that sign-in (live socket included); where the court requires
// it, only a sign-in with an authenticator code opens the bench.
import { describe, expect, it } from 'vitest';
import type { BenchHearing, Invitation } from '../../core/protocol/http.js';
import {
  benchSeat,
  createHearing,
  createJudgeAccount,
  startTestServer,
  TestClient,
  type ApiError,
  type HearingDetail,
  type LoggedIn,
  type ParticipantAdded,
  type TestServer,
} from '../support/server.js';
import { useTestServer } from '../support/useTestServer.js';

const ctx = useTestServer();

async function signIn(server: Pick<TestServer, 'api'>, username: string, password: string): Promise<string> {
  const res = await server.api<LoggedIn>('POST', '/api/auth/login', { username, password }, null);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.token;
}

const joinAsBench = (server: Pick<TestServer, 'api'>, hearingId: string, staffToken: string) =>
  server.api<{ invitation: Invitation } & ApiError>('POST', `/api/bench/hearings/${hearingId}/join`, {}, staffToken);

describe('the clerk and the bench seat', () => {
  it('a judge seat needs a judge account; a second presiding judge is refused; the clerk gets no link', async () => {
    const { hearing } = await createHearing(ctx.server, ['defendant']);
    const judge = await createJudgeAccount(ctx.server);
    const clerk = await ctx.server.api<{ account: { id: string } }>('POST', '/api/accounts', {
      username: 'bench.clerk',
      displayName: 'Thư ký',
      role: 'clerk',
      password: 'quiet-river-stone-42',
    });
    const add = (body: object) => ctx.server.api<ParticipantAdded & ApiError>('POST', `/api/hearings/${hearing.id}/participants`, body);

    expect((await add({ displayName: 'J', role: 'judge' })).status).toBe(400);
    expect((await add({ displayName: 'J', role: 'judge', accountId: clerk.body.account.id })).status).toBe(400);
    const seat = await add({ displayName: 'Thẩm phán', role: 'judge', accountId: judge.id });
    expect(seat.status).toBe(201);
    expect(seat.body.invitation).toBeNull();

    const other = await createJudgeAccount(ctx.server);
    const second = await add({ displayName: 'Another', role: 'judge', accountId: other.id });
    expect(second.status).toBe(409);
    expect(second.body.error.message).toMatch(/already has a presiding judge/);

    const reissue = await ctx.server.api<ApiError>(
      'POST',
      `/api/hearings/${hearing.id}/participants/${seat.body.participant.id}/invitation`,
    );
    expect(reissue.status).toBe(403);
    const audit = await ctx.server.api<{ events: { type: string }[] }>('GET', `/api/hearings/${hearing.id}/audit`);
    expect(audit.body.events.filter((e) => e.type === 'invitation.issued')).toHaveLength(1); // the defendant's only
  });
});

describe('the judge’s own sign-in', () => {
  it('lists the hearings it presides and gives a link that joins as the judge', async () => {
    const { hearing } = await createHearing(ctx.server, ['defendant']);
    const seat = await benchSeat(ctx.server, hearing.id, 'Thẩm phán Nguyễn Văn An');
    const list = await ctx.server.api<{ hearings: BenchHearing[] }>('GET', '/api/bench/hearings', undefined, seat.judge.staffToken);
    expect(list.body.hearings).toMatchObject([{ hearingId: hearing.id, participantId: seat.participant.id, state: 'scheduled' }]);

    const { snapshot } = await ctx.join(seat.token);
    expect(snapshot.self).toMatchObject({ role: 'judge', status: 'admitted' });
  });

  it('another judge account, a clerk’s or an admin’s session gets no link to it', async () => {
    const { hearing } = await createHearing(ctx.server, ['judge']);
    const other = await createJudgeAccount(ctx.server);
    const otherToken = await signIn(ctx.server, other.username, other.password);
    expect((await joinAsBench(ctx.server, hearing.id, otherToken)).status).toBe(403);
    expect((await ctx.server.api('GET', '/api/bench/hearings', undefined, otherToken)).body).toEqual({ hearings: [] });
    expect((await joinAsBench(ctx.server, hearing.id, ctx.server.adminToken)).status).toBe(403);
  });

  it('signing out closes the live courtroom socket; the link then opens nothing, with the reason', async () => {
    const { hearing } = await createHearing(ctx.server, ['defendant']);
    const seat = await benchSeat(ctx.server, hearing.id);
    const { client } = await ctx.join(seat.token);
    expect((await ctx.server.api('POST', '/api/auth/logout', undefined, seat.judge.staffToken)).status).toBe(204);
    await client.waitDisconnected(10_000);

    const refused = await TestClient.refusal(ctx.server.base, seat.token);
    expect(refused).toMatchObject({ code: 'unauthorized', details: { reason: 'bench_sign_in' } });
    const lookUp = await ctx.server.api<ApiError>('GET', '/api/invitation', undefined, seat.token);
    expect(lookUp.status).toBe(401);

    // Signed in again, the judge gets a new link; the defendant was never affected.
    const again = await joinAsBench(ctx.server, hearing.id, await signIn(ctx.server, seat.judge.username, seat.judge.password));
    expect(again.status).toBe(201);
    await ctx.join(again.body.invitation.token);
  });

  it('a disabled judge account loses the bench at once', async () => {
    const { hearing } = await createHearing(ctx.server, ['defendant']);
    const seat = await benchSeat(ctx.server, hearing.id);
    const { client } = await ctx.join(seat.token);
    expect((await ctx.server.api('POST', `/api/accounts/${seat.judge.id}/disable`)).status).toBe(204);
    await client.waitDisconnected(10_000);
    expect(await TestClient.refusal(ctx.server.base, seat.token)).toMatchObject({ details: { reason: 'bench_sign_in' } });
  });
});

describe('the rest of the bench: panel judges and the clerk of the hearing', () => {
  it('the clerk’s seat is bound to a clerk account, gets no clerk-made link, and opens from its own sign-in', async () => {
    const { hearing } = await createHearing(ctx.server, ['judge', 'defendant']);
    const clerk = await createJudgeAccount(ctx.server, 'Thư ký Đỗ Thị Lan', 'clerk');
    const aJudge = await createJudgeAccount(ctx.server);
    const add = (body: object) => ctx.server.api<ParticipantAdded & ApiError>('POST', `/api/hearings/${hearing.id}/participants`, body);
    expect((await add({ displayName: 'Thư ký', role: 'clerk' })).status).toBe(400);
    expect((await add({ displayName: 'Thư ký', role: 'clerk', accountId: aJudge.id })).status).toBe(400);
    const added = await add({ displayName: 'Thư ký', role: 'clerk', accountId: clerk.id });
    expect(added.status).toBe(201);
    expect(added.body.invitation).toBeNull();
    const reissue = `/api/hearings/${hearing.id}/participants/${added.body.participant.id}/invitation`;
    expect((await ctx.server.api('POST', reissue, {})).status).toBe(403);

    const token = await signIn(ctx.server, clerk.username, clerk.password);
    const listed = await ctx.server.api<{ hearings: BenchHearing[] }>('GET', '/api/bench/hearings', undefined, token);
    expect(listed.body.hearings).toMatchObject([{ hearingId: hearing.id, role: 'clerk' }]);
    const link = await joinAsBench(ctx.server, hearing.id, token);
    expect(link.status).toBe(201);
    const { snapshot, client } = await ctx.join(link.body.invitation.token);
    expect(snapshot.self).toMatchObject({ role: 'clerk', status: 'admitted' });

    // The clerk's sign-in ends: so does the clerk's seat in the courtroom.
    expect((await ctx.server.api('POST', '/api/auth/logout', undefined, token)).status).toBe(204);
    await client.waitDisconnected(10_000);
    expect(await TestClient.refusal(ctx.server.base, link.body.invitation.token)).toMatchObject({ details: { reason: 'bench_sign_in' } });
  });

  it('a panel judge opens their seat from their own sign-in; a people’s assessor waits in the lobby', async () => {
    const { hearing, seats } = await createHearing(ctx.server, ['judge', 'panel_judge', 'assessor']);
    expect(seats.panel_judge.invitation).toBeDefined();
    const panel = await ctx.join(seats.panel_judge.token);
    expect(panel.snapshot.self).toMatchObject({ role: 'panel_judge', status: 'admitted' });
    const assessor = await ctx.join(seats.assessor.token);
    expect(assessor.snapshot.self).toMatchObject({ role: 'assessor', status: 'lobby' });
    expect(hearing.id).toBe(panel.snapshot.hearing.id);
  });
});

describe('a postponed hearing, held again', () => {
  it('the clerk reschedules it (the people come along, with no link); the judge finds it on the bench', async () => {
    const { hearing } = await createHearing(ctx.server, ['defendant']);
    const seat = await benchSeat(ctx.server, hearing.id);
    const { client } = await ctx.join(seat.token);
    await client.ok({ type: 'hearing.transition', action: 'open' });
    expect(await client.request({ type: 'hearing.transition', action: 'postpone' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    await client.ok({ type: 'hearing.transition', action: 'postpone', reason: 'Bị cáo ốm, có giấy của bệnh viện' });

    const later = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
    const again = await ctx.server.api<HearingDetail>('POST', `/api/hearings/${hearing.id}/reschedule`, { scheduledAt: later });
    expect(again.status).toBe(201);
    expect(again.body.hearing).toMatchObject({ caseId: hearing.caseId, state: 'scheduled' });
    expect(again.body.participants.map((p) => [p.role, p.status])).toEqual([
      ['defendant', 'invited'],
      ['judge', 'invited'],
    ]);
    const list = await ctx.server.api<{ hearings: BenchHearing[] }>('GET', '/api/bench/hearings', undefined, seat.judge.staffToken);
    expect(list.body.hearings.map((h) => h.hearingId)).toEqual([again.body.hearing.id]);
    expect((await ctx.server.api('POST', `/api/hearings/${hearing.id}/reschedule`, { scheduledAt: later })).status).toBe(409);
  });
});

describe('a court that requires the second factor for the bench', () => {
  it('refuses a link to a sign-in without an authenticator code, and opens the bench with one', async () => {
    const server = await startTestServer({ benchSecondFactor: true });
    try {
      const { hearing } = await createHearing(server, ['defendant']);
      const judge = await createJudgeAccount(server);
      const seat = await server.api('POST', `/api/hearings/${hearing.id}/participants`, {
        displayName: 'J',
        role: 'judge',
        accountId: judge.id,
      });
      expect(seat.status).toBe(201);

      const plain = await joinAsBench(server, hearing.id, await signIn(server, judge.username, judge.password));
      expect(plain.status).toBe(403);
      expect(plain.body.error).toMatchObject({ code: 'forbidden', details: { reason: 'second_factor' } });

      const withCode = await joinAsBench(server, hearing.id, await server.secondFactorToken(judge.username, judge.password));
      expect(withCode.status).toBe(201);
      const { client, snapshot } = await (async () => {
        const c = await TestClient.connect(server.base, withCode.body.invitation.token);
        return { client: c, snapshot: await c.ok({ type: 'join' }) };
      })();
      expect(snapshot.self.role).toBe('judge');
      client.close();
    } finally {
      await server.stop();
    }
  });
});
