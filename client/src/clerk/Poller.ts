// Runs a task every few seconds while the page is visible: the dashboard and the hearing page
// refresh themselves this way. One run at a time (the next is scheduled when the last one ends,
// so a slow server is never asked twice at once); a hidden tab stops asking and catches up at
// once when shown again. Framework-free; the page's visibility is injected for the unit tests.

export interface Visibility {
  hidden(): boolean;
  /** Calls `listener` when the page is shown or hidden; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

export const documentVisibility: Visibility = {
  hidden: () => document.visibilityState === 'hidden',
  subscribe: (listener) => {
    document.addEventListener('visibilitychange', listener);
    return () => document.removeEventListener('visibilitychange', listener);
  },
};

export class Poller {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #running = false;
  #again = false;
  #stopped = true;
  #unsubscribe: (() => void) | null = null;

  constructor(
    private readonly task: () => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly visibility: Visibility = documentVisibility,
  ) {}

  /** Runs now, then every interval while visible. */
  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#unsubscribe = this.visibility.subscribe(() => this.#onVisibility());
    void this.#run();
  }

  stop(): void {
    this.#stopped = true;
    this.#clear();
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  /** Runs now (after an action), without waiting for the interval; queued if a run is in flight. */
  refresh(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#clear();
    void this.#run();
  }

  get active(): boolean {
    return !this.#stopped && this.#timer !== null;
  }

  #onVisibility(): void {
    if (this.#stopped) return;
    if (this.visibility.hidden()) this.#clear();
    else this.refresh();
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      await this.task();
    } catch {
      // The task shows its own errors; the poller keeps going (a blip must not stop the dashboard).
    } finally {
      this.#running = false;
    }
    if (this.#stopped) return;
    if (this.#again) {
      this.#again = false;
      void this.#run();
      return;
    }
    this.#schedule();
  }

  #schedule(): void {
    this.#clear();
    if (this.visibility.hidden()) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#run();
    }, this.intervalMs);
  }

  #clear(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }
}
