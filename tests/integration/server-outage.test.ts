// Every outage is in the record: a real vcourt process is killed (SIGKILL) or stopped (SIGTERM) in
// the middle of a recorded session and started again on the same data directory. The signed
// record must list a gap covering the outage for every track the stop cut off, labelled as the
// server's fault; segments the dead server wrote but never indexed are indexed; no recorder
// outlives the server. The record's own files are checked (manifest, minutes, SHA256SUMS and its
// signature), not only internal state.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseSegmentList, segmentSeq } from '../../recordings/segmentList.js';
import { createHearing, eventually, joinWith, type TestClient } from '../support/server.js';
import { freePort, isAlive, VcourtProcess } from '../support/vcourtProcess.js';

interface IndexView {
  tracks: { id: string; participantId: string; source: string; endedAtMs: number | null }[];
  segments: { trackId: string; seq: number; startMs: number; endMs: number }[];
}
interface Manifest {
  gaps: { trackId: string | null; participantId: string | null; start: string; end: string | null; cause: string }[];
  tracks: { trackId: string }[];
}

const running: VcourtProcess[] = [];
const clients: TestClient[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(running.splice(0).map((p) => p.kill()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(dataDir: string, port: number): Promise<VcourtProcess> {
  const vc = await VcourtProcess.start(dataDir, port);
  running.push(vc);
  return vc;
}

async function enter(vc: VcourtProcess, token: string): Promise<TestClient> {
  const { client } = await joinWith(vc.base, token);
  clients.push(client);
  return client;
}

/** Each source of the participant has at least `n` indexed segments on a track still open. */
async function capturing(vc: VcourtProcess, hearingId: string, participantId: string, n: number): Promise<IndexView> {
  return (await eventually(
    async () => {
      const index = await vc.ask<IndexView>({ cmd: 'index', hearingId });
      const open = index.tracks.filter((t) => t.participantId === participantId && t.endedAtMs === null);
      const ok = open.length === 2 && open.every((t) => index.segments.filter((s) => s.trackId === t.id).length >= n);
      return ok ? index : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  ))!;
}

async function outage(signal: 'SIGKILL' | 'SIGTERM', cause: 'server_crashed' | 'server_stopped'): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vcourt-outage-'));
  dirs.push(dataDir);
  const port = await freePort();
  let vc = await start(dataDir, port);

  const { hearing, seats } = await createHearing(vc, ['judge', 'defendant']);
  const defendantId = seats.defendant.participant.id;
  let judge = await enter(vc, seats.judge.token);
  await enter(vc, seats.defendant.token);
  await judge.ok({ type: 'lobby.admit', participantId: defendantId });
  await vc.ask({ cmd: 'feed', hearingId: hearing.id, participantId: defendantId });
  await judge.ok({ type: 'hearing.transition', action: 'open' });
  await judge.ok({ type: 'hearing.transition', action: 'start' });
  await capturing(vc, hearing.id, defendantId, 2);
  const recorders = (await vc.ask<{ pid?: number }[]>({ cmd: 'processes', hearingId: hearing.id })).flatMap((p) => (p.pid ? [p.pid] : []));
  expect(recorders.length).toBe(2);

  // The outage.
  const stoppedAt = Date.now();
  process.kill(vc.pid, signal);
  const exit = await vc.exited;
  if (signal === 'SIGTERM') expect(exit.code).toBe(0); // a graceful stop, not a crash
  // No recorder outlives the server, killed or stopped: gone at once (parent-death signal), well
  // before the 3 s an orphaned ffmpeg would take to notice that no packet arrives.
  await eventually(() => recorders.every((pid) => !isAlive(pid)), { timeoutMs: 2500 });
  for (const c of clients.splice(0)) c.close();

  vc = await start(dataDir, port);
  judge = await enter(vc, seats.judge.token);
  const rejoined = await joinWith(vc.base, seats.defendant.token);
  clients.push(rejoined.client);
  expect(rejoined.snapshot.self.status).toBe('admitted');
  const back = await vc.ask<{ audioProducerId: string; videoProducerId: string }>({
    cmd: 'feed',
    hearingId: hearing.id,
    participantId: defendantId,
  });
  const mediaBackAt = Date.now();
  const index = await capturing(vc, hearing.id, defendantId, 1);

  // What the dead server's ffmpeg listed is indexed, orphans included.
  const before = index.tracks.filter(
    (t) => t.participantId === defendantId && ![back.audioProducerId, back.videoProducerId].includes(t.id),
  );
  expect(before.length).toBe(2);
  for (const t of before) {
    expect(t.endedAtMs).not.toBeNull();
    const dir = join(dataDir, 'recordings', hearing.id, 'tracks', t.id);
    const listed = readdirSync(dir)
      .filter((f) => f.endsWith('.csv'))
      .flatMap((f) => parseSegmentList(readFileSync(join(dir, f), 'utf8')).map((e) => segmentSeq(e.file)));
    const indexed = index.segments.filter((s) => s.trackId === t.id).map((s) => s.seq);
    expect(new Set(indexed)).toEqual(new Set(listed));
  }

  await judge.ok({ type: 'hearing.transition', action: 'adjourn' });
  const record = await eventually(
    async () => {
      const row = await vc.ask<{ status: string; dir: string | null; error: string | null } | null>({
        cmd: 'record',
        hearingId: hearing.id,
      });
      return row && row.status !== 'building' ? row : undefined;
    },
    { timeoutMs: 180_000, intervalMs: 500 },
  );
  expect(record?.error ?? null).toBeNull();
  expect(record?.status).toBe('ready');
  const dir = record!.dir!;

  // The signed manifest: one gap per cut-off source, covering the outage, labelled as the server's.
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const gaps = manifest.gaps.filter((g) => g.cause === cause);
  expect(gaps.length).toBe(2);
  const lastCaptured = (trackId: string) => Math.max(...index.segments.filter((s) => s.trackId === trackId).map((s) => s.endMs));
  for (const g of gaps) {
    expect(g.participantId).toBe(defendantId);
    expect(g.end).not.toBeNull();
    const start = Date.parse(g.start);
    const end = Date.parse(g.end!);
    // It starts where capture stopped (the last indexed instant of a cut-off track) and ends where
    // the returning track's capture began, which is after the participant's media was sent again.
    expect(before.map((t) => lastCaptured(t.id))).toContain(start);
    expect(start).toBeLessThanOrEqual(stoppedAt + 1000);
    expect(end).toBeGreaterThanOrEqual(mediaBackAt - 1000);
    expect([back.audioProducerId, back.videoProducerId]).toContain(g.trackId);
  }
  console.log(
    `[outage] ${signal}: media out ${((mediaBackAt - stoppedAt) / 1000).toFixed(1)} s; gaps ${gaps
      .map((g) => ((Date.parse(g.end!) - Date.parse(g.start)) / 1000).toFixed(1))
      .join(', ')} s`,
  );

  // The minutes say it in words a court reads, and the audit log has the stop and the start.
  const minutes = readFileSync(join(dir, 'minutes.html'), 'utf8');
  expect(minutes).toContain(cause === 'server_crashed' ? 'Máy chủ dừng đột ngột' : 'Máy chủ dừng (có chủ đích)');
  expect(minutes).toContain('Máy chủ hoạt động trở lại');
  const audit = readFileSync(join(dir, 'audit.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; data: { cause?: string } });
  expect(audit.filter((e) => e.type === 'server.stopped').map((e) => e.data.cause)).toEqual([cause]);
  expect(audit.filter((e) => e.type === 'server.started')).toHaveLength(1);

  // And the whole record verifies with sha256sum and OpenSSL alone.
  execFileSync('sha256sum', ['--quiet', '-c', 'SHA256SUMS'], { cwd: dir });
  const verified = execFileSync(
    'openssl',
    ['pkeyutl', '-verify', '-pubin', '-inkey', 'court-public-key.pem', '-rawin', '-in', 'SHA256SUMS', '-sigfile', 'SHA256SUMS.sig'],
    { cwd: dir, encoding: 'utf8' },
  );
  expect(verified).toContain('Signature Verified Successfully');

  process.kill(vc.pid, 'SIGTERM');
  await vc.exited;
}

describe('a server outage in a recorded session', () => {
  it(
    'SIGKILL, restart, adjourn: the signed record shows a server_crashed gap for every cut-off track',
    () => outage('SIGKILL', 'server_crashed'),
    300_000,
  );

  it(
    'SIGTERM, restart, adjourn: a graceful stop is a server_stopped gap, audited when it happened',
    () => outage('SIGTERM', 'server_stopped'),
    300_000,
  );
});
