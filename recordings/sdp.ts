// The SDP ffmpeg reads to receive one recording consumer's RTP on loopback. ffmpeg listens on the
// m= port for RTP and on the next port for RTCP (its default), so the tap connects to both.
import type { TapCodec } from '../core/hearing/ports.js';

/** 'opus', 'vp8', 'h264': how a codec is named in the timeline and the index. */
export function codecName(codec: Pick<TapCodec, 'mimeType'>): string {
  return codec.mimeType.split('/')[1]?.toLowerCase() ?? codec.mimeType.toLowerCase();
}

export function recordingSdp(codec: TapCodec, rtpPort: number, label = 'vcourt recording'): string {
  const encoding = codec.mimeType.split('/')[1];
  if (!encoding) throw new Error(`Cannot record codec ${codec.mimeType}`);
  const pt = codec.payloadType;
  // rtpmap: audio names its channel count (opus is always /2 in SDP, RFC 7587).
  const channels = codec.kind === 'audio' ? `/${codec.channels ?? 1}` : '';
  const fmtp = Object.entries(codec.parameters)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(';');
  const lines = [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    `s=${label.replace(/[\r\n]/g, ' ')}`,
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${codec.kind} ${rtpPort} RTP/AVP ${pt}`,
    `a=rtcp:${rtpPort + 1}`,
    `a=rtpmap:${pt} ${encoding}/${codec.clockRate}${channels}`,
    ...(fmtp ? [`a=fmtp:${pt} ${fmtp}`] : []),
    'a=recvonly',
  ];
  return lines.join('\n') + '\n';
}
