// One ffmpeg recording one tap, from spawn to exit: the SDP file, the segmenter, the wall-clock
// origin of the run (from ffmpeg's input dump), each finished segment (from its CSV list), key
// frames at the cuts, and a stop that never loses the segment being written.
//
// ffmpeg reads RTP timestamped on arrival (-use_wallclock_as_timestamps) and stream-copies into
// `<run>-<seq>.mkv`, cut on the wall clock every segmentSeconds (-segment_atclocktime: every track
// of a hearing cuts at the same instants, so a key frame can be asked for right at each cut; video
// cuts wait for the next key frame). Each segment's own timestamps start at 0 (-reset_timestamps).
// ffmpeg ends by itself after idleTimeoutSeconds without a packet (-listen_timeout).
//
// A run may start on standby (before the session starts, during a recess): ffmpeg is spawned and
// listening, its tap stays paused, and an RTCP keepalive on its RTCP port stops its input timing
// out. activate() resumes the tap, so recording starts within a round trip for a key frame rather
// than after an ffmpeg start, which on a busy machine took seconds. A standby ffmpeg has not read
// any media yet, so one SIGINT ends it at once.
//
// While a run records, a watchdog (RunWatchdog.ts) compares ffmpeg's progress with the producer's
// packets: a run that makes no progress while packets keep arriving is SIGKILLed and reported hung.
import { createSocket } from 'node:dgram';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Tap } from '../core/hearing/ports.js';
import { TypedEmitter } from '../core/lib/TypedEmitter.js';
import { spawnFfmpeg, type FfmpegExit, type FfmpegProcess } from '../core/lib/ffmpeg.js';
import { waitUdpBound } from './localPorts.js';
import { recordingSdp } from './sdp.js';
import { RunWatchdog } from './RunWatchdog.js';
import { parseSegmentList, segmentSeq, wallClockStart } from './segmentList.js';
import { background } from '../core/lib/background.js';

export interface FinishedSegment {
  trackId: string;
  seq: number;
  file: string;
  startMs: number;
  endMs: number;
  bytes: number | null;
}

export interface RecorderRunOptions {
  n: number;
  trackId: string;
  /** Absolute folder of the track's files. */
  dir: string;
  tap: Tap;
  /** ffmpeg's RTP port (RTCP: port + 1). */
  port: number;
  /** Sequence number of the run's first segment (continues the track's numbering). */
  firstSeq: number;
  segmentSeconds: number;
  idleTimeoutSeconds: number;
  label: string;
  /** Spawn and listen, but let no media in until activate(). */
  standby?: boolean;
  /** Recording, no progress for this long while the producer sends: SIGKILL, result `hung`. 0: never. */
  hungAfterMs?: number;
}

/** An empty RTCP receiver report (RFC 3550 §6.4.2): any packet on ffmpeg's ports resets its idle timer. */
const KEEPALIVE = Buffer.from([0x80, 0xc9, 0x00, 0x01, 0x76, 0x63, 0x72, 0x74]);
/** How long a started run waits for its first media before ffmpeg's own idle timeout applies. */
const FIRST_MEDIA_GRACE_MS = 10_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export type RecorderRunEvents = {
  /** The first packet arrived: the run's timestamp 0 is `baseMs` on the wall clock. */
  started: [baseMs: number];
  /** ffmpeg opened segment `seq`. */
  opened: [seq: number];
  segment: [segment: FinishedSegment];
};

export interface RunResult {
  exit: FfmpegExit;
  /** ffmpeg ended by itself: no packet for idleTimeoutSeconds. */
  idle: boolean;
  /** We asked it to stop. */
  stopped: boolean;
  /** The watchdog killed it: it made no progress while the producer kept sending. */
  hung: { stalledMs: number; packets: number } | null;
  baseMs: number | null;
  lastEndMs: number | null;
  stderrTail: string;
}

export class RecorderRun extends TypedEmitter<RecorderRunEvents> {
  readonly proc: FfmpegProcess;
  readonly #listFile: string;
  #baseMs: number | null = null;
  #lastEndMs: number | null = null;
  #listed = 0;
  #idle = false;
  #stopping = false;
  #active: boolean;
  #activated: (() => void) | undefined;
  readonly #watchdog: RunWatchdog | undefined;
  #hung: RunResult['hung'] = null;

