// Days and times as the court keeps them: every day and hour the workspace shows or reads is in
// the court's zone (COURT_TIME_ZONE, GMT+7), never the browser's. A "day" is `YYYY-MM-DD`; a
// wall time is `HH:MM`. Framework-free, so the unit tests run it under Node.
import { COURT_TIME_ZONE, courtZoneLabel, zoneOffsetMs } from '../../../core/lib/courtLocale.js';

export type Lang = 'vi' | 'en';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: COURT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: COURT_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isDay(value: string): boolean {
  if (!DAY.test(value)) return false;
  // Date.parse rolls 2026-02-29 over to March: a real day reads back as itself.
  const ms = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/** The court's calendar day of an instant. */
export function courtDayOf(at: string | number | Date): string {
  return dayFormat.format(new Date(at));
}

/** Today, in the court's zone. */
export function courtToday(now: number = Date.now()): string {
  return courtDayOf(now);
}

/** The wall time (HH:MM) of an instant in the court's zone. */
export function courtTimeOf(at: string | number | Date): string {
  return timeFormat.format(new Date(at));
}

/** `day` moved by `n` days (calendar arithmetic: no zone is involved). */
export function addDays(day: string, n: number): string {
  const ms = Date.parse(`${day}T00:00:00Z`) + n * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** Monday of the week `day` is in (Vietnamese weeks start on Monday: Thứ Hai). */
export function weekStart(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/** The seven days of the week `day` is in, Monday first. */
export function weekDays(day: string): string[] {
  const first = weekStart(day);
  return Array.from({ length: 7 }, (_, i) => addDays(first, i));
}

/** "+07:00" for an offset in ms. */
function offsetText(offsetMs: number): string {
  const minutes = Math.round(offsetMs / 60_000);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The instant a clerk means by `day` at `time` in the court's zone, as an ISO string with the
 * zone's offset (`2026-12-01T08:30:00+07:00`); null when either is not valid.
 */
export function courtInstant(day: string, time: string): string | null {
  if (!isDay(day) || !TIME.test(time)) return null;
  const wall = Date.parse(`${day}T${time}:00Z`);
  const offset = zoneOffsetMs(COURT_TIME_ZONE, wall - zoneOffsetMs(COURT_TIME_ZONE, wall));
  return `${day}T${time}:00${offsetText(offset)}`;
}

/** "GMT+7": printed beside every time the workspace shows or asks for. */
export function courtZone(): string {
  return courtZoneLabel();
}

const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB');

/** "Thứ Hai, 30/11/2026" / "Monday, 30/11/2026": a court day as a heading. */
export function formatCourtDay(day: string, lang: Lang, style: 'long' | 'short' = 'long'): string {
  const noon = courtInstant(day, '12:00');
  if (!noon) return day;
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: COURT_TIME_ZONE,
    weekday: style === 'long' ? 'long' : 'short',
    day: '2-digit',
    month: '2-digit',
    ...(style === 'long' ? { year: 'numeric' as const } : {}),
  }).format(new Date(noon));
}

/** "08:30, 30/11/2026": an instant with its date, in the court's zone. */
export function formatCourtDateTime(at: string, lang: Lang): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return new Intl.DateTimeFormat(locale(lang), {
    timeZone: COURT_TIME_ZONE,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(date);
}
