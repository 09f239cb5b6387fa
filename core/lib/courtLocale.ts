// The court's locale, in one place: the time zone hearings take place in, what each role is called
// (Vietnamese, English), and the order people appear in. Read by the server, the recorder (minutes,
// composite) and the client alike, so it imports types only: no zod reaches the client bundle.
import type { Role } from '../protocol/model.js';

/** Hearings take place in Vietnam: every time the court prints, and every date it reads, is in this zone. */
export const COURT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export type CourtLang = 'vi' | 'en';

/** What each role is called: on the courtroom's tiles, in the composite's labels, in the minutes. */
export const ROLE_LABELS: Readonly<Record<Role, Readonly<Record<CourtLang, string>>>> = {
  judge: { vi: 'Thẩm phán chủ tọa', en: 'Presiding judge' },
  panel_judge: { vi: 'Thẩm phán', en: 'Judge' },
  assessor: { vi: 'Hội thẩm nhân dân', en: "People's assessor" },
  clerk: { vi: 'Thư ký phiên tòa', en: 'Court clerk' },
  prosecutor: { vi: 'Kiểm sát viên', en: 'Procurator' },
  counsel: { vi: 'Người bào chữa', en: 'Defence counsel' },
  representative: { vi: 'Người đại diện', en: 'Representative' },
  defendant: { vi: 'Bị cáo', en: 'Defendant' },
  victim: { vi: 'Bị hại', en: 'Victim' },
  plaintiff: { vi: 'Nguyên đơn', en: 'Plaintiff' },
  respondent: { vi: 'Bị đơn', en: 'Respondent' },
  related_party: { vi: 'Người có quyền lợi, nghĩa vụ liên quan', en: 'Related party' },
  witness: { vi: 'Người làm chứng', en: 'Witness' },
  expert: { vi: 'Người giám định', en: 'Expert' },
  interpreter: { vi: 'Người phiên dịch', en: 'Interpreter' },
  observer: { vi: 'Người quan sát', en: 'Observer' },
  device: { vi: 'Thiết bị', en: 'Device' },
};

/**
 * The order people appear in on every screen and in the composite: the panel, the clerk and the
 * procurator, counsel and the parties, those summoned, the courtroom's cameras, then those who only
 * watch. (ROLES in core/protocol is the vocabulary; its order means nothing.)
 */
export const ROLE_ORDER: readonly Role[] = [
  'judge',
  'panel_judge',
  'assessor',
  'clerk',
  'prosecutor',
  'counsel',
  'representative',
  'defendant',
  'victim',
  'plaintiff',
  'respondent',
  'related_party',
  'witness',
  'expert',
  'interpreter',
  'device',
  'observer',
];

/** Sort key of a role in ROLE_ORDER. */
export function roleRank(role: Role): number {
  return ROLE_ORDER.indexOf(role);
}

const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset at `atMs`, in ms (DST-aware through Intl). */
export function zoneOffsetMs(timeZone: string, atMs: number): number {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    partsFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(Math.floor(atMs / 1000) * 1000));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  // Not Date.UTC: it reads the years 0–99 as 19xx.
  const midnight = new Date(0).setUTCFullYear(n('year'), n('month') - 1, n('day'));
  const asUtc = midnight + ((n('hour') * 60 + n('minute')) * 60 + n('second')) * 1000;
  return asUtc - Math.floor(atMs / 1000) * 1000;
}

/** "GMT+7", "GMT+5:30": printed next to times so the zone is explicit in the record. */
export function zoneLabel(offsetMs: number): string {
  const m = Math.round(offsetMs / 60000);
  const sign = m < 0 ? '-' : '+';
  const h = Math.floor(Math.abs(m) / 60);
  const mm = Math.abs(m) % 60;
  return `GMT${sign}${h}${mm ? `:${String(mm).padStart(2, '0')}` : ''}`;
}

/** The court zone's label at `atMs`: "GMT+7". */
export function courtZoneLabel(atMs: number = Date.now()): string {
  return zoneLabel(zoneOffsetMs(COURT_TIME_ZONE, atMs));
}

/** The last millisecond of calendar day `day` (YYYY-MM-DD) in the court's zone; Invalid Date if `day` is not one. */
export function endOfCourtDay(day: string): Date {
  const wall = Date.parse(`${day}T23:59:59.999Z`); // that wall time, read as if it were UTC
  if (Number.isNaN(wall)) return new Date(Number.NaN);
  // The offset at the instant itself, found from a first guess; exact unless the day ends inside a DST change.
  const guess = wall - zoneOffsetMs(COURT_TIME_ZONE, wall);
  return new Date(wall - zoneOffsetMs(COURT_TIME_ZONE, guess));
}