  constructor(private readonly o: RecorderRunOptions) {
    super();
    this.#active = !o.standby;
    const sdpFile = join(o.dir, `${o.n}.sdp`);
    // 'wx': a run never reuses another's files.
    writeFileSync(sdpFile, recordingSdp(o.tap.codec, o.port, o.label), { flag: 'wx' });
    this.#listFile = join(o.dir, `${o.n}.csv`);
    const watchdog = o.hungAfterMs
      ? new RunWatchdog({ tap: o.tap, hungAfterMs: o.hungAfterMs, onHung: (info) => this.#onHung(info) })
      : undefined;
    this.#watchdog = watchdog;
    this.proc = spawnFfmpeg(
      [
        '-protocol_whitelist',
        'file,udp,rtp',
        '-use_wallclock_as_timestamps',
        '1',
        '-listen_timeout',
        String(o.idleTimeoutSeconds),
        '-i',
        sdpFile,
        '-map',
        '0',
        '-c',
        'copy',
        '-f',
        'segment',
        '-segment_time',
        String(o.segmentSeconds),
        '-segment_atclocktime',
        '1',
        '-reset_timestamps',
        '1',
        '-segment_format',
        'matroska',
        '-segment_start_number',
        String(o.firstSeq),
        '-segment_list',
        this.#listFile,
        '-segment_list_type',
        'csv',
        join(o.dir, `${o.n}-%05d.mkv`),
      ],
      {
        onStderrLine: (line) => this.#onLine(line),
        keepLines: 60,
        onProgress: watchdog && ((fields) => watchdog.progress(fields)),
      },
    );
  }

  get active(): boolean {
    return this.#active;
  }

  /** A standby run starts letting media in. */
  activate(): void {
    this.#active = true;
    this.#activated?.();
    this.#watch();
  }

  /** The watchdog runs while the run records: active, past its first packet, not stopping. */
  #watch(): void {
    if (this.#active && this.#baseMs !== null && !this.#stopping && this.proc.child.exitCode === null) this.#watchdog?.arm();
  }

  #onHung(info: { stalledMs: number; packets: number }): void {
    if (this.#stopping || this.proc.child.exitCode !== null || this.proc.child.signalCode !== null) return;
    this.#hung = info;
    this.proc.child.kill('SIGKILL'); // a stopped process dies of SIGKILL too; anything else would wait for it
  }

  get baseMs(): number | null {
    return this.#baseMs;
  }
  get lastEndMs(): number | null {
    return this.#lastEndMs;
  }
  /** Up to when this run's media is on disk for good. */
  get finishedUntil(): number | null {
    return this.#baseMs === null ? null : (this.#lastEndMs ?? this.#baseMs);
  }

  /** Lets the tap's media in once ffmpeg listens, asks for key frames at the cuts, awaits the end. */
  async run(): Promise<RunResult> {
    const { tap, segmentSeconds } = this.o;
    let keyTimer: NodeJS.Timeout | undefined;
    // A loaded machine may take seconds to start ffmpeg: a standby run has time to wait for it; a
    // run wanted now lets media in after a short wait whatever (the key frame is asked again).
    await Promise.race([waitUdpBound(this.o.port, this.#active ? 3000 : 30_000), this.proc.exited]);
    const alive = () => this.proc.child.exitCode === null && this.proc.child.signalCode === null;
    if (alive() && !this.#stopping && !this.#active) await this.#standBy();
    if (alive() && !this.#stopping) {
      await tap.resume().catch(() => undefined);
      // The consumer asks for a key frame when resumed; ask again at every cut so that each video
      // segment starts with one soon after the boundary.
      await tap.requestKeyFrame().catch(() => undefined);
      // ffmpeg finds a video stream's size only in a key frame, and a sender under load may take
      // seconds to send one: until the first packets are in (or FIRST_MEDIA_GRACE_MS), keep its
      // input from timing out and keep asking, rather than let it give up and restart.
      background(
        this.#keepAlive(
          Promise.race([new Promise<void>((resolve) => this.once('started', () => resolve())), sleep(FIRST_MEDIA_GRACE_MS)]),
          () => void tap.requestKeyFrame().catch(() => undefined),
        ),
        'recorder keepalive',
      );
      if (tap.codec.kind === 'video') {
        const every = segmentSeconds * 1000;
        const schedule = () => {
          const now = Date.now();
          keyTimer = setTimeout(
            () => {
              void tap.requestKeyFrame().catch(() => undefined);
              schedule();
            },
            Math.ceil((now + 1) / every) * every + 20 - now,
          );
        };
        schedule();
      }
    }
    const exit = await this.proc.exited;
    clearTimeout(keyTimer);
    this.#watchdog?.disarm();
    this.#readList();
    return {
      exit,
      idle: this.#idle && exit.code === 0,
      stopped: this.#stopping,
      hung: this.#hung,
      baseMs: this.#baseMs,
      lastEndMs: this.#lastEndMs,
      stderrTail: this.proc.stderrTail(),
    };
  }

  /** Until activate(), stop() or ffmpeg's exit: keep ffmpeg's input from timing out. */
  async #standBy(): Promise<void> {
    await this.#keepAlive(new Promise<void>((resolve) => (this.#activated = resolve)));
    this.#activated = undefined;
  }

  /** RTCP keepalives on ffmpeg's RTCP port until `until`, stop() or exit; `each` on every one. */
  async #keepAlive(until: Promise<unknown>, each: () => void = () => undefined): Promise<void> {
    const socket = createSocket('udp4');
    socket.on('error', () => undefined);
    const ping = () => {
      if (this.#stopping) return;
      socket.send(KEEPALIVE, this.o.port + 1, '127.0.0.1');
      each();
    };
    ping();
    const timer = setInterval(ping, Math.max(250, (this.o.idleTimeoutSeconds * 1000) / 3));
    await Promise.race([until, this.proc.exited]);
    clearInterval(timer);
    socket.close();
  }

  /**
   * One SIGINT: ffmpeg finishes at its next packet and writes the last segment and list line (a
   * second signal would abort that write). An idle ffmpeg ends by its listen timeout instead;
   * SIGKILL only if neither happens.
   */
  stop(): void {
    if (this.#stopping) return;
    this.#stopping = true;
    this.#watchdog?.disarm(); // a hung run still ends: SIGKILL below after the grace
    this.#activated?.();
    this.proc.child.kill('SIGINT');
    const timer = setTimeout(() => this.proc.child.kill('SIGKILL'), (this.o.idleTimeoutSeconds + 4) * 1000);
    background(
      this.proc.exited.then(() => clearTimeout(timer)),
      'recorder stop',
    );
  }

  #onLine(line: string): void {
    if (this.#baseMs === null) {
      const base = wallClockStart(line);
      if (base !== undefined) {
        this.#baseMs = base;
        this.#watch();
        this.safeEmit('started', base);
        return;
      }
    }
    const opening = /Opening '(.+\.mkv)' for writing/.exec(line);
    if (opening) {
      const seq = segmentSeq(opening[1]!);
      if (seq !== undefined) this.safeEmit('opened', seq);
      this.#readList(); // the previous segment's line is flushed before the next one opens
    } else if (/Connection timed out/.test(line)) {
      this.#idle = true;
    }
  }

  #readList(): void {
    const base = this.#baseMs;
    if (base === null) return;
    let text: string;
    try {
      text = readFileSync(this.#listFile, 'utf8');
    } catch {
      return;
    }
    const entries = parseSegmentList(text);
    for (const e of entries.slice(this.#listed)) {
      const file = join(this.o.dir, basename(e.file));
      let bytes: number | null = null;
      try {
        bytes = statSync(file).size;
      } catch {
        // listed but unreadable: keep the entry, the size is unknown
      }
      const segment: FinishedSegment = {
        trackId: this.o.trackId,
        seq: segmentSeq(e.file) ?? this.o.firstSeq + this.#listed,
        file,
        startMs: Math.round(base + e.start * 1000),
        endMs: Math.round(base + e.end * 1000),
        bytes,
      };
      this.#lastEndMs = segment.endMs;
      this.safeEmit('segment', segment);
    }
    this.#listed = Math.max(this.#listed, entries.length);
  }
}
