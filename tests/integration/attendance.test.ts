// Attendance and identity against a real server: a site officer account (bound to a detention
// facility) attests the defendant there over HTTP, and the bench's sockets see it at once; another
// site's participant is refused (403), and so are clerk and judge accounts on the officer's routes;
// the clerk calls the attendance over the socket; the audit has both, identity numbers masked.
import { describe, expect, it } from 'vitest';
import type { SiteHearing } from '../../core/protocol/http.js';
import type { AttendanceView } from '../../core/protocol/model.js';
import type { AuditEvent } from '../../core/hearing/types.js';
import {
  createHearing,
  createJudgeAccount,
  type ApiError,
  type LoggedIn,
  type ParticipantAdded,
  type TestServer,
} from '../support/server.js';
import { useTestServer } from '../support/useTestServer.js';

const ctx = useTestServer();
const CCCD = { kind: 'cccd', number: '001203004567' } as const;
const PASSWORD = 'site-officer-passphrase-7';

async function createSite(server: TestServer, name: string): Promise<string> {
  const res = await server.api<{ site: { id: string } }>('POST', '/api/sites', { name, kind: 'detention' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.site.id;
}

async function signIn(server: TestServer, username: string, password: string): Promise<string> {
  const res = await server.api<LoggedIn>('POST', '/api/auth/login', { username, password }, null);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.token;
}

/** The clerk of the hearing: a clerk account, a seat bound to it, and the link from the clerk's own sign-in (as /bench gives it). */
async function clerkSeat(server: TestServer, hearingId: string): Promise<string> {
  const username = `clerk-${Math.random().toString(36).slice(2, 8)}`;
  const account = await server.api<{ account: { id: string } }>('POST', '/api/accounts', {
    username,
    displayName: 'Thư ký Phạm Thị Dung',
    role: 'clerk',
    password: PASSWORD,
  });
  expect(account.status, JSON.stringify(account.body)).toBe(201);
  const seat = await server.api('POST', `/api/hearings/${hearingId}/participants`, {
    displayName: 'Thư ký Phạm Thị Dung',
    role: 'clerk',
    accountId: account.body.account.id,
  });
  expect(seat.status, JSON.stringify(seat.body)).toBe(201);
  const token = await signIn(server, username, PASSWORD);
  const join = await server.api<{ invitation: { token: string } }>('POST', `/api/bench/hearings/${hearingId}/join`, {}, token);
  expect(join.status, JSON.stringify(join.body)).toBe(201);
  return join.body.invitation.token;
}

async function addAt(server: TestServer, hearingId: string, role: string, displayName: string, siteId: string) {
  const res = await server.api<ParticipantAdded>('POST', `/api/hearings/${hearingId}/participants`, { displayName, role, siteId });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.participant;
}

describe('site officer accounts', () => {
  it('need an existing site, and only they have one', async () => {
    const { server } = ctx;
    const siteId = await createSite(server, 'Trại tạm giam số 1');
    const create = (body: object) => server.api<ApiError>('POST', '/api/accounts', { displayName: 'Cán bộ', password: PASSWORD, ...body });
    expect((await create({ username: 'officer.nosite', role: 'site_officer' })).status).toBe(400);
    expect((await create({ username: 'officer.badsite', role: 'site_officer', siteId: 'no-such-site' })).status).toBe(400);
    expect((await create({ username: 'clerk.withsite', role: 'clerk', siteId })).status).toBe(400);
    expect((await create({ username: 'officer.ok', role: 'site_officer', siteId })).status).toBe(201);

    // A clerk made a site officer, and back: the site comes and goes with the role.
    const clerk = await server.api<{ account: { id: string } }>('POST', '/api/accounts', {
      username: 'clerk.tobe.officer',
      displayName: 'Thư ký',
      role: 'clerk',
      password: PASSWORD,
    });
    const setRole = (body: object) => server.api<ApiError>('POST', `/api/accounts/${clerk.body.account.id}/role`, body);
    const siteOf = async () =>
      (await server.api<{ accounts: { id: string; siteId: string | null }[] }>('GET', '/api/accounts')).body.accounts.find(
        (a) => a.id === clerk.body.account.id,
      )?.siteId;
    expect((await setRole({ role: 'site_officer' })).status).toBe(400);
    expect((await setRole({ role: 'site_officer', siteId })).status).toBe(204);
    expect(await siteOf()).toBe(siteId);
    expect((await setRole({ role: 'clerk' })).status).toBe(204);
    expect(await siteOf()).toBeNull();
  });
});

describe('attestation and attendance', () => {
  it('the officer attests the defendant at its site; the bench is told; the clerk calls the attendance', async () => {
    const { server } = ctx;
    const prison = await createSite(server, 'Trại tạm giam Chí Hòa');
    const elsewhere = await createSite(server, 'Điểm cầu UBND phường');
    const officer = await server.api('POST', '/api/accounts', {
      username: 'officer.chihoa',
      displayName: 'Cán bộ Trần Văn Bình',
      role: 'site_officer',
      siteId: prison,
      password: PASSWORD,
    });
    expect(officer.status).toBe(201);
    const officerToken = await signIn(server, 'officer.chihoa', PASSWORD);

    const { hearing, seats } = await createHearing(server, ['judge']);
    const defendant = await addAt(server, hearing.id, 'defendant', 'Bị cáo Lê Văn C', prison);
    const witness = await addAt(server, hearing.id, 'witness', 'Người làm chứng D', elsewhere);
    const judge = await ctx.join(seats.judge.token);
    const clerk = await ctx.join(await clerkSeat(server, hearing.id));
    expect(judge.snapshot.attendance?.map((a) => a.participantId).sort()).toEqual([defendant.id, witness.id].sort());

    // The officer's day: this hearing, with only the defendant (at the officer's site).
    const day = await server.api<{ hearings: SiteHearing[] }>('GET', '/api/site/hearings', undefined, officerToken);
    expect(day.status).toBe(200);
    const mine = day.body.hearings.find((h) => h.hearingId === hearing.id);
    expect(mine?.participants.map((p) => p.participantId)).toEqual([defendant.id]);
    // An officer of a site reads no record, and manages no case file.
    expect((await server.api('GET', '/api/archive/hearings', undefined, officerToken)).status).toBe(403);
    expect((await server.api('GET', `/api/hearings/${hearing.id}`, undefined, officerToken)).status).toBe(403);

    const attestPath = (pid: string) => `/api/site/hearings/${hearing.id}/participants/${pid}/attest`;
    const after = judge.client.mark();
    const attested = await server.api<{ attendance: AttendanceView }>(
      'POST',
      attestPath(defendant.id),
      { idDocument: CCCD, note: 'Đối chiếu trực tiếp' },
      officerToken,
    );
    expect(attested.status, JSON.stringify(attested.body)).toBe(201);
    expect(attested.body.attendance.attestation).toMatchObject({ officer: 'Cán bộ Trần Văn Bình', site: 'Trại tạm giam Chí Hòa' });
    const told = await judge.client.waitFor('attendance.updated', (n) => n.attendance.participantId === defendant.id, { after });
    expect(told.attendance.attestation?.idDocument).toEqual({ kind: 'cccd', number: '***4567' });

    // Another site's participant; and the officer's routes are not for clerk or judge accounts.
    const refused = await server.api<ApiError>('POST', attestPath(witness.id), { idDocument: CCCD }, officerToken);
    expect(refused.status).toBe(403);
    await server.api('POST', '/api/accounts', { username: 'clerk.site', displayName: 'Thư ký', role: 'clerk', password: PASSWORD });
    const clerkToken = await signIn(server, 'clerk.site', PASSWORD);
    const judgeAccount = await createJudgeAccount(server);
    const judgeToken = await signIn(server, judgeAccount.username, judgeAccount.password);
    for (const token of [clerkToken, judgeToken]) {
      expect((await server.api('GET', '/api/site/hearings', undefined, token)).status).toBe(403);
      expect((await server.api('POST', attestPath(defendant.id), { idDocument: CCCD }, token)).status).toBe(403);
    }

    // The clerk calls the attendance once the hearing is opened: absent needs a reason.
    const early = await clerk.client.request({ type: 'attendance.mark', participantId: witness.id, status: 'absent', reason: 'Ốm' });
    expect(early).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
    await judge.client.ok({ type: 'hearing.transition', action: 'open' });
    const noReason = await clerk.client.request({ type: 'attendance.mark', participantId: witness.id, status: 'absent' });
    expect(noReason).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const mark = judge.client.mark();
    await clerk.client.ok({ type: 'attendance.mark', participantId: witness.id, status: 'absent', reason: 'Ốm, có giấy của bệnh viện' });
    const present = await clerk.client.ok({ type: 'attendance.mark', participantId: defendant.id, status: 'present' });
    expect(present.attendance).toMatchObject({ status: 'present', idChecked: true, idDocument: { number: '***4567' } });
    await judge.client.waitFor('attendance.updated', (n) => n.attendance.participantId === witness.id && n.attendance.status === 'absent', {
      after: mark,
    });

    const audit = await server.api<{ events: AuditEvent[] }>('GET', `/api/hearings/${hearing.id}/audit`);
    const events = audit.body.events.filter((e) => e.type === 'identity.attested' || e.type === 'attendance.marked');
    expect(events.map((e) => e.type)).toEqual(['identity.attested', 'attendance.marked', 'attendance.marked']);
    expect(events[0]).toMatchObject({ actor: { kind: 'account', username: 'officer.chihoa' }, data: { participantId: defendant.id } });
    expect(events[1]).toMatchObject({ data: { participantId: witness.id, status: 'absent', reason: 'Ốm, có giấy của bệnh viện' } });
    expect(JSON.stringify(audit.body.events)).not.toContain(CCCD.number);
  });
});
