// WHIP (RFC 9725) offer → mediasoup produce arguments, and mediasoup transport → SDP answer. Pure
// functions over sdp-transform's parse tree: no I/O, so every refusal is unit-tested with real
// offers. mediasoup is ICE-lite, so the offer's own candidates are not needed (the encoder's
// connectivity checks teach mediasoup its address); its ICE credentials and DTLS fingerprint are.
import { parse, parseParams, write, type MediaDescription, type SessionDescription } from 'sdp-transform';
import type { types } from 'mediasoup';
import { ValidationError } from '../../core/hearing/errors.js';
import { h264Profile } from '../h264Profile.js';

export type WhipKind = 'audio' | 'video';

/** One m-section that becomes one mediasoup producer. */
export interface WhipTrack {
  mid: string;
  kind: WhipKind;
  rtpParameters: types.RtpParameters;
}

/** A section the answer turns down (port 0): a data channel or another non-RTP m-line. */
interface RejectedSection {
  mid: string | undefined;
  type: string;
  protocol: string;
  payloads: string;
}

export interface WhipOffer {
  /** In m-line order, accepted or not, as the answer must list them. */
  sections: ({ track: WhipTrack } | { rejected: RejectedSection })[];
  tracks: WhipTrack[];
  /** What mediasoup's transport.connect() needs: the encoder's DTLS role and certificate fingerprints. */
  dtls: { role: 'client' | 'server'; fingerprints: types.DtlsFingerprint[] };
  /** Our a=setup in the answer: the opposite of the encoder's role. */
  setup: 'active' | 'passive';
  bundleMids: string[] | null;
  rtcpReducedSize: boolean;
}

/** What the answer takes from the mediasoup WebRtcTransport made for the session. */
export interface WhipLocal {
  iceParameters: types.IceParameters;
  iceCandidates: types.IceCandidate[];
  dtlsParameters: types.DtlsParameters;
}

const CODECS: Record<WhipKind, string[]> = { audio: ['audio/opus'], video: ['video/VP8', 'video/H264'] };

/**
 * An encoder sends one audio and one video track: each becomes a producer (and a recorder), so an
 * offer with 300 m-lines must not become 300 of them. A data channel may ride along, turned down.
 */
const MAX_SECTIONS = 4;
/** Simulcast layers of one video section (browsers send three). */
const MAX_LAYERS = 4;

/** The DTLS fingerprint algorithms mediasoup takes (RFC 8122), and their digest length in bytes. */
const FINGERPRINT_BYTES: Record<string, number> = { 'sha-1': 20, 'sha-224': 28, 'sha-256': 32, 'sha-384': 48, 'sha-512': 64 };

const refuse = (message: string): never => {
  throw new ValidationError(message);
};

