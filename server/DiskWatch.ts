// Free space where the recordings and the database live, watched before it bites. The level is
// 'low' when fewer than warnMinutes of recording are left above the reserve at the current write
// rate, and 'full' once free space reaches the reserve: media writing then stops (the recorder
// suspends its runs, with a disk_full gap), so the database, the audit log and the judge's
// commands keep the reserve to work in. Back to 'ok' with some headroom (hysteresis), so a disk
// at the edge does not flap.
import { statfs } from 'node:fs/promises';
import type { StorageStatusView } from '../core/protocol/model.js';
import { background } from '../core/lib/background.js';
import { TypedEmitter } from '../core/lib/TypedEmitter.js';
import type { StorageConfig } from './config.js';

export type DiskWatchEvents = {
  /** Every poll whose level or (when not ok) minutes left changed. */
  status: [status: StorageStatusView];
};

/** How long the write rate is averaged over. */
const RATE_WINDOW_MS = 20_000;

export class DiskWatch extends TypedEmitter<DiskWatchEvents> {
  #timer: NodeJS.Timeout | undefined;
  #level: StorageStatusView['level'] = 'ok';
  #lastFree: number | undefined;
  #lastAt = 0;
  /** Bytes per second written, smoothed; 0 while nothing is written. */
  #rate = 0;
  #lastKey = '';
  #polling = false;

  constructor(
    /** The folders to watch (recordings, database); the least free space counts. */
    private readonly paths: string[],
    private readonly config: StorageConfig,
    private readonly now: () => number = Date.now,
    /** Free bytes at a path (statfs); tests give their own. */
    private readonly freeAt: (path: string) => Promise<number> = freeBytes,
  ) {
    super();
  }

  get level(): StorageStatusView['level'] {
    return this.#level;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => background(this.poll(), 'disk watch'), this.config.pollMs);
    this.#timer.unref();
    background(this.poll(), 'disk watch');
  }

  close(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** One reading (the timer calls it; tests may too). */
  async poll(): Promise<StorageStatusView | undefined> {
    if (this.#polling) return undefined;
    this.#polling = true;
    try {
      const free = Math.min(...(await Promise.all(this.paths.map(this.freeAt))));
      return this.#update(free);
    } catch (error) {
      console.error('[disk] cannot read free space:', error);
      return undefined;
    } finally {
      this.#polling = false;
    }
  }

  #update(free: number): StorageStatusView | undefined {
    const at = this.now();
    if (this.#lastFree !== undefined && at > this.#lastAt) {
      const written = Math.max(0, this.#lastFree - free) / ((at - this.#lastAt) / 1000);
      const weight = Math.min(1, (at - this.#lastAt) / RATE_WINDOW_MS);
      this.#rate = this.#rate * (1 - weight) + written * weight;
    }
    this.#lastFree = free;
    this.#lastAt = at;

    const { reserveBytes, warnMinutes } = this.config;
    const above = free - reserveBytes;
    const minutesLeft = this.#rate > 1 ? Math.max(0, Math.floor(above / this.#rate / 60)) : null;
    const headroom = Math.max(16 * 1024 * 1024, reserveBytes / 10);
    let level: StorageStatusView['level'];
    if (above <= 0) level = 'full';
    else if (this.#level === 'full' && above < headroom)
      level = 'full'; // not back until there is room
    else if (minutesLeft !== null && minutesLeft < warnMinutes) level = 'low';
    else if (this.#level === 'low' && minutesLeft !== null && minutesLeft < warnMinutes * 1.2) level = 'low';
    else level = 'ok';
    this.#level = level;

    const status: StorageStatusView = { level, minutesLeft, freeBytes: free, at: new Date(at).toISOString() };
    const key = level === 'ok' ? 'ok' : `${level}:${minutesLeft}`;
    if (key === this.#lastKey) return undefined;
    this.#lastKey = key;
    this.safeEmit('status', status);
    return status;
  }
}

async function freeBytes(path: string): Promise<number> {
  const s = await statfs(path);
  return Number(s.bavail) * Number(s.bsize);
}
