// How many tracks the recorder captures at once, per hearing and on the whole server. Each track
// (TrackRecorder) runs at most two ffmpeg processes (one recording, one on standby), so these
// bound the processes one hearing, or everyone together, can make the server spawn. A producer
// past a bound waits unrecorded, its gap in the record and the bench alerted (HearingRecorder),
// and is taken as soon as a slot frees ('freed').
import { TypedEmitter } from '../core/lib/TypedEmitter.js';

export interface RecorderLimits {
  /** Tracks recorded at once in one hearing (a courtroom has a few dozen at the very most). */
  tracksPerHearing: number;
  /** Tracks recorded at once on this server, every hearing together. */
  tracksPerServer: number;
}

export const DEFAULT_RECORDER_LIMITS: RecorderLimits = { tracksPerHearing: 40, tracksPerServer: 400 };

/** The limits from the environment: VCOURT_RECORDER_TRACKS_PER_HEARING, VCOURT_RECORDER_TRACKS. */
export function recorderLimits(env: NodeJS.ProcessEnv): RecorderLimits {
  const read = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, got "${raw}"`);
    return n;
  };
  return {
    tracksPerHearing: read('VCOURT_RECORDER_TRACKS_PER_HEARING', DEFAULT_RECORDER_LIMITS.tracksPerHearing),
    tracksPerServer: read('VCOURT_RECORDER_TRACKS', DEFAULT_RECORDER_LIMITS.tracksPerServer),
  };
}

export type RecorderSlotsEvents = {
  /** A slot was given back: producers waiting for one may try again. */
  freed: [];
};

export class RecorderSlots extends TypedEmitter<RecorderSlotsEvents> {
  readonly limits: RecorderLimits;
  /** Track ids holding a slot, by hearing. */
  readonly #held = new Map<string, Set<string>>();
  #total = 0;

  constructor(limits: Partial<RecorderLimits> = {}) {
    super();
    this.limits = { ...DEFAULT_RECORDER_LIMITS, ...limits };
  }

  get total(): number {
    return this.#total;
  }

  held(hearingId: string): number {
    return this.#held.get(hearingId)?.size ?? 0;
  }

  /** Takes a slot for the track: null when taken (or already held), else which bound refused it. */
  take(hearingId: string, trackId: string): 'hearing' | 'server' | null {
    const held = this.#held.get(hearingId) ?? new Set<string>();
    if (held.has(trackId)) return null;
    if (held.size >= this.limits.tracksPerHearing) return 'hearing';
    if (this.#total >= this.limits.tracksPerServer) return 'server';
    held.add(trackId);
    this.#held.set(hearingId, held);
    this.#total++;
    return null;
  }

  /** Gives the track's slot back (its last ffmpeg has exited). Idempotent. */
  release(hearingId: string, trackId: string): void {
    const held = this.#held.get(hearingId);
    if (!held?.delete(trackId)) return;
    if (held.size === 0) this.#held.delete(hearingId);
    this.#total--;
    this.safeEmit('freed');
  }
}