/** Parses a WHIP offer against the router's capabilities; throws ValidationError with the reason. */
export function parseOffer(sdp: string, caps: types.RtpCapabilities): WhipOffer {
  if (typeof sdp !== 'string' || !/^v=0\r?\n/.test(sdp)) refuse('The body is not an SDP offer (it must start with "v=0")');
  let session: SessionDescription;
  try {
    session = parse(sdp);
  } catch (e) {
    return refuse(`The SDP offer could not be parsed: ${(e as Error).message}`);
  }
  const media = session.media ?? [];
  if (media.length === 0) refuse('The SDP offer has no m= section');
  if (!media.some((m) => m.type === 'audio' || m.type === 'video')) refuse('The SDP offer has no audio or video m= section');
  for (const kind of ['audio', 'video'] as const) {
    const count = media.filter((m) => m.type === kind).length;
    if (count > 1) refuse(`The SDP offer has ${count} ${kind} m= sections; vcourt takes at most one audio and one video`);
  }
  if (media.length > MAX_SECTIONS) refuse(`The SDP offer has ${media.length} m= sections; vcourt takes at most ${MAX_SECTIONS}`);

  const bundle = session.groups?.find((g) => g.type === 'BUNDLE');
  const bundleMids = bundle ? String(bundle.mids).split(/\s+/).filter(Boolean) : null;
  const used = media.filter((m) => m.type === 'audio' || m.type === 'video');
  // One transport carries everything, so several m-sections must all be in one BUNDLE group.
  if (used.length > 1 && !used.every((m) => m.mid !== undefined && bundleMids?.includes(String(m.mid)))) {
    refuse('Every audio/video m= section must be in one a=group:BUNDLE (vcourt uses a single transport)');
  }

  const first = used[0] ?? refuse('The SDP offer has no audio or video m= section');
  const ufrag = first.iceUfrag ?? session.iceUfrag;
  const pwd = first.icePwd ?? session.icePwd;
  if (!ufrag || !pwd) refuse('The SDP offer lacks a=ice-ufrag / a=ice-pwd');
  const fingerprint = first.fingerprint ?? session.fingerprint ?? refuse('The SDP offer lacks a DTLS a=fingerprint');
  // Every fingerprint offered, not only the one used: a malformed one is a broken or hostile offer.
  for (const f of [session.fingerprint, ...media.map((m) => m.fingerprint)]) if (f) checkFingerprint(f);
  if (!/^UDP\/TLS\/RTP\/SAVPF$|^(UDP|TCP)\/DTLS\/RTP\/SAVPF$/i.test(first.protocol)) {
    refuse(`Unsupported media protocol ${first.protocol}: WHIP needs UDP/TLS/RTP/SAVPF (ICE + DTLS-SRTP)`);
  }
  // String() here and below: sdp-transform turns any all-digit value into a number.
  const setup = String(first.setup ?? session.setup ?? 'actpass').toLowerCase();
  if (!['actpass', 'active', 'passive'].includes(setup)) refuse(`Unsupported a=setup:${setup}`);

  const sections: WhipOffer['sections'] = [];
  const tracks: WhipTrack[] = [];
  const mids = new Set<string>();
  for (const [index, m] of media.entries()) {
    if (m.type !== 'audio' && m.type !== 'video') {
      sections.push({
        rejected: {
          mid: m.mid === undefined ? undefined : String(m.mid),
          type: m.type,
          protocol: m.protocol,
          payloads: String(m.payloads ?? ''),
        },
      });
      continue;
    }
    const mid = m.mid === undefined ? String(index) : String(m.mid);
    if (mids.has(mid)) refuse(`Duplicate a=mid:${mid}`);
    mids.add(mid);
    const track = trackOf(m, mid, session, caps);
    sections.push({ track });
    tracks.push(track);
  }

  return {
    sections,
    tracks,
    dtls: {
      // actpass: we pick DTLS server (passive) as browsers and most SFUs do, so the encoder is client.
      role: setup === 'passive' ? 'server' : 'client',
      fingerprints: [
        { algorithm: String(fingerprint.type).toLowerCase() as types.FingerprintAlgorithm, value: String(fingerprint.hash).toUpperCase() },
      ],
    },
    setup: setup === 'passive' ? 'active' : 'passive',
    bundleMids: bundleMids ? bundleMids.filter((mid) => mids.has(mid)) : null,
    rtcpReducedSize: used.every((m) => m.rtcpRsize === 'rtcp-rsize'),
  };
}

/** `a=fingerprint:<algorithm> <hash>`: an algorithm mediasoup takes, and a hash of its length as colon-separated hex bytes. */
function checkFingerprint(f: { type: string; hash: string }): void {
  const algorithm = String(f.type).toLowerCase();
  const bytes = FINGERPRINT_BYTES[algorithm];
  if (bytes === undefined) {
    refuse(`Unsupported a=fingerprint algorithm "${String(f.type).slice(0, 32)}": use one of ${Object.keys(FINGERPRINT_BYTES).join(', ')}`);
    return;
  }
  const hash = String(f.hash);
  if (!new RegExp(`^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){${bytes - 1}}$`).test(hash)) {
    refuse(`Malformed a=fingerprint: a ${algorithm} hash is ${bytes} colon-separated hex bytes`);
  }
}

