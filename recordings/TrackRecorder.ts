// One producer → short Matroska segments on disk, for as long as it is asked to record.
//
// Each "run" is one tap (media/RecordingTap.ts) and one ffmpeg (RecorderRun.ts) writing
// `<run>-<seq>.mkv` segments with their wall-clock start and end.
//
// A run ends in one of four ways, and the loop in #drive decides what follows:
//   stopped  we asked (recess, adjournment, producer closed)        → done
//   paused   the producer was paused (a mute), ffmpeg went idle      → wait for resume, new run
//   idle     no packets for idleTimeoutSeconds while not paused      → gap 'producer_silent', wait for packets
//   crashed  ffmpeg died or could not start                          → gap 'recorder_exited', new run at once
// A gap runs from the last finished segment's end to the next run's first packet. Files are never
// rewritten: every run writes new files, and a crashed run's unfinished segment is left as it is.
//
// prepare() (before the session, in a recess) keeps one run on standby: tap open but paused,
// ffmpeg listening. start() adopts it, so capture begins as soon as media flows.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import type { Tap, TapTarget } from '../core/hearing/ports.js';
import type { ProducerInfo } from '../core/hearing/types.js';
import { TypedEmitter } from '../core/lib/TypedEmitter.js';
import { pickUdpPortPair } from './localPorts.js';
import { RecorderRun, type FinishedSegment, type RunResult } from './RecorderRun.js';
import { codecName } from './sdp.js';
import { segmentSeq } from './segmentList.js';
import type { RecordingGap } from './types.js';

export type { FinishedSegment };

/**
 * Where the tap sends its RTCP: the discard port, not ffmpeg's RTCP port. mediasoup sends sender
 * reports at least every second for video even when no media flows, and any packet on either of
 * its ports keeps ffmpeg's input from timing out, so it would never notice silence nor finish a
 * stop while idle. ffmpeg needs no RTCP here (timestamps are wall-clock); it still opens
 * rtpPort + 1, so both ports are reserved.
 */
const RTCP_DISCARD_PORT = 9;

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
}

export const DEFAULT_TRACK_OPTIONS: TrackRecorderOptions = {
  segmentSeconds: 5,
  idleTimeoutSeconds: 3,
  restartDelaysMs: [0, 500, 1000, 2000, 5000],
  failAfter: 3,
  livenessPollMs: 1000,
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
  state: [state: TrackState];
};

export interface TrackRecorderDeps {
  producer: ProducerInfo;
  /** Absolute folder of this track's files. */
  dir: string;
  openTap(target: TapTarget): Promise<Tap>;
  now(): number;
  options: TrackRecorderOptions;
}

/** How one run ended. A tap is handed on when the next step needs to watch the producer. */
type Outcome =
  | { kind: 'stopped' }
  | { kind: 'gone' }
  | { kind: 'paused'; tap: Tap }
  | { kind: 'idle'; tap: Tap; sinceMs: number }
  | { kind: 'crashed'; sinceMs: number; why: string };

interface Standby {
  run: RecorderRun;
  tap: Tap;
  port: number;
  result: Promise<RunResult>;
}

export class TrackRecorder extends TypedEmitter<TrackRecorderEvents> {
  readonly trackId: string;
  #desired = false;
  #ended = false;
  #state: TrackState = 'idle';
  #loop: Promise<void> = Promise.resolve();
  #run: RecorderRun | undefined;
  #runs: number;
  #nextSeq = 0;
  #failures = 0;
  #gap: OpenGap | undefined;
  #codec: string | undefined;
  #lastEndMs: number | null = null;
  #startingSince: number | null = null;
  #wake: (() => void) | undefined;
  #lastError = '';
  #standby: Standby | undefined;
  #preparing: Promise<void> | undefined;

  constructor(private readonly deps: TrackRecorderDeps) {
    super();
    this.trackId = deps.producer.id;
    mkdirSync(deps.dir, { recursive: true });
    // Run and segment numbers continue after whatever is already there: nothing is overwritten.
    const existing = existsSync(deps.dir) ? readdirSync(deps.dir) : [];
    this.#runs = existing.filter((f) => f.endsWith('.sdp')).length;
    this.#nextSeq = Math.max(0, ...existing.map((f) => (segmentSeq(f) ?? -1) + 1));
  }

  get state(): TrackState {
    return this.#state;
  }
  get producer(): ProducerInfo {
    return this.deps.producer;
  }
  /** The current ffmpeg's pid, if one runs. */
  get pid(): number | undefined {
    return this.#run?.proc.pid;
  }
  /** End of the last finished segment (any run). */
  get lastEndMs(): number | null {
    return this.#lastEndMs;
  }
  get lastError(): string {
    return this.#lastError;
  }

