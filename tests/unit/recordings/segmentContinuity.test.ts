// A segment's own packet times tell whether it holds what its interval claims: a jump over a second
// is a hole, a backlog after it (packets 1 ms apart, what ffmpeg writes for media buffered while it
// was held up) says the recorder hung. Live streams of every usual shape have no hole.
import { describe, expect, it } from 'vitest';
import { backlogAt, findHoles } from '../../../recordings/segmentContinuity.js';

/** `n` packets from `from`, `step` seconds apart, each moved by up to ±`jitter` (deterministic). */
function stream(from: number, n: number, step: number, jitter = 0): number[] {
  return Array.from({ length: n }, (_, i) => Number((from + i * step + jitter * Math.sin(i * 12.9898)).toFixed(3)));
}
/** What ffmpeg writes for `n` packets read at once: equal times made strictly increasing, 1 ms apart. */
const backlog = (from: number, n: number) => stream(from, n, 0.001);

describe('findHoles: live segments have none', () => {
  const normal: [string, number[], number][] = [
    ['audio, 20 ms frames', stream(0, 250, 0.02), 5],
    ['audio, 20 ms frames with arrival jitter', stream(0, 250, 0.02, 0.008), 5],
    ['audio, 10 ms frames', stream(0, 500, 0.01), 5],
    ['audio with DTX (a packet every 400 ms in silence)', [...stream(0, 50, 0.02), ...stream(1.4, 8, 0.4), ...stream(4.6, 20, 0.02)], 5],
    ['video, 30 fps', stream(0, 150, 1 / 30, 0.005), 5],
    ['video, 10 fps', stream(0, 50, 0.1, 0.01), 5],
    // A key frame is large: it arrives late and the frames queued behind it right after.
    ['video, 15 fps with key frames delayed 400 ms', [...stream(0, 30, 1 / 15), ...stream(2.4, 4, 0.001), ...stream(2.5, 37, 1 / 15)], 5],
    ['video, key frame cut: the segment starts at its key frame and ends at the next one', stream(0, 160, 0.04), 6.4],
    ['a segment cut short by a stop', stream(0, 40, 0.02), 0.8],
    ['a single packet', [0], 0.02],
    ['a jump of exactly one second', [...stream(0, 10, 0.02), ...stream(1.18, 10, 0.02)], 1.4],
  ];
  it.each(normal)('%s', (_, pts, duration) => {
    expect(findHoles(pts, duration)).toEqual([]);
  });
});

describe('findHoles: holes', () => {
  it('a recorder stopped for 30 s: the jump, then the backlog it read at once', () => {
    const pts = [...stream(0, 40, 0.02), ...backlog(30.8, 200), ...stream(31.01, 200, 0.02)];
    expect(findHoles(pts, 35)).toEqual([{ fromS: 0.78, toS: 30.8, backlog: true }]);
  });

  it('a sender that stopped for 2 s and resumed: the jump, no backlog', () => {
    const pts = [...stream(0, 60, 0.02), ...stream(3.2, 80, 0.02)];
    expect(findHoles(pts, 5)).toEqual([{ fromS: 1.18, toS: 3.2, backlog: false }]);
  });

  it('video after a stop: its backlog of frames', () => {
    const pts = [...stream(0, 25, 0.04), ...backlog(3.5, 20), ...stream(3.6, 35, 0.04)];
    expect(findHoles(pts, 5)).toEqual([{ fromS: 0.96, toS: 3.5, backlog: true }]);
  });

  it('media missing at the end of what the segment claims: the next segment tells why', () => {
    expect(findHoles(stream(0, 100, 0.02), 4.5)).toEqual([{ fromS: 1.98, toS: 4.5, backlog: null }]);
  });

  it('media missing at its start, in any order, and none at all', () => {
    expect(findHoles([2.02, 2, 2.04], 2.06)).toEqual([{ fromS: 0, toS: 2, backlog: false }]);
    expect(findHoles([], 5)).toEqual([{ fromS: 0, toS: 5, backlog: null }]);
    expect(findHoles([], 0.5)).toEqual([]);
  });

  it('several holes in one segment', () => {
    const pts = [...stream(0, 10, 0.02), ...backlog(1.5, 10), ...stream(1.6, 10, 0.02), ...stream(3, 10, 0.02)];
    expect(findHoles(pts, 3.2).map((h) => [h.fromS, h.toS, h.backlog])).toEqual([
      [0.18, 1.5, true],
      [1.78, 3, false],
    ]);
  });
});

describe('backlogAt', () => {
  it('counts the packets in the 50 ms from one on', () => {
    expect(backlogAt(backlog(0, 8), 0)).toBe(true);
    expect(backlogAt(backlog(0, 7), 0)).toBe(false);
    expect(backlogAt(stream(0, 20, 0.01), 0)).toBe(false); // 10 ms audio frames, live
    expect(backlogAt([], 0)).toBe(false);
  });
});
