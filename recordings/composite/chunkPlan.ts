// What one chunk of the composite must contain: its scenes (stretches with one layout), the
// AAC-aligned span of its audio, and the wall-clock span of captured media it reads. Pure, so the
// awkward arithmetic (recesses, late joiners, AAC frame alignment) is unit-tested without ffmpeg.
import type { HearingTimeline, Segment, TrackTimeline } from '../types.js';
import { SAMPLE_RATE, type Piece, type SessionClock } from './SessionClock.js';
import { layoutFor, presentAt, screenAt, screenIntervals, type Layout } from './tileLayout.js';

/** Samples per AAC frame: chunk audio is cut on this grid so chunks splice without gaps. */
export const AAC_FRAME = 1024;

export interface Scene {
  /** Frames of this scene; its first frame is at wallStartMs. */
  frames: number;
  wallStartMs: number;
  layout: Layout;
}

export interface ChunkAudio {
  /** First sample fed to the encoder, relative to the chunk's first video frame (negative: pre-roll). */
  startOffset: number;
  /** Samples fed to the encoder (pre-roll + kept + post-roll). */
  samples: number;
  /** Wall-contiguous runs, in samples from the first sample fed. */
  pieces: Piece[];
  /** Encoded packets kept: [keepFrom, keepTo), counting the encoder's priming packet as 0. */
  keepFrom: number;
  keepTo: number;
}

export interface ChunkPlan {
  index: number;
  firstFrame: number;
  frames: number;
  scenes: Scene[];
  audio: ChunkAudio;
  /** Wall-clock span whose captured media this chunk reads (the audio reaches a little further). */
  wallFromMs: number;
  videoToMs: number;
  audioToMs: number;
}

const alignUp = (x: number) => Math.ceil(x / AAC_FRAME) * AAC_FRAME;

/**
 * Chunk `index` of chunkFrames frames. The chunk's audio covers [alignUp(start), alignUp(end)) on a
 * global 1024-sample grid, so consecutive chunks' AAC packets tile exactly; one AAC frame of real
 * audio is fed before and after (pre/post-roll) and dropped after encoding, so the encoder's
 * priming and the splice overlap cancel instead of clicking or leaving gaps.
 */
export function planChunk(
  timeline: HearingTimeline,
  clock: SessionClock,
  index: number,
  chunkFrames: number,
  width: number,
  height: number,
): ChunkPlan {
  const firstFrame = index * chunkFrames;
  const endFrame = Math.min(firstFrame + chunkFrames, clock.totalFrames);
  const scenes: Scene[] = [];
  for (const piece of clock.framePieces(firstFrame, endFrame)) {
    const wallOf = (f: number) => piece.wallStartMs + ((f - piece.first) * 1000) / clock.fps;
    const cuts = new Set<number>([piece.first, piece.end]);
    const changes = [
      ...timeline.participants.flatMap((p) => p.present),
      ...timeline.participants.flatMap((p) => screenIntervals(timeline.tracks, p.participantId)),
    ].flatMap((i) => [i.startMs, i.endMs]);
    for (const t of changes) {
      const f = piece.first + Math.round(((t - piece.wallStartMs) * clock.fps) / 1000);
      if (f > piece.first && f < piece.end) cuts.add(f);
    }
    const [first = piece.first, ...rest] = [...cuts].sort((a, b) => a - b);
    let from = first;
    for (const to of rest) {
      const mid = wallOf((from + to) / 2);
      const layout = layoutFor(presentAt(timeline, mid), screenAt(timeline, mid), width, height);
      const last = scenes.at(-1);
      const contiguous = last && from !== piece.first;
      if (contiguous && last.layout.key === layout.key) last.frames += to - from;
      else scenes.push({ frames: to - from, wallStartMs: wallOf(from), layout });
      from = to;
    }
  }
  const spf = clock.samplesPerFrame;
  const keptFrom = alignUp(firstFrame * spf);
  const keptTo = alignUp(endFrame * spf);
  const fedFrom = Math.max(0, keptFrom - AAC_FRAME);
  const fedTo = keptTo + AAC_FRAME;
  const pieces = clock.samplePieces(fedFrom, fedTo).map((p) => ({ ...p, first: p.first - fedFrom, end: p.end - fedFrom }));
  const audio: ChunkAudio = {
    startOffset: fedFrom - firstFrame * spf,
    samples: fedTo - fedFrom,
    pieces,
    keepFrom: 1 + (keptFrom - fedFrom) / AAC_FRAME,
    keepTo: 1 + (keptTo - fedFrom) / AAC_FRAME,
  };
  const walls = [...scenes.map((s) => s.wallStartMs), ...pieces.map((p) => p.wallStartMs)];
  return {
    index,
    firstFrame,
    frames: endFrame - firstFrame,
    scenes,
    audio,
    wallFromMs: Math.min(...walls),
    videoToMs: Math.max(...scenes.map((s) => s.wallStartMs + (s.frames * 1000) / clock.fps)),
    audioToMs: Math.max(...pieces.map((p) => p.wallStartMs + ((p.end - p.first) * 1000) / SAMPLE_RATE)),
  };
}

/** A chunk may be made once no segment it could read is still being written. */
export function inputsFinished(timeline: HearingTimeline, plan: ChunkPlan): boolean {
  return timeline.tracks.every((t) => {
    const to = t.kind === 'audio' ? plan.audioToMs : plan.videoToMs;
    return t.segments.every((s) => s.endMs !== null || s.startMs >= to);
  });
}

/** Segments of the given tracks that overlap [fromMs, toMs). A segment's end is its last
 *  packet's time, and that packet still plays for its duration: `slackMs` keeps a segment that
 *  ended just before fromMs, so a last frame shows across a chunk boundary as it would within one. */
export function segmentsIn(tracks: TrackTimeline[], fromMs: number, toMs: number, slackMs = 0): Segment[] {
  return tracks
    .flatMap((t) => t.segments)
    .filter((s) => s.startMs < toMs && (s.endMs ?? Number.POSITIVE_INFINITY) + slackMs >= fromMs)
    .sort((a, b) => a.startMs - b.startMs);
}
