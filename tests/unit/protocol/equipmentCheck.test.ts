// The equipment check's wire schema: a report within bounds is taken as sent; anything out of
// bounds, extra or missing is refused (through the Request union, as the server parses it).
import { describe, expect, it } from 'vitest';
import { EquipmentCheckReport } from '../../../core/protocol/equipmentCheck.js';
import { Request } from '../../../core/protocol/signaling.js';

const REPORT = {
  network: { connected: true, rttMs: 14.5, lossPct: 0.2, uplinkKbps: 1800 },
  micOk: true,
  speakerOk: null,
  camera: true,
};
const asRequest = (report: unknown) => Request.safeParse({ type: 'equipment.report', report });

describe('EquipmentCheckReport', () => {
  it('accepts a full report, an unfinished network check and unknown figures', () => {
    expect(EquipmentCheckReport.parse(REPORT)).toEqual(REPORT);
    expect(asRequest({ ...REPORT, network: null }).success).toBe(true);
    expect(asRequest({ ...REPORT, network: { connected: false, rttMs: null, lossPct: null, uplinkKbps: null } }).success).toBe(true);
  });

  it.each([
    ['a negative round trip', { network: { ...REPORT.network, rttMs: -1 } }],
    ['a round trip over a minute', { network: { ...REPORT.network, rttMs: 60_001 } }],
    ['loss over 100 %', { network: { ...REPORT.network, lossPct: 101 } }],
    ['an uplink beyond 10 Gbit/s', { network: { ...REPORT.network, uplinkKbps: 1e8 } }],
    ['a figure that is not a number', { network: { ...REPORT.network, rttMs: '12' } }],
    ['a grade of its own (the server grades)', { network: { ...REPORT.network, grade: 'good' } }],
    ['an unknown field', { extra: 1 }],
    ['a microphone verdict that is not a boolean', { micOk: 'yes' }],
  ])('refuses %s', (_what, change) => {
    expect(asRequest({ ...REPORT, ...change }).success).toBe(false);
  });

  it.each(['network', 'micOk', 'speakerOk', 'camera'])('refuses a report without %s', (field) => {
    const { [field as keyof typeof REPORT]: _gone, ...rest } = REPORT;
    expect(asRequest(rest).success).toBe(false);
  });

  it('refuses the probe requests with stray fields or bad parameters', () => {
    expect(Request.safeParse({ type: 'probe.start', hearingId: 'h-1' }).success).toBe(false);
    expect(Request.safeParse({ type: 'probe.produce', transportId: 't', kind: 'smell', rtpParameters: {} }).success).toBe(false);
    expect(Request.safeParse({ type: 'probe.connect', transportId: '', dtlsParameters: {} }).success).toBe(false);
  });
});
