// No one account destroys a record, over the real server: a hearing presided by a judge account,
// its record built from tiny real captured media; a retention date in the past or below the legal
// minimum is refused; shortening and deletion take two different people, each step in the audit
// log, and the deletion itself is the retention sweep's; a judge account reads only the records of
// the hearings it presided (or a clerk granted it), while verification stays open to all staff.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordRequestView, RecordView } from '../../core/protocol/http.js';
import type { HearingTimeline } from '../../recordings/types.js';
import { type ApiError, type AuditLog, createHearing, joinWith, startTestServer, type TestServer } from '../support/server.js';

const PASSWORD = 'four-eyes-test-passphrase';
let server: TestServer;
let hearingId: string;
const tokens: Record<'admin' | 'admin2' | 'clerk' | 'judge' | 'judge2', string> = {} as never;
const accounts: Record<string, string> = {};

const record = () => `/api/archive/hearings/${hearingId}/record`;
const as = <T = unknown>(who: keyof typeof tokens, method: string, path: string, body?: unknown) =>
  server.api<T>(method, path, body, tokens[who]);
const view = async () => (await as<RecordView>('admin', 'GET', record())).body.record!;
const auditTypes = async () =>
  (await server.api<AuditLog>('GET', `/api/hearings/${hearingId}/audit`)).body.events
    .map((e) => e.type)
    .filter((t) => t.startsWith('record.'));

function ffmpeg(args: string[]): void {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
  if (r.status !== 0) throw new Error(String(r.stderr));
}

/** One second of the judge's microphone, captured as the Recorder would. */
function capturedTimeline(judgeId: string, start: number): HearingTimeline {
  const dir = join(server.dataDir, 'recordings', hearingId, 'tracks', 'mic');
  mkdirSync(dir, { recursive: true });
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '1', '-c:a', 'libopus', join(dir, '0-00000.mkv')]);
  return {
    hearingId,
    sessions: [{ startMs: start, endMs: start + 1000 }],
    participants: [{ participantId: judgeId, displayName: 'The judge', role: 'judge', present: [{ startMs: start, endMs: start + 1000 }] }],
    tracks: [
      {
        trackId: 'mic',
        participantId: judgeId,
        kind: 'audio',
        source: 'mic',
        codec: 'opus',
        segments: [{ file: join(dir, '0-00000.mkv'), startMs: start, endMs: start + 1000 }],
      },
    ],
  };
}

