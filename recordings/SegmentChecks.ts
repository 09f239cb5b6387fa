// The continuity checks of finished segments (segmentContinuity.ts): SegmentChecks is a hearing's
// queue, one ffprobe at a time at low priority, so that checking never competes with live capture
// for the CPU; TrackContinuity checks one track's segments in order and turns their holes into gaps.
import { packetTimes } from '../core/lib/ffmpeg.js';
import type { FinishedSegment } from './RecorderRun.js';
import { backlogAt, findHoles, type Hole } from './segmentContinuity.js';
import type { RecordingGap } from './types.js';

/** Niceness of the checks' ffprobe: below live capture, like the compositor. */
const CHECK_NICE = 10;
/** A segment is a few seconds long: ffprobe reads it in milliseconds, unless something is wrong. */
const CHECK_TIMEOUT_MS = 30_000;

export class SegmentChecks {
  #tail: Promise<unknown> = Promise.resolve();

  /** The packet times of `file` (its first stream), once the checks queued before it are done. */
  packetTimes(file: string): Promise<number[]> {
    const next = this.#tail.then(() => packetTimes(file, { nice: CHECK_NICE, timeoutMs: CHECK_TIMEOUT_MS }));
    this.#tail = next.catch(() => undefined);
    return next;
  }
}

export interface HoleGap {
  cause: RecordingGap['cause'];
  startMs: number;
  endMs: number;
}

export interface TrackContinuityOptions {
  checks: Pick<SegmentChecks, 'packetTimes'>;
  /** A still screen sends no frames: a hole without a backlog is its content, not a gap. */
  stillIsNormal: boolean;
  onHole(gap: HoleGap): void;
  onError(error: string): void;
}

export class TrackContinuity {
  #done: Promise<void> = Promise.resolve();
  /** A hole at the end of the last segment checked: the next segment's head tells its cause. */
  #pendingTail: { startMs: number; endMs: number } | undefined;

  constructor(private readonly o: TrackContinuityOptions) {}

  /** Checks `segment` after the segments before it (never rejects). */
  check(segment: FinishedSegment): void {
    this.#done = this.#done.then(() => this.#check(segment)).catch((error: unknown) => this.o.onError(String(error)));
  }

  /** Once every segment handed in is checked; a hole at the last one's end is settled now. */
  async settled(): Promise<void> {
    await this.#done;
    this.#settleTail(false);
  }

  async #check(segment: FinishedSegment): Promise<void> {
    let pts: number[];
    try {
      pts = await this.o.checks.packetTimes(segment.file);
    } catch (error) {
      this.o.onError(`continuity check of ${segment.file}: ${String(error)}`);
      this.#settleTail(false);
      // A segment nothing can read holds no media the record can show (the compositor leaves it
      // out too): the time it claims is a hole, the recorder's doing. An empty one claims nothing.
      if (segment.endMs - segment.startMs >= 1000)
        this.o.onHole({ cause: 'recorder_exited', startMs: segment.startMs, endMs: segment.endMs });
      return;
    }
    const sorted = [...pts].sort((a, b) => a - b);
    // The previous segment's tail hole ends where this segment starts, with or without a backlog.
    const tail = this.#pendingTail;
    this.#settleTail(tail !== undefined && Math.abs(tail.endMs - segment.startMs) <= 5 && backlogAt(sorted, 0));
    for (const hole of findHoles(sorted, (segment.endMs - segment.startMs) / 1000)) this.#hole(segment, hole);
  }

  #hole(segment: FinishedSegment, hole: Hole): void {
    const startMs = segment.startMs + Math.round(hole.fromS * 1000);
    const endMs = Math.max(startMs, segment.startMs + Math.round(hole.toS * 1000));
    if (hole.backlog === null) this.#pendingTail = { startMs, endMs };
    else this.#emit(startMs, endMs, hole.backlog);
  }

  #settleTail(backlog: boolean): void {
    const tail = this.#pendingTail;
    this.#pendingTail = undefined;
    if (tail) this.#emit(tail.startMs, tail.endMs, backlog);
  }

  /** A backlog: the recorder was held up while media arrived. Without: nothing arrived. */
  #emit(startMs: number, endMs: number, backlog: boolean): void {
    if (!backlog && this.o.stillIsNormal) return;
    this.o.onHole({ cause: backlog ? 'recorder_hung' : 'producer_silent', startMs, endMs });
  }
}
