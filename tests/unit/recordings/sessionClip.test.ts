// A track's archive file holds the time in session only: a run's tail after the judge suspended the
// hearing or the panel withdrew to deliberate is cut at the session's end.
import { describe, expect, it } from 'vitest';
import { clipGapsToSessions, clipToSessions } from '../../../recordings/sessionClip.js';

const T = 1_700_000_000_000;
const sessions = [
  { startMs: T, endMs: T + 10_000 }, // khai mạc … tạm ngừng
  { startMs: T + 20_000, endMs: T + 30_000 }, // tiếp tục … nghị án
];
const seg = (start: number, end: number | null) => ({
  file: `/rec/${start}.mkv`,
  startMs: T + start,
  endMs: end === null ? null : T + end,
});

describe('clipToSessions()', () => {
  it('leaves segments inside their session as they are', () => {
    expect(clipToSessions([seg(0, 5000), seg(5000, 9990), seg(20_010, 25_000)], sessions).map((s) => s.outpointMs)).toEqual([
      null,
      null,
      null,
    ]);
  });

  it('cuts a segment that runs past the end of its session (a run stopping after the suspension or deliberation began)', () => {
    const [first, second] = clipToSessions([seg(5000, 10_545), seg(25_000, 30_300)], sessions);
    expect(first).toMatchObject({ startMs: T + 5000, endMs: T + 10_000, outpointMs: 5000 });
    expect(second).toMatchObject({ startMs: T + 25_000, endMs: T + 30_000, outpointMs: 5000 });
  });

  it('cuts a segment whose end is not known at its session’s end', () => {
    expect(clipToSessions([seg(28_000, null)], sessions)[0]).toMatchObject({ endMs: T + 30_000, outpointMs: 2000 });
  });

  it('leaves out a segment begun after its session ended (cut on the 5 s grid inside the tail), and one before any session', () => {
    expect(clipToSessions([seg(5000, 10_000), seg(10_000, 10_400), seg(-3000, -2000)], sessions).map((s) => s.file)).toEqual([
      '/rec/5000.mkv',
    ]);
  });

  it('counts a first packet a few milliseconds before the audit time as in the session', () => {
    expect(clipToSessions([seg(19_995, 31_000)], sessions)[0]).toMatchObject({ endMs: T + 30_000, outpointMs: 10_005 });
  });
});

describe('clipGapsToSessions(): the record states its holes only where it claims to cover', () => {
  const gap = (start: number, end: number | null, cause = 'producer_silent') => ({
    cause,
    startMs: T + start,
    endMs: end === null ? null : T + end,
  });
  const spans = (gaps: { startMs: number; endMs: number | null }[]) =>
    gaps.map((g) => [g.startMs - T, g.endMs === null ? null : g.endMs - T]);

  it('keeps a gap inside its session as it is', () => {
    expect(clipGapsToSessions([gap(2000, 4000)], sessions)).toEqual([gap(2000, 4000)]);
  });

  it('cuts a gap noted a moment after the suspension at the session’s end', () => {
    expect(spans(clipGapsToSessions([gap(8125, 10_645)], sessions))).toEqual([[8125, 10_000]]);
  });

  it('makes a gap across the suspension one gap per session, and leaves out one outside every session', () => {
    expect(spans(clipGapsToSessions([gap(9000, 21_000), gap(12_000, 15_000)], sessions))).toEqual([
      [9000, 10_000],
      [20_000, 21_000],
    ]);
  });

  it('keeps a gap still open at the end open (not recovered), cut into the sessions it spans', () => {
    expect(spans(clipGapsToSessions([gap(5000, null)], sessions))).toEqual([
      [5000, 10_000],
      [20_000, null],
    ]);
  });
});
