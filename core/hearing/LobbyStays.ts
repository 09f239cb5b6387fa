// How the audit log (and so the minutes) tells of people waiting in the lobby, so that a waiting
// participant who reconnects, reloads or leaves and comes back — or does it a thousand times —
// writes one story and not a thousand events:
//
//   A lobby stay is audited once, `lobby.entered`, when it begins. A departure from the lobby (a
//   `leave`, or the socket lost) is held back for `graceMs`: back within it, the stay goes on and
//   neither the departure nor the return is written; away longer, the departure is written when the
//   grace runs out, stamped with the moment it happened, and a later return opens a new stay. A
//   stay also ends, its held departure written first, when the participant is admitted, denied or
//   removed, when the hearing is adjourned, and when the server stops.
//
// What the bench sees live is untouched (every change is still announced at once); only the
// record leaves out absences shorter than the grace, which nobody waiting could have been called
// in during without the bench seeing them back. Participants in the hearing (admitted) are
// audited as before, event by event. With graceMs 0 nothing is held.
import type { Clock } from './ports.js';
import type { Actor } from './types.js';

export interface Departure {
  hearingId: string;
  participantId: string;
  type: 'participant.left' | 'participant.disconnected';
  actor: Actor;
  /** When it happened (ISO), the time the event carries when written. */
  at: string;
}

interface Held {
  departure: Departure;
  timer: ReturnType<typeof setTimeout>;
}

export class LobbyStays {
  readonly #held = new Map<string, Held>();
  #closed = false;

  /** `expired` is called when a departure's grace runs out; it should write what take() then gives. */
  constructor(
    private readonly graceMs: number,
    private readonly clock: Clock,
    private readonly expired: (hearingId: string, participantId: string) => void,
  ) {}

  /** Holds a departure from the lobby instead of writing it; false when nothing is held (write it now). */
  hold(departure: Omit<Departure, 'at'>): boolean {
    if (this.graceMs <= 0 || this.#closed) return false;
    const now = this.clock.now();
    const earlier = this.#held.get(departure.participantId);
    if (earlier) {
      // Away already (lost the socket, then a leave): one departure, from the first moment, as a leave.
      earlier.departure = { ...earlier.departure, type: departure.type === 'participant.left' ? departure.type : earlier.departure.type };
      return true;
    }
    const timer = setTimeout(() => this.expired(departure.hearingId, departure.participantId), this.graceMs);
    (timer as { unref?: () => void }).unref?.();
    this.#held.set(departure.participantId, { departure: { ...departure, at: now.toISOString() }, timer });
    return true;
  }

  /**
   * The participant is back in the lobby. 'resumed': within the grace, the same stay (write
   * nothing); a Departure: away too long, write it before the new stay; null: nothing was held.
   */
  back(participantId: string): 'resumed' | Departure | null {
    const held = this.take(participantId);
    if (!held) return null;
    return this.clock.now().getTime() - Date.parse(held.at) <= this.graceMs ? 'resumed' : held;
  }

  /** The held departure of one participant, to be written now (the stay ends); undefined if none. */
  take(participantId: string): Departure | undefined {
    const held = this.#held.get(participantId);
    if (!held) return undefined;
    clearTimeout(held.timer);
    this.#held.delete(participantId);
    return held.departure;
  }

  /** The server stops: every held departure, to be written now; from here on nothing is held. */
  close(): Departure[] {
    this.#closed = true;
    return this.takeAll();
  }

  /** Every held departure of one hearing (or of all), taken out to be written now. */
  takeAll(hearingId?: string): Departure[] {
    const ids = [...this.#held.values()]
      .filter((h) => !hearingId || h.departure.hearingId === hearingId)
      .map((h) => h.departure.participantId);
    return ids.map((id) => this.take(id)!);
  }
}
