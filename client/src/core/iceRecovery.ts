// How MediaSession gets media back after the network drops it: ICE restart first (same transports,
// same producers, so the recording goes on in the same track files), a full rebuild second (new
// transports and producers), retried with back-off for as long as the session lives. Requests that
// time out, or that the server answers `unavailable` (no free media port), are retried likewise.
// The policy (backoffDelay, nextStep) is pure; IceRecovery and retrying() apply it.
import type { types } from 'mediasoup-client';
import type { Request, ResponseMap } from './protocol.js';
import { RequestError } from './RequestError.js';
import type { Requester } from './signalingTransport.js';

export const RETRY = {
  /** LiveKit's curve: n² × 300 ms (300, 1200 …)… */
  stepMs: 300,
  /**
   * …capped low: the browser's checks of one restart give up within seconds, so media comes back
   * at the first restart after the network does (measured: 0.4–1 s after it).
   */
  capMs: 2_000,
  /** Spread: a court's worth of clients must not come back in lockstep. */
  jitterMs: 500,
} as const;

/** 'disconnected' often heals by itself within a second or two (consent checks resume). */
export const DISCONNECTED_GRACE_MS = 2_000;
/** ICE restarts alone for this long; then a full rebuild, the next one twice as late (capped). */
export const REBUILD_AFTER_MS = 30_000;
export const REBUILD_AFTER_MAX_MS = 120_000;

/** Wait before retry `attempt` (1-based; 0 is now). */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  if (attempt <= 0) return 0;
  return Math.min(attempt * attempt * RETRY.stepMs, RETRY.capMs) + Math.floor(random() * RETRY.jitterMs);
}

/** Worth asking again: no answer in time, or the server is short of ports right now. */
export function isRetryable(error: unknown): boolean {
  return error instanceof RequestError && (error.code === 'timeout' || error.code === 'unavailable');
}

/** Restart ICE, or rebuild: when the server no longer knows a transport, or restarts took too long. */
export function nextStep(args: { lostForMs: number; rebuildAfterMs: number; serverForgot: boolean }): 'restart' | 'rebuild' {
  return args.serverForgot || args.lostForMs >= args.rebuildAfterMs ? 'rebuild' : 'restart';
}

/**
 * A request retried after a timeout was refused as already done (the first one did reach the
 * server): the server holds a producer or consumer we never learnt of, so only a rebuild is clean.
 */
export class RetriedDuplicate extends Error {}

/**
 * `request`, retried with back-off on timeout or `unavailable` while `epoch()` still answers what
 * it answered when the request was made (MediaSession's generation: a newer start or close stops it).
 */
