// The capture's index on the real schema (SqliteStore in memory, foreign keys on).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteRecordingIndex } from '../../../server/store/SqliteRecordingIndex.js';
import { SqliteStore } from '../../../server/store/SqliteStore.js';

let store: SqliteStore;
let index: SqliteRecordingIndex;
const T = 1_800_000_000_000;

beforeEach(() => {
  store = new SqliteStore(':memory:');
  const now = new Date(T).toISOString();
  store.cases.insert({ id: 'c', number: '1/2026', title: 'x', court: 'y', createdAt: now });
  store.hearings.insert({
    id: 'h',
    caseId: 'c',
    title: 'x',
    scheduledAt: now,
    state: 'in_session',
    stage: null,
    outcome: null,
    courtroomSiteId: null,
    createdAt: now,
    updatedAt: now,
  });
  index = new SqliteRecordingIndex(store.db, '/data/recordings');
});
afterEach(() => store.close());

describe('SqliteRecordingIndex', () => {
  it('keeps tracks, ends them once, and keeps segment paths relative to the recordings folder', () => {
    index.addTrack({ id: 't1', hearingId: 'h', participantId: 'p', kind: 'video', source: 'camera', codec: 'vp8', startedAtMs: T });
    index.addTrack({ id: 't1', hearingId: 'h', participantId: 'p', kind: 'video', source: 'camera', codec: 'vp8', startedAtMs: T + 5 }); // ignored
    index.addSegment({
      trackId: 't1',
      seq: 1,
      file: '/data/recordings/h/tracks/t1/0-00001.mkv',
      startMs: T + 5000,
      endMs: T + 10000,
      bytes: 10,
    });
    index.addSegment({
      trackId: 't1',
      seq: 0,
      file: '/data/recordings/h/tracks/t1/0-00000.mkv',
      startMs: T + 100,
      endMs: T + 5000,
      bytes: 20,
    });
    index.endTrack('t1', T + 20_000);
    index.endTrack('t1', T + 30_000); // the first end stands

    expect(index.tracks('h')).toEqual([
      {
        id: 't1',
        hearingId: 'h',
        participantId: 'p',
        kind: 'video',
        source: 'camera',
        codec: 'vp8',
        startedAtMs: T,
        endedAtMs: T + 20_000,
      },
    ]);
    expect(index.segments('h').map((s) => [s.seq, s.file, s.startMs - T, s.endMs - T, s.bytes])).toEqual([
      [0, '/data/recordings/h/tracks/t1/0-00000.mkv', 100, 5000, 20],
      [1, '/data/recordings/h/tracks/t1/0-00001.mkv', 5000, 10000, 10],
    ]);
    const row = store.db.prepare('SELECT file FROM recording_segments WHERE seq = 0').get() as { file: string };
    expect(row.file).toBe('h/tracks/t1/0-00000.mkv');
  });

  it('keeps gaps with their track’s participant, in time order', () => {
    index.addTrack({ id: 't1', hearingId: 'h', participantId: 'p', kind: 'audio', source: 'mic', codec: 'opus', startedAtMs: T });
    index.addGap('h', { trackId: 't1', participantId: 'p', startMs: T + 9000, endMs: T + 9500, cause: 'producer_silent' });
    index.addGap('h', { trackId: 't1', participantId: 'p', startMs: T + 1000, endMs: T + 1200, cause: 'recorder_exited' });
    expect(index.gaps('h')).toEqual([
      { trackId: 't1', participantId: 'p', startMs: T + 1000, endMs: T + 1200, cause: 'recorder_exited' },
      { trackId: 't1', participantId: 'p', startMs: T + 9000, endMs: T + 9500, cause: 'producer_silent' },
    ]);
  });
});