function trackOf(m: MediaDescription, mid: string, session: SessionDescription, caps: types.RtpCapabilities): WhipTrack {
  const kind = m.type as WhipKind;
  const label = `${kind} m= section (mid ${mid})`;
  const direction = m.direction ?? session.direction ?? 'sendrecv';
  if (direction !== 'sendonly' && direction !== 'sendrecv') {
    refuse(`The ${label} is ${direction}: a WHIP offer must send (sendonly or sendrecv)`);
  }
  if (m.port === 0 && m.bundleOnly !== 'bundle-only') refuse(`The ${label} is disabled (port 0)`);
  if (m.rtcpMux !== 'rtcp-mux') refuse(`The ${label} lacks a=rtcp-mux`);

  const offered = (m.rtp ?? []).map((r) => ({
    payloadType: r.payload,
    mimeType: `${kind}/${r.codec}`,
    clockRate: r.rate ?? 0,
    channels: r.encoding,
    parameters: fmtpOf(m, r.payload),
    rtcpFeedback: (m.rtcpFb ?? [])
      .filter((fb) => String(fb.payload) === String(r.payload) || fb.payload === '*')
      .map((fb) => ({ type: fb.type, parameter: fb.subtype ?? '' })),
  }));
  let chosen: (typeof offered)[number] | undefined;
  let cap: types.RtpCodecCapability | undefined;
  for (const codec of offered) {
    cap = caps.codecs?.find((c) => c.kind === kind && CODECS[kind].includes(c.mimeType) && codecMatches(codec, c));
    if (cap) {
      chosen = codec;
      break;
    }
  }
  if (!chosen || !cap) {
    const names = [...new Set(offered.map((c) => c.mimeType.split('/')[1]))].join(', ') || 'none';
    return refuse(
      `No supported codec in the ${label}: offered ${names}; vcourt accepts ${kind === 'audio' ? 'Opus' : 'VP8 or H.264 (packetization-mode 1, constrained baseline)'}`,
    );
  }
  const supportedFb = (cap.rtcpFeedback ?? []).map((f) => `${f.type} ${f.parameter ?? ''}`);
  const codecs: types.RtpCodecParameters[] = [
    {
      mimeType: cap.mimeType,
      payloadType: chosen.payloadType,
      clockRate: chosen.clockRate,
      ...(kind === 'audio' ? { channels: chosen.channels ?? 1 } : {}),
      parameters: chosen.parameters,
      rtcpFeedback: chosen.rtcpFeedback.filter((f) => supportedFb.includes(`${f.type} ${f.parameter}`)),
    },
  ];
  const rtx = offered.find((c) => c.mimeType.toLowerCase() === `${kind}/rtx` && Number(c.parameters.apt) === chosen.payloadType);
  if (rtx)
    codecs.push({
      mimeType: `${kind}/rtx`,
      payloadType: rtx.payloadType,
      clockRate: rtx.clockRate,
      parameters: { apt: chosen.payloadType },
      rtcpFeedback: [],
    });

  const headerExtensions: types.RtpHeaderExtensionParameters[] = (m.ext ?? [])
    .filter((e) => e.direction === undefined || e.direction === 'sendonly' || e.direction === 'sendrecv')
    .filter((e) =>
      (caps.headerExtensions ?? []).some(
        (h) => h.kind === kind && h.uri === e.uri && h.direction !== 'sendonly' && h.direction !== 'inactive',
      ),
    )
    .map((e) => ({ uri: e.uri as types.RtpHeaderExtensionUri, id: e.value, encrypt: false, parameters: {} }));

  const cnameValue = m.ssrcs?.find((s) => s.attribute === 'cname')?.value;
  const cname = cnameValue === undefined ? undefined : String(cnameValue);
  return {
    mid,
    kind,
    rtpParameters: {
      mid,
      codecs,
      headerExtensions,
      encodings: encodingsOf(m, label, rtx !== undefined, headerExtensions),
      rtcp: { cname, reducedSize: m.rtcpRsize === 'rtcp-rsize' },
    },
  };
}

