// WHIP offers → mediasoup produce arguments, and the SDP answer. The fixtures are real offers:
// three captured from Debian's simple-whip-client (GStreamer webrtcbin; VP8+Opus bundled, H.264,
// and a trickle offer without candidates) and one from Chromium's createOffer() (sendonly
// transceivers, RTX, header extensions). Each accepted offer is also given to a real mediasoup
// router, so "parsed" means "mediasoup accepts it".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorker, type types } from 'mediasoup';
import { parse } from 'sdp-transform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEDIA_CODECS } from '../../../../media/MediaConfig.js';
import { buildAnswer, parseOffer, type WhipOffer } from '../../../../ingest/whip/WhipSdp.js';
import { ValidationError } from '../../../../core/hearing/errors.js';
import { must } from '../../../support/must.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const WHIP_VP8_OPUS = fixture('whip-client-vp8-opus.sdp');
const WHIP_H264 = fixture('whip-client-h264.sdp');
const WHIP_TRICKLE = fixture('whip-client-vp8-trickle.sdp');
const CHROMIUM = fixture('chromium-offer.sdp');

let worker: types.Worker;
let router: types.Router;
let caps: types.RtpCapabilities;

beforeAll(async () => {
  worker = await createWorker({ logLevel: 'error' });
  router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  caps = router.rtpCapabilities;
});
afterAll(() => worker?.close());

/** Makes one producer per track on a fresh transport: mediasoup's own check of the parameters. */
async function produceAll(offer: WhipOffer): Promise<types.Producer[]> {
  const transport = await router.createWebRtcTransport({ listenInfos: [{ protocol: 'udp', ip: '127.0.0.1' }] });
  try {
    const producers: types.Producer[] = [];
    for (const t of offer.tracks) producers.push(await transport.produce({ kind: t.kind, rtpParameters: t.rtpParameters }));
    return producers;
  } finally {
    transport.close();
  }
}

function refusal(sdp: string): string {
  try {
    parseOffer(sdp, caps);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as Error).message;
  }
  throw new Error('the offer was accepted');
}

const local = async () => {
  const t = await router.createWebRtcTransport({
    listenInfos: [
      { protocol: 'udp', ip: '127.0.0.1' },
      { protocol: 'tcp', ip: '127.0.0.1' },
    ],
  });
  const params = { iceParameters: t.iceParameters, iceCandidates: t.iceCandidates, dtlsParameters: t.dtlsParameters };
  t.close();
  return params;
};

