// Who is on screen at a wall-clock instant, and where each of them goes: the judge first, then by
// the court's role order; a live screen share takes the main spot. Pure, so the geometry is
// unit-tested without ffmpeg.
import { roleRank } from '../../core/lib/courtLocale.js';
import type { Role } from '../../core/protocol/model.js';
import type { HearingTimeline, Interval, ParticipantTimeline, Segment, TrackTimeline } from '../types.js';

/** The label of a tile that shows a shared screen (a camera's tile shows the role). */
export const SCREEN_LABEL = 'Chia sẻ màn hình';

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