function fmtpOf(m: MediaDescription, payload: number): Record<string, unknown> {
  const config = (m.fmtp ?? []).find((f) => f.payload === payload)?.config;
  const params: Record<string, unknown> = config ? { ...parseParams(String(config)) } : {};
  // sdp-transform turns all-digit values into numbers; an H.264 profile-level-id is hex text.
  if (params['profile-level-id'] !== undefined) params['profile-level-id'] = String(params['profile-level-id']);
  return params;
}

function codecMatches(
  offered: { mimeType: string; clockRate: number; channels?: number; parameters: Record<string, unknown> },
  cap: types.RtpCodecCapability,
): boolean {
  if (offered.mimeType.toLowerCase() !== cap.mimeType.toLowerCase() || offered.clockRate !== cap.clockRate) return false;
  if (cap.kind === 'audio' && (offered.channels ?? 1) !== (cap.channels ?? 1)) return false;
  if (cap.mimeType.toLowerCase() === 'video/h264') {
    const mode = (p: Record<string, unknown>) => Number(p['packetization-mode'] ?? 0);
    if (mode(offered.parameters) !== mode(cap.parameters ?? {})) return false;
    // As mediasoup's check: the same profile (any level), and one it knows.
    const profile = h264Profile(offered.parameters['profile-level-id']);
    return profile !== 'unknown' && profile === h264Profile(cap.parameters?.['profile-level-id']);
  }
  return true;
}

