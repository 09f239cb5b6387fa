// One track's segments checked in order: a hole inside a segment is a gap at its wall-clock place,
// a hole at a segment's end takes its cause from the next segment's head, and a still screen's
// pauses are its content, not gaps. The hearing's queue runs one ffprobe at a time.
import { describe, expect, it } from 'vitest';
import type { FinishedSegment } from '../../../recordings/RecorderRun.js';
import { SegmentChecks, TrackContinuity, type HoleGap } from '../../../recordings/SegmentChecks.js';

const T0 = 1_800_000_000_000;
const stream = (from: number, n: number, step: number) => Array.from({ length: n }, (_, i) => Number((from + i * step).toFixed(3)));
const backlog = (from: number, n: number) => stream(from, n, 0.001);

function segment(seq: number, startS: number, endS: number): FinishedSegment {
  return { trackId: 't', seq, file: `/x/0-${seq}.mkv`, startMs: T0 + startS * 1000, endMs: T0 + endS * 1000, bytes: 1 };
}

function continuity(files: Record<string, number[] | Error>, stillIsNormal = false) {
  const holes: HoleGap[] = [];
  const errors: string[] = [];
  const checks = {
    packetTimes: (file: string) => {
      const times = files[file];
      return times instanceof Error || times === undefined ? Promise.reject(times ?? new Error('no file')) : Promise.resolve(times);
    },
  };
  const track = new TrackContinuity({ checks, stillIsNormal, onHole: (g) => holes.push(g), onError: (e) => errors.push(e) });
  return { track, holes, errors };
}

describe('TrackContinuity', () => {
  it('places a hole inside a segment on the wall clock; a backlog after it means the recorder hung', async () => {
    const { track, holes } = continuity({
      '/x/0-0.mkv': stream(0, 250, 0.02),
      '/x/0-1.mkv': [...stream(0, 40, 0.02), ...backlog(30.8, 200), ...stream(31.01, 200, 0.02)],
    });
    track.check(segment(0, 0, 5));
    track.check(segment(1, 5, 40));
    await track.settled();
    expect(holes).toEqual([{ cause: 'recorder_hung', startMs: T0 + 5780, endMs: T0 + 35_800 }]);
  });

  it('a hole at a segment end: recorder_hung when the next segment opens with a backlog, producer_silent when not', async () => {
    const { track, holes } = continuity({
      '/x/0-0.mkv': stream(0, 100, 0.02), // ends 1.98 s in, claims 4.5
      '/x/0-1.mkv': [...backlog(0, 100), ...stream(0.2, 165, 0.02)],
      '/x/0-2.mkv': stream(0, 100, 0.02), // ends 1.98 s in, claims 4
      '/x/0-3.mkv': stream(0, 100, 0.02),
    });
    track.check(segment(0, 0, 4.5));
    track.check(segment(1, 4.5, 8));
    track.check(segment(2, 8, 12));
    track.check(segment(3, 12, 14));
    await track.settled();
    expect(holes).toEqual([
      { cause: 'recorder_hung', startMs: T0 + 1980, endMs: T0 + 4500 },
      { cause: 'producer_silent', startMs: T0 + 9980, endMs: T0 + 12_000 },
    ]);
  });

  it('a segment nothing can read is a hole over the time it claims; an empty one claims nothing', async () => {
    const { track, holes, errors } = continuity({
      '/x/0-0.mkv': stream(0, 250, 0.02),
      '/x/0-1.mkv': new Error('ffprobe: Duplicate element'),
      '/x/0-2.mkv': new Error('ffprobe: End of file'),
      '/x/0-3.mkv': stream(0, 100, 0.02),
    });
    track.check(segment(0, 0, 5));
    track.check(segment(1, 5, 10));
    track.check(segment(2, 10, 10));
    track.check(segment(3, 10, 12));
    await track.settled();
    expect(holes).toEqual([{ cause: 'recorder_exited', startMs: T0 + 5000, endMs: T0 + 10_000 }]);
    expect(errors).toHaveLength(2);
  });

  it('a still screen sends nothing for a while: no gap, unless a backlog shows the recorder hung', async () => {
    const { track, holes } = continuity(
      {
        '/x/0-0.mkv': [0, 0.5, 3.5, 4.9],
        '/x/0-1.mkv': [0, ...backlog(2.5, 20)],
      },
      true,
    );
    track.check(segment(0, 0, 5));
    track.check(segment(1, 5, 10));
    await track.settled();
    expect(holes).toEqual([{ cause: 'recorder_hung', startMs: T0 + 5000, endMs: T0 + 7500 }]);
  });

  it('a segment ffprobe cannot read is reported as a hole, and the checks go on', async () => {
    const { track, holes, errors } = continuity({
      '/x/0-0.mkv': new Error('ffprobe /x/0-0.mkv failed: Invalid data'),
      '/x/0-1.mkv': [...stream(0, 10, 0.02), ...stream(2, 10, 0.02)],
    });
    track.check(segment(0, 0, 5));
    track.check(segment(1, 5, 7.2));
    await track.settled();
    expect(errors).toEqual([expect.stringContaining('Invalid data')]);
    expect(holes).toEqual([
      { cause: 'recorder_exited', startMs: T0, endMs: T0 + 5000 },
      { cause: 'producer_silent', startMs: T0 + 5180, endMs: T0 + 7000 },
    ]);
  });
});

describe('SegmentChecks', () => {
  it('a file ffprobe cannot read rejects, and the queue goes on', async () => {
    const checks = new SegmentChecks();
    await expect(checks.packetTimes('/nonexistent/0-0.mkv')).rejects.toThrow(/ffprobe/);
    await expect(checks.packetTimes('/nonexistent/0-1.mkv')).rejects.toThrow(/ffprobe/);
  });
});
