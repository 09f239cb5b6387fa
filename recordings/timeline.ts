// Builds the HearingTimeline (types.ts) from what the index and the audit log hold. Pure, so the
// Compositor's input can be checked without media: sessions are the in_session intervals of the
// state changes, presence is each participant's producers' lifetimes clipped to the sessions.
import type { HearingState, Role } from '../core/protocol/model.js';
import type { SegmentRow, TrackRow } from './ports.js';
import type { HearingTimeline, Interval, ParticipantTimeline, TrackTimeline } from './types.js';

export interface StateChange {
  atMs: number;
  from: HearingState;
  to: HearingState;
}

/** In-session intervals, in order; one still open ends at `nowMs`. */
export function sessionsFrom(changes: StateChange[], nowMs: number): Interval[] {
  const sessions: Interval[] = [];
  let open: number | null = null;
  for (const c of [...changes].sort((a, b) => a.atMs - b.atMs)) {
    if (c.to === 'in_session' && open === null) open = c.atMs;
    else if (c.to !== 'in_session' && open !== null) {
      if (c.atMs > open) sessions.push({ startMs: open, endMs: c.atMs });
      open = null;
    }
  }
  if (open !== null && nowMs > open) sessions.push({ startMs: open, endMs: nowMs });
  return sessions;
}

/** Union of intervals, sorted; touching or overlapping ones merge. */
export function merge(intervals: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const i of [...intervals].filter((x) => x.endMs > x.startMs).sort((a, b) => a.startMs - b.startMs)) {
    const last = out[out.length - 1];
    if (last && i.startMs <= last.endMs) last.endMs = Math.max(last.endMs, i.endMs);
    else out.push({ ...i });
  }
  return out;
}

export function intersect(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const startMs = Math.max(x.startMs, y.startMs);
      const endMs = Math.min(x.endMs, y.endMs);
      if (endMs > startMs) out.push({ startMs, endMs });
    }
  }
  return merge(out);
}

export interface TimelineInput {
  hearingId: string;
  changes: StateChange[];
  participants: { id: string; displayName: string; role: Role }[];
  tracks: TrackRow[];
  segments: SegmentRow[];
  nowMs: number;
}

export function buildTimeline(input: TimelineInput): HearingTimeline {
  const sessions = sessionsFrom(input.changes, input.nowMs);
  const byTrack = new Map<string, SegmentRow[]>();
  for (const s of input.segments) {
    const list = byTrack.get(s.trackId) ?? [];
    list.push(s);
    byTrack.set(s.trackId, list);
  }
  const tracks: TrackTimeline[] = input.tracks.map((t) => ({
    trackId: t.id,
    participantId: t.participantId,
    kind: t.kind,
    source: t.source,
    codec: t.codec,
    segments: (byTrack.get(t.id) ?? [])
      .sort((a, b) => a.startMs - b.startMs)
      .map((s) => ({ file: s.file, startMs: s.startMs, endMs: s.endMs })),
  }));
  const participants: ParticipantTimeline[] = [];
  for (const p of input.participants) {
    const own = input.tracks.filter((t) => t.participantId === p.id);
    if (own.length === 0) continue;
    const lifetimes = merge(own.map((t) => ({ startMs: t.startedAtMs, endMs: t.endedAtMs ?? input.nowMs })));
    participants.push({ participantId: p.id, displayName: p.displayName, role: p.role, present: intersect(lifetimes, sessions) });
  }
  return { hearingId: input.hearingId, sessions, participants, tracks };
}
