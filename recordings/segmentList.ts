// ffmpeg's segment muxer writes a CSV line per finished segment (`-segment_list_type csv`):
// `file,start,end`, times in seconds on the run's own clock. The run's clock starts at its first
// packet, whose wall-clock time ffmpeg prints as the input's "start:" (see wallClockStart). Only
// complete lines count: ffmpeg may be writing the last one while we read.

export interface ListedSegment {
  /** The file name as ffmpeg wrote it (relative to the list's folder, as we pass it). */
  file: string;
  /** Seconds since the run's first packet. */
  start: number;
  end: number;
}

export function parseSegmentList(csv: string): ListedSegment[] {
  const complete = csv.slice(0, csv.lastIndexOf('\n') + 1);
  const out: ListedSegment[] = [];
  for (const raw of complete.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (!line) continue;
    const parsed = parseLine(line);
    if (parsed) out.push(parsed);
  }
  return out;
}

function parseLine(line: string): ListedSegment | undefined {
  let file: string;
  let rest: string;
  if (line.startsWith('"')) {
    // Quoted name: "" stands for one quote (ffmpeg escapes names with commas, quotes, newlines).
    let i = 1;
    file = '';
    for (; i < line.length; i++) {
      if (line[i] === '"') {
        if (line[i + 1] === '"') {
          file += '"';
          i++;
        } else break;
      } else file += line[i];
    }
    rest = line.slice(i + 2);
  } else {
    const comma = line.lastIndexOf(',', line.lastIndexOf(',') - 1);
    if (comma < 0) return undefined;
    file = line.slice(0, comma);
    rest = line.slice(comma + 1);
  }
  const [start, end] = rest.split(',').map(Number);
  if (!file || start === undefined || end === undefined || !Number.isFinite(start) || !Number.isFinite(end)) return undefined;
  return { file, start, end };
}

/**
 * The wall-clock time (ms since the epoch) of a run's timestamp 0, from ffmpeg's input dump:
 * `  Duration: N/A, start: 1795432561.304278, bitrate: N/A`. With -use_wallclock_as_timestamps
 * the input's start is the first packet's arrival time, and ffmpeg (without -copyts) shifts the
 * output by exactly that amount, so list time t is wall-clock start + t.
 */
export function wallClockStart(stderrLine: string): number | undefined {
  const m = /Duration: [^,]*, start: (\d+(?:\.\d+)?)/.exec(stderrLine);
  return m ? Math.round(Number(m[1]) * 1000) : undefined;
}

/** `<run>-<seq>.mkv` → seq */
export function segmentSeq(file: string): number | undefined {
  const m = /(\d+)-(\d+)\.mkv$/.exec(file);
  return m ? Number(m[2]) : undefined;
}
