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
//   hung     no progress while the producer sent (RunWatchdog.ts)    → killed, gap 'recorder_hung', new run at once
// A gap runs from the last finished segment's end to the next run's first packet. Files are never
// rewritten: every run writes new files, and a crashed run's unfinished segment is left as it is.
// Each finished segment's own timestamps are checked afterwards, off the capture path
// (SegmentChecks.ts): media missing inside a segment is a gap too ('hole').
//
// prepare() (before the session, in a recess) keeps one run on standby (TrackStandby.ts): tap open
// but paused, ffmpeg listening. start() adopts it, so capture begins as soon as media flows.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import type { Tap } from '../core/hearing/ports.js';
import type { ProducerInfo } from '../core/hearing/types.js';
import { TypedEmitter } from '../core/lib/TypedEmitter.js';
import { pickUdpPortPair } from './localPorts.js';
import { RecorderRun, type FinishedSegment } from './RecorderRun.js';
import { codecName } from './sdp.js';
import { SegmentChecks, TrackContinuity } from './SegmentChecks.js';
import { segmentSeq } from './segmentList.js';
import { TrackStandby, type StandbyRun } from './TrackStandby.js';
import type { OpenGap, TrackRecorderDeps, TrackRecorderEvents, TrackState } from './TrackRecorderTypes.js';
import { Waits } from './wait.js';

export type { FinishedSegment };

/**
 * Where the tap sends its RTCP: the discard port, not ffmpeg's RTCP port. mediasoup sends sender
 * reports at least every second for video even when no media flows, and any packet on either of
 * its ports keeps ffmpeg's input from timing out, so it would never notice silence nor finish a
 * stop while idle. ffmpeg needs no RTCP here (timestamps are wall-clock); it still opens
 * rtpPort + 1, so both ports are reserved.
 */
const RTCP_DISCARD_PORT = 9;

