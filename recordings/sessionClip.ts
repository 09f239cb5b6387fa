// Keeps a track's archive file to the time in session. A run stops when the hearing leaves the
// session (suspension, deliberation, the end), but ffmpeg ends at its next packet after the signal:
// under load that is up to a second or so after the judge's command, media from the suspension or
// the panel's deliberation that must not be in the record. Each segment that runs past the end of
// the session it began in is cut there (the concat list's `outpoint`); one that began after it (a
// segment cut on the 5 s grid inside that tail) is left out.
import type { Interval, Segment } from './types.js';

/** A run's first packet may precede the session's audit time by a few ms (ffmpeg's clock vs the audit's). */
const START_SLACK_MS = 1000;

export interface ClippedSegment extends Segment {
  /** Where to stop reading the file (ms of its own time), when it runs past its session. */
  outpointMs: number | null;
}

/** `segments` with their ends cut to the end of the session each began in; those begun outside every session left out. */
export function clipToSessions(segments: readonly Segment[], sessions: readonly Interval[]): ClippedSegment[] {
  return segments.flatMap((seg): ClippedSegment[] => {
    const session = sessions.findLast((s) => s.startMs - START_SLACK_MS <= seg.startMs);
    if (!session || seg.startMs >= session.endMs) return [];
    if (seg.endMs !== null && seg.endMs <= session.endMs) return [{ ...seg, outpointMs: null }];
    return [{ ...seg, endMs: session.endMs, outpointMs: session.endMs - seg.startMs }];
  });
}

/**
 * The record's holes as the record states them: only where it claims to cover, in session. A gap
 * that outlasts its session (a track still silent when the suspension, the deliberation or the end
 * came, noted a moment later by a busy recorder) is cut at the session's end; one that spans a
 * suspension is one gap per session; one outside every session is left out. A gap still open when
 * the last session ended stays open (`endMs` null: not recovered).
 */
export function clipGapsToSessions<G extends { startMs: number; endMs: number | null }>(
  gaps: readonly G[],
  sessions: readonly Interval[],
): G[] {
  const last = sessions.at(-1);
  return gaps.flatMap((gap) =>
    sessions.flatMap((s): G[] => {
      const startMs = Math.max(gap.startMs, s.startMs);
      const open = gap.endMs === null;
      const endMs = open ? s.endMs : Math.min(gap.endMs!, s.endMs);
      if (endMs <= startMs) return [];
      return [{ ...gap, startMs, endMs: open && s === last ? null : endMs }];
    }),
  );
}