beforeAll(async () => {
  server = await startTestServer();
  const staff = { admin2: 'admin', clerk: 'clerk', judge: 'judge', judge2: 'judge' } as const;
  for (const [name, role] of Object.entries(staff)) {
    const created = await server.running.access.createAccount({ username: `fe-${name}`, displayName: name, role, password: PASSWORD });
    accounts[name] = created.id;
    tokens[name as keyof typeof staff] = await server.secondFactorToken(`fe-${name}`, PASSWORD);
  }
  tokens.admin = await server.secondFactorToken();

  const { hearing } = await createHearing(server, []);
  hearingId = hearing.id;
  const seat = (body: unknown) =>
    server.api<{ participant: { id: string }; invitation: { token: string } }>('POST', `/api/hearings/${hearingId}/participants`, body);
  // The judge seat is bound to a judge account only: not to a clerk's, and not on another seat.
  expect((await seat({ displayName: 'X', role: 'judge', accountId: accounts.clerk })).status).toBe(400);
  expect((await seat({ displayName: 'X', role: 'defendant', accountId: accounts.judge })).status).toBe(400);
  const judgeSeat = await seat({ displayName: 'The judge', role: 'judge', accountId: accounts.judge });
  expect(judgeSeat.status).toBe(201);

  // The judge's link comes from the judge's own sign-in, bound to it.
  const bench = await server.api<{ invitation: { token: string } }>('POST', `/api/bench/hearings/${hearingId}/join`, {}, tokens.judge);
  expect(bench.status).toBe(201);
  const { client } = await joinWith(server.base, bench.body.invitation.token);
  const start = Date.now();
  for (const action of ['open', 'start', 'adjourn'] as const) await client.ok({ type: 'hearing.transition', action });
  client.close();
  const built = await server.running.archive.build(hearingId, capturedTimeline(judgeSeat.body.participant.id, start));
  expect(built.status, built.error ?? '').toBe('ready');
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe('records no one account can destroy', () => {
  it('refuses a retention date in the past or below the legal minimum (400), and shows the minimum', async () => {
    const before = (await view()).retainUntil;
    const minimum = (await view()).minRetainUntil;
    expect(Date.parse(minimum)).toBeGreaterThan(Date.now() + 3649 * 24 * 3600 * 1000); // VCOURT_RETENTION_MIN_DAYS: 3650
    for (const retainUntil of ['2020-01-01', new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString()]) {
      const res = await as<ApiError>('admin', 'PUT', `${record()}/retention`, { retainUntil });
      expect(res.status, retainUntil).toBe(400);
      expect(res.body.error.message).toMatch(/past|at least until/);
      expect((await as('clerk', 'POST', `${record()}/requests`, { kind: 'shorten', retainUntil, reason: 'dọn dẹp' })).status).toBe(400);
    }
    expect((await view()).retainUntil).toBe(before);
  });

  it('extending is one step; shortening is a request a different admin approves, each step audited', async () => {
    expect((await as('clerk', 'PUT', `${record()}/retention`, { retainUntil: '2099-01-01' })).status).toBe(204);
    const direct = await as<ApiError>('admin', 'PUT', `${record()}/retention`, { retainUntil: '2060-01-01' });
    expect(direct.status).toBe(409);
    expect(direct.body.error.message).toMatch(/second person/);

    const filed = await as<{ request: RecordRequestView }>('clerk', 'POST', `${record()}/requests`, {
      kind: 'shorten',
      retainUntil: '2060-01-01',
      reason: 'Quyết định số 12 của chánh án',
    });
    expect(filed.status).toBe(201);
    const rid = filed.body.request.id;
    expect((await view()).pendingRequest).toMatchObject({ id: rid, kind: 'shorten', requestedBy: { username: 'fe-clerk' } });
    expect((await as('clerk', 'POST', `${record()}/requests/${rid}/approve`, {})).status).toBe(403);
    expect((await as('judge', 'POST', `${record()}/requests/${rid}/approve`, {})).status).toBe(403);
    expect((await view()).retainUntil).toBe('2099-01-01T16:59:59.999Z');

    const approved = await as<{ request: RecordRequestView }>('admin', 'POST', `${record()}/requests/${rid}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body.request).toMatchObject({ status: 'approved', decidedBy: { username: 'admin' } });
    expect(await view()).toMatchObject({ retainUntil: '2060-01-01T16:59:59.999Z', pendingRequest: null });
    expect((await auditTypes()).slice(-3)).toEqual(['record.change_requested', 'record.change_approved', 'record.retention']);
  });

  it('the same person cannot approve or refuse their own request; requests can be withdrawn or refused', async () => {
    const file = async (who: keyof typeof tokens) =>
      (await as<{ request: RecordRequestView }>(who, 'POST', `${record()}/requests`, { kind: 'delete', reason: 'Ghi nhầm phiên' })).body
        .request.id;
    const mine = await file('admin');
    expect((await as('admin', 'POST', `${record()}/requests`, { kind: 'delete', reason: 'again' })).status).toBe(409);
    const own = await as<ApiError>('admin', 'POST', `${record()}/requests/${mine}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.error.message).toMatch(/second person/);
    expect((await as('admin', 'POST', `${record()}/requests/${mine}/refuse`, { reason: 'no' })).status).toBe(403);
    expect((await as('admin2', 'POST', `${record()}/requests/${mine}/withdraw`, {})).status).toBe(403);
    expect((await as('admin', 'POST', `${record()}/requests/${mine}/withdraw`, {})).status).toBe(200);

    const next = await file('clerk');
    const refused = await as<{ request: RecordRequestView }>('admin2', 'POST', `${record()}/requests/${next}/refuse`, {
      reason: 'Chưa có quyết định',
    });
    expect(refused.body.request).toMatchObject({ status: 'refused', decisionReason: 'Chưa có quyết định' });
    expect((await view()).status).toBe('ready');
    expect((await auditTypes()).slice(-4)).toEqual([
      'record.change_requested',
      'record.change_withdrawn',
      'record.change_requested',
      'record.change_refused',
    ]);
  });

  it('a judge account reads only the record of a hearing it presided, or one a clerk granted; verify is open to all staff', async () => {
    expect((await as('judge', 'GET', record())).status).toBe(200);
    const other = await as<ApiError>('judge2', 'GET', record());
    expect(other.status).toBe(403);
    expect((await as('judge2', 'GET', `${record()}/files/SHA256SUMS`)).status).toBe(403);
    expect((await as('judge2', 'GET', `${record()}/bundle.tar`)).status).toBe(403);
    expect((await as('judge2', 'PUT', `${record()}/retention`, { retainUntil: '2099-06-01' })).status).toBe(403);
    expect((await as('judge2', 'POST', `${record()}/verify`, {})).status).toBe(200);
    // A record link handed to the presiding judge still opens the file without a header.
    const link = (await as<RecordView>('judge', 'GET', record())).body.record!.files.find((f) => f.path === 'SHA256SUMS')!.url;
    expect((await fetch(server.base + link)).status).toBe(200);

    expect((await as('judge', 'POST', `/api/archive/hearings/${hearingId}/grants`, { accountId: accounts.judge2 })).status).toBe(403);
    expect((await as('clerk', 'POST', `/api/archive/hearings/${hearingId}/grants`, { accountId: 'nobody' })).status).toBe(400);
    expect((await as('clerk', 'POST', `/api/archive/hearings/${hearingId}/grants`, { accountId: accounts.judge2 })).status).toBe(204);
    expect((await as('judge2', 'GET', record())).status).toBe(200);
    expect((await auditTypes()).at(-1)).toBe('record.access_granted');
  });

  it('no direct deletion: an approved deletion request sets the retention to now and the sweep deletes, audited', async () => {
    const direct = await as<ApiError>('admin', 'DELETE', record());
    expect(direct.status).toBe(409);
    expect(direct.body.error.message).toMatch(/retention sweep/);
    const rid = (
      await as<{ request: RecordRequestView }>('clerk', 'POST', `${record()}/requests`, { kind: 'delete', reason: 'Quyết định hủy số 3' })
    ).body.request.id;
    expect((await as('admin2', 'POST', `${record()}/requests/${rid}/approve`, {})).status).toBe(200);
    expect(Date.parse((await view()).retainUntil!)).toBeLessThanOrEqual(Date.now());
    expect(existsSync(join(server.dataDir, 'recordings', hearingId, 'record'))).toBe(true);

    expect(await server.running.archive.sweep()).toEqual([hearingId]);
    expect(existsSync(join(server.dataDir, 'recordings', hearingId))).toBe(false);
    expect((await view()).status).toBe('deleted');
    expect((await auditTypes()).slice(-4)).toEqual([
      'record.change_requested',
      'record.change_approved',
      'record.retention',
      'record.deleted',
    ]);
  });
});