describe('parseOffer() with real offers', () => {
  it('simple-whip-client VP8 + Opus: two bundled tracks with their SSRC, cname and feedback', async () => {
    const offer = parseOffer(WHIP_VP8_OPUS, caps);
    expect(offer.bundleMids).toEqual(['video0', 'audio1']);
    expect(offer.dtls).toEqual({
      role: 'client',
      fingerprints: [{ algorithm: 'sha-256', value: expect.stringMatching(/^08:7E:1A:CB/) }],
    });
    expect(offer.setup).toBe('passive');
    const video = must(offer.tracks[0], 'the first track');
    const audio = must(offer.tracks[1], 'the second track');
    expect(video.kind).toBe('video');
    expect(video.rtpParameters).toMatchObject({
      mid: 'video0',
      codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }],
      encodings: [{ ssrc: 2 }],
      rtcp: { cname: 'user45550437@host-37e909e3', reducedSize: true },
    });
    expect(must(video.rtpParameters.codecs[0], 'the VP8 codec').rtcpFeedback).toEqual([
      { type: 'nack', parameter: 'pli' },
      { type: 'ccm', parameter: 'fir' },
      { type: 'transport-cc', parameter: '' },
    ]);
    expect(audio.rtpParameters).toMatchObject({
      mid: 'audio1',
      codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }],
      encodings: [{ ssrc: 1 }],
    });
    const producers = await produceAll(offer);
    expect(producers.map((p) => p.kind)).toEqual(['video', 'audio']);
  });

  it('simple-whip-client H.264 (x264 constrained baseline 42c015, packetization-mode 1) is accepted', async () => {
    const offer = parseOffer(WHIP_H264, caps);
    expect(offer.bundleMids).toBeNull();
    expect(must(offer.tracks[0], 'the H.264 track').rtpParameters.codecs[0]).toMatchObject({
      mimeType: 'video/H264',
      payloadType: 102,
      parameters: { 'packetization-mode': 1, 'profile-level-id': '42c015' },
    });
    expect(await produceAll(offer)).toHaveLength(1);
  });

  it('a trickle offer without candidates is still usable (mediasoup is ICE-lite)', async () => {
    const offer = parseOffer(WHIP_TRICKLE, caps);
    expect(offer.tracks).toHaveLength(1);
    expect(await produceAll(offer)).toHaveLength(1);
  });

  it('Chromium: Opus and VP8 with its RTX pair chosen out of 31 payload types; extensions both sides know', async () => {
    const offer = parseOffer(CHROMIUM, caps);
    expect(offer.bundleMids).toEqual(['0', '1']);
    const audio = must(offer.tracks[0], 'the first track');
    const video = must(offer.tracks[1], 'the second track');
    expect(audio.rtpParameters.codecs).toMatchObject([{ mimeType: 'audio/opus', payloadType: 111, parameters: { useinbandfec: 1 } }]);
    expect(audio.rtpParameters.headerExtensions!.map((e) => e.uri).sort()).toEqual([
      'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
      'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
      'urn:ietf:params:rtp-hdrext:sdes:mid',
      'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
    ]);
    expect(video.rtpParameters.codecs).toMatchObject([
      { mimeType: 'video/VP8', payloadType: 96 },
      { mimeType: 'video/rtx', payloadType: 97, parameters: { apt: 96 } },
    ]);
    expect(video.rtpParameters.encodings).toEqual([{ ssrc: 673886428, rtx: { ssrc: 233109180 } }]);
    const videoExt = video.rtpParameters.headerExtensions!.map((e) => e.uri);
    expect(videoExt).toContain('urn:3gpp:video-orientation');
    expect(videoExt).not.toContain('http://www.webrtc.org/experiments/rtp-hdrext/video-content-type');
    expect(await produceAll(offer)).toHaveLength(2);
  });

  it('Chromium H.264 only: constrained baseline with packetization-mode 1 is chosen, not baseline, mode 0 or main', async () => {
    // Keep only H.264: 102 baseline/mode 1 (+ RTX 103), 104 baseline/mode 0, 108 constrained
    // baseline/mode 1 (+ RTX 109), 114 constrained baseline/mode 0, 116 main/mode 1, 39 main/mode 0.
    const sdp = CHROMIUM.replace(
      /^m=video 9 UDP\/TLS\/RTP\/SAVPF .*$/m,
      'm=video 9 UDP/TLS/RTP/SAVPF 39 102 103 104 114 116 108 109',
    ).replace(/^a=(rtpmap|fmtp|rtcp-fb):(96|97|107|115|117|40|45|46|98|99|100|101|118|119|120) .*\r?\n/gm, '');
    const offer = parseOffer(sdp, caps);
    expect(must(offer.tracks[1], 'the video track').rtpParameters.codecs).toMatchObject([
      { mimeType: 'video/H264', payloadType: 108, parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' } },
      { mimeType: 'video/rtx', payloadType: 109, parameters: { apt: 108 } },
    ]);
    expect(await produceAll(offer)).toHaveLength(2);
  });

  it('an encoder that is DTLS server (a=setup:passive) gets a=setup:active and connect role server', () => {
    const offer = parseOffer(WHIP_TRICKLE.replace('a=setup:actpass', 'a=setup:passive'), caps);
    expect(offer.setup).toBe('active');
    expect(offer.dtls.role).toBe('server');
  });
});

describe('parseOffer() refusals, each with a reason', () => {
  it('not SDP at all', () => {
    expect(refusal('hello')).toMatch(/not an SDP offer/);
    expect(refusal('{"sdp":"v=0"}')).toMatch(/not an SDP offer/);
  });
  it('no audio or video m= section', () => {
    expect(refusal('v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n')).toMatch(/no m= section/);
    const data = 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\na=mid:0\r\n';
    expect(refusal(data)).toMatch(/no audio or video/);
  });
  it('a section that only receives', () => {
    expect(refusal(WHIP_TRICKLE.replace('a=sendonly', 'a=recvonly'))).toMatch(/recvonly: a WHIP offer must send/);
    expect(refusal(WHIP_TRICKLE.replace('a=sendonly', 'a=inactive'))).toMatch(/inactive/);
  });
  it('no DTLS fingerprint, no ICE credentials', () => {
    expect(refusal(WHIP_TRICKLE.replace(/^a=fingerprint.*\r?\n/m, ''))).toMatch(/fingerprint/);
    expect(refusal(WHIP_TRICKLE.replace(/^a=ice-pwd.*\r?\n/m, ''))).toMatch(/ice-pwd/);
  });
  it('two sections without one BUNDLE group', () => {
    expect(refusal(WHIP_VP8_OPUS.replace(/^a=group:BUNDLE.*\r?\n/m, ''))).toMatch(/BUNDLE/);
  });
  it('unsupported codecs name what was offered and what is accepted', () => {
    const h265 = WHIP_TRICKLE.replace('a=rtpmap:96 VP8/90000', 'a=rtpmap:96 H265/90000');
    expect(refusal(h265)).toMatch(/No supported codec in the video m= section \(mid video0\): offered H265; vcourt accepts VP8 or H.264/);
    const high = WHIP_H264.replace('profile-level-id=42c015', 'profile-level-id=640032');
    expect(refusal(high)).toMatch(/offered H264/);
    const g722 = WHIP_VP8_OPUS.replace('a=rtpmap:100 OPUS/48000/2', 'a=rtpmap:100 G722/8000');
    expect(refusal(g722)).toMatch(/audio m= section \(mid audio1\): offered G722; vcourt accepts Opus/);
  });
  it('no SSRC and no RID to route the RTP by', () => {
    expect(refusal(WHIP_TRICKLE.replace(/^a=ssrc:.*\r?\n/gm, ''))).toMatch(/no a=ssrc/);
  });
  it('plain RTP/AVP (no ICE/DTLS)', () => {
    expect(refusal(WHIP_TRICKLE.replace('UDP/TLS/RTP/SAVPF', 'RTP/AVP'))).toMatch(/UDP\/TLS\/RTP\/SAVPF/);
  });
});