function encodingsOf(
  m: MediaDescription,
  label: string,
  hasRtx: boolean,
  extensions: types.RtpHeaderExtensionParameters[],
): types.RtpEncodingParameters[] {
  const rids = (m.rids ?? []).filter((r) => r.direction === 'send');
  if (rids.length > 0) {
    // Simulcast by RID: mediasoup tells the layers apart by the rtp-stream-id header extension.
    if (!extensions.some((e) => e.uri === 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id')) {
      refuse(`The ${label} sends RIDs without the rtp-stream-id header extension`);
    }
    const order = m.simulcast?.dir1 === 'send' ? m.simulcast.list1 : m.simulcast?.dir2 === 'send' ? m.simulcast.list2 : undefined;
    const list = order === undefined ? '' : String(order);
    const ids = list ? list.split(';').map((alt) => (alt.split(',')[0] ?? '').replace(/^~/, '')) : rids.map((r) => String(r.id));
    if (ids.length > MAX_LAYERS) refuse(`The ${label} sends ${ids.length} simulcast layers; vcourt takes at most ${MAX_LAYERS}`);
    return ids.map((rid) => ({ rid }));
  }
  const ssrcs = [...new Set((m.ssrcs ?? []).map((s) => s.id))];
  if (ssrcs.length === 0) refuse(`The ${label} signals no a=ssrc (nor a=rid); vcourt needs one of them to route its RTP`);
  const fid = (m.ssrcGroups ?? []).find((g) => g.semantics === 'FID');
  if (fid) {
    // String(): sdp-transform turns an all-digit value (a group of one SSRC) into a number.
    const [primary, repair] = String(fid.ssrcs).split(/\s+/).map(Number);
    return [{ ssrc: primary, ...(hasRtx && repair ? { rtx: { ssrc: repair } } : {}) }];
  }
  const sim = (m.ssrcGroups ?? []).find((g) => g.semantics === 'SIM');
  if (sim) {
    const layers = String(sim.ssrcs).split(/\s+/).filter(Boolean);
    if (layers.length > MAX_LAYERS) refuse(`The ${label} sends ${layers.length} simulcast layers; vcourt takes at most ${MAX_LAYERS}`);
    return layers.map((s) => ({ ssrc: Number(s) }));
  }
  return [{ ssrc: Number(ssrcs[0]) }];
}

/** The SDP answer: ICE-lite, our ICE credentials and candidates, DTLS fingerprint, recvonly per track. */
export function buildAnswer(offer: WhipOffer, local: WhipLocal, sessionId: string = String(Date.now())): string {
  const fingerprint = local.dtlsParameters.fingerprints.find((f) => f.algorithm === 'sha-256') ?? local.dtlsParameters.fingerprints[0];
  if (!fingerprint) throw new Error('the WebRTC transport has no DTLS fingerprint');
  const candidates = local.iceCandidates.map((c) => ({
    foundation: c.foundation,
    component: 1,
    transport: c.protocol,
    priority: c.priority,
    ip: c.address,
    port: c.port,
    type: c.type,
    ...(c.protocol === 'tcp' ? { tcptype: c.tcpType ?? 'passive' } : {}),
  }));
  const port = local.iceCandidates.find((c) => c.protocol === 'udp')?.port ?? local.iceCandidates[0]?.port ?? 9;
  const address = local.iceCandidates[0]?.address ?? '0.0.0.0';
  const ipVer = address.includes(':') ? 6 : 4;

  const media: MediaDescription[] = offer.sections.map((section) => {
    if ('rejected' in section) {
      const r = section.rejected;
      return {
        type: r.type,
        port: 0,
        protocol: r.protocol,
        payloads: r.payloads,
        ...(r.mid !== undefined ? { mid: r.mid } : {}),
        rtp: [],
        fmtp: [],
        direction: 'inactive',
      } as MediaDescription;
    }
    const { track } = section;
    const p = track.rtpParameters;
    return {
      type: track.kind,
      port,
      protocol: 'UDP/TLS/RTP/SAVPF',
      payloads: p.codecs.map((c) => c.payloadType).join(' '),
      connection: { version: ipVer, ip: address },
      mid: track.mid,
      iceUfrag: local.iceParameters.usernameFragment,
      icePwd: local.iceParameters.password,
      fingerprint: { type: fingerprint.algorithm, hash: fingerprint.value },
      setup: offer.setup,
      direction: 'recvonly',
      rtcpMux: 'rtcp-mux',
      ...(p.rtcp?.reducedSize ? { rtcpRsize: 'rtcp-rsize' as const } : {}),
      rtp: p.codecs.map((c) => ({
        payload: c.payloadType,
        codec: c.mimeType.split('/')[1],
        rate: c.clockRate,
        ...(c.channels && c.channels > 1 ? { encoding: c.channels } : {}),
      })),
      fmtp: p.codecs.map((c) => ({ payload: c.payloadType, config: answerFmtp(c.parameters ?? {}) })).filter((f) => f.config !== ''),
      rtcpFb: p.codecs.flatMap((c) =>
        (c.rtcpFeedback ?? []).map((f) => ({ payload: c.payloadType, type: f.type, ...(f.parameter ? { subtype: f.parameter } : {}) })),
      ),
      ext: (p.headerExtensions ?? []).map((e) => ({ value: e.id, uri: e.uri })),
      candidates,
      endOfCandidates: 'end-of-candidates',
    } as MediaDescription;
  });

  const answer: SessionDescription = {
    version: 0,
    origin: { username: 'vcourt', sessionId, sessionVersion: 1, netType: 'IN', ipVer: 4, address: '127.0.0.1' },
    name: '-',
    timing: { start: 0, stop: 0 },
    icelite: 'ice-lite',
    ...(offer.bundleMids && offer.bundleMids.length > 0 ? { groups: [{ type: 'BUNDLE', mids: offer.bundleMids.join(' ') }] } : {}),
    media,
  };
  return write(answer);
}

/** fmtp for what we receive: the offer's, less the sender-only sprop-* (H.264 parameter sets, Opus stereo hints). */
function answerFmtp(parameters: Record<string, unknown>): string {
  return Object.entries(parameters)
    .filter(([k]) => !k.startsWith('sprop-'))
    .map(([k, v]) => `${k}=${v}`)
    .join(';');
}
