// The workspace's days and times are the court's (GMT+7) whatever zone the browser is in: a clerk
// in Paris scheduling 08:30 means 08:30 in Hà Nội, and 23:30 there is still that court day.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addDays,
  courtDayOf,
  courtInstant,
  courtTimeOf,
  formatCourtDay,
  isDay,
  weekDays,
  weekStart,
} from '../../../../client/src/clerk/courtTime.js';

describe('court time', () => {
  let zone: string | undefined;
  beforeEach(() => {
    zone = process.env.TZ;
    // A browser far from the court: nothing below may depend on it.
    process.env.TZ = 'America/Los_Angeles';
  });
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('courtInstant reads a day and a wall time in GMT+7', () => {
    expect(courtInstant('2026-12-01', '08:30')).toBe('2026-12-01T08:30:00+07:00');
    expect(new Date(courtInstant('2026-12-01', '08:30') ?? '').toISOString()).toBe('2026-12-01T01:30:00.000Z');
  });

  it('courtInstant refuses what is not a day or a time', () => {
    expect(courtInstant('2026-13-01', '08:30')).toBeNull();
    expect(courtInstant('1/12/2026', '08:30')).toBeNull();
    expect(courtInstant('2026-12-01', '24:00')).toBeNull();
    expect(courtInstant('2026-12-01', '8:30')).toBeNull();
  });

  it('a hearing at 23:30 GMT+7 belongs to that court day, not the UTC one', () => {
    const lateEvening = '2026-12-01T16:30:00.000Z'; // 23:30 in Hà Nội
    expect(courtDayOf(lateEvening)).toBe('2026-12-01');
    expect(courtTimeOf(lateEvening)).toBe('23:30');
    expect(courtDayOf('2026-12-01T17:00:00.000Z')).toBe('2026-12-02'); // midnight there
  });

  it('round-trips: the instant of a day and time reads back as the same day and time', () => {
    const at = courtInstant('2026-02-28', '00:05') ?? '';
    expect([courtDayOf(at), courtTimeOf(at)]).toEqual(['2026-02-28', '00:05']);
  });

  it('days move by calendar arithmetic, across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2028-02-29')).toBe(true);
  });

  it('a week runs Monday to Sunday', () => {
    expect(weekStart('2026-11-29')).toBe('2026-11-23'); // a Sunday belongs to the week before
    expect(weekStart('2026-11-30')).toBe('2026-11-30');
    expect(weekDays('2026-12-02')).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
  });

  it('formats a court day in Vietnamese and in English', () => {
    expect(formatCourtDay('2026-11-30', 'vi')).toMatch(/Thứ Hai/);
    expect(formatCourtDay('2026-11-30', 'vi')).toMatch(/30\/11\/2026/);
    expect(formatCourtDay('2026-11-30', 'en')).toMatch(/Monday/);
  });
});
