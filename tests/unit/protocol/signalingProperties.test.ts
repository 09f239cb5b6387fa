// The signaling schemas under property-based fuzzing (fast-check), and the bounds on the media
// parameters they hand to mediasoup (core/protocol/boundedJson.ts). Whatever arrives, the schema
// answers (never throws) and what it accepts is within the bounds; what real clients send is
// accepted. The same fuzzing runs against a real server in tests/integration/signaling-fuzz.test.ts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { createWorker, getSupportedRtpCapabilities } from 'mediasoup';
import { describe, expect, it } from 'vitest';
import { jsonBoundsViolation, MEDIA_PARAMETER_LIMITS } from '../../../core/protocol/boundedJson.js';
import { Request, type RequestType } from '../../../core/protocol/signaling.js';
import { parseOffer } from '../../../ingest/whip/WhipSdp.js';
import { MEDIA_CODECS } from '../../../media/MediaConfig.js';
import { deeplyNested, mutate, mutations, validMessages } from '../../support/signalingFuzz.js';

const VALID = validMessages({ participantId: 'p-1', transportId: 't-1', producerId: 'pr-1', consumerId: 'c-1' });
const TYPES = Object.keys(VALID) as RequestType[];
const MEDIA_FIELDS = ['dtlsParameters', 'rtpParameters', 'rtpCapabilities'] as const;

/** safeParse never throws; an accepted message is a request of the union with its media parameters in bounds. */
function answers(value: unknown): void {
  const parsed = Request.safeParse(value);
  if (!parsed.success) {
    expect(parsed.error.issues.length).toBeGreaterThan(0);
    return;
  }
  expect(TYPES).toContain(parsed.data.type);
  for (const field of MEDIA_FIELDS) {
    if (field in parsed.data) expect(jsonBoundsViolation((parsed.data as Record<string, unknown>)[field])).toBeNull();
  }
}

describe('signaling schemas under fuzzing (fast-check)', () => {
  it('arbitrary JSON is answered, never thrown on', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), answers), { numRuns: 1000 });
  });

  it('objects with a real request type and arbitrary fields are answered', () => {
    const message = fc
      .tuple(fc.constantFrom(...TYPES), fc.dictionary(fc.string({ maxLength: 16 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 5 }))
      .map(([type, rest]) => ({ ...rest, type }));
    fc.assert(fc.property(message, answers), { numRuns: 1000 });
  });

  it('mutations of every valid message (set, add, delete, deep nesting, wide arrays, another type) are answered', () => {
    const mutated = fc.tuple(fc.constantFrom(...TYPES), mutations(TYPES)).map(([type, steps]) => mutate(VALID[type], steps));
    fc.assert(fc.property(mutated, answers), { numRuns: 2000 });
  });
});

describe('media parameters are bounded before mediasoup sees them', () => {
  const produce = (rtpParameters: unknown) => Request.safeParse({ ...VALID['media.produce'], rtpParameters });

  it('a 20,000-deep rtpParameters is refused as too deep', () => {
    const parsed = produce({ codecs: [], encodings: [deeplyNested(20_000)] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/nested deeper than 8 levels/);
  });

  it('depth 8 is accepted, depth 9 refused (the value itself is depth 1)', () => {
    expect(jsonBoundsViolation(deeplyNested(8))).toBeNull();
    expect(jsonBoundsViolation(deeplyNested(9))).toMatch(/deeper than 8/);
    expect(produce(deeplyNested(8)).success).toBe(true);
    expect(produce(deeplyNested(9)).success).toBe(false);
  });

  it.each([
    ['a long array', { encodings: Array.from({ length: 65 }, (_, i) => ({ ssrc: i })) }, /more than 64 items/],
    ['an object with many keys', Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, 1])), /more than 64 keys/],
    ['a long string', { mid: 'x'.repeat(1025) }, /longer than 1024 characters/],
    ['a long key', { ['k'.repeat(129)]: 1 }, /key is longer than 128/],
    ['a large total', { codecs: Array.from({ length: 40 }, () => ({ parameters: { a: 'x'.repeat(1000) } })) }, /larger than 32768 bytes/],
  ])('%s is refused', (_what, value, reason) => {
    expect(jsonBoundsViolation(value)).toMatch(reason);
    expect(produce(value).success).toBe(false);
  });

  it('binary attachments and other non-JSON values are refused', () => {
    expect(jsonBoundsViolation({ a: Buffer.from('abc') })).toMatch(/plain JSON/);
    expect(jsonBoundsViolation({ a: new Date() })).toMatch(/plain JSON/);
    expect(jsonBoundsViolation({ a: Number.NaN })).toMatch(/finite/);
    expect(jsonBoundsViolation({ a: undefined })).toMatch(/not JSON/);
    expect(produce({ codecs: Buffer.from('abc') }).success).toBe(false);
  });

  it('what real clients send is accepted: every capability mediasoup supports, a router’s, and Chromium’s RTP parameters', async () => {
    const supported = getSupportedRtpCapabilities();
    expect(jsonBoundsViolation(supported)).toBeNull();
    expect(JSON.stringify(supported).length).toBeLessThan(MEDIA_PARAMETER_LIMITS.maxTotal);
    const worker = await createWorker({ logLevel: 'error' });
    try {
      const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
      expect(Request.safeParse({ ...VALID['media.consume'], rtpCapabilities: router.rtpCapabilities }).success).toBe(true);
      const t = await router.createWebRtcTransport({ listenInfos: [{ protocol: 'udp', ip: '127.0.0.1' }] });
      expect(Request.safeParse({ ...VALID['media.connectTransport'], dtlsParameters: t.dtlsParameters }).success).toBe(true);
      const chromium = readFileSync(join(import.meta.dirname, '../ingest/whip/fixtures/chromium-offer.sdp'), 'utf8');
      for (const track of parseOffer(chromium, router.rtpCapabilities).tracks) {
        expect(produce(JSON.parse(JSON.stringify(track.rtpParameters))).success).toBe(true);
      }
    } finally {
      worker.close();
    }
  });
});
