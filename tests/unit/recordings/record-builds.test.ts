// Builds always finish: the retry policy (pure), then RecordArchive's queue over the real bundle
// with a fake compositor and tiny back-off delays: a failed build is retried and its row says when,
// the last failure is given up visibly, start-up rebuilds what was missing, interrupted or failed,
// one build at a time, and an admin's rebuild never touches the earlier bundle.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CaseFile } from '../../../core/hearing/CaseFile.js';
import { ConflictError, InvalidStateError, PermissionDeniedError } from '../../../core/hearing/errors.js';
import { recordable } from '../../../recordings/archive/Builds.js';
import { RecordArchive } from '../../../recordings/archive/RecordArchive.js';
import { DEFAULT_RETRY, maxAttempts, nextAttemptAt, retryDelay, type RetryPolicy } from '../../../recordings/archive/retryPolicy.js';
import { listFiles, type CompositeWriter } from '../../../recordings/RecordBundle.js';
import type { HearingTimeline } from '../../../recordings/types.js';
import { fakeCompositor, makeFixture, T0, type Fixture } from './bundleFixture.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

const admin = { accountId: 'acc-admin', username: 'admin', role: 'admin' as const };
const clerk = { accountId: 'acc-clerk', username: 'thuky', role: 'clerk' as const };
const TINY: RetryPolicy = { delaysMs: [20, 40] };

let f: Fixture | undefined;
let archive: RecordArchive | undefined;
afterEach(async () => {
  await archive?.close();
  archive = undefined;
  await f?.cleanup();
  f = undefined;
});

async function until<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A compositor that fails its first `failures` calls, and counts how many run at once. */
function flaky(failures: number) {
  const stats = { calls: 0, running: 0, most: 0 };
  const writer: CompositeWriter = {
    async finish(timeline, out, onProgress) {
      stats.calls++;
      stats.running++;
      stats.most = Math.max(stats.most, stats.running);
      try {
        await new Promise((r) => setTimeout(r, 5));
        if (stats.calls <= failures) throw new Error(`compositor failure ${stats.calls}`);
        await fakeCompositor.finish(timeline, out, onProgress);
      } finally {
        stats.running--;
      }
    },
  };
  return { writer, stats };
}

function archiveOf(fx: Fixture, retry: RetryPolicy = TINY): RecordArchive {
  return new RecordArchive({
    store: fx.store,
    records: fx.records,
    bundle: fx.bundle,
    key: fx.key,
    clock: fx.clock,
    retentionDays: 30,
    retentionMinDays: 20,
    retry,
    log: () => {},
  });
}

/** Another adjourned hearing in the fixture's case (its timeline: the fixture's, under its own id). */
async function anotherAdjourned(fx: Fixture, title: string): Promise<string> {
  const h = await new CaseFile(fx.store, fx.clock, 'Tòa án').createHearing(
    { kind: 'system' },
    { caseId: fx.kase.id, title, scheduledAt: new Date(T0).toISOString() },
  );
  for (const [type, from, to] of [
    ['hearing.open', 'scheduled', 'open'],
    ['hearing.start', 'open', 'in_session'],
    ['hearing.adjourn', 'in_session', 'adjourned'],
  ] as const) {
    await fx.store.audit.append({
      hearingId: h.id,
      at: new Date(T0 + 60_000).toISOString(),
      actor: { kind: 'system' },
      type,
      data: { from, to },
    });
  }
  await fx.store.hearings.setState(h.id, 'adjourned', new Date(T0).toISOString());
  return h.id;
}

const types = async (fx: Fixture, hid = fx.hid) => (await fx.store.audit.list(hid)).map((e) => e.type);
const settled = async (fx: Fixture, hid = fx.hid) => {
  const row = await fx.records.get(hid);
  return row && row.status !== 'building' && row.nextAttemptAt === null ? row : undefined;
};
const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
/** Every file of a bundle folder with its hash: what "untouched" is checked against. */
const snapshot = (dir: string) => Object.fromEntries(listFiles(dir).map((path) => [path, sha(join(dir, path))]));

