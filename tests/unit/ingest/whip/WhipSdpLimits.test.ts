// What a WHIP offer may ask for (ingest/whip/WhipSdp.ts): at most one audio and one video
// m-section (an offer with 300 became 300 producers and a recorder each), a few sections in all,
// a bounded number of simulcast layers, and well-formed DTLS fingerprints. Then a property: any
// text at all, and any mutation of real offers, either parses into a plan within those limits or
// is refused with a ValidationError; nothing else escapes the parser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { createWorker, type types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../core/hearing/errors.js';
import { buildAnswer, parseOffer, type WhipLocal } from '../../../../ingest/whip/WhipSdp.js';
import { MEDIA_CODECS } from '../../../../media/MediaConfig.js';
import { offerWithSections } from '../../../support/abusiveSdp.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const FIXTURES = ['whip-client-vp8-opus.sdp', 'whip-client-h264.sdp', 'whip-client-vp8-trickle.sdp', 'chromium-offer.sdp'].map(fixture);
const [VP8_OPUS, H264] = FIXTURES as [string, string, ...string[]];

let worker: types.Worker;
let caps: types.RtpCapabilities;
let local: WhipLocal;

beforeAll(async () => {
  worker = await createWorker({ logLevel: 'error' });
  const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  caps = router.rtpCapabilities;
  const t = await router.createWebRtcTransport({ listenInfos: [{ protocol: 'udp', ip: '127.0.0.1' }] });
  local = { iceParameters: t.iceParameters, iceCandidates: t.iceCandidates, dtlsParameters: t.dtlsParameters };
  t.close();
});
afterAll(() => worker?.close());

function refusal(sdp: string): string {
  try {
    parseOffer(sdp, caps);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error('the offer was accepted');
}

const withFingerprint = (sdp: string, value: string) => sdp.replace(/^a=fingerprint:.*$/gm, `a=fingerprint:${value}`);
const hex = (bytes: number) =>
  Array.from({ length: bytes }, (_, i) => ((i * 37 + 11) % 256).toString(16).padStart(2, '0').toUpperCase()).join(':');

describe('WHIP offers: one audio and one video section at most', () => {
  it('the compact test offer is itself acceptable with one video and one audio section', () => {
    expect(parseOffer(offerWithSections({ video: 1, audio: 1 }), caps).tracks.map((t) => t.kind)).toEqual(['video', 'audio']);
  });

  it('300 video sections are refused, naming the limit, before any track is planned', () => {
    const sdp = offerWithSections({ video: 300 });
    expect(sdp.length).toBeLessThan(128 * 1024); // reaches the parser through the route's body limit
    expect(refusal(sdp)).toMatch(/300 video m= sections; vcourt takes at most one audio and one video/);
  });

  it('two audio sections, or two video sections, are refused', () => {
    expect(refusal(offerWithSections({ video: 1, audio: 2 }))).toMatch(/2 audio m= sections/);
    expect(refusal(offerWithSections({ video: 2, audio: 1 }))).toMatch(/2 video m= sections/);
  });

  it('many data-channel sections beside the media are refused too', () => {
    const app = 'm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:d\r\na=sctp-port:5000\r\n';
    expect(refusal(VP8_OPUS + app.repeat(3))).toMatch(/5 m= sections; vcourt takes at most 4/);
    expect(parseOffer(VP8_OPUS + app, caps).tracks).toHaveLength(2);
  });

  it('more than four simulcast layers are refused', () => {
    const sim = (n: number) =>
      H264.replace(/^a=ssrc:3 cname:.*$/m, (line) =>
        [
          line,
          ...Array.from({ length: n - 1 }, (_, i) => `a=ssrc:${10 + i} cname:x`),
          `a=ssrc-group:SIM 3 ${Array.from({ length: n - 1 }, (_, i) => 10 + i).join(' ')}`,
        ].join('\r\n'),
      );
    expect(parseOffer(sim(3), caps).tracks[0]?.rtpParameters.encodings).toHaveLength(3);
    expect(refusal(sim(5))).toMatch(/5 simulcast layers; vcourt takes at most 4/);
  });
});

describe('WHIP offers: a=fingerprint is checked', () => {
  it.each([
    ['sha-1', 20],
    ['sha-224', 28],
    ['sha-256', 32],
    ['sha-384', 48],
    ['sha-512', 64],
  ] as const)('%s with %i hex bytes is accepted (any case)', (algorithm, bytes) => {
    const offer = parseOffer(withFingerprint(VP8_OPUS, `${algorithm.toUpperCase()} ${hex(bytes).toLowerCase()}`), caps);
    expect(offer.dtls.fingerprints).toEqual([{ algorithm, value: hex(bytes) }]);
  });

  it.each([
    ['an unknown algorithm', `md5 ${hex(16)}`, /Unsupported a=fingerprint algorithm "md5"/],
    ['a hash one byte short', `sha-256 ${hex(31)}`, /sha-256 hash is 32 colon-separated hex bytes/],
    ['a hash one byte long', `sha-256 ${hex(33)}`, /sha-256 hash is 32/],
    ['a sha-1 length under sha-256', `sha-256 ${hex(20)}`, /sha-256 hash is 32/],
    ['non-hex digits', `sha-256 ${hex(32).replace(/^../, 'ZZ')}`, /Malformed a=fingerprint/],
    ['no colons', `sha-256 ${hex(32).replaceAll(':', '')}`, /Malformed a=fingerprint/],
    ['single hex digits', `sha-1 ${Array(20).fill('A').join(':')}`, /Malformed a=fingerprint/],
    ['a trailing colon', `sha-256 ${hex(32)}:`, /Malformed a=fingerprint/],
    ['no hash at all', 'sha-256', /fingerprint/],
  ])('%s is refused', (_what, value, reason) => {
    expect(refusal(withFingerprint(VP8_OPUS, value))).toMatch(reason);
  });

  it('a malformed fingerprint in a section that is not the first is refused as well', () => {
    let seen = 0;
    const second = VP8_OPUS.replace(/^a=fingerprint:.*$/gm, (line) => (++seen === 2 ? 'a=fingerprint:sha-256 00:11' : line));
    expect(refusal(second)).toMatch(/Malformed a=fingerprint/);
  });
});

// ---- property: the parser answers a plan or a ValidationError, nothing else ----------------------

const ATTRIBUTES = [
  'a=fingerprint:sha-256 00:11',
  'a=fingerprint:sha-999 AA:BB',
  'a=fingerprint:',
  'a=group:BUNDLE',
  'a=group:BUNDLE 0 1 2 3',
  'a=mid:',
  'a=mid:0',
  'a=rtpmap:96 VP8/90000',
  'a=rtpmap:96',
  'a=rtpmap:x y/z',
  'a=fmtp:96 apt=',
  'a=fmtp:102 profile-level-id=zzzzzz;packetization-mode=1',
  'a=rtcp-fb:* nack',
  'a=ssrc:abc cname:x',
  'a=ssrc:4294967296 cname:x',
  'a=ssrc-group:FID',
  'a=ssrc-group:FID 1',
  'a=ssrc-group:SIM 1 2 3 4 5 6 7 8',
  'a=rid:h send',
  'a=rid:l send',
  'a=simulcast:send h;l',
  'a=simulcast:send ~',
  'a=extmap:1 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
  'a=extmap:x',
  'a=setup:holdconn',
  'a=setup:passive',
  'a=ice-ufrag:',
  'a=ice-pwd:',
  'a=sendrecv',
  'a=recvonly',
  'a=bundle-only',
  'm=video 0 UDP/TLS/RTP/SAVPF 96',
  'm=audio 9 UDP/TLS/RTP/SAVPF',
  'm=video 9 RTP/AVP 96',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'm=',
  'c=IN IP4',
  'v=0',
  '',
];

type Mutation =
  | { op: 'delete'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'insert'; at: number; line: string }
  | { op: 'edit'; at: number; pos: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    line: fc.oneof(fc.constantFrom(...ATTRIBUTES), fc.string({ maxLength: 40 })),
  }),
  fc.record({ op: fc.constant('edit' as const), at: fc.nat(), pos: fc.nat(), text: fc.string({ maxLength: 6 }) }),
);

