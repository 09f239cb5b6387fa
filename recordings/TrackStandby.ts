// A track's run on standby while it is not recording yet (before the session, in a recess): the
// tap open but paused, ffmpeg listening, so that start only has to resume the tap and capture
// begins as soon as media flows (recordings/README.md, "Standby"). Nothing is recorded on standby.
import type { Tap } from '../core/hearing/ports.js';
import type { RecorderRun, RunResult } from './RecorderRun.js';
import { background } from '../core/lib/background.js';

export interface StandbyRun {
  run: RecorderRun;
  tap: Tap;
  port: number;
  result: Promise<RunResult>;
}

export interface TrackStandbyDeps {
  /** A tap on the producer, sending to a free loopback port. */
  openTap(): Promise<{ tap: Tap; port: number }>;
  /** The track's next run on that tap, made for standby. */
  newRun(tap: Tap, port: number): RecorderRun;
  /** False once the track records or has ended: a standby is no longer wanted. */
  wanted(): boolean;
  onError(error: string): void;
}

export class TrackStandby {
  #standby: StandbyRun | undefined;
  #preparing: Promise<void> | undefined;

  constructor(private readonly deps: TrackStandbyDeps) {}

  /** Have a run listening, once `after` (a run still stopping) is done; nothing if one is there or coming. */
  prepare(after: Promise<void>): void {
    if (this.#standby || this.#preparing) return;
    this.#preparing = this.#prepare(after).finally(() => (this.#preparing = undefined));
  }

  async #prepare(after: Promise<void>): Promise<void> {
    await after; // a stopping run finishes first: numbering continues after it
    if (!this.deps.wanted()) return;
    let tap: Tap | undefined;
    try {
      const opened = await this.deps.openTap();
      tap = opened.tap;
      if (!this.deps.wanted() || tap.closed) {
        tap.close();
        return;
      }
      const run = this.deps.newRun(tap, opened.port);
      const result = run.run();
      const standby: StandbyRun = { run, tap, port: opened.port, result };
      const onClosed = () => run.stop();
      tap.once('closed', onClosed);
      this.#standby = standby;
      const dropped = result.then(() => {
        tap!.off('closed', onClosed);
        // Ended on standby (stopped, crashed, producer gone): nothing was recorded; drop it.
        if (this.#standby === standby) {
          this.#standby = undefined;
          tap!.close();
        }
      });
      background(dropped, 'recorder standby');
    } catch (error) {
      tap?.close();
      this.deps.onError(String(error));
    }
  }

  /** The standby run, once any being prepared is ready, handed over to record; undefined if none. */
  async take(): Promise<StandbyRun | undefined> {
    await this.#preparing;
    const standby = this.#standby;
    this.#standby = undefined;
    return standby;
  }

  /** Stops the standby run (if any) and waits for its ffmpeg to exit. */
  async drop(): Promise<void> {
    await this.#preparing;
    const standby = this.#standby;
    if (!standby) return;
    standby.run.stop();
    await standby.result;
  }
}
