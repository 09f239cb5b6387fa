// Every time the client shows is the court's time (COURT_TIME_ZONE, Vietnam), labelled with its zone
// ("GMT+7"), whatever zone the browser is in: a gap at 14:03 in the judge's alert is 14:03 in the
// minutes. The one place that formats instants; i18n.ts wraps these with the reader's language.
import { COURT_TIME_ZONE, courtZoneLabel } from '../../core/lib/courtLocale.js';

export type TimeLang = 'vi' | 'en';
export type Instant = string | number | Date;

const formats = new Map<string, Intl.DateTimeFormat>();

function format(lang: TimeLang, kind: 'time' | 'seconds' | 'date' | 'day'): Intl.DateTimeFormat {
  const key = `${lang}:${kind}`;
  let f = formats.get(key);
  if (!f) {
    const locale = kind === 'day' ? 'en-CA' : lang === 'vi' ? 'vi-VN' : 'en-GB';
    const zone = { timeZone: COURT_TIME_ZONE };
    f = new Intl.DateTimeFormat(
      locale,
      kind === 'date'
        ? { ...zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }
        : kind === 'day'
          ? { ...zone, year: 'numeric', month: '2-digit', day: '2-digit' }
          : { ...zone, hour: '2-digit', minute: '2-digit', ...(kind === 'seconds' ? { second: '2-digit' } : {}), hourCycle: 'h23' },
    );
    formats.set(key, f);
  }
  return f;
}

function toDate(at: Instant): Date | null {
  const date = at instanceof Date ? at : new Date(at);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "14:03" or "14:03:27": the wall-clock time in the court's zone, without the zone. */
export function courtClock(at: Instant, lang: TimeLang, seconds = false): string {
  const date = toDate(at);
  return date ? format(lang, seconds ? 'seconds' : 'time').format(date) : String(at);
}

/** "Chủ Nhật, 29 tháng 11, 2026" / "Sunday, 29 November 2026": the court's calendar day. */
export function courtDate(at: Instant, lang: TimeLang): string {
  const date = toDate(at);
  return date ? format(lang, 'date').format(date) : String(at);
}

/** "14:03:27 GMT+7": a time of day with its zone (alerts, readings). */
export function formatCourtTime(at: Instant, lang: TimeLang, seconds = true): string {
  const date = toDate(at);
  if (!date) return String(at);
  return `${courtClock(date, lang, seconds)} ${courtZoneLabel(date.getTime())}`;
}

/**
 * "14:03 GMT+7, Chủ Nhật, 29 tháng 11, 2026": time first, so that it reads after "lúc"/"at" in a
 * sentence (vi-VN's own date-time style starts with "lúc" itself: "lúc lúc 14:03").
 */
export function formatCourtDateTime(at: Instant, lang: TimeLang): string {
  const date = toDate(at);
  if (!date) return String(at);
  return `${formatCourtTime(date, lang, false)}, ${courtDate(date, lang)}`;
}

/** The court's calendar day of an instant, "YYYY-MM-DD" (what <input type="date"> wants). */
export function courtDay(at: Instant): string {
  const date = toDate(at);
  return date ? format('vi', 'day').format(date) : String(at);
}
