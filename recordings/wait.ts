// The waits of a track's capture loop between runs: a restart delay, a mute, a silent producer.
// One at a time, and each can be cut short by wake(), so a stop never waits out any of them.
import type { Tap } from '../core/hearing/ports.js';

export class Waits {
  #wake: (() => void) | undefined;

  /** Ends the wait in progress, if any, at once. */
  wake(): void {
    this.#wake?.();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.#wake === done) this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  /** Until the producer resumes or goes (or wake()). */
  async untilResumed(tap: Tap): Promise<void> {
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
  }

  /**
   * Polls the producer's packet counter every `pollMs` until it moves again ('packets'), or the
   * producer pauses ('paused'); 'other' when it went or `wanted()` turned false.
   */
  async untilPackets(tap: Tap, pollMs: number, wanted: () => boolean): Promise<'packets' | 'paused' | 'other'> {
    const baseline = await tap.producerPackets().catch(() => 0);
    while (wanted() && !tap.closed) {
      await this.sleep(pollMs);
      if (!wanted() || tap.closed) break;
      if (tap.producerPaused) return 'paused';
      if ((await tap.producerPackets().catch(() => baseline)) > baseline) return 'packets';
    }
    return 'other';
  }
}
