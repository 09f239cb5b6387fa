// ffmpeg's CSV segment list and its input dump: what the recorder reads to time each segment.
import { describe, expect, it } from 'vitest';
import { parseSegmentList, segmentSeq, wallClockStart } from '../../../recordings/segmentList.js';

describe('parseSegmentList()', () => {
  it('reads file, start and end of each finished segment (seconds on the run clock)', () => {
    expect(parseSegmentList('0-00000.mkv,0.000000,0.131000\n0-00001.mkv,0.131000,5.115000\n')).toEqual([
      { file: '0-00000.mkv', start: 0, end: 0.131 },
      { file: '0-00001.mkv', start: 0.131, end: 5.115 },
    ]);
  });

  it('ignores a last line ffmpeg is still writing', () => {
    expect(parseSegmentList('0-00000.mkv,0.000000,4.9\n0-00001.mkv,4.9')).toEqual([{ file: '0-00000.mkv', start: 0, end: 4.9 }]);
    expect(parseSegmentList('')).toEqual([]);
  });

  it('reads quoted names (ffmpeg quotes names with commas or quotes) and names with commas', () => {
    expect(parseSegmentList('"a,""b"".mkv",1.5,2.5\r\n')).toEqual([{ file: 'a,"b".mkv', start: 1.5, end: 2.5 }]);
    expect(parseSegmentList('a,b.mkv,1,2\n')).toEqual([{ file: 'a,b.mkv', start: 1, end: 2 }]);
  });

  it('skips lines that are not segment entries', () => {
    expect(parseSegmentList('garbage\n0-00003.mkv,x,1\n1-00004.mkv,10,15\n')).toEqual([{ file: '1-00004.mkv', start: 10, end: 15 }]);
  });
});

describe('wallClockStart()', () => {
  it("reads the input's start (the first packet's wall-clock time) from ffmpeg's input dump", () => {
    expect(wallClockStart('  Duration: N/A, start: 1795432561.304278, bitrate: N/A')).toBe(1795432561304);
    expect(wallClockStart('  Duration: N/A, start: 1795432561.3046, bitrate: N/A')).toBe(1795432561305);
    expect(wallClockStart("[segment @ 0x55] Opening 'x.mkv' for writing")).toBeUndefined();
  });
});

describe('segmentSeq()', () => {
  it('reads the sequence number of <run>-<seq>.mkv', () => {
    expect(segmentSeq('3-00012.mkv')).toBe(12);
    expect(segmentSeq('/x/y/0-00000.mkv')).toBe(0);
    expect(segmentSeq('list.csv')).toBeUndefined();
  });
});
