// After a crash: segments ffmpeg listed but the dead server never indexed are indexed from the
// lists and each run's `.start`, open tracks are ended, and hearings list the stopped hearings.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outageDrop, recoverOpenTracks } from '../../../recordings/Recovery.js';
import { writeRunStart } from '../../../recordings/runStart.js';
import { SqlRecordingIndex } from '../../../server/store/SqlRecordingIndex.js';
import { SqliteStore } from '../../../server/store/SqliteStore.js';

const T = 1_800_000_000_000;
let root: string;
let store: SqliteStore;
let index: SqlRecordingIndex;

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'vcourt-recovery-'));
  store = new SqliteStore(':memory:');
  const now = new Date(T).toISOString();
  await store.cases.insert({ id: 'c', number: '1/2026', title: 'x', court: 'y', createdAt: now });
  for (const [id, state] of [
    ['h', 'in_session'],
    ['r', 'recess'],
    ['a', 'adjourned'],
  ] as const) {
    await store.hearings.insert({
      id,
      caseId: 'c',
      title: 'x',
      scheduledAt: now,
      state,
      stage: null,
      outcome: null,
      courtroomSiteId: null,
      createdAt: now,
      updatedAt: now,
    });
  }
  index = new SqlRecordingIndex(store.db, root);
});
afterEach(async () => {
  await store.close();
  rmSync(root, { recursive: true, force: true });
});

async function track(id: string, hearingId = 'h') {
  await index.addTrack({ id, hearingId, participantId: 'p', kind: 'audio', source: 'mic', codec: 'opus', startedAtMs: T });
  const dir = join(root, hearingId, 'tracks', id);
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('recoverOpenTracks()', () => {
  it('indexes listed segments the index lacks, on the clock of their run, and ends the track at the stop', async () => {
    const dir = await track('t1');
    // Run 0: two segments listed, the first already indexed. Run 1: one listed, a line half written.
    writeRunStart(dir, 0, T + 1000);
    writeFileSync(join(dir, '0.csv'), '0-00000.mkv,0.000000,4.000000\n0-00001.mkv,4.000000,9.000000\n');
    writeFileSync(join(dir, '0-00001.mkv'), 'x'.repeat(7));
    await index.addSegment({ trackId: 't1', seq: 0, file: join(dir, '0-00000.mkv'), startMs: T + 1000, endMs: T + 5000, bytes: 1 });
    writeRunStart(dir, 1, T + 20_000);
    writeFileSync(join(dir, '1.csv'), '1-00002.mkv,0.000000,2.500000\n1-00003.mkv,2.5');
    // Run 2 never received media: no .start, nothing to place.
    writeFileSync(join(dir, '2.csv'), '2-00009.mkv,0.000000,1.000000\n');

    const [r] = await recoverOpenTracks(index, T + 30_000);
    expect(r).toMatchObject({ orphans: 2, lastEndMs: T + 22_500 });
    expect((await index.segments('h')).map((s) => [s.seq, s.startMs, s.endMs, s.bytes])).toEqual([
      [0, T + 1000, T + 5000, 1],
      [1, T + 5000, T + 10_000, 7],
      [2, T + 20_000, T + 22_500, null],
    ]);
    expect((await index.tracks('h'))[0]?.endedAtMs).toBe(T + 30_000);
    // Idempotent: a second start finds nothing open and nothing new.
    expect(await recoverOpenTracks(index, T + 40_000)).toEqual([]);
  });

  it('touches only tracks left open, in any hearing', async () => {
    await track('open', 'r');
    await track('ended', 'a');
    await index.endTrack('ended', T + 1);
    expect((await recoverOpenTracks(index, T + 5)).map((r) => r.track.id)).toEqual(['open']);
  });

  it('makes a drop from the last captured instant, or the stop itself when nothing was captured', async () => {
    await track('t1');
    const [r] = await recoverOpenTracks(index, T + 9000);
    const drop = outageDrop(r!, 'server_crashed', T + 9000);
    expect(drop).toMatchObject({ participantId: 'p', source: 'mic', cause: 'server_crashed', trackId: 't1', droppedAtMs: T + 9000 });
    expect(await drop.since).toBe(T + 9000);
    expect(await outageDrop({ ...r!, lastEndMs: T + 4000 }, 'server_stopped', T + 9000).since).toBe(T + 4000);
  });
});

describe('hearings.listByStates()', () => {
  it('lists the hearings an outage interrupted', async () => {
    expect((await store.hearings.listByStates(['in_session', 'recess'])).map((h) => h.id).sort()).toEqual(['h', 'r']);
  });
});
