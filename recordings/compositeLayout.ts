// The composite's plan, without ffmpeg: how session time maps to the wall clock, where each tile
// goes, and what one chunk must contain. Pure functions, so the awkward arithmetic (recesses,
// late joiners, AAC frame alignment) is unit-tested without encoding anything.
import type { Role } from '../core/protocol/model.js';
import { ROLES } from '../core/protocol/model.js';
import type { HearingTimeline, Interval, ParticipantTimeline, Segment, TrackTimeline } from './types.js';

export const ROLE_LABELS: Record<Role, string> = {
  judge: 'Thẩm phán',
  clerk: 'Thư ký',
  prosecutor: 'Kiểm sát viên',
  counsel: 'Luật sư',
  defendant: 'Bị cáo',
  witness: 'Người làm chứng',
  interpreter: 'Người phiên dịch',
  observer: 'Người quan sát',
  device: 'Thiết bị',
};
export const SCREEN_LABEL = 'Chia sẻ màn hình';

export const SAMPLE_RATE = 48_000;
/** Samples per AAC frame: chunk audio is cut on this grid so chunks splice without gaps. */
export const AAC_FRAME = 1024;
/** A screen share whose segments are apart by less than this stays one share (no layout flapping). */
const SCREEN_GAP_MS = 2000;

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}
export interface Tile {
  participantId: string;
  displayName: string;
  role: Role;
  source: 'camera' | 'screen';
  rect: Rect;
}
export interface Layout {
  tiles: Tile[];
  /** Height of the clock bar at the top of the frame. */
  barHeight: number;
  key: string;
}

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

  constructor(sessions: Interval[], readonly fps: number) {
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

const inside = (t: number, i: { startMs: number; endMs: number }) => t >= i.startMs && t < i.endMs;
const segEnd = (s: Segment) => s.endMs ?? Number.POSITIVE_INFINITY;

/** Periods during which a participant's screen share is live: its segments, short gaps merged. */
export function screenIntervals(tracks: TrackTimeline[], participantId: string): Interval[] {
  const segs = tracks
    .filter((t) => t.participantId === participantId && t.kind === 'video' && t.source === 'screen')
    .flatMap((t) => t.segments)
    .sort((a, b) => a.startMs - b.startMs);
  const out: Interval[] = [];
  for (const s of segs) {
    const last = out.at(-1);
    if (last && s.startMs <= last.endMs + SCREEN_GAP_MS) last.endMs = Math.max(last.endMs, segEnd(s));
    else out.push({ startMs: s.startMs, endMs: segEnd(s) });
  }
  return out;
}

const roleRank = (r: Role) => ROLES.indexOf(r);

/** Who is on screen at wall time t, judge first then by role order, then by arrival. Stable
 *  ordering keeps tiles from shuffling when someone unrelated joins. */
export function presentAt(timeline: HearingTimeline, t: number): ParticipantTimeline[] {
  const firstSeen = (p: ParticipantTimeline) => Math.min(...p.present.map((i) => i.startMs));
  return timeline.participants
    .filter((p) => p.present.some((i) => inside(t, i)))
    .sort((a, b) => roleRank(a.role) - roleRank(b.role) || firstSeen(a) - firstSeen(b) || a.participantId.localeCompare(b.participantId));
}

/** The newest live screen share at t, if any. */
export function screenAt(timeline: HearingTimeline, t: number): ParticipantTimeline | null {
  let best: { p: ParticipantTimeline; since: number } | null = null;
  for (const p of timeline.participants) {
    const live = screenIntervals(timeline.tracks, p.participantId).find((i) => inside(t, i));
    if (live && (!best || live.startMs > best.since)) best = { p, since: live.startMs };
  }
  return best?.p ?? null;
}

const even = (n: number) => Math.max(2, Math.floor(n / 2) * 2);

/** Grid of the people present; with a screen share, the share takes the main spot and the people
 *  stack in a strip on the right. Rects are even-aligned for yuv420p. */
export function layoutFor(people: ParticipantTimeline[], screen: ParticipantTimeline | null, width: number, height: number): Layout {
  const barHeight = even(height / 18);
  const gap = 4;
  const areaH = height - barHeight;
  const tiles: Tile[] = [];
  const tile = (p: ParticipantTimeline, source: Tile['source'], x: number, y: number, w: number, h: number) =>
    tiles.push({
      participantId: p.participantId,
      displayName: p.displayName,
      role: p.role,
      source,
      rect: { x: even(x + gap / 2), y: even(y + gap / 2), w: even(w - gap), h: even(h - gap) },
    });
  if (screen) {
    const stripW = people.length ? even(width / 4) : 0;
    tile(screen, 'screen', 0, barHeight, width - stripW, areaH);
    const cellH = areaH / Math.max(people.length, 4);
    people.forEach((p, i) => tile(p, 'camera', width - stripW, barHeight + i * cellH, stripW, cellH));
  } else if (people.length) {
    const cols = Math.ceil(Math.sqrt(people.length));
    const rows = Math.ceil(people.length / cols);
    const cellW = width / cols;
    const cellH = areaH / rows;
    people.forEach((p, i) => {
      const row = Math.floor(i / cols);
      const inRow = row === rows - 1 ? people.length - row * cols : cols;
      const x0 = ((cols - inRow) * cellW) / 2; // centre a short last row
      tile(p, 'camera', x0 + (i % cols) * cellW, barHeight + row * cellH, cellW, cellH);
    });
  }
  const key = JSON.stringify(tiles.map((t) => [t.participantId, t.source, t.rect]));
  return { tiles, barHeight, key };
}

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
export function planChunk(timeline: HearingTimeline, clock: SessionClock, index: number, chunkFrames: number, width: number, height: number): ChunkPlan {
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
    const bounds = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < bounds.length; i++) {
      const mid = wallOf((bounds[i] + bounds[i + 1]) / 2);
      const layout = layoutFor(presentAt(timeline, mid), screenAt(timeline, mid), width, height);
      const last = scenes.at(-1);
      const contiguous = last && bounds[i] !== piece.first;
      if (contiguous && last.layout.key === layout.key) last.frames += bounds[i + 1] - bounds[i];
      else scenes.push({ frames: bounds[i + 1] - bounds[i], wallStartMs: wallOf(bounds[i]), layout });
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
    .filter((s) => s.startMs < toMs && segEnd(s) + slackMs >= fromMs)
    .sort((a, b) => a.startMs - b.startMs);
}

/** The zone's UTC offset at `atMs`, in ms (DST-aware through Intl). */
export function zoneOffsetMs(timeZone: string, atMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(Math.floor(atMs / 1000) * 1000));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return asUtc - Math.floor(atMs / 1000) * 1000;
}

/** "GMT+7", "GMT+5:30": printed next to the clock so the zone is explicit in the record. */
export function zoneLabel(offsetMs: number): string {
  const m = Math.round(offsetMs / 60000);
  const sign = m < 0 ? '-' : '+';
  const h = Math.floor(Math.abs(m) / 60);
  const mm = Math.abs(m) % 60;
  return `GMT${sign}${h}${mm ? `:${String(mm).padStart(2, '0')}` : ''}`;
}