function mutate(sdp: string, mutations: Mutation[]): string {
  const lines = sdp.split(/\r?\n/);
  for (const m of mutations) {
    const at = lines.length === 0 ? 0 : m.at % lines.length;
    if (m.op === 'delete') lines.splice(at, 1);
    else if (m.op === 'duplicate') lines.splice(at, 0, lines[at] ?? '');
    else if (m.op === 'insert') lines.splice(at, 0, m.line);
    else {
      const line = lines[at] ?? '';
      const pos = line.length === 0 ? 0 : m.pos % line.length;
      lines[at] = line.slice(0, pos) + m.text + line.slice(pos + m.text.length);
    }
  }
  return lines.join('\r\n');
}

/** parseOffer's whole contract: a plan within the limits, or a ValidationError; and a plan can be answered. */
function parsesOrRefuses(sdp: string): void {
  let offer;
  try {
    offer = parseOffer(sdp, caps);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw new Error(`parseOffer threw ${String(error)} for:\n${sdp}`, { cause: error });
    return;
  }
  expect(offer.sections.length).toBeLessThanOrEqual(4);
  expect(offer.tracks.filter((t) => t.kind === 'audio').length).toBeLessThanOrEqual(1);
  expect(offer.tracks.filter((t) => t.kind === 'video').length).toBeLessThanOrEqual(1);
  for (const f of offer.dtls.fingerprints) expect(f.value).toMatch(/^[0-9A-F]{2}(:[0-9A-F]{2})+$/);
  for (const t of offer.tracks) expect(t.rtpParameters.encodings?.length).toBeLessThanOrEqual(4);
  expect(typeof buildAnswer(offer, local, 'property')).toBe('string');
}

describe('parseOffer() under fuzzing (fast-check)', () => {
  it('arbitrary text: a plan or a ValidationError', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.constant('v=0\r\n').chain((v) => fc.string().map((s) => v + s)),
    );
    fc.assert(fc.property(text, parsesOrRefuses), { numRuns: 1000 });
  });

  it('mutations of real offers (lines deleted, duplicated, inserted, edited): a plan or a ValidationError', () => {
    const offers = fc.constantFrom(...FIXTURES, offerWithSections({ video: 1, audio: 1 }));
    fc.assert(
      fc.property(offers, fc.array(mutation, { minLength: 1, maxLength: 8 }), (sdp, mutations) => parsesOrRefuses(mutate(sdp, mutations))),
      { numRuns: 1500 },
    );
  });

  it('many sections of any kind: never more than one audio and one video track', () => {
    fc.assert(
      fc.property(fc.nat({ max: 12 }), fc.nat({ max: 12 }), (video, audio) => {
        fc.pre(video + audio > 0);
        parsesOrRefuses(offerWithSections({ video, audio }));
      }),
      { numRuns: 200 },
    );
  });
});
