// The shapes around a TrackRecorder that its owners (HearingRecorder, Recorder) use: its states,
// options, events, dependencies and the gap it reports while one is open.
import type { Tap, TapTarget } from '../core/hearing/ports.js';
import type { ProducerInfo } from '../core/hearing/types.js';
import type { FinishedSegment } from './RecorderRun.js';
import type { SegmentChecks } from './SegmentChecks.js';
import type { RecordingGap } from './types.js';

export type TrackState = 'idle' | 'starting' | 'recording' | 'paused' | 'silent' | 'restarting' | 'failed' | 'ended';

export interface OpenGap {
  cause: RecordingGap['cause'];
  startMs: number;
}

export interface TrackRecorderOptions {
  /** Segment length; cuts fall on multiples of it on the wall clock (keep it a divisor of 60). */
  segmentSeconds: number;
  /** ffmpeg ends a run by itself after this long without a packet (its -listen_timeout). */
  idleTimeoutSeconds: number;
  /** Delay before each restart after consecutive crashes: the first one restarts at once. */
  restartDelaysMs: number[];
  /** After this many consecutive runs that got no media, the gap is reported as recorder_failed. */
  failAfter: number;
  /** How often a silent producer's packet counter is read while no ffmpeg runs. */
  livenessPollMs: number;
  /**
   * A recording ffmpeg that makes no progress for this long while its producer keeps sending is
   * hung: it is killed and restarted at once, gap 'recorder_hung' (RunWatchdog.ts). 0: never.
   */
  hungAfterMs: number;
}

export const DEFAULT_TRACK_OPTIONS: TrackRecorderOptions = {
  segmentSeconds: 5,
  idleTimeoutSeconds: 3,
  restartDelaysMs: [0, 500, 1000, 2000, 5000],
  failAfter: 3,
  livenessPollMs: 1000,
  // Progress comes every 0.5 s: ten missed reports. A recorder starved of CPU on a loaded machine
  // (seen: load 9 on 2 cores) must not be mistaken for a hung one: killing it loses its segment.
  hungAfterMs: 5000,
};

export type TrackRecorderEvents = {
  /** The codec is known (first tap opened): the track can be indexed. */
  codec: [codec: string];
  segment: [segment: FinishedSegment];
  /** A run received its first packet at `startMs`. */
  runStarted: [run: number, startMs: number];
  gapOpened: [gap: OpenGap];
  /** Restarts keep failing: the open gap is now 'recorder_failed'. */
  failing: [gap: OpenGap];
  gapClosed: [gap: OpenGap & { endMs: number }];
  /**
   * A finished (and already indexed) segment's own timestamps jump over more than a second: media
   * is missing inside it, a gap of its own (segmentContinuity.ts).
   */
  hole: [gap: OpenGap & { endMs: number }];
  state: [state: TrackState];
};

export interface TrackRecorderDeps {
  producer: ProducerInfo;
  /** Absolute folder of this track's files. */
  dir: string;
  openTap(target: TapTarget): Promise<Tap>;
  now(): number;
  options: TrackRecorderOptions;
  /** The hearing's queue of segment checks (one ffprobe at a time); the track's own if none. */
  checks?: SegmentChecks;
}
