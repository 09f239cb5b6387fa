// The clerk archive over the real server: a hearing held and adjourned through socket.io, its
// record built by the real Compositor from tiny real captured media, then searched, listed,
// streamed with Range, verified, downloaded as a tar and held to its retention date over HTTP.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArchiveHit, RecordView, VerifyReport } from '../../core/protocol/http.js';
import type { HearingTimeline } from '../../recordings/types.js';
import { must } from '../support/must.js';
import { type ApiError, type AuditLog, createHearing, eventually, joinWith, startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let hearingId: string;
let caseNumber: string;
let clerkToken: string;
let view: RecordView;

function ffmpeg(args: string[]): void {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
  if (r.status !== 0) throw new Error(String(r.stderr));
}

/** Two seconds of session with a judge's camera and microphone, captured as the Recorder would. */
function capturedTimeline(judgeId: string, start: number): HearingTimeline {
  const dir = join(server.dataDir, 'recordings', hearingId, 'tracks');
  mkdirSync(join(dir, 'cam'), { recursive: true });
  mkdirSync(join(dir, 'mic'), { recursive: true });
  ffmpeg([
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=320x240:rate=15',
    '-t',
    '2',
    '-c:v',
    'libvpx',
    '-b:v',
    '200k',
    join(dir, 'cam', '0-00000.mkv'),
  ]);
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '2', '-c:a', 'libopus', join(dir, 'mic', '0-00000.mkv')]);
  return {
    hearingId,
    sessions: [{ startMs: start, endMs: start + 2000 }],
    participants: [{ participantId: judgeId, displayName: 'The judge', role: 'judge', present: [{ startMs: start, endMs: start + 2000 }] }],
    tracks: [
      {
        trackId: 'cam',
        participantId: judgeId,
        kind: 'video',
        source: 'camera',
        codec: 'vp8',
        segments: [{ file: join(dir, 'cam', '0-00000.mkv'), startMs: start, endMs: start + 2000 }],
      },
      {
        trackId: 'mic',
        participantId: judgeId,
        kind: 'audio',
        source: 'mic',
        codec: 'opus',
        segments: [{ file: join(dir, 'mic', '0-00000.mkv'), startMs: start, endMs: start + 2000 }],
      },
    ],
  };
}

const get = (path: string, headers: Record<string, string> = {}) => fetch(server.base + path, { headers });

