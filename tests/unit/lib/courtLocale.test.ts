// The court's locale is read by the server, the recorder and the client: one zone, one set of role
// names, one role order.
import { describe, expect, it } from 'vitest';
import {
  COURT_TIME_ZONE,
  courtZoneLabel,
  endOfCourtDay,
  ROLE_LABELS,
  ROLE_ORDER,
  roleRank,
  zoneLabel,
  zoneOffsetMs,
} from '../../../core/lib/courtLocale.js';
import { ROLES } from '../../../core/protocol/model.js';

describe('the court locale', () => {
  it('orders every role once: the bench first, observers last', () => {
    expect([...ROLE_ORDER].sort()).toEqual([...ROLES].sort());
    expect(ROLE_ORDER[0]).toBe('judge');
    expect(ROLE_ORDER.at(-1)).toBe('observer');
    expect(roleRank('clerk')).toBeLessThan(roleRank('defendant'));
    expect(roleRank('device')).toBeLessThan(roleRank('observer'));
  });

  it('names every role in Vietnamese and English', () => {
    for (const role of ROLES) {
      expect(ROLE_LABELS[role].vi).toMatch(/\S/);
      expect(ROLE_LABELS[role].en).toMatch(/\S/);
    }
    expect(ROLE_LABELS.judge).toEqual({ vi: 'Thẩm phán chủ tọa', en: 'Presiding judge' });
    expect(ROLE_LABELS.clerk).toEqual({ vi: 'Thư ký phiên tòa', en: 'Court clerk' });
    expect(ROLE_LABELS.assessor.vi).toBe('Hội thẩm nhân dân');
  });

  it('keeps the time in Vietnam, GMT+7', () => {
    expect(COURT_TIME_ZONE).toBe('Asia/Ho_Chi_Minh');
    expect(courtZoneLabel(Date.UTC(2026, 0, 1))).toBe('GMT+7');
    expect(zoneOffsetMs('Europe/Berlin', Date.UTC(2026, 6, 1))).toBe(2 * 3600_000);
    expect(zoneLabel(-3.5 * 3600_000)).toBe('GMT-3:30');
  });

  it('ends a calendar day at its last millisecond in the court’s zone', () => {
    expect(endOfCourtDay('2030-06-01').toISOString()).toBe('2030-06-01T16:59:59.999Z');
    expect(endOfCourtDay('2026-12-31').toISOString()).toBe('2026-12-31T16:59:59.999Z');
    expect(Number.isNaN(endOfCourtDay('2026-13-01').getTime())).toBe(true);
  });
});
