// Catches a recorder that hangs while its producer keeps sending: ffmpeg alive but stopped (SIGSTOP,
// a stuck write, starved of CPU), so nothing is written, no gap is reported, and once it resumes
// the buffered media lands in a burst with arrival timestamps (a hole inside a segment).
//
// The signal is ffmpeg's own progress (`-progress pipe:1`, every 0.5 s): ffmpeg writes a block
// only after it has processed a packet, and out_time_us grows with every packet it muxes. That is
// cheap (a short text block every half second, no file system polling) and direct, where the
// segment file's size is not: the Matroska muxer and its 32 KiB buffer write an audio track only
// every few seconds. No progress is normal while the producer sends nothing (a mute, a silent
// screen), so once ffmpeg has been quiet for a second the producer's packet counter is read (one
// mediasoup request per check; none while progress flows): hung = no progress for `hungAfterMs`
// while packets kept arriving at the producer after ffmpeg had fallen quiet. Not armed on standby
// nor before the run's first packet (RecorderRun), so a paused tap or a slow start never trips it.
import type { Tap } from '../core/hearing/ports.js';
import { background } from '../core/lib/background.js';

export interface RunWatchdogOptions {
  tap: Pick<Tap, 'producerPackets' | 'producerPaused'>;
  /** No progress for this long while the producer sends: hung. */
  hungAfterMs: number;
  /** Called once, when the run is found hung. */
  onHung(info: { stalledMs: number; packets: number }): void;
  now?: () => number;
}

/** Without progress for this long ffmpeg has had packets to report (0.5 s period): worth asking the producer. */
const QUIET_MS = 1000;

export class RunWatchdog {
  readonly #now: () => number;
  readonly #period: number;
  #timer: NodeJS.Timeout | undefined;
  #lastProgressAt = 0;
  #lastOutTime: number | undefined;
  #lastTickAt = 0;
  /** The producer's packet count once ffmpeg had been quiet for QUIET_MS. */
  #baseline: number | undefined;
  #asking = false;
  #fired = false;

  constructor(private readonly o: RunWatchdogOptions) {
    this.#now = o.now ?? Date.now;
    this.#period = Math.max(100, Math.min(500, o.hungAfterMs / 4));
  }

  get armed(): boolean {
    return this.#timer !== undefined;
  }

  /** Starts watching (the run records: active and past its first packet). */
  arm(): void {
    if (this.#timer || this.#fired || !(this.o.hungAfterMs > 0)) return;
    const now = this.#now();
    this.#lastProgressAt = now;
    this.#lastTickAt = now;
    this.#timer = setInterval(() => this.#tick(), this.#period);
    this.#timer.unref();
  }

  disarm(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#baseline = undefined;
  }

  /** One `-progress` block from ffmpeg. */
  progress(fields: Record<string, string>): void {
    const outTime = Number(fields.out_time_us);
    if (!Number.isFinite(outTime)) return;
    if (this.#lastOutTime === undefined || outTime !== this.#lastOutTime) {
      this.#lastOutTime = outTime;
      this.#moved();
    }
  }

  #moved(): void {
    this.#lastProgressAt = this.#now();
    this.#baseline = undefined;
  }

  #tick(): void {
    const now = this.#now();
    const late = now - this.#lastTickAt > 2 * this.#period + 500;
    this.#lastTickAt = now;
    // Our own event loop stalled: ffmpeg's progress may be waiting unread in the pipe (timers run
    // before I/O). A paused producer sends nothing, and its resume may wait for a key frame.
    if (late || this.o.tap.producerPaused) return this.#moved();
    const stalledMs = now - this.#lastProgressAt;
    if (stalledMs < QUIET_MS || this.#asking) return;
    this.#asking = true;
    background(
      this.#check(this.#lastProgressAt).finally(() => (this.#asking = false)),
      'recorder watchdog',
    );
  }

  async #check(since: number): Promise<void> {
    const packets = await this.o.tap.producerPackets().catch(() => undefined); // a closed tap: the run is ending anyway
    if (packets === undefined || !this.#timer || this.#lastProgressAt !== since) return; // disarmed, or progress meanwhile
    const baseline = this.#baseline;
    if (baseline === undefined) {
      this.#baseline = packets;
      return;
    }
    const stalledMs = this.#now() - since;
    if (packets > baseline && stalledMs >= this.o.hungAfterMs) {
      this.#fired = true;
      this.disarm();
      this.o.onHung({ stalledMs, packets: packets - baseline });
    }
  }
}
