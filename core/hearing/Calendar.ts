// The court's calendar and its day: hearings by court day (Asia/Ho_Chi_Minh, whatever zone the
// server runs in), each with how its people stand (invited, waiting, present) from the live
// presence, and the clerk's view of every participant. Queries only: nothing here changes anything.
import { COURT_TIME_ZONE, endOfCourtDay, zoneOffsetMs } from '../lib/courtLocale.js';
import type { CalendarHearing, Dashboard, StaffParticipantView } from '../protocol/workspace.js';
import type { CaseFile } from './CaseFile.js';
import { ValidationError } from './errors.js';
import type { Clock, Store } from './ports.js';
import type { CaseRecord, HearingRecord, ParticipantRecord } from './types.js';
import { hearingView, staffParticipantView } from './views.js';

/** The longest range one calendar query may span, in court days (two months). */
export const MAX_CALENDAR_DAYS = 62;

const DAY_MS = 24 * 3600 * 1000;

/** `2025-03-01` → `2025-02-28`, by the calendar (no zone involved). */
function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}

/** The instants court day `day` spans: [start, end), ISO. */
export function courtDayBounds(day: string): { start: string; end: string } {
  const end = endOfCourtDay(day);
  if (Number.isNaN(end.getTime())) throw new ValidationError(`Not a day: ${day}`);
  return { start: new Date(endOfCourtDay(dayBefore(day)).getTime() + 1).toISOString(), end: new Date(end.getTime() + 1).toISOString() };
}

/** The court's calendar day at `at`: what a clock on the courtroom wall says the date is. */
export function courtDay(at: Date): string {
  return new Date(at.getTime() + zoneOffsetMs(COURT_TIME_ZONE, at.getTime())).toISOString().slice(0, 10);
}

export class Calendar {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly caseFile: CaseFile,
    private readonly isConnected: (participantId: string) => boolean = () => false,
  ) {}

  /** Hearings from court day `from` through court day `to`, both included, soonest first. */
  hearings(from: string, to: string): CalendarHearing[] {
    if (to < from) throw new ValidationError('The range ends before it starts (to < from)');
    const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
    if (days > MAX_CALENDAR_DAYS) throw new ValidationError(`At most ${MAX_CALENDAR_DAYS} days at a time (asked for ${days})`);
    return this.#between(from, to).map(({ hearing, kase }) => this.#calendarHearing(hearing, kase));
  }

  /** The court's day (today by default): every hearing, and everyone in it with their link and connection. */
  dashboard(day: string = courtDay(this.clock.now())): Dashboard {
    return {
      day,
      hearings: this.#between(day, day).map(({ hearing, kase }) => {
        const people = this.store.participants.listByHearing(hearing.id);
        return {
          hearing: this.#calendarHearing(hearing, kase, people),
          participants: people.map((p) => staffParticipantView(this.store, p, this.isConnected(p.id))),
        };
      }),
    };
  }

  /** GET /api/hearings/:id's people, as the clerk sees them. */
  participants(hearingId: string): StaffParticipantView[] {
    this.caseFile.getHearing(hearingId);
    return this.store.participants.listByHearing(hearingId).map((p) => this.participant(p));
  }

  participant(p: ParticipantRecord): StaffParticipantView {
    return staffParticipantView(this.store, p, this.isConnected(p.id));
  }

  #between(from: string, to: string): { hearing: HearingRecord; kase: CaseRecord | undefined }[] {
    const cases = new Map<string, CaseRecord | undefined>();
    const kaseOf = (id: string) => {
      if (!cases.has(id)) cases.set(id, this.store.cases.get(id));
      return cases.get(id);
    };
    return this.store.hearings
      .listBetween(courtDayBounds(from).start, courtDayBounds(to).end)
      .map((hearing) => ({ hearing, kase: kaseOf(hearing.caseId) }));
  }

  /**
   * Counts of people (devices and those removed left out): invited = never joined; waiting = in
   * the lobby and connected; present = admitted and connected.
   */
  #calendarHearing(hearing: HearingRecord, kase: CaseRecord | undefined, all?: ParticipantRecord[]): CalendarHearing {
    const people = (all ?? this.store.participants.listByHearing(hearing.id)).filter((p) => p.role !== 'device' && p.status !== 'removed');
    const connected = (p: ParticipantRecord) => this.isConnected(p.id);
    return {
      ...hearingView(this.store, hearing, kase),
      caseKind: kase?.kind ?? 'criminal',
      counts: {
        participants: people.length,
        invited: people.filter((p) => p.status === 'invited').length,
        waiting: people.filter((p) => p.status === 'lobby' && connected(p)).length,
        present: people.filter((p) => p.status === 'admitted' && connected(p)).length,
      },
    };
  }
}
