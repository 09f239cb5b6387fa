// Composing while the hearing runs: one compositor call at a time per hearing, up to what every
// track has finished on disk; calls asked for meanwhile collapse into one. At adjournment the
// bundle's own compositor.finish() must not run beside a last advance() on the same chunks, so
// the hearing waits for settled() first.
import type { HearingTimeline } from './types.js';

/** What the recorder needs of recordings/Compositor.ts while the hearing runs. */
export interface CompositorLike {
  advance(timeline: HearingTimeline, readyUntilMs: number): Promise<void>;
}

export class LiveComposite {
  #advancing: Promise<void> | undefined;
  #again = false;
  #advancedTo = 0;

  constructor(
    private readonly compositor: CompositorLike,
    private readonly timeline: () => Promise<HearingTimeline>,
    /** Up to when every live track's segments are final. */
    private readonly readyUntil: () => number,
    private readonly label: string,
  ) {}

  /** New media is on disk: compose up to it, now or right after the call in progress. */
  schedule(): void {
    if (this.#advancing) {
      this.#again = true;
      return;
    }
    this.#advancing = this.#loop().finally(() => {
      this.#advancing = undefined;
    });
  }

  /** No compositor call is running (nor will one start before the next schedule()). */
  async settled(): Promise<void> {
    while (this.#advancing) await this.#advancing;
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      const until = this.readyUntil();
      if (until <= this.#advancedTo) continue;
      try {
        await this.compositor.advance(await this.timeline(), until);
        this.#advancedTo = until;
      } catch (error) {
        console.error(`[recorder] compositor, ${this.label}:`, error);
      }
    } while (this.#again);
  }
}