beforeAll(async () => {
  server = await startTestServer();
  const { hearing, seats } = await createHearing(server, ['judge']);
  hearingId = hearing.id;
  caseNumber = hearing.caseNumber;
  const { client } = await joinWith(server.base, seats.judge.token);
  const start = Date.now();
  for (const action of ['open', 'start', 'adjourn'] as const) await client.ok({ type: 'hearing.transition', action });
  client.close();

  await server.running.access.createAccount({ username: 'thuky', displayName: 'Thư ký', role: 'clerk', password: 'clerk-password-1' });
  // With a second factor: the clerk changes retentions and deletes records below.
  clerkToken = await server.secondFactorToken('thuky', 'clerk-password-1');

  const building = server.running.archive.build(hearingId, capturedTimeline(seats.judge.participant.id, start));
  // The row exists from the first moment: the clerk page shows the progress bar at once.
  const early = await server.api<RecordView>('GET', `/api/archive/hearings/${hearingId}/record`);
  expect(early.body.record).toMatchObject({ status: 'building' });
  expect((await building).status, (await building).error ?? '').toBe('ready');
  view = (await server.api<RecordView>('GET', `/api/archive/hearings/${hearingId}/record`, undefined, clerkToken)).body;
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe('the clerk archive', () => {
  it('answers 401 without a staff token, and to an invitation token or a record link of another hearing', async () => {
    for (const path of [
      '/api/archive/hearings',
      `/api/archive/hearings/${hearingId}/record`,
      `/api/archive/hearings/${hearingId}/record/bundle.tar`,
      `/api/archive/hearings/${hearingId}/record/files/SHA256SUMS`,
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(401);
      expect(((await res.json()) as ApiError).error.code).toBe('unauthorized');
    }
    expect((await server.api('POST', `/api/archive/hearings/${hearingId}/record/verify`, {}, null)).status).toBe(401);
    expect(
      (await server.api('PUT', `/api/archive/hearings/${hearingId}/record/retention`, { retainUntil: '2099-01-01' }, null)).status,
    ).toBe(401);
    const other = await createHearing(server, ['defendant']);
    expect((await server.api('GET', '/api/archive/hearings', undefined, other.seats.defendant.token)).status).toBe(401);
    const foreign = (await server.api<RecordView>('GET', `/api/archive/hearings/${other.hearing.id}/record`)).body;
    expect(foreign.record).toBeNull();
    const stolen = new URL(must(view.record!.files[0], 'a record file').url, server.base).searchParams.get('access');
    expect((await get(`/api/archive/hearings/${other.hearing.id}/record/files/SHA256SUMS?access=${stolen}`)).status).toBe(401);
  });

  it('serves the court public key to anyone', async () => {
    const res = await get('/api/court/public-key');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(server.running.courtKey.publicPem);
  });

  it('searches hearings by case number, case title and hearing title, with the record state', async () => {
    for (const q of [caseNumber, 'State v. Doe', 'First-instance']) {
      const res = await server.api<{ hearings: ArchiveHit[] }>(
        'GET',
        `/api/archive/hearings?q=${encodeURIComponent(q)}`,
        undefined,
        clerkToken,
      );
      expect(res.status).toBe(200);
      expect(
        res.body.hearings.find((h: { hearingId: string }) => h.hearingId === hearingId),
        q,
      ).toMatchObject({
        caseNumber,
        record: { status: 'ready', progress: 1 },
      });
    }
    const none = await server.api<{ hearings: ArchiveHit[] }>('GET', '/api/archive/hearings?q=no-such-case-xyz', undefined, clerkToken);
    expect(none.body.hearings).toEqual([]);
  });

  it('lists the record: status, progress, every file with its size', () => {
    expect(view.record).toMatchObject({ status: 'ready', progress: 1, error: null });
    const paths = view.record!.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'composite.mp4',
        'minutes.html',
        'audit.jsonl',
        'manifest.json',
        'SHA256SUMS',
        'SHA256SUMS.sig',
        'court-public-key.pem',
      ]),
    );
    expect(paths.filter((p) => p.startsWith('tracks/'))).toHaveLength(2);
    for (const f of view.record!.files) expect(f.bytes, f.path).toBeGreaterThan(0);
    expect(view.record!.totalBytes).toBe(view.record!.files.reduce((s, f) => s + f.bytes, 0));
  });

  it('streams the composite and each track with HTTP Range (206) through their record links', async () => {
    for (const f of view.record!.files.filter((x) => x.kind === 'composite' || x.kind === 'track')) {
      const res = await get(f.url, { Range: 'bytes=0-99' });
      expect(res.status, f.path).toBe(206);
      expect(res.headers.get('content-range')).toBe(`bytes 0-99/${f.bytes}`);
      expect(res.headers.get('content-type')).toContain(f.kind === 'composite' ? 'video/mp4' : 'matroska');
      expect((await res.arrayBuffer()).byteLength).toBe(100);
    }
    const whole = await get(view.record!.files.find((x) => x.path === 'SHA256SUMS')!.url);
    expect(whole.status).toBe(200);
    expect(await whole.text()).toMatch(/^[0-9a-f]{64} {2}\S+\n/);
    // Only files of the bundle are served: an encoded ../ never leaves it.
    const escape = await get(`/api/archive/hearings/${hearingId}/record/files/..%2F..%2Fvcourt.sqlite`, {
      Authorization: `Bearer ${clerkToken}`,
    });
    expect(escape.status).toBe(404);
    expect(((await escape.json()) as ApiError).error.message).toContain('Record file');
  });

  it('verifies the record file by file, and names a file changed on disk', async () => {
    const ok = await server.api<VerifyReport>('POST', `/api/archive/hearings/${hearingId}/record/verify`, {}, clerkToken);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, signature: 'valid', audit: { status: 'ok' } });
    expect(ok.body.files.every((f) => f.status === 'ok')).toBe(true);

    const track = view.record!.files.find((f) => f.kind === 'track')!;
    const file = join(server.dataDir, 'recordings', hearingId, 'record', track.path);
    const original = readFileSync(file);
    chmodSync(file, 0o644);
    writeFileSync(
      file,
      Buffer.concat([original.subarray(0, 50), Buffer.from([must(original[50], 'byte 50 of the track') ^ 0xff]), original.subarray(51)]),
    );
    try {
      const bad = await server.api<VerifyReport>('POST', `/api/archive/hearings/${hearingId}/record/verify`, {}, clerkToken);
      expect(bad.body.ok).toBe(false);
      expect(bad.body.files.filter((f) => f.status !== 'ok')).toEqual([expect.objectContaining({ path: track.path, status: 'modified' })]);
    } finally {
      writeFileSync(file, original);
    }
  });

  it('downloads the whole record as one tar that `tar -tf` lists', async () => {
    const res = await get(view.record!.bundleUrl!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-tar');
    const out = join(server.dataDir, 'download.tar');
    writeFileSync(out, Buffer.from(await res.arrayBuffer()));
    const listing = spawnSync('tar', ['-tf', out], { encoding: 'utf8' });
    expect(listing.status, listing.stderr).toBe(0);
    for (const f of view.record!.files) expect(listing.stdout).toContain(`/${f.path}\n`);
  });

  it('retention: no one shortens it alone (409), nothing deletes directly (409); after an approved deletion request the sweep deletes', async () => {
    const base = `/api/archive/hearings/${hearingId}/record`;
    expect((await server.api('PUT', `${base}/retention`, { retainUntil: 'tomorrow' }, clerkToken)).status).toBe(400);
    expect((await server.api('PUT', `${base}/retention`, { retainUntil: '2020-01-01' }, clerkToken)).status).toBe(400); // in the past
    expect((await server.api('PUT', `${base}/retention`, { retainUntil: '2099-01-01' }, clerkToken)).status).toBe(204);
    const admin = await server.secondFactorToken();
    expect((await server.api('PUT', `${base}/retention`, { retainUntil: '2090-01-01' }, admin)).status).toBe(409);
    const early = await server.api<ApiError>('DELETE', base, undefined, admin);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('conflict');
    expect(existsSync(join(server.dataDir, 'recordings', hearingId, 'record'))).toBe(true);

    // Four eyes: the clerk asks, an administrator (another account) approves; the sweep deletes.
    const filed = await server.api<{ request: { id: string } }>(
      'POST',
      `${base}/requests`,
      { kind: 'delete', reason: 'Quyết định hủy' },
      clerkToken,
    );
    expect(filed.status).toBe(201);
    expect((await server.api('POST', `${base}/requests/${filed.body.request.id}/approve`, {}, admin)).status).toBe(200);
    expect(existsSync(join(server.dataDir, 'recordings', hearingId, 'record'))).toBe(true);
    expect(await server.running.archive.sweep()).toEqual([hearingId]);
    expect(existsSync(join(server.dataDir, 'recordings', hearingId))).toBe(false);
    const after = await server.api<RecordView>('GET', base, undefined, clerkToken);
    expect(after.body.record).toMatchObject({ status: 'deleted', files: [] });
    const audit = await server.api<AuditLog>('GET', `/api/hearings/${hearingId}/audit`);
    expect(audit.body.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining([
        'record.building',
        'record.ready',
        'record.verified',
        'record.retention',
        'record.change_requested',
        'record.change_approved',
        'record.deleted',
      ]),
    );
  });
  it('a hearing opened and adjourned without time in session gets no record, and its audit log says why', async () => {
    const { hearing, seats } = await createHearing(server, ['judge']);
    const { client } = await joinWith(server.base, seats.judge.token);
    for (const action of ['open', 'adjourn'] as const) await client.ok({ type: 'hearing.transition', action });
    client.close();
    const events = await eventually(
      async () => {
        const list = (await server.api<AuditLog>('GET', `/api/hearings/${hearing.id}/audit`)).body.events;
        return list.some((e) => e.type === 'record.none') ? list : undefined;
      },
      { timeoutMs: 15_000 },
    );
    expect(events!.find((e) => e.type === 'record.none')!.data).toEqual({ reason: 'adjourned without time in session' });
    expect(events!.map((e) => e.type)).not.toContain('record.failed');
    const record = await server.api<RecordView>('GET', `/api/archive/hearings/${hearing.id}/record`);
    expect(record.body.record).toBeNull();
  });
});