describe('buildAnswer()', () => {
  it('answers the bundled VP8+Opus offer: ICE-lite, passive, recvonly, same mids, candidates, end-of-candidates', async () => {
    const offer = parseOffer(WHIP_VP8_OPUS, caps);
    const l = await local();
    const answer = parse(buildAnswer(offer, l));
    expect(answer.icelite).toBe('ice-lite');
    expect(answer.groups).toEqual([{ type: 'BUNDLE', mids: 'video0 audio1' }]);
    expect(answer.media.map((m) => [m.type, m.mid, m.direction, m.setup])).toEqual([
      ['video', 'video0', 'recvonly', 'passive'],
      ['audio', 'audio1', 'recvonly', 'passive'],
    ]);
    for (const m of answer.media) {
      expect(m.iceUfrag).toBe(l.iceParameters.usernameFragment);
      expect(m.icePwd).toBe(l.iceParameters.password);
      expect(m.fingerprint).toEqual({ type: 'sha-256', hash: l.dtlsParameters.fingerprints.find((f) => f.algorithm === 'sha-256')!.value });
      expect(m.rtcpMux).toBe('rtcp-mux');
      expect(m.endOfCandidates).toBe('end-of-candidates');
      expect(m.candidates!.map((c) => [c.ip, c.port, c.transport.toLowerCase()])).toEqual(
        l.iceCandidates.map((c) => [c.address, c.port, c.protocol]),
      );
      expect(m.port).toBe(l.iceCandidates.find((c) => c.protocol === 'udp')!.port);
    }
    const video = must(answer.media[0], 'the video m-line');
    const audio = must(answer.media[1], 'the audio m-line');
    expect(video.rtp).toEqual([{ payload: 96, codec: 'VP8', rate: 90000 }]);
    expect(audio.rtp).toEqual([{ payload: 100, codec: 'opus', rate: 48000, encoding: 2 }]);
    // sprop-* describe the sender; they are not echoed in what we receive.
    expect(audio.fmtp).toEqual([]);
  });

  it('answers Chromium with RTX, the accepted extensions and their ids, and feedback per payload type', async () => {
    const answer = parse(buildAnswer(parseOffer(CHROMIUM, caps), await local()));
    const video = must(answer.media[1], 'the video m-line');
    expect(video.payloads).toBe('96 97');
    expect(video.fmtp).toEqual([{ payload: 97, config: 'apt=96' }]);
    expect(video.ext).toContainEqual({ value: 13, uri: 'urn:3gpp:video-orientation' });
    expect(video.rtcpFb).toContainEqual({ payload: 96, type: 'nack', subtype: 'pli' });
  });

  it('a single m-line offer without a BUNDLE group gets none; a data channel section is turned down with port 0', async () => {
    expect(parse(buildAnswer(parseOffer(WHIP_H264, caps), await local())).groups).toBeUndefined();
    const withData =
      CHROMIUM.replace('a=group:BUNDLE 0 1', 'a=group:BUNDLE 0 1 2') +
      'm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\na=sctp-port:5000\r\n';
    const answer = parse(buildAnswer(parseOffer(withData, caps), await local()));
    expect(answer.media.map((m) => [m.type, m.port === 0])).toEqual([
      ['audio', false],
      ['video', false],
      ['application', true],
    ]);
    expect(answer.groups).toEqual([{ type: 'BUNDLE', mids: '0 1' }]);
  });
});