export function retrying(request: Requester, epoch: () => number, sleep = delay): Requester {
  return async <R extends Request>(msg: R): Promise<ResponseMap[R['type']]> => {
    const mine = epoch();
    let timedOut = false;
    for (let attempt = 1; ; attempt++) {
      try {
        return await request(msg);
      } catch (error) {
        if (timedOut && error instanceof RequestError) {
          // The lost reply's request did its work: connecting twice is refused as invalid_state.
          if (msg.type === 'media.connectTransport' && error.code === 'invalid_state') return {} as ResponseMap[R['type']];
          if (error.code === 'quota_exceeded') throw new RetriedDuplicate(`${msg.type}: ${error.message}`);
        }
        if (!isRetryable(error) || epoch() !== mine) throw error;
        timedOut ||= (error as RequestError).code === 'timeout';
        await sleep(backoffDelay(attempt));
        if (epoch() !== mine) throw error;
      }
    }
  };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface RecoveryHost {
  request: Requester;
  /** A full rebuild (MediaSession.rebuild: new transports, new producers). */
  rebuild(): Promise<void>;
  /** Media is being recovered (true) or flows again (false). */
  changed(recovering: boolean): void;
  now?: () => number;
}

/** Watches MediaSession's transports and brings them back; one per MediaSession. */
export class IceRecovery {
  readonly #host: RecoveryHost;
  readonly #now: () => number;
  readonly #transports = new Set<types.Transport>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #attempt = 0;
  /** When the current loss began (null: media is fine). */
  #lostSince: number | null = null;
  /** When restarts began to count towards a rebuild (the loss, or the last rebuild). */
  #since = 0;
  #rebuildAfter = REBUILD_AFTER_MS;
  #mustRebuild = false;
  #closed = false;

  constructor(host: RecoveryHost) {
    this.#host = host;
    this.#now = host.now ?? Date.now;
  }

  get recovering(): boolean {
    return this.#lostSince !== null;
  }

  /** Follow a new transport of the current start. */
  watch(transport: types.Transport): void {
    this.#transports.add(transport);
    transport.on('connectionstatechange', (state) => {
      if (!this.#transports.has(transport) || this.#closed) return;
      if (state === 'connected') this.#maybeRecovered();
      else if (state === 'failed' && !this.recovering) this.#schedule(0, true);
      else if (state === 'disconnected') this.#schedule(DISCONNECTED_GRACE_MS);
    });
  }

  /**
   * The transports were torn down for a new start (ours, or a rejoin's): that start is the rebuild
   * a failure asked for (it calls failed() if it fails too). A loss, if any, goes on until its
   * transports connect.
   */
  forget(): void {
    this.#transports.clear();
    this.#mustRebuild = false;
  }

  /** A start or a request failed in a way only a rebuild mends: rebuild, with back-off. */
  failed(): void {
    if (this.#closed) return;
    this.#mustRebuild = true;
    this.#begin();
    this.#schedule(backoffDelay(this.#attempt));
  }

  close(): void {
    this.#closed = true;
    this.#transports.clear();
    this.#clearTimer();
  }

  #begin(): void {
    if (this.#lostSince !== null) return;
    this.#lostSince = this.#since = this.#now();
    this.#host.changed(true);
  }

  #unhealthy(): types.Transport[] {
    // 'new': a receive transport nobody sends to never connects, and need not.
    return [...this.#transports].filter((t) => !t.closed && t.connectionState !== 'connected' && t.connectionState !== 'new');
  }

  #maybeRecovered(): void {
    if (this.#mustRebuild || this.#unhealthy().length > 0) return;
    this.#clearTimer();
    this.#attempt = 0;
    this.#rebuildAfter = REBUILD_AFTER_MS;
    if (this.#lostSince === null) return;
    console.info(`[vcourt] media recovered after ${this.#now() - this.#lostSince} ms`);
    this.#lostSince = null;
    this.#host.changed(false);
  }

  #schedule(ms: number, replace = false): void {
    if (this.#closed || (this.#timer && !replace)) return;
    this.#clearTimer();
    this.#timer = setTimeout(() => void this.#tick(), ms);
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #tick(): Promise<void> {
    this.#timer = null;
    if (this.#closed) return;
    const unhealthy = this.#unhealthy();
    if (!this.#mustRebuild && this.#transports.size > 0 && unhealthy.length === 0) return this.#maybeRecovered();
    this.#begin();
    this.#attempt++;
    const now = this.#now();
    const step = nextStep({ lostForMs: now - this.#since, rebuildAfterMs: this.#rebuildAfter, serverForgot: this.#mustRebuild });
    try {
      console.info(`[vcourt] media recovery: ${step} (attempt ${this.#attempt}, ${unhealthy.length} transport(s) down)`);
      if (step === 'rebuild') {
        this.#mustRebuild = false;
        this.#since = now;
        this.#rebuildAfter = Math.min(this.#rebuildAfter * 2, REBUILD_AFTER_MAX_MS);
        await this.#host.rebuild();
      } else {
        await Promise.all(unhealthy.map((t) => this.#restart(t)));
      }
    } catch (error) {
      // not_found: the server dropped the transport (DTLS failed, media reset); only new ones help.
      if (error instanceof RequestError && error.code === 'not_found') this.#mustRebuild = true;
      else console.warn('[vcourt] media recovery attempt failed', error);
    }
    if (this.#closed) return;
    // The rebuild may have succeeded and connected already; otherwise try again later.
    if (!this.#mustRebuild && this.#transports.size > 0 && this.#unhealthy().length === 0) return this.#maybeRecovered();
    this.#schedule(backoffDelay(this.#attempt));
  }

  /** New ICE credentials from the server, then the browser's ICE restart: same transport, same producers. */
  async #restart(transport: types.Transport): Promise<void> {
    const { iceParameters } = await this.#host.request({ type: 'media.restartIce', transportId: transport.id });
    if (transport.closed || !this.#transports.has(transport)) return;
    await transport.restartIce({ iceParameters: iceParameters as types.IceParameters });
  }
}
