// The server's pulse, kept in the database: every second while it runs, and a last "clean" beat
// when it stops gracefully. At the next start the previous beat tells when the server stopped and
// whether it crashed, which is what the record needs to show every outage truthfully.
import type { Store } from '../core/hearing/ports.js';

const KEY = 'server.heartbeat';

export interface Outage {
  /** When the server stopped: its last beat (at most one interval early after a crash). */
  stoppedAtMs: number;
  cause: 'server_stopped' | 'server_crashed';
}

interface Beat {
  at: number;
  pid: number;
  clean: boolean;
}

export class Heartbeat {
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    private readonly settings: Store['settings'],
    private readonly intervalMs = 1000,
  ) {}

  /** How the previous run of the server ended; undefined on the very first start. */
  previous(): Outage | undefined {
    const raw = this.settings.get(KEY);
    if (!raw) return undefined;
    try {
      const beat = JSON.parse(raw) as Beat;
      return { stoppedAtMs: beat.at, cause: beat.clean ? 'server_stopped' : 'server_crashed' };
    } catch {
      return undefined;
    }
  }

  start(): void {
    this.#beat(false);
    this.#timer = setInterval(() => this.#beat(false), this.intervalMs);
    this.#timer.unref();
  }

  /** A graceful stop: the last beat says so. Idempotent. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#timer);
    this.#beat(true);
  }

  #beat(clean: boolean): void {
    try {
      this.settings.set(KEY, JSON.stringify({ at: Date.now(), pid: process.pid, clean } satisfies Beat));
    } catch (error) {
      // A full disk must not stop the server; the next beat tries again.
      console.error('[heartbeat] could not write:', error);
    }
  }
}
