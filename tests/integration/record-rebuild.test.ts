// Builds always finish, over the real server: a hearing with real media (ffmpeg's RTP into
// mediasoup, captured by the Recorder) is adjourned and its record built; the server is stopped
// with the record's row 'building' as a kill mid-build leaves it, and a new server on the same
// data dir rebuilds it by itself into a new folder that verifies with sha256sum and openssl. Then
// an admin's rebuild over HTTP: refused to a clerk and a judge, to a ready record without force,
// while building; accepted with force into yet another folder, the earlier ones untouched.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordView, VerifyReport } from '../../core/protocol/http.js';
import { listFiles } from '../../recordings/RecordBundle.js';
import { feedTestMedia } from '../support/rtpFeed.js';
import { type AuditLog, createHearing, eventually, joinWith, startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let hearingId: string;
/** The bundle the first server built after adjournment. */
let firstDir: string;
let firstFiles: Record<string, string>;

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const snapshot = (dir: string) => Object.fromEntries(listFiles(dir).map((path) => [path, sha(join(dir, path))]));
const recordPath = () => `/api/archive/hearings/${hearingId}/record`;

/** The record once it is ready and no attempt is pending (a failed or given-up build fails the wait's check). */
async function readyRecord(dirName: string): Promise<NonNullable<RecordView['record']>> {
  const record = await eventually(
    async () => {
      const r = (await server.api<RecordView>('GET', recordPath())).body.record;
      if (r?.status === 'failed' && r.nextAttemptAt === null) throw new Error(`the build gave up: ${r.error}`);
      return r?.status === 'ready' && r.files.length > 0 && r.error === null ? r : undefined;
    },
    { timeoutMs: 150_000, intervalMs: 250 },
  );
  const row = await server.running.store.db.get<{ dir: string }>('SELECT dir FROM records WHERE hearing_id = ?', [hearingId]);
  expect(row?.dir).toBe(join(server.dataDir, 'recordings', hearingId, dirName));
  return record!; // eventually() returns only a truthy value
}

/** What the README tells anyone to run on a record: every hash, then the signature of SHA256SUMS. */
function verifiesWithTools(dir: string): void {
  const sums = spawnSync('sha256sum', ['--strict', '-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
  expect(sums.status, sums.stdout + sums.stderr).toBe(0);
  const ssl = spawnSync(
    'openssl',
    ['pkeyutl', '-verify', '-pubin', '-inkey', 'court-public-key.pem', '-rawin', '-in', 'SHA256SUMS', '-sigfile', 'SHA256SUMS.sig'],
    { cwd: dir, encoding: 'utf8' },
  );
  expect(ssl.status, ssl.stdout + ssl.stderr).toBe(0);
}

async function verifiesOnServer(): Promise<void> {
  const report = await server.api<VerifyReport>('POST', `${recordPath()}/verify`, {});
  expect(report.status).toBe(200);
  expect(report.body).toMatchObject({ ok: true, signature: 'valid', audit: { status: 'ok' } });
}

const auditTypes = async () =>
  (await server.api<AuditLog>('GET', `/api/hearings/${hearingId}/audit`)).body.events
    .map((e) => e.type)
    .filter((t) => t.startsWith('record.'));

beforeAll(async () => {
  server = await startTestServer();
  const { hearing, seats } = await createHearing(server, ['judge', 'defendant']);
  hearingId = hearing.id;
  const judge = await joinWith(server.base, seats.judge.token);
  const defendant = await joinWith(server.base, seats.defendant.token);
  await judge.client.ok({ type: 'lobby.admit', participantId: seats.defendant.participant.id });
  const feed = await feedTestMedia(server, hearingId, seats.defendant.participant.id);
  try {
    await judge.client.ok({ type: 'hearing.transition', action: 'open' });
    await judge.client.ok({ type: 'hearing.transition', action: 'start' });
    // Both tracks have finished a segment: there is real media to build from.
    await eventually(
      async () => (await server.running.recorder.timeline(hearingId)).tracks.filter((t) => t.segments.length > 0).length === 2,
      {
        timeoutMs: 15_000,
      },
    );
    const captured = new Promise<void>((resolve) => server.running.recorder.on('captured', (id) => id === hearingId && resolve()));
    await judge.client.ok({ type: 'hearing.transition', action: 'adjourn' });
    await captured;
  } finally {
    await feed.stop();
    judge.client.close();
    defendant.client.close();
  }
  await readyRecord('record');
  firstDir = join(server.dataDir, 'recordings', hearingId, 'record');
  firstFiles = snapshot(firstDir);
}, 200_000);

afterAll(async () => {
  await server?.stop();
});

describe('a record interrupted by a stop', () => {
  it('is rebuilt by itself at the next start, into a new folder that verifies; the old folder is untouched', async () => {
    await server.stop({ keepData: true });
    // What a kill mid-build leaves: the row 'building', part way through (the finished record/
    // stays on disk, and must neither be reused nor rewritten).
    const db = new Database(join(server.dataDir, 'vcourt.sqlite'));
    try {
      const changed = db
        .prepare(
          `UPDATE records SET status = 'building', progress = 0.4, phase = 'composite', dir = NULL, manifest_sha256 = NULL,
             completed_at = NULL WHERE hearing_id = ?`,
        )
        .run(hearingId).changes;
      expect(changed).toBe(1);
    } finally {
      db.close();
    }

    server = await startTestServer({ dataDir: server.dataDir });
    const record = await readyRecord('record-2');
    expect(record.attempts).toBe(1);
    verifiesWithTools(join(server.dataDir, 'recordings', hearingId, 'record-2'));
    await verifiesOnServer();
    expect(snapshot(firstDir)).toEqual(firstFiles);

    const types = await auditTypes();
    const restart = types.lastIndexOf('record.rebuild_requested');
    expect(types.slice(restart - 1, restart + 3)).toEqual(['record.failed', 'record.rebuild_requested', 'record.building', 'record.ready']);
    const events = (await server.api<AuditLog>('GET', `/api/hearings/${hearingId}/audit`)).body.events;
    expect(events.find((e) => e.type === 'record.rebuild_requested')).toMatchObject({
      actor: { kind: 'system' },
      data: { reason: 'startup', previous: 'failed', force: false },
    });
  }, 200_000);
});

describe("an admin's rebuild over HTTP", () => {
  const login = async (username: string, role: 'clerk' | 'judge') => {
    await server.running.access.createAccount({ username, displayName: username, role, password: 'rebuild-test-passphrase' });
    // With a second factor: what refuses them is their role.
    return server.secondFactorToken(username, 'rebuild-test-passphrase');
  };

  it('is refused to a clerk and a judge, to a ready record without force, and while building; with force it makes a new folder', async () => {
    const admin = await server.secondFactorToken();
    const rebuild = (body: unknown, token: string | null = admin) => server.api<RecordView>('POST', `${recordPath()}/rebuild`, body, token);
    const before = { record: snapshot(firstDir), record2: snapshot(join(server.dataDir, 'recordings', hearingId, 'record-2')) };

    for (const token of [await login('thuky2', 'clerk'), await login('thamphan', 'judge')]) {
      const refused = await rebuild({ force: true }, token);
      expect(refused.status).toBe(403);
    }
    expect((await rebuild({ force: true }, null)).status).toBe(401);
    expect((await rebuild({ force: 'yes' })).status).toBe(400);
    expect((await server.api('POST', '/api/archive/hearings/no-such-hearing/record/rebuild', {}, admin)).status).toBe(404);
    const notForced = await rebuild({});
    expect(notForced.status).toBe(409);

    // Two at once: the first is queued, the second finds it building (the handlers run back to back).
    const [first, second] = await Promise.all([rebuild({ force: true }), rebuild({ force: true })]);
    const accepted = first.status === 202 ? first : second;
    expect([first.status, second.status].sort()).toEqual([202, 409]);
    expect(accepted.body.record).toMatchObject({ status: 'building', attempts: 1 });

    await readyRecord('record-3');
    const third = join(server.dataDir, 'recordings', hearingId, 'record-3');
    verifiesWithTools(third);
    await verifiesOnServer();
    expect(snapshot(firstDir)).toEqual(before.record);
    expect(snapshot(join(server.dataDir, 'recordings', hearingId, 'record-2'))).toEqual(before.record2);
    expect(existsSync(join(third, 'SHA256SUMS.sig'))).toBe(true);

    const events = (await server.api<AuditLog>('GET', `/api/hearings/${hearingId}/audit`)).body.events;
    expect(events.filter((e) => e.type === 'record.rebuild_requested').at(-1)).toMatchObject({
      actor: { kind: 'account', username: 'admin' },
      data: { reason: 'admin', previous: 'ready', force: true },
    });
  }, 200_000);
});
