// The H.264 profile an SDP profile-level-id names (RFC 6184 §8.1): its first byte is profile_idc,
// its second the constraint_set flags (cs0…cs5, then two reserved zero bits). Read the way
// libwebrtc and mediasoup read it (the same table), because mediasoup decides whether a producer's
// H.264 fits the router by this profile: a pass-through (RTSP) or a WHIP offer is accepted only
// when its profile here equals a router codec's. The level (third byte) is not part of it.

export type H264Profile = 'constrained-baseline' | 'baseline' | 'main' | 'constrained-high' | 'high' | 'predictive-high-444' | 'unknown';

/** Missing profile-level-id: RFC 6184's default, the Baseline profile (libwebrtc assumes constrained baseline instead). */
const DEFAULT_PROFILE_LEVEL_ID = '42000a';

/** profile_idc, the constraint byte bit by bit from cs0 (x: either), and the profile they name. */
const PATTERNS: readonly { idc: number; pattern: string; profile: H264Profile }[] = [
  // Baseline with cs1, or Main / Extended with cs0 (and cs1): decodable by any baseline decoder.
  { idc: 0x42, pattern: 'x1xx0000', profile: 'constrained-baseline' },
  { idc: 0x4d, pattern: '1xxx0000', profile: 'constrained-baseline' },
  { idc: 0x58, pattern: '11xx0000', profile: 'constrained-baseline' },
  { idc: 0x42, pattern: 'x0xx0000', profile: 'baseline' },
  { idc: 0x58, pattern: '10xx0000', profile: 'baseline' },
  { idc: 0x4d, pattern: '0x0x0000', profile: 'main' },
  { idc: 0x64, pattern: '00000000', profile: 'high' },
  // High with cs4 and cs5: no B slices (constrained high).
  { idc: 0x64, pattern: '00001100', profile: 'constrained-high' },
  { idc: 0xf4, pattern: '00000000', profile: 'predictive-high-444' },
];

/** "x1xx0000" → does this constraint byte match (x: either bit). */
function matches(pattern: string, flags: number): boolean {
  return [...pattern].every((bit, i) => bit === 'x' || ((flags >> (7 - i)) & 1) === Number(bit));
}

/** The profile of an SDP profile-level-id (six hex digits); 'unknown' when it is not one, or names no profile in the table. */
export function h264Profile(profileLevelId: unknown): H264Profile {
  const id = String(profileLevelId ?? DEFAULT_PROFILE_LEVEL_ID).toLowerCase();
  if (!/^[0-9a-f]{6}$/.test(id)) return 'unknown';
  const idc = parseInt(id.slice(0, 2), 16);
  const flags = parseInt(id.slice(2, 4), 16);
  return PATTERNS.find((p) => p.idc === idc && matches(p.pattern, flags))?.profile ?? 'unknown';
}
