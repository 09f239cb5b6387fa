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
  // Beats are written one after another: a slow write never lands after the clean last beat.
  #writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly settings: Store['settings'],
    private readonly intervalMs = 1000,
  ) {}

  /** How the previous run of the server ended; undefined on the very first start. */
  async previous(): Promise<Outage | undefined> {
    const raw = await this.settings.get(KEY);
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

  /** A graceful stop: the last beat says so, and is written when this resolves. Idempotent. */
  async stop(): Promise<void> {
    if (!this.#stopped) {
      this.#stopped = true;
      clearInterval(this.#timer);
      this.#beat(true);
    }
    await this.#writing;
  }

  #beat(clean: boolean): void {
    const beat = JSON.stringify({ at: Date.now(), pid: process.pid, clean } satisfies Beat);
    this.#writing = this.#writing.then(async () => {
      try {
        await this.settings.set(KEY, beat);
      } catch (error) {
        // A full disk must not stop the server; the next beat tries again.
        console.error('[heartbeat] could not write:', error);
      }
    });
  }
}
