// One reading of an H.264 profile-level-id for RTSP pass-through and WHIP offers alike: the table
// of RFC 6184 §8.1 as libwebrtc and mediasoup apply it (profile_idc, then the constraint flags).
import { describe, expect, it } from 'vitest';
import { h264Profile, type H264Profile } from '../../../ingest/h264Profile.js';

const CASES: [profileLevelId: unknown, profile: H264Profile, why: string][] = [
  ['42e01f', 'constrained-baseline', 'Baseline + cs0 cs1 cs2: what browsers send'],
  ['42c015', 'constrained-baseline', 'Baseline + cs0 cs1'],
  ['424015', 'constrained-baseline', 'Baseline + cs1 alone'],
  ['42E01F', 'constrained-baseline', 'hex in capitals'],
  ['4d801f', 'constrained-baseline', 'Main + cs0: a baseline decoder can play it'],
  ['58c01f', 'constrained-baseline', 'Extended + cs0 cs1'],
  ['42001f', 'baseline', 'Baseline, no constraints'],
  ['42800a', 'baseline', 'Baseline + cs0 only (cs1 unset)'],
  ['58801f', 'baseline', 'Extended + cs0'],
  ['4d001f', 'main', 'Main'],
  ['4d0032', 'main', 'Main, level 5'],
  ['4d401f', 'main', 'Main + cs1'],
  ['4d101f', 'main', 'Main + cs3'],
  ['640034', 'high', 'High'],
  ['640c1f', 'constrained-high', 'High + cs4 cs5 (no B slices); not plain High'],
  ['f4001f', 'predictive-high-444', 'High 4:4:4 Predictive'],
  [undefined, 'baseline', 'absent: RFC 6184 implies Baseline'],
  [420015, 'baseline', 'all digits, parsed from SDP as a number'],
  [0x42e01f, 'unknown', 'a number is read in decimal, as SDP writes it'],
  ['4d201f', 'unknown', 'Main + cs2: no entry in the table'],
  ['64801f', 'unknown', 'High with a constraint flag other than cs4+cs5'],
  ['42e81f', 'unknown', 'reserved low bits set'],
  ['58001f', 'unknown', 'Extended without cs0'],
  ['6e001f', 'unknown', 'High 10: not a WebRTC profile'],
  ['zz', 'unknown', 'not hex'],
  ['42e01', 'unknown', 'five digits'],
  ['', 'unknown', 'empty'],
];

describe('h264Profile', () => {
  it.each(CASES)('%s → %s (%s)', (profileLevelId, profile) => {
    expect(h264Profile(profileLevelId)).toBe(profile);
  });

  it('leaves the level out', () => {
    expect(new Set(['42e00a', '42e01f', '42e034'].map(h264Profile))).toEqual(new Set(['constrained-baseline']));
  });
});
