// What recordings/ needs from outside itself, as interfaces: where the capture is indexed and
// where records are kept (SQL implementations in server/store/), and the tap on the SFU
// (core/hearing/ports.ts, implemented by media/). Nothing here knows about SQLite or mediasoup.
import type { MediaKind, MediaSource } from '../core/protocol/model.js';
import type { ArchiveHit, RecordRequestView, RecordStatus } from '../core/protocol/http.js';
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
  addTrack(t: Omit<TrackRow, 'endedAtMs'>): Promise<void>;
  endTrack(trackId: string, endedAtMs: number): Promise<void>;
  tracks(hearingId: string): Promise<TrackRow[]>;
  /** Tracks of any hearing that were never ended: what a stop or crash left open. */
  openTracks(): Promise<TrackRow[]>;
  addSegment(s: SegmentRow): Promise<void>;
  /** Every finished segment of the hearing, in time order per track; `file` is absolute. */
  segments(hearingId: string): Promise<SegmentRow[]>;
  addGap(hearingId: string, gap: RecordingGap): Promise<void>;
  gaps(hearingId: string): Promise<RecordingGap[]>;
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
  /** Attempts made in the current series of builds (1 for the first). */
  attempts: number;
  /** When the next automatic attempt of the series is due; null when none is scheduled. */
  nextAttemptAt: string | null;
}

/** An adjourned hearing whose record is to be built at start-up, and its row's status (null: no row). */
export interface PendingRecord {
  hearingId: string;
  status: RecordStatus | null;
  /** The row still points at an earlier ready bundle (a forced rebuild that did not finish). */
  hasBundle: boolean;
}

/** The hearing records attached to the case file, and the archive's search. */
export interface RecordStore {
  get(hearingId: string): Promise<RecordRow | undefined>;
  /**
   * Starts a build (row 'building', phase 'queued'): false when a build is already running or the
   * record exists. `replaceReady` lets a ready record be rebuilt (its bundle is kept in the row until
   * the new one is ready); `attempt` is the attempt's number in its series.
   */
  begin(hearingId: string, at: string, opts?: { attempt?: number; replaceReady?: boolean }): Promise<boolean>;
  progress(hearingId: string, progress: number, phase: string): Promise<void>;
  /** The new bundle: ready, its error and any scheduled attempt cleared. */
  ready(hearingId: string, f: { dir: string; manifestSha256: string; completedAt: string; retainUntil: string }): Promise<void>;
  /**
   * An attempt failed: 'failed' with its error, or back to 'ready' (with the error shown) when the
   * row still points at an earlier bundle. `nextAttemptAt`: when the next attempt is due, if any.
   */
  failed(hearingId: string, error: string, at: string, nextAttemptAt?: string | null): Promise<void>;
  /** Builds cut short by a stop: marked failed at start so they can be built again (with `only`, just those hearings'). */
  failInterrupted(at: string, only?: readonly string[]): Promise<string[]>;
  /** The hearings whose record is being built now ('building'), by any process. */
  building(): Promise<string[]>;
  /**
   * Adjourned hearings whose record is to be built at start-up: no row (and no 'record.none' in
   * their audit log), a failed row, or a rebuild whose next attempt was scheduled when the server stopped.
   */
  pending(): Promise<PendingRecord[]>;
  setRetention(hearingId: string, retainUntil: string): Promise<void>;
  /** Files a request (status 'pending'); false when the record already has a pending one. */
  addRequest(hearingId: string, request: RecordRequestView): Promise<boolean>;
  request(hearingId: string, requestId: string): Promise<RecordRequestView | undefined>;
  pendingRequest(hearingId: string): Promise<RecordRequestView | undefined>;
  /** Decides a pending request; false when it was no longer pending (someone decided first). */
  decideRequest(
    requestId: string,
    d: { status: 'approved' | 'refused' | 'withdrawn'; by: { accountId: string; username: string }; at: string; reason: string | null },
  ): Promise<boolean>;
  /** Whether a staff account may read this hearing's record: it presided (its judge seat) or was granted it. */
  isReader(hearingId: string, accountId: string): Promise<boolean>;
  grant(hearingId: string, accountId: string, by: string, at: string): Promise<void>;
  deleted(hearingId: string, at: string): Promise<void>;
  /** Records whose retention ended at or before `nowIso`. */
  expired(nowIso: string): Promise<RecordRow[]>;
  /** Hearings matching `query`, newest first; with `readerId`, only those that account may read (isReader). */
  search(query: string | undefined, opts?: { limit?: number; readerId?: string }): Promise<ArchiveHit[]>;
  /** The hearing's audit events as audit.jsonl lines, byte for byte as hashed. */
  auditLines(hearingId: string): Promise<string[]>;
  gaps(hearingId: string): Promise<RecordingGap[]>;
}
