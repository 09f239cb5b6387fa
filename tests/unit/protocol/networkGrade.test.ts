// The equipment check's verdict (core/protocol/networkGrade.ts): which figures make a network good,
// weak or unusable, at and around each stated threshold, and whose voice the hearing needs.
import { describe, expect, it } from 'vitest';
import { gradeNetwork, needsMicrophone, NETWORK_THRESHOLDS, type NetworkFigures } from '../../../core/protocol/networkGrade.js';
import { ROLES } from '../../../core/protocol/model.js';

const LAN: NetworkFigures = { connected: true, rttMs: 12, lossPct: 0, uplinkKbps: 2500 };
const { maxRttMs, maxLossPct, minUplinkKbps } = NETWORK_THRESHOLDS;

describe('gradeNetwork', () => {
  it('calls a wired office network good', () => {
    expect(gradeNetwork(LAN)).toEqual({ grade: 'good', reasons: [] });
  });

  it('calls no media reaching the server "cannot connect", whatever else was measured', () => {
    expect(gradeNetwork({ ...LAN, connected: false }).grade).toBe('cannot_connect');
    expect(gradeNetwork({ connected: false, rttMs: null, lossPct: null, uplinkKbps: null }).grade).toBe('cannot_connect');
  });

  it.each([
    ['a slow round trip', { rttMs: maxRttMs + 1 }, ['rtt']],
    ['lost packets', { lossPct: maxLossPct + 0.5 }, ['loss']],
    ['a thin uplink', { uplinkKbps: minUplinkKbps - 1 }, ['uplink']],
    ['all three', { rttMs: 900, lossPct: 12, uplinkKbps: 150 }, ['rtt', 'loss', 'uplink']],
  ])('calls %s weak, and says why', (_what, change, reasons) => {
    expect(gradeNetwork({ ...LAN, ...change })).toEqual({ grade: 'weak', reasons });
  });

  it('keeps a network exactly at each threshold good (the bound is inclusive)', () => {
    expect(gradeNetwork({ connected: true, rttMs: maxRttMs, lossPct: maxLossPct, uplinkKbps: minUplinkKbps }).grade).toBe('good');
  });

  it('judges only what it could measure: unknown figures count neither way', () => {
    expect(gradeNetwork({ connected: true, rttMs: null, lossPct: null, uplinkKbps: null }).grade).toBe('good');
    expect(gradeNetwork({ connected: true, rttMs: null, lossPct: 9, uplinkKbps: null })).toEqual({ grade: 'weak', reasons: ['loss'] });
  });
});

describe('needsMicrophone', () => {
  it('holds for every role that speaks, and not for observers or courtroom devices', () => {
    const silent = ROLES.filter((r) => !needsMicrophone(r));
    expect(silent).toEqual(['observer', 'device']);
    expect(needsMicrophone('defendant')).toBe(true);
    expect(needsMicrophone('panel_judge')).toBe(true);
  });
});
