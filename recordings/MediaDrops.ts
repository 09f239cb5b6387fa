// A participant's media that went away while the hearing was in session, and the gap it leaves
// in the record until their media is captured again. Who or what was at fault is the cause: the
// participant's connection (participant_reconnected), or vcourt itself (the media worker died,
// the server stopped or crashed). A gap runs from the old track's last captured instant to the
// new track's first packet; one vcourt caused that is still open when the session stops (recess,
// adjournment) ends there, since that time in session has no record for this participant.
import type { MediaKind, MediaSource, RecordingGapCause } from '../core/protocol/model.js';
import { background } from '../core/lib/background.js';
import type { RecordingGap } from './types.js';

export interface Drop {
  participantId: string;
  kind: MediaKind;
  source: MediaSource;
  cause: RecordingGapCause;
  /** The track that went away. */
  trackId: string;
  /** When it went away (the close, or the server's last heartbeat). */
  droppedAtMs: number;
  /** Its last captured instant, known once its last segment is on disk. */
  since: Promise<number>;
}

type Gap = RecordingGap & { endMs: number };

const keyOf = (d: { participantId: string; source: MediaSource }) => `${d.participantId}:${d.source}`;

export class MediaDrops {
  /** Waiting for the participant's media to come back, by participant and source. */
  readonly #waiting = new Map<string, Drop>();
  /** New track → the drop its first packet ends. */
  readonly #returning = new Map<string, Drop>();
  readonly #pending = new Set<Promise<void>>();

  constructor(private readonly gap: (gap: Gap) => void) {}

  dropped(drop: Drop): void {
    this.#waiting.set(keyOf(drop), drop);
  }

  /** A new producer of a participant whose media dropped: its first packet will end the gap. */
  arrived(trackId: string, who: { participantId: string; source: MediaSource }): void {
    const drop = this.#waiting.get(keyOf(who));
    if (!drop) return;
    this.#waiting.delete(keyOf(who));
    this.#returning.set(trackId, drop);
  }

  /** The new track captured its first packet at `startMs`. */
  started(trackId: string, startMs: number): void {
    const drop = this.#returning.get(trackId);
    if (!drop) return;
    this.#returning.delete(trackId);
    this.#settle(drop, (since) => (since < startMs ? { trackId, startMs: since, endMs: startMs } : undefined));
  }

  /** The new track went away before its first packet: the participant is still missing. */
  gone(trackId: string): void {
    const drop = this.#returning.get(trackId);
    if (!drop) return;
    this.#returning.delete(trackId);
    this.#waiting.set(keyOf(drop), drop);
  }

  /**
   * The SFU's worker died under the hearing: its producers closed a moment before it said so, so
   * the drops since `sinceMs` were vcourt's fault, not the participants'. Returns them.
   */
  relabel(cause: RecordingGapCause, sinceMs: number): Drop[] {
    const hit = [...this.#waiting.values(), ...this.#returning.values()].filter((d) => d.droppedAtMs >= sinceMs);
    for (const d of hit) d.cause = cause;
    return hit;
  }

  /** The session stopped at `atMs` (recess, adjournment). */
  sessionEnded(atMs: number): void {
    for (const drop of [...this.#waiting.values(), ...this.#returning.values()]) {
      // A participant who did not come back within the session is not a reconnect (as before);
      // an outage vcourt caused is a hole in the record up to here.
      if (drop.cause === 'participant_reconnected') continue;
      this.#settle(drop, (since) => (since < atMs ? { trackId: drop.trackId, startMs: since, endMs: atMs } : undefined));
    }
    this.#waiting.clear();
    this.#returning.clear();
  }

  /** Every gap decided so far is written. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  #settle(drop: Drop, span: (since: number) => { trackId: string; startMs: number; endMs: number } | undefined): void {
    const work = drop.since.then((since) => {
      const s = span(since);
      if (s) this.gap({ ...s, participantId: drop.participantId, cause: drop.cause });
    });
    const tracked = work.finally(() => this.#pending.delete(tracked));
    this.#pending.add(tracked);
    background(tracked, 'recording gap');
  }
}