describe('the retry policy', () => {
  it('tries at once, then 5 s, 30 s and 2 min after each failure, then gives up', () => {
    expect(maxAttempts(DEFAULT_RETRY)).toBe(4);
    expect([1, 2, 3, 4].map((n) => retryDelay(DEFAULT_RETRY, n))).toEqual([5_000, 30_000, 120_000, null]);
    expect(retryDelay(DEFAULT_RETRY, 0)).toBeNull();
    expect(nextAttemptAt(DEFAULT_RETRY, 2, new Date(T0))?.toISOString()).toBe(new Date(T0 + 30_000).toISOString());
    expect(nextAttemptAt(DEFAULT_RETRY, 4, new Date(T0))).toBeNull();
    expect(maxAttempts({ delaysMs: [] })).toBe(1);
  });

  it('shares the "no time in session, no record" rule', () => {
    const t = (ms: number): HearingTimeline => ({ hearingId: 'h', sessions: [{ startMs: 0, endMs: ms }], participants: [], tracks: [] });
    expect(recordable(t(99))).toBe(false);
    expect(recordable(t(100))).toBe(true);
  });
});

describe('RecordArchive builds (fake compositor output, tiny back-off)', () => {
  it('a failed build is retried after its delay, the row saying when, until it is ready', async () => {
    const { writer, stats } = flaky(2);
    f = await makeFixture(writer);
    archive = archiveOf(f);
    // What the row and the archive view say right after each failure (the next attempt starts soon after).
    const seen: unknown[] = [];
    const failed = f.records.failed.bind(f.records);
    f.records.failed = async (...args) => {
      await failed(...args);
      seen.push({ row: await f!.records.get(f!.hid), view: (await archive!.view(f!.hid, () => '')).record });
    };
    await archive.captured(f.hid, f.timeline);
    expect(await f.records.get(f.hid)).toMatchObject({ status: 'building', attempts: 1 });

    const row = await until(async () => {
      const r = await f!.records.get(f!.hid);
      return r?.status === 'ready' ? r : undefined;
    });
    expect(row).toMatchObject({ attempts: 3, error: null, nextAttemptAt: null, dir: join(f.hearingDir, 'record') });
    expect(stats.calls).toBe(3);
    // The fake clock stands still: each next attempt is due exactly one delay after "now".
    expect(seen).toMatchObject([
      {
        row: { status: 'failed', error: 'compositor failure 1', attempts: 1, nextAttemptAt: new Date(T0 + 20).toISOString() },
        view: { status: 'failed', attempts: 1, maxAttempts: 3, nextAttemptAt: new Date(T0 + 20).toISOString() },
      },
      { row: { status: 'failed', error: 'compositor failure 2', attempts: 2, nextAttemptAt: new Date(T0 + 40).toISOString() } },
    ]);
    expect((await types(f)).filter((x) => x.startsWith('record.'))).toEqual([
      'record.building',
      'record.failed',
      'record.retry_scheduled',
      'record.building',
      'record.failed',
      'record.retry_scheduled',
      'record.building',
      'record.ready',
    ]);
    const retry = (await f.store.audit.list(f.hid)).find((e) => e.type === 'record.retry_scheduled');
    expect(retry?.data).toEqual({ attempt: 2, of: 3, nextAttemptAt: new Date(T0 + 20).toISOString(), error: 'compositor failure 1' });
  });

  it('after the last attempt the record stays failed, its error visible, and the give-up is audited', async () => {
    f = await makeFixture(flaky(Infinity).writer);
    archive = archiveOf(f);
    await archive.captured(f.hid, f.timeline);
    const row = await until(() => settled(f!));
    expect(row).toMatchObject({ status: 'failed', attempts: 3, nextAttemptAt: null, error: 'compositor failure 3' });
    expect((await f.store.audit.list(f.hid)).at(-1)).toMatchObject({
      type: 'record.gave_up',
      data: { attempts: 3, error: 'compositor failure 3' },
    });
    expect((await types(f)).filter((x) => x === 'record.failed')).toHaveLength(3);
    expect(existsSync(join(f.hearingDir, 'record'))).toBe(false);
  });

  it('a hearing adjourned without time in session gets record.none and no row', async () => {
    f = await makeFixture();
    archive = archiveOf(f);
    await archive.captured(f.hid, { ...f.timeline, sessions: [{ startMs: T0, endMs: T0 + 50 }] });
    expect(await f.records.get(f.hid)).toBeUndefined();
    expect((await f.store.audit.list(f.hid)).at(-1)).toMatchObject({
      type: 'record.none',
      data: { reason: 'adjourned without time in session' },
    });
  });

  it('at start-up, interrupted, failed and missing records are rebuilt from the stored timeline, one at a time', async () => {
    const { writer, stats } = flaky(0);
    f = await makeFixture(writer);
    const fx = f;
    // A second and a third adjourned hearing in the same case: one failed, one never handed over.
    const caseFile = new CaseFile(fx.store, fx.clock, 'Tòa án');
    const more = [await anotherAdjourned(fx, 'Phiên 1'), await anotherAdjourned(fx, 'Phiên 2')];
    // A fourth with no time in session and no row: noted as none, not built.
    const empty = await caseFile.createHearing(
      { kind: 'system' },
      { caseId: fx.kase.id, title: 'Hoãn', scheduledAt: new Date(T0).toISOString() },
    );
    await fx.store.hearings.setState(empty.id, 'adjourned', new Date(T0).toISOString());

    await fx.records.begin(fx.hid, new Date(T0).toISOString()); // interrupted: 'building' when the server stopped
    await fx.records.begin(more[0]!, new Date(T0).toISOString());
    await fx.records.failed(more[0]!, 'disk full', new Date(T0).toISOString());
    const timelines = new Map<string, HearingTimeline>([
      [fx.hid, fx.timeline],
      [more[0]!, { ...fx.timeline, hearingId: more[0]! }],
      [more[1]!, { ...fx.timeline, hearingId: more[1]! }],
      [empty.id, { hearingId: empty.id, sessions: [], participants: [], tracks: [] }],
    ]);

    archive = archiveOf(fx);
    await archive.start(60_000);
    expect(await fx.records.get(fx.hid)).toMatchObject({ status: 'failed', error: 'The server stopped while this record was being built' });
    const queued = await archive.recoverBuilds((id) => Promise.resolve(timelines.get(id)!));
    expect(new Set(queued)).toEqual(new Set([fx.hid, ...more]));
    for (const id of [fx.hid, ...more]) expect((await fx.records.get(id))?.status).toBe('building');

    for (const id of [fx.hid, ...more]) {
      expect(await until(() => settled(fx, id))).toMatchObject({ status: 'ready', dir: join(fx.root, 'recordings', id, 'record') });
    }
    expect(stats).toMatchObject({ calls: 3, most: 1 });
    expect((await fx.store.audit.list(fx.hid)).find((e) => e.type === 'record.rebuild_requested')).toMatchObject({
      actor: { kind: 'system' },
      data: { reason: 'startup', previous: 'failed', force: false },
    });
    expect((await fx.store.audit.list(more[1]!)).find((e) => e.type === 'record.rebuild_requested')?.data).toMatchObject({
      previous: null,
    });
    expect(await fx.records.get(empty.id)).toBeUndefined();
    expect(await types(fx, empty.id)).toContain('record.none');
    // Nothing is left to do at the next start.
    expect(await fx.records.pending()).toEqual([]);
  });

  it("an admin's rebuild: refused to others, to a ready record without force, while building; a new folder, the old one untouched", async () => {
    f = await makeFixture();
    const fx = f;
    archive = archiveOf(fx);
    await archive.build(fx.hid, fx.timeline);
    expect(await archive.recoverBuilds(() => Promise.resolve(fx.timeline))).toEqual([]); // ready: nothing to rebuild at start-up
    const first = join(fx.hearingDir, 'record');
    const before = snapshot(first);

    await expect(archive.rebuild(fx.hid, clerk)).rejects.toThrow(PermissionDeniedError);
    await expect(archive.rebuild(fx.hid, admin)).rejects.toThrow(ConflictError);
    fx.setNow(T0 + 60_000);
    await archive.rebuild(fx.hid, admin, true);
    expect(await fx.records.get(fx.hid)).toMatchObject({ status: 'building' });
    await expect(archive.rebuild(fx.hid, admin, true)).rejects.toThrow(ConflictError);
    const row = await until(async () => {
      const r = await fx.records.get(fx.hid);
      return r?.dir?.endsWith('record-2') ? r : undefined;
    });
    expect(row).toMatchObject({ status: 'ready', error: null, retainUntil: new Date(T0 + 30 * 24 * 3600 * 1000).toISOString() });
    expect(snapshot(first)).toEqual(before);
    expect((await fx.store.audit.list(fx.hid)).find((e) => e.type === 'record.rebuild_requested')).toMatchObject({
      actor: { kind: 'account', username: 'admin' },
      data: { reason: 'admin', previous: 'ready', force: true },
    });

    await fx.store.hearings.setState(fx.hid, 'in_session', new Date().toISOString());
    await expect(archive.rebuild(fx.hid, admin, true)).rejects.toThrow(InvalidStateError);
  });

  it('a stop leaves no queued row building: it is failed with an attempt due, and the next start rebuilds it', async () => {
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    f = await makeFixture({
      async finish(timeline, out, onProgress) {
        await held;
        await fakeCompositor.finish(timeline, out, onProgress);
      },
    });
    const fx = f;
    const second = await anotherAdjourned(fx, 'Phiên 2');
    archive = archiveOf(fx);
    await archive.captured(fx.hid, fx.timeline);
    await archive.captured(second, { ...fx.timeline, hearingId: second });
    expect(await fx.records.get(second)).toMatchObject({ status: 'building', phase: 'queued' });
    await archive.close();
    expect(await fx.records.get(second)).toMatchObject({
      status: 'failed',
      error: 'The server stopped before this build started',
      nextAttemptAt: new Date(T0).toISOString(),
    });
    release();
    // The running one could not be cut short; it finishes (the database is still open here).
    await until(async () => (await fx.records.get(fx.hid))?.status === 'ready');
    expect((await fx.records.pending()).map((p) => p.hearingId)).toEqual([second]);
  });

  it('a forced rebuild that fails every attempt leaves the earlier bundle ready, with the error shown', async () => {
    let fail = false;
    f = await makeFixture({
      async finish(timeline, out, onProgress) {
        if (fail) throw new Error('no space left on device');
        await fakeCompositor.finish(timeline, out, onProgress);
      },
    });
    const fx = f;
    archive = archiveOf(fx);
    const ready = await archive.build(fx.hid, fx.timeline);
    await archive.recoverBuilds(() => Promise.resolve(fx.timeline));
    const before = snapshot(ready.dir!);
    fail = true;
    await archive.rebuild(fx.hid, admin, true);
    const row = await until(() => settled(fx));
    expect(row).toMatchObject({
      status: 'ready',
      dir: ready.dir,
      manifestSha256: ready.manifestSha256,
      completedAt: ready.completedAt,
      error: 'no space left on device',
      attempts: 3,
    });
    expect(snapshot(ready.dir!)).toEqual(before);
    expect((await types(fx)).at(-1)).toBe('record.gave_up');
    expect((await archive.view(fx.hid, (p) => `/x/${p ?? 'tar'}`)).record?.bundleUrl).toBe('/x/tar');
  });
});
