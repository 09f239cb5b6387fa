// What recordings/ needs from outside itself, as interfaces: where the capture is indexed and
// where records are kept (SQLite implementations in server/store/), and the tap on the SFU
// (core/hearing/ports.ts, implemented by media/). Nothing here knows about SQLite or mediasoup.
import type { MediaKind, MediaSource } from '../core/protocol/model.js';
import type { ArchiveHit, RecordStatus } from '../core/protocol/http.js';
import type { RecordingGap, Segment } from './types.js';

export interface TrackRow {
  id: string;
  hearingId: string;
  participantId: string;
  kind: MediaKind;
  source: MediaSource;
  codec: string;
  /** When the producer appeared (ms since the epoch). */
  startedAtMs: number;
  /** When the producer went away, or the hearing was adjourned; null while live. */
  endedAtMs: number | null;
}

export interface SegmentRow extends Segment {
  trackId: string;
  seq: number;
  endMs: number;
  bytes: number | null;
}

/** The capture's index: tracks, finished segments and gaps of each hearing. */
export interface RecordingIndex {
  /** data/recordings: segment paths are kept relative to it. */
  readonly rootDir: string;
  addTrack(t: Omit<TrackRow, 'endedAtMs'>): void;
  endTrack(trackId: string, endedAtMs: number): void;
  tracks(hearingId: string): TrackRow[];
  /** Tracks of any hearing that were never ended: what a stop or crash left open. */
  openTracks(): TrackRow[];
  addSegment(s: SegmentRow): void;
  /** Every finished segment of the hearing, in time order per track; `file` is absolute. */
  segments(hearingId: string): SegmentRow[];
  addGap(hearingId: string, gap: RecordingGap): void;
  gaps(hearingId: string): RecordingGap[];
}

export interface RecordRow {
  hearingId: string;
  status: RecordStatus;
  progress: number;
  phase: string;
  /** Absolute path of the bundle directory once ready (record/, or record-<n>/ for a later build). */
  dir: string | null;
  manifestSha256: string | null;
  createdAt: string;
  completedAt: string | null;
  error: string | null;
  retainUntil: string | null;
  deletedAt: string | null;
}

/** The hearing records attached to the case file, and the archive's search. */
export interface RecordStore {
  get(hearingId: string): RecordRow | undefined;
  /** Starts a build: false when a build is already running or the record exists. */
  begin(hearingId: string, at: string): boolean;
  progress(hearingId: string, progress: number, phase: string): void;
  ready(hearingId: string, f: { dir: string; manifestSha256: string; completedAt: string; retainUntil: string }): void;
  failed(hearingId: string, error: string, at: string): void;
  /** Builds cut short by a stop: marked failed at start so they can be built again. */
  failInterrupted(at: string): string[];
  setRetention(hearingId: string, retainUntil: string): void;
  deleted(hearingId: string, at: string): void;
  /** Records whose retention ended at or before `nowIso`. */
  expired(nowIso: string): RecordRow[];
  search(query: string | undefined, limit?: number): ArchiveHit[];
  /** The hearing's audit events as audit.jsonl lines, byte for byte as hashed. */
  auditLines(hearingId: string): string[];
  gaps(hearingId: string): RecordingGap[];
}
