// Shapes shared by the capture side (Recorder), the Compositor and the RecordBundle.
// Times are wall-clock milliseconds since the Unix epoch unless a name says otherwise.
import type { MediaKind, MediaSource, RecordingGapCause, Role } from '../core/protocol/model.js';

/** One finished (or, while live, growing) piece of one captured track, on local disk. */
export interface Segment {
  /** Absolute path of a Matroska file, stream-copied, whose own timestamps start at 0. */
  file: string;
  /** Wall-clock time of the segment's timestamp 0. */
  startMs: number;
  /** Wall-clock time of its last packet; null while ffmpeg is still writing it. */
  endMs: number | null;
}

/** Everything captured from one mediasoup producer. */
export interface TrackTimeline {
  trackId: string; // = the producer id
  participantId: string;
  kind: MediaKind;
  source: MediaSource;
  codec: string; // e.g. 'opus', 'vp8', 'h264'
  segments: Segment[];
}

export interface Interval {
  startMs: number;
  endMs: number;
}

export interface ParticipantTimeline {
  participantId: string;
  displayName: string;
  role: Role;
  /** When the participant was present with media (from their first producer to their last). */
  present: Interval[];
}

/** The input of the Compositor: what was in session, who was there, and what was captured. */
export interface HearingTimeline {
  hearingId: string;
  /** Time in session, in order, recesses excluded. The composite's duration is their total. */
  sessions: Interval[];
  participants: ParticipantTimeline[];
  tracks: TrackTimeline[];
}

export interface RecordingGap {
  trackId: string | null;
  participantId: string | null;
  startMs: number;
  endMs: number | null;
  cause: RecordingGapCause;
}
