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
  async hearings(from: string, to: string): Promise<CalendarHearing[]> {
    if (to < from) throw new ValidationError('The range ends before it starts (to < from)');
    const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
    if (days > MAX_CALENDAR_DAYS) throw new ValidationError(`At most ${MAX_CALENDAR_DAYS} days at a time (asked for ${days})`);
    const out: CalendarHearing[] = [];
    for (const { hearing, kase } of await this.#between(from, to)) out.push(await this.#calendarHearing(hearing, kase));
    return out;
  }

  /** The court's day (today by default): every hearing, and everyone in it with their link and connection. */
  async dashboard(day: string = courtDay(this.clock.now())): Promise<Dashboard> {
    const hearings: Dashboard['hearings'] = [];
    for (const { hearing, kase } of await this.#between(day, day)) {
      const people = await this.store.participants.listByHearing(hearing.id);
      hearings.push({ hearing: await this.#calendarHearing(hearing, kase, people), participants: await this.#views(people) });
    }
    return { day, hearings };
  }

  /** GET /api/hearings/:id's people, as the clerk sees them. */
  async participants(hearingId: string): Promise<StaffParticipantView[]> {
    await this.caseFile.getHearing(hearingId);
    return this.#views(await this.store.participants.listByHearing(hearingId));
  }

  async participant(p: ParticipantRecord): Promise<StaffParticipantView> {
    return staffParticipantView(this.store, p, this.isConnected(p.id));
  }

  async #views(people: ParticipantRecord[]): Promise<StaffParticipantView[]> {
    const views: StaffParticipantView[] = [];
    for (const p of people) views.push(await this.participant(p));
    return views;
  }

  async #between(from: string, to: string): Promise<{ hearing: HearingRecord; kase: CaseRecord | undefined }[]> {
    const cases = new Map<string, CaseRecord | undefined>();
    const out: { hearing: HearingRecord; kase: CaseRecord | undefined }[] = [];
    for (const hearing of await this.store.hearings.listBetween(courtDayBounds(from).start, courtDayBounds(to).end)) {
      if (!cases.has(hearing.caseId)) cases.set(hearing.caseId, await this.store.cases.get(hearing.caseId));
      out.push({ hearing, kase: cases.get(hearing.caseId) });
    }
    return out;
  }

  /**
   * Counts of people (devices and those removed left out): invited = never joined; waiting = in
   * the lobby and connected; present = admitted and connected.
   */
  async #calendarHearing(hearing: HearingRecord, kase: CaseRecord | undefined, all?: ParticipantRecord[]): Promise<CalendarHearing> {
    const people = (all ?? (await this.store.participants.listByHearing(hearing.id))).filter(
      (p) => p.role !== 'device' && p.status !== 'removed',
    );
    const connected = (p: ParticipantRecord) => this.isConnected(p.id);
    return {
      ...(await hearingView(this.store, hearing, kase)),
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