/** How one run ended. A tap is handed on when the next step needs to watch the producer. */
type Outcome =
  | { kind: 'stopped' }
  | { kind: 'gone' }
  | { kind: 'paused'; tap: Tap }
  | { kind: 'idle'; tap: Tap; sinceMs: number }
  | { kind: 'crashed'; sinceMs: number; why: string; cause: 'recorder_exited' | 'recorder_hung' };

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
  #lastError = '';
  readonly #standby: TrackStandby;
  readonly #waits = new Waits();
  readonly #continuity: TrackContinuity;

  constructor(private readonly deps: TrackRecorderDeps) {
    super();
    this.trackId = deps.producer.id;
    this.#standby = new TrackStandby({
      openTap: () => this.#openTap(),
      newRun: (tap, port) => this.#newRun(tap, port, true),
      wanted: () => !this.#ended && !this.#desired,
      onError: (error) => (this.#lastError = error),
    });
    this.#continuity = new TrackContinuity({
      checks: deps.checks ?? new SegmentChecks(),
      stillIsNormal: deps.producer.source === 'screen',
      onHole: (gap) => this.safeEmit('hole', gap),
      onError: (error) => console.warn(`[recorder] track ${this.trackId}: ${error}`),
    });
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
    if (this.#ended || this.#desired) return;
    this.#standby.prepare(this.#loop);
  }

  start(): void {
    if (this.#ended || this.#desired) return;
    this.#desired = true;
    const previous = this.#loop;
    this.#loop = previous.then(() => this.#drive());
  }

  /**
   * Stop recording (recess, adjournment); resolves once ffmpeg has exited and its list is read. The
   * segments' continuity checks go on (settled()): under load they take seconds, and a resume must
   * not wait for them.
   */
  async stop(): Promise<void> {
    const at = this.deps.now();
    if (this.#desired) {
      this.#desired = false;
      this.#run?.stop();
      this.#waits.wake();
    }
    await this.#loop;
    await this.#standby.drop();
    this.#closeGap(at);
    if (!this.#ended) this.#setState('idle');
  }

  /** Every finished segment has been checked (its holes reported): before the timeline is handed over. */
  settled(): Promise<void> {
    return this.#continuity.settled();
  }

  /** The producer is gone: stop for good. */
  async close(): Promise<void> {
    this.#ended = true;
    await this.stop();
    await this.settled();
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
        this.#openGap(outcome.cause, outcome.sinceMs);
        if (this.#failures >= this.deps.options.failAfter && this.#gap && this.#gap.cause !== 'recorder_failed') {
          this.#gap = { ...this.#gap, cause: 'recorder_failed' };
          this.safeEmit('failing', this.#gap);
        }
        this.#setState(this.#failures >= this.deps.options.failAfter ? 'failed' : 'restarting');
        const delays = this.deps.options.restartDelaysMs;
        await this.#waits.sleep(delays[Math.min(this.#failures - 1, delays.length - 1)] ?? 0);
        continue;
      }
      if (outcome.kind === 'idle') {
        this.#openGap('producer_silent', outcome.sinceMs);
        this.#setState('silent');
        const next = await this.#waits.untilPackets(outcome.tap, this.deps.options.livenessPollMs, () => this.#desired);
        if (next === 'paused') {
          this.#closeGap(this.deps.now()); // silence that became a mute is no longer a gap
          this.#setState('paused');
          await this.#waits.untilResumed(outcome.tap);
        }
        if (next !== 'packets' && outcome.tap.closed) this.#ended = true; // the producer went while we waited
        outcome.tap.close();
        continue;
      }
      this.#setState('paused');
      await this.#waits.untilResumed(outcome.tap);
      if (outcome.tap.closed) this.#ended = true;
      outcome.tap.close();
    }
    this.#startingSince = null;
  }

  async #runOnce(): Promise<Outcome> {
    const requestedAt = this.deps.now();
    this.#startingSince = requestedAt;
    if (this.#state !== 'failed') this.#setState(this.#failures > 0 ? 'restarting' : 'starting');
    const standby = await this.#standby.take();
    if (standby) {
      try {
        return await this.#adopt(standby, requestedAt);
      } finally {
        this.#startingSince = null;
      }
    }
    let tap: Tap | undefined;
    try {
      const opened = await this.#openTap();
      tap = opened.tap;
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
      return await this.#capture(tap, opened.port, requestedAt);
    } catch (error) {
      tap?.close();
      this.#lastError = String(error);
      return { kind: 'crashed', sinceMs: requestedAt, why: this.#lastError, cause: 'recorder_exited' };
    } finally {
      this.#startingSince = null;
    }
  }

  /** Recording starts on the run that was waiting on standby. */
  async #adopt(standby: StandbyRun, requestedAt: number): Promise<Outcome> {
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

  /** A tap on the producer sending RTP to a free loopback port pair (RTCP to the discard port). */
  async #openTap(): Promise<{ tap: Tap; port: number }> {
    const port = await pickUdpPortPair();
    const tap = await this.deps.openTap({ ip: '127.0.0.1', rtpPort: port, rtcpPort: RTCP_DISCARD_PORT });
    return { tap, port };
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
      hungAfterMs: options.hungAfterMs,
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
      this.#continuity.check(segment);
    });
    return run;
  }

  /** One ffmpeg (RecorderRun), from spawn (or standby) to exit, and what its end means. */
  async #capture(tap: Tap, port: number, requestedAt: number, standby?: StandbyRun): Promise<Outcome> {
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
      return tap.producerPaused
        ? { kind: 'paused', tap }
        : { kind: 'idle', tap, sinceMs: result.lastEndMs ?? result.baseMs ?? requestedAt };
    }
    tap.close();
    const tail = result.stderrTail.split('\n').slice(-12).join(' | ');
    this.#lastError = result.hung
      ? `ffmpeg hung: no progress for ${result.hung.stalledMs} ms while the producer sent ${result.hung.packets}+ packets; killed`
      : `ffmpeg exited (${result.exit.signal ?? result.exit.code}): ${tail}`;
    // Lost: whatever this run received after its last finished segment (the unfinished one).
    const sinceMs = result.lastEndMs ?? result.baseMs ?? requestedAt;
    return { kind: 'crashed', sinceMs, why: this.#lastError, cause: result.hung ? 'recorder_hung' : 'recorder_exited' };
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
}