  /** Up to when this track's media is final on disk: nothing will be added before that time. */
  finishedUntil(nowMs: number): number {
    const done = this.#run?.finishedUntil;
    if (done != null) return done;
    if (this.#startingSince !== null) return this.#startingSince;
    return nowMs;
  }

  /** Not recording yet (or not now): have a run listening so that start() is quick. */
  prepare(): void {
    if (this.#ended || this.#desired || this.#standby || this.#preparing) return;
    this.#preparing = this.#prepareStandby().finally(() => (this.#preparing = undefined));
  }

  async #prepareStandby(): Promise<void> {
    await this.#loop; // a stopping run finishes first: numbering continues after it
    if (this.#ended || this.#desired) return;
    let tap: Tap | undefined;
    try {
      const port = await pickUdpPortPair();
      tap = await this.deps.openTap({ ip: '127.0.0.1', rtpPort: port, rtcpPort: RTCP_DISCARD_PORT });
      if (this.#ended || this.#desired || tap.closed) {
        tap.close();
        return;
      }
      const run = this.#newRun(tap, port, true);
      const result = run.run();
      const standby: Standby = { run, tap, port, result };
      const onClosed = () => run.stop();
      tap.once('closed', onClosed);
      this.#standby = standby;
      void result.then(() => {
        tap!.off('closed', onClosed);
        // Ended on standby (stopped, crashed, producer gone): nothing was recorded; drop it.
        if (this.#standby === standby) {
          this.#standby = undefined;
          tap!.close();
        }
      });
    } catch (error) {
      tap?.close();
      this.#lastError = String(error);
    }
  }

  async #dropStandby(): Promise<void> {
    await this.#preparing;
    const standby = this.#standby;
    if (!standby) return;
    standby.run.stop();
    await standby.result;
  }

  start(): void {
    if (this.#ended || this.#desired) return;
    this.#desired = true;
    const previous = this.#loop;
    this.#loop = previous.then(() => this.#drive());
  }

  /** Stop recording (recess, adjournment); resolves once ffmpeg has exited and its list is read. */
  async stop(): Promise<void> {
    const at = this.deps.now();
    if (this.#desired) {
      this.#desired = false;
      this.#run?.stop();
      this.#wake?.();
    }
    await this.#loop;
    await this.#dropStandby();
    this.#closeGap(at);
    if (!this.#ended) this.#setState('idle');
  }

  /** The producer is gone: stop for good. */
  async close(): Promise<void> {
    this.#ended = true;
    await this.stop();
    this.#setState('ended');
  }

  async #drive(): Promise<void> {
    while (this.#desired && !this.#ended) {
      const outcome = await this.#runOnce();
      if (!this.#desired || outcome.kind === 'stopped') break;
      if (outcome.kind === 'gone') {
        this.#ended = true;
        break;
      }
      if (outcome.kind === 'crashed') {
        this.#failures++;
        this.#openGap('recorder_exited', outcome.sinceMs);
        if (this.#failures >= this.deps.options.failAfter && this.#gap && this.#gap.cause !== 'recorder_failed') {
          this.#gap = { ...this.#gap, cause: 'recorder_failed' };
          this.safeEmit('failing', this.#gap);
        }
        this.#setState(this.#failures >= this.deps.options.failAfter ? 'failed' : 'restarting');
        const delays = this.deps.options.restartDelaysMs;
        await this.#sleep(delays[Math.min(this.#failures - 1, delays.length - 1)] ?? 0);
        continue;
      }
      if (outcome.kind === 'idle') {
        this.#openGap('producer_silent', outcome.sinceMs);
        this.#setState('silent');
        const next = await this.#waitForPackets(outcome.tap);
        if (next === 'paused') {
          this.#closeGap(this.deps.now()); // silence that became a mute is no longer a gap
          this.#setState('paused');
          await this.#waitForResume(outcome.tap);
        }
        outcome.tap.close();
        continue;
      }
      this.#setState('paused');
      await this.#waitForResume(outcome.tap);
      outcome.tap.close();
    }
    this.#startingSince = null;
  }

  async #runOnce(): Promise<Outcome> {
    const requestedAt = this.deps.now();
    this.#startingSince = requestedAt;
    if (this.#state !== 'failed') this.#setState(this.#failures > 0 ? 'restarting' : 'starting');
    await this.#preparing;
    const standby = this.#standby;
    if (standby) {
      this.#standby = undefined;
      try {
        return await this.#adopt(standby, requestedAt);
      } finally {
        this.#startingSince = null;
      }
    }
    let tap: Tap | undefined;
    try {
      const port = await pickUdpPortPair();
      tap = await this.deps.openTap({ ip: '127.0.0.1', rtpPort: port, rtcpPort: RTCP_DISCARD_PORT });
      if (this.#codec === undefined) {
        this.#codec = codecName(tap.codec);
        this.safeEmit('codec', this.#codec);
      }
      if (!this.#desired) {
        tap.close();
        return { kind: 'stopped' };
      }
      if (tap.closed) return { kind: 'gone' };
      if (tap.producerPaused) return { kind: 'paused', tap };
      return await this.#capture(tap, port, requestedAt);
    } catch (error) {
      tap?.close();
      this.#lastError = String(error);
      return { kind: 'crashed', sinceMs: requestedAt, why: this.#lastError };
    } finally {
      this.#startingSince = null;
    }
  }

  /** Recording starts on the run that was waiting on standby. */
  async #adopt(standby: Standby, requestedAt: number): Promise<Outcome> {
    const { tap, run } = standby;
    if (this.#codec === undefined) {
      this.#codec = codecName(tap.codec);
      this.safeEmit('codec', this.#codec);
    }
    if (tap.closed) return { kind: 'gone' };
    if (!this.#desired || tap.producerPaused) {
      run.stop();
      await standby.result;
      if (!this.#desired) {
        tap.close();
        return { kind: 'stopped' };
      }
      return tap.closed ? { kind: 'gone' } : { kind: 'paused', tap };
    }
    run.activate();
    return this.#capture(tap, standby.port, requestedAt, standby);
  }

  #newRun(tap: Tap, port: number, standby: boolean): RecorderRun {
    const { dir, options, producer } = this.deps;
    const n = this.#runs++;
    const run = new RecorderRun({
      n,
      trackId: this.trackId,
      dir,
      tap,
      port,
      firstSeq: this.#nextSeq,
      segmentSeconds: options.segmentSeconds,
      idleTimeoutSeconds: options.idleTimeoutSeconds,
      label: `vcourt ${producer.participantId} ${producer.source} ${producer.id}`,
      standby,
    });
    run.on('started', (baseMs) => {
      this.#failures = 0;
      this.#closeGap(baseMs);
      this.#setState('recording');
      this.safeEmit('runStarted', n, baseMs);
    });
    run.on('opened', (seq) => (this.#nextSeq = Math.max(this.#nextSeq, seq + 1)));
    run.on('segment', (segment) => {
      this.#lastEndMs = segment.endMs;
      this.safeEmit('segment', segment);
    });
    return run;
  }

  /** One ffmpeg (RecorderRun), from spawn (or standby) to exit, and what its end means. */
  async #capture(tap: Tap, port: number, requestedAt: number, standby?: Standby): Promise<Outcome> {
    const run = standby?.run ?? this.#newRun(tap, port, false);
    this.#run = run;
    const onClosed = () => run.stop(); // producer gone: finish what was received
    tap.once('closed', onClosed);
    if (!this.#desired) run.stop();
    const result = await (standby?.result ?? run.run());
    tap.off('closed', onClosed);
    this.#run = undefined;
    if (tap.closed) return { kind: 'gone' };
    if (result.stopped) {
      tap.close();
      return { kind: 'stopped' };
    }
    if (result.idle) {
      return tap.producerPaused ? { kind: 'paused', tap } : { kind: 'idle', tap, sinceMs: result.lastEndMs ?? result.baseMs ?? requestedAt };
    }
    tap.close();
    this.#lastError = `ffmpeg exited (${result.exit.signal ?? result.exit.code}): ${result.stderrTail.split('\n').slice(-12).join(' | ')}`;
    // Lost: whatever this run received after its last finished segment (the unfinished one).
    return { kind: 'crashed', sinceMs: result.lastEndMs ?? result.baseMs ?? requestedAt, why: this.#lastError };
  }

  #openGap(cause: OpenGap['cause'], startMs: number): void {
    if (this.#gap) return; // one gap at a time: it lasts until media is captured again
    this.#gap = { cause, startMs };
    this.safeEmit('gapOpened', this.#gap);
  }

  #closeGap(endMs: number): void {
    const gap = this.#gap;
    if (!gap) return;
    this.#gap = undefined;
    this.safeEmit('gapClosed', { ...gap, endMs: Math.max(endMs, gap.startMs) });
  }

  #setState(state: TrackState): void {
    if (this.#state === state || this.#state === 'ended') return;
    this.#state = state;
    this.safeEmit('state', state);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(timer);
        if (self.#wake === done) self.#wake = undefined;
        resolve();
      }
      this.#wake = done;
    });
  }

  async #waitForResume(tap: Tap): Promise<void> {
    if (!tap.producerPaused || tap.closed) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        tap.off('producerPaused', onPaused);
        tap.off('closed', done);
        if (this.#wake === done) this.#wake = undefined;
        resolve();
      };
      const onPaused = (paused: boolean) => {
        if (!paused) done();
      };
      tap.on('producerPaused', onPaused);
      tap.once('closed', done);
      this.#wake = done;
    });
    if (tap.closed) this.#ended = true;
  }

  /** Polls the producer's packet counter until it moves again, or the producer pauses or goes. */
  async #waitForPackets(tap: Tap): Promise<'packets' | 'paused' | 'other'> {
    const baseline = await tap.producerPackets().catch(() => 0);
    while (this.#desired && !tap.closed) {
      await this.#sleep(this.deps.options.livenessPollMs);
      if (!this.#desired || tap.closed) break;
      if (tap.producerPaused) return 'paused';
      if ((await tap.producerPackets().catch(() => baseline)) > baseline) return 'packets';
    }
    if (tap.closed) this.#ended = true;
    return 'other';
  }
}
