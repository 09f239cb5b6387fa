// The grade of a participant's link during the hearing (core/protocol/linkQuality.ts), the merge of
// the server's figures with the browser's report, and the bounds of that report (media.quality).
import { describe, expect, it } from 'vitest';
import { gradeLink, LINK_THRESHOLDS, mergeLinkFigures, type LinkFigures } from '../../../core/protocol/linkQuality.js';
import { NETWORK_THRESHOLDS } from '../../../core/protocol/networkGrade.js';
import { Request } from '../../../core/protocol/signaling.js';

const NONE: LinkFigures = { rttMs: null, lossPct: null, downKbps: null, upKbps: null, sendLayer: null, sendLayers: null, recvLayer: null };
const GOOD: LinkFigures = { ...NONE, rttMs: 40, lossPct: 0, downKbps: 2000, upKbps: 1500 };

describe('gradeLink', () => {
  it('is null with nothing measured, and good within every threshold', () => {
    expect(gradeLink(NONE)).toBeNull();
    expect(gradeLink({ ...NONE, sendLayer: 2, sendLayers: 3 })).toBeNull();
    expect(gradeLink(GOOD)).toBe('good');
    expect(gradeLink({ ...NONE, rttMs: 400 })).toBe('good');
  });

  it('calls fair what the equipment check calls weak', () => {
    expect(LINK_THRESHOLDS.fair).toEqual({
      maxRttMs: NETWORK_THRESHOLDS.maxRttMs,
      maxLossPct: NETWORK_THRESHOLDS.maxLossPct,
      minKbps: NETWORK_THRESHOLDS.minUplinkKbps,
    });
    expect(gradeLink({ ...GOOD, rttMs: 401 })).toBe('fair');
    expect(gradeLink({ ...GOOD, lossPct: 3.5 })).toBe('fair');
    expect(gradeLink({ ...GOOD, upKbps: 399 })).toBe('fair');
    expect(gradeLink({ ...GOOD, downKbps: 399 })).toBe('fair');
  });

  it.each([
    ['round trip', { rttMs: 1001 }],
    ['loss', { lossPct: 10.5 }],
    ['uplink', { upKbps: 149 }],
    ['downlink', { downKbps: 120 }],
  ])('is poor on %s alone', (_what, figures) => {
    expect(gradeLink({ ...GOOD, ...figures })).toBe('poor');
  });
});

describe('mergeLinkFigures', () => {
  it('takes the server’s RTT first, the worse loss, and the browser’s uplink', () => {
    const server = { ...NONE, rttMs: 50, lossPct: 1, downKbps: 900, sendLayer: 1, sendLayers: 3 };
    expect(mergeLinkFigures(server, { rttMs: 80, lossPct: 4, upKbps: 700 })).toEqual({ ...server, lossPct: 4, upKbps: 700 });
    expect(mergeLinkFigures({ ...server, rttMs: null }, { rttMs: 80, lossPct: null, upKbps: null })).toMatchObject({
      rttMs: 80,
      lossPct: 1,
    });
    expect(mergeLinkFigures(server, undefined)).toBe(server);
  });
});

describe('media.quality', () => {
  const ok = { type: 'media.quality', rttMs: 40, lossPct: 0, upKbps: 1200 };
  it('accepts figures and nulls', () => {
    expect(Request.safeParse(ok).success).toBe(true);
    expect(Request.safeParse({ ...ok, rttMs: null, lossPct: null, upKbps: null }).success).toBe(true);
  });
  it.each([
    ['negative RTT', { rttMs: -1 }],
    ['loss over 100 %', { lossPct: 101 }],
    ['infinite uplink', { upKbps: Infinity }],
    ['NaN', { rttMs: NaN }],
    ['a string', { upKbps: '900' }],
    ['a missing figure', { upKbps: undefined }],
    ['an extra key', { participantId: 'someone-else' }],
  ])('refuses %s', (_what, change) => {
    expect(Request.safeParse({ ...ok, ...change }).success).toBe(false);
  });
});
