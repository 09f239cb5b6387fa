// Session time ↔ wall clock: the composite is the hearing's time in session, recesses cut out.
// Pure, so the arithmetic across recesses is unit-tested without encoding anything.
import type { Interval } from '../types.js';

export const SAMPLE_RATE = 48_000;

/** One wall-contiguous run of session time: [first, end) in frames (or samples) from the start of the composite. */
export interface Piece {
  first: number;
  end: number;
  wallStartMs: number;
}

/** Session time (recesses cut out) ↔ wall clock. Session boundaries fall on whole frames, so
 *  video frames and audio samples share one mapping and cannot drift apart. */
export class SessionClock {
  readonly sessions: { startMs: number; endMs: number; firstFrame: number; endFrame: number }[] = [];
  readonly totalFrames: number;
  readonly samplesPerFrame: number;

  constructor(
    sessions: Interval[],
    readonly fps: number,
  ) {
    if (!Number.isInteger(fps) || SAMPLE_RATE % fps !== 0) throw new Error(`fps ${fps} must divide ${SAMPLE_RATE}`);
    this.samplesPerFrame = SAMPLE_RATE / fps;
    let cumMs = 0;
    for (const s of [...sessions].filter((i) => i.endMs > i.startMs).sort((a, b) => a.startMs - b.startMs)) {
      const firstFrame = Math.round((cumMs * fps) / 1000);
      cumMs += s.endMs - s.startMs;
      const endFrame = Math.round((cumMs * fps) / 1000);
      if (endFrame > firstFrame) this.sessions.push({ startMs: s.startMs, endMs: s.endMs, firstFrame, endFrame });
    }
    this.totalFrames = this.sessions.at(-1)?.endFrame ?? 0;
  }

  get totalSamples(): number {
    return this.totalFrames * this.samplesPerFrame;
  }

  /** Frames [f0, f1) split at recesses, each with the wall time of its first frame. */
  framePieces(f0: number, f1: number): Piece[] {
    return this.pieces(f0, f1, this.fps);
  }

  /** Same as framePieces, in audio samples. */
  samplePieces(x0: number, x1: number): Piece[] {
    return this.pieces(x0, x1, SAMPLE_RATE);
  }

  private pieces(a: number, b: number, rate: number): Piece[] {
    const k = rate / this.fps; // units per frame
    const out: Piece[] = [];
    for (const s of this.sessions) {
      const first = Math.max(a, s.firstFrame * k);
      const end = Math.min(b, s.endFrame * k);
      if (end > first) out.push({ first, end, wallStartMs: s.startMs + ((first - s.firstFrame * k) * 1000) / rate });
    }
    return out;
  }
}
