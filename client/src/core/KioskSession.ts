// The courtroom TV's life, free of any UI framework: ask the server which hearing the display is
// attached to, watch it receive-only, and when that session ends (adjourned, removed, token
// revoked, hearing gone) drop it and ask again. Nobody is there to click anything, so every
// failure leads back to asking, slowly when the token itself is refused.
//
// Network loss and server restarts inside a hearing are HearingSession's business: its socket
// reconnects and re-joins by itself, and each join rebuilds the media.
import { fetchDeviceSession, type DeviceSession } from './deviceSession.js';
import { HearingSession } from './HearingSession.js';
import { RequestError, errorMessage } from './RequestError.js';
import { SnapshotStore } from './SnapshotStore.js';
import { isFinal } from './sessionState.js';

export type KioskPhase =
  /** First answer not in yet. */
  | 'starting'
  /** The display is attached to no hearing in progress: ask again every few seconds. */
  | 'waiting'
  /** Watching a hearing through `session`. */
  | 'live'
  /** The token was refused (revoked or rotated): say so, keep asking slowly. */
  | 'error';

export interface KioskState {
  phase: KioskPhase;
  session: HearingSession | null;
  /** Counts the sessions opened, so a view can start afresh for each. */
  generation: number;
  /** The last request did not reach the server (network loss, restart). */
  unreachable: boolean;
  error: string | null;
}

/** What the kiosk needs of a hearing session (HearingSession; a stand-in in unit tests). */
export type KioskHearing = Pick<HearingSession, 'subscribe' | 'getSnapshot' | 'connect' | 'dispose'>;

export interface KioskOptions {
  token: string;
  fetchSession?: (token: string, signal: AbortSignal) => Promise<DeviceSession>;
  openSession?: (session: DeviceSession) => KioskHearing;
  waitingPollMs?: number;
  errorPollMs?: number;
}

const WAITING_POLL_MS = 3_000;
const ERROR_POLL_MS = 30_000;
/** After a session ends, a pause before asking again (the server is finishing the adjournment). */
const AFTER_END_MS = 1_000;

export class KioskSession extends SnapshotStore<KioskState> {
  readonly #options: Required<KioskOptions>;
  #hearing: KioskHearing | null = null;
  #unsubscribe: (() => void) | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #abort: AbortController | null = null;
  #closed = false;

  constructor(options: KioskOptions) {
    super({ phase: 'starting', session: null, generation: 0, unreachable: false, error: null });
    this.#options = {
      fetchSession: fetchDeviceSession,
      openSession: (s) => new HearingSession({ token: s.token, role: 'device', receiveOnly: true }),
      waitingPollMs: WAITING_POLL_MS,
      errorPollMs: ERROR_POLL_MS,
      ...options,
    };
  }

  start(): void {
    if (this.#closed || this.#timer || this.#abort || this.#hearing) return;
    void this.#resolve();
  }

  /** Stop for good (page unload). Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#abort?.abort();
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#drop();
  }

  async #resolve(): Promise<void> {
    this.#timer = null;
    if (this.#closed) return;
    const abort = (this.#abort = new AbortController());
    try {
      const found = await this.#options.fetchSession(this.#options.token, abort.signal);
      if (this.#closed) return;
      this.#open(found);
    } catch (error) {
      if (this.#closed) return;
      const code = error instanceof RequestError ? error.code : 'network';
      if (code === 'not_found') {
        this.update({ phase: 'waiting', unreachable: false, error: null });
        this.#later(this.#options.waitingPollMs);
      } else if (code === 'unauthorized' || code === 'forbidden') {
        this.update({ phase: 'error', unreachable: false, error: errorMessage(error) });
        this.#later(this.#options.errorPollMs);
      } else {
        // Unreachable or a server fault: keep what is shown and try again soon.
        const phase = this.getSnapshot().phase === 'starting' ? 'waiting' : this.getSnapshot().phase;
        this.update({ phase, unreachable: true });
        this.#later(this.#options.waitingPollMs);
      }
    } finally {
      if (this.#abort === abort) this.#abort = null;
    }
  }

  #open(found: DeviceSession): void {
    this.#drop();
    const hearing = this.#options.openSession(found);
    this.#hearing = hearing;
    this.#unsubscribe = hearing.subscribe(() => {
      if (this.#hearing === hearing && isFinal(hearing.getSnapshot().phase)) this.#ended();
    });
    const generation = this.getSnapshot().generation + 1;
    this.update({ phase: 'live', session: hearing as HearingSession, generation, unreachable: false, error: null });
    hearing.connect();
  }

  /** The hearing ended for us (adjourned, removed, invitation refused): back to asking. */
  #ended(): void {
    this.#drop();
    this.update({ phase: 'waiting', session: null });
    this.#later(AFTER_END_MS);
  }

  #drop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    const hearing = this.#hearing;
    this.#hearing = null;
    hearing?.dispose();
  }

  #later(ms: number): void {
    if (this.#closed || this.#timer) return;
    this.#timer = setTimeout(() => void this.#resolve(), ms);
  }
}
