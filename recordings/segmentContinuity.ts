// Whether a finished segment holds what its wall-clock interval claims: its own packet timestamps
// (arrival times, -use_wallclock_as_timestamps) must not jump by more than a second. A recorder
// stopped for a while and resumed (SIGSTOP, a stalled disk) writes one segment whose timestamps
// jump over the stop, then reads what the socket buffered all at once: a backlog, packets 1 ms
// apart (ffmpeg makes equal timestamps strictly increasing). A sender that stopped and resumed
// leaves the same jump without the backlog. Pure: the packet times come from
// core/lib/ffmpeg.ts's packetTimes(), TrackRecorder turns holes into gaps.

export interface Hole {
  /** Seconds on the segment's own clock (0 = its start). */
  fromS: number;
  toS: number;
  /**
   * Packets piled up right after it, faster than any live stream: the recorder was held up while
   * media arrived. null for a hole at the segment's end: the next segment's head tells.
   */
  backlog: boolean | null;
}

/** A jump over this is media missing, not a live stream's spacing (audio 20 ms, video ≥ 10 fps). */
export const MAX_JUMP_S = 1;
/** A backlog: at least BACKLOG_PACKETS packets within BACKLOG_WINDOW_S. Live, 10 ms audio frames give 5. */
export const BACKLOG_PACKETS = 8;
export const BACKLOG_WINDOW_S = 0.05;

/** Whether the packets from index `i` on start with a backlog. `pts` sorted. */
export function backlogAt(pts: readonly number[], i: number): boolean {
  const start = pts[i];
  if (start === undefined) return false;
  let n = 0;
  for (let j = i; j < pts.length && pts[j]! - start < BACKLOG_WINDOW_S; j++) n++;
  return n >= BACKLOG_PACKETS;
}

/**
 * The holes of a segment from its packet times (seconds, any order) and the length its list entry
 * claims (`durationS`, null if unknown): jumps between packets, and before the first or after the
 * last packet, longer than `maxJumpS`.
 */
export function findHoles(times: readonly number[], durationS: number | null, maxJumpS = MAX_JUMP_S): Hole[] {
  const pts = [...times].sort((a, b) => a - b);
  if (pts.length === 0) return durationS !== null && durationS > maxJumpS ? [{ fromS: 0, toS: durationS, backlog: null }] : [];
  const holes: Hole[] = [];
  if (pts[0]! > maxJumpS) holes.push({ fromS: 0, toS: pts[0]!, backlog: backlogAt(pts, 0) });
  for (let i = 1; i < pts.length; i++) {
    if (pts[i]! - pts[i - 1]! > maxJumpS) holes.push({ fromS: pts[i - 1]!, toS: pts[i]!, backlog: backlogAt(pts, i) });
  }
  const last = pts[pts.length - 1]!;
  if (durationS !== null && durationS - last > maxJumpS) holes.push({ fromS: last, toS: durationS, backlog: null });
  return holes;
}
