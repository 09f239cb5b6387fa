// The HearingTimeline the Compositor and the bundle get: sessions without recesses, presence from
// producers' lifetimes clipped to the sessions, each track's segments in order.
import { describe, expect, it } from 'vitest';
import type { SegmentRow, TrackRow } from '../../../recordings/ports.js';
import { buildTimeline, intersect, merge, sessionsFrom, type StateChange } from '../../../recordings/timeline.js';

const T = 1_800_000_000_000;
const at = (s: number) => T + s * 1000;
const changes: StateChange[] = [
  { atMs: at(0), from: 'scheduled', to: 'open' },
  { atMs: at(10), from: 'open', to: 'in_session' },
  { atMs: at(40), from: 'in_session', to: 'recess' },
  { atMs: at(60), from: 'recess', to: 'in_session' },
  { atMs: at(90), from: 'in_session', to: 'adjourned' },
];

describe('sessionsFrom()', () => {
  it('gives the in-session intervals, recesses cut out', () => {
    expect(sessionsFrom(changes, at(200))).toEqual([
      { startMs: at(10), endMs: at(40) },
      { startMs: at(60), endMs: at(90) },
    ]);
  });

  it('ends a session still running at now, and ignores what came before the start', () => {
    expect(sessionsFrom(changes.slice(0, 4), at(70))).toEqual([
      { startMs: at(10), endMs: at(40) },
      { startMs: at(60), endMs: at(70) },
    ]);
    expect(sessionsFrom(changes.slice(0, 1), at(70))).toEqual([]);
  });
});

describe('interval helpers', () => {
  it('merge() joins overlapping and touching intervals and drops empty ones', () => {
    expect(
      merge([
        { startMs: 5, endMs: 9 },
        { startMs: 0, endMs: 5 },
        { startMs: 12, endMs: 12 },
        { startMs: 8, endMs: 10 },
      ]),
    ).toEqual([{ startMs: 0, endMs: 10 }]);
  });
  it('intersect() keeps what both cover', () => {
    expect(
      intersect(
        [{ startMs: 0, endMs: 50 }],
        [
          { startMs: 10, endMs: 20 },
          { startMs: 40, endMs: 60 },
        ],
      ),
    ).toEqual([
      { startMs: 10, endMs: 20 },
      { startMs: 40, endMs: 50 },
    ]);
  });
});

describe('buildTimeline()', () => {
  const track = (id: string, participantId: string, start: number, end: number | null): TrackRow => ({
    id,
    hearingId: 'h',
    participantId,
    kind: 'audio',
    source: 'mic',
    codec: 'opus',
    startedAtMs: at(start),
    endedAtMs: end === null ? null : at(end),
  });
  const seg = (trackId: string, seq: number, start: number, end: number): SegmentRow => ({
    trackId,
    seq,
    file: `/r/${trackId}/${seq}.mkv`,
    startMs: at(start),
    endMs: at(end),
    bytes: 1,
  });

  it('clips presence to the sessions and orders each track’s segments by time', () => {
    const timeline = buildTimeline({
      hearingId: 'h',
      changes,
      participants: [
        { id: 'p1', displayName: 'Judge', role: 'judge' },
        { id: 'p2', displayName: 'Defendant', role: 'defendant' },
        { id: 'p3', displayName: 'Observer', role: 'observer' },
      ],
      // p1 from before the session to the end; p2 reconnected: two producers, the second in the second session.
      tracks: [track('a', 'p1', 5, 90), track('b', 'p2', 12, 30), track('c', 'p2', 65, null)],
      segments: [seg('a', 1, 15, 20), seg('a', 0, 10, 15), seg('c', 0, 65, 70)],
      nowMs: at(200),
    });
    expect(timeline.sessions).toHaveLength(2);
    expect(timeline.participants).toEqual([
      {
        participantId: 'p1',
        displayName: 'Judge',
        role: 'judge',
        present: [
          { startMs: at(10), endMs: at(40) },
          { startMs: at(60), endMs: at(90) },
        ],
      },
      {
        participantId: 'p2',
        displayName: 'Defendant',
        role: 'defendant',
        present: [
          { startMs: at(12), endMs: at(30) },
          { startMs: at(65), endMs: at(90) },
        ],
      },
    ]);
    expect(timeline.tracks.map((t) => [t.trackId, t.segments.map((s) => s.startMs - T)])).toEqual([
      ['a', [10_000, 15_000]],
      ['b', []],
      ['c', [65_000]],
    ]);
    expect(timeline.tracks[0]!.segments[0]).toEqual({ file: '/r/a/0.mkv', startMs: at(10), endMs: at(15) });
  });
});
