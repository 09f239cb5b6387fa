// How one RTSP camera's stream gets into a router: pass H.264 through when the router (and so the
// browsers) take its profile, transcode otherwise; camera audio (G.711, AAC…) always becomes Opus
// unless it already is. Pure: the probe and the router's codecs in, a plan and ffmpeg's args out.
import type { types } from 'mediasoup';
import type { ProbeResult } from '../core/lib/ffmpeg.js';
import { h264Profile, type H264Profile } from './h264Profile.js';

export interface VideoPlan {
  mode: 'copy' | 'transcode';
  /** What the producer announces: the camera's own profile and level, or what the encoder makes. */
  profileLevelId: string;
  /** Why, in a few words (shown in logs and the bench). */
  reason: string;
}

export interface IngestPlan {
  video: VideoPlan | null;
  audio: { mode: 'copy' | 'transcode'; codec: string } | null;
}

/** The profile transcoding produces: constrained baseline 3.1, which every WebRTC browser decodes. */
export const TRANSCODE_PROFILE_LEVEL_ID = '42e01f';
/** A key frame at least this often when transcoding, so that a browser joining late sees video soon. */
export const KEYFRAME_INTERVAL_S = 2;

const FFPROBE_PROFILES: Record<string, { profile: H264Profile; prefix: string }> = {
  'Constrained Baseline': { profile: 'constrained-baseline', prefix: '42e0' },
  Baseline: { profile: 'baseline', prefix: '4200' },
  Main: { profile: 'main', prefix: '4d00' },
  High: { profile: 'high', prefix: '6400' },
};

/** A codec the router offers: its rtpCapabilities.codecs, or the media codecs it was created with. */
export type RouterCodec = Pick<types.RtpCodecCapability, 'mimeType' | 'parameters'>;

/** The H.264 profiles the router accepts from producers with packetization-mode 1. */
export function routerH264Profiles(codecs: readonly RouterCodec[]): Set<H264Profile> {
  const profiles = new Set<H264Profile>();
  for (const c of codecs) {
    if (c.mimeType.toLowerCase() !== 'video/h264') continue;
    if (Number(c.parameters?.['packetization-mode'] ?? 0) !== 1) continue;
    profiles.add(h264Profile(c.parameters?.['profile-level-id']));
  }
  return profiles;
}

export function planIngest(probe: ProbeResult, routerCodecs: readonly RouterCodec[]): IngestPlan {
  const v = probe.streams.find((s) => s.codec_type === 'video');
  const a = probe.streams.find((s) => s.codec_type === 'audio');
  let video: VideoPlan | null = null;
  if (v) {
    const known = v.codec_name === 'h264' ? FFPROBE_PROFILES[v.profile ?? ''] : undefined;
    const level = v.level && v.level > 0 ? v.level : 0x1f;
    const chroma420 = !v.pix_fmt || v.pix_fmt === 'yuv420p' || v.pix_fmt === 'yuvj420p';
    if (known && chroma420 && routerH264Profiles(routerCodecs).has(known.profile)) {
      video = {
        mode: 'copy',
        profileLevelId: known.prefix + level.toString(16).padStart(2, '0'),
        reason: `H.264 ${v.profile} passes through`,
      };
    } else {
      const what = v.codec_name === 'h264' ? `H.264 ${v.profile ?? '(unknown profile)'}` : v.codec_name;
      video = { mode: 'transcode', profileLevelId: TRANSCODE_PROFILE_LEVEL_ID, reason: `${what} is transcoded` };
    }
  }
  const audio = a ? { mode: a.codec_name === 'opus' ? ('copy' as const) : ('transcode' as const), codec: a.codec_name } : null;
  return { video, audio };
}

export interface RtpTarget {
  ip: string;
  port: number;
  rtcpPort: number;
  payloadType: number;
  ssrc: number;
}

export const RTSP_INPUT_ARGS = (socketTimeoutS: number): string[] => [
  '-rtsp_transport',
  'tcp',
  // ffmpeg ≥ 5: socket I/O timeout in µs; a camera that stops sending ends the process.
  '-timeout',
  String(socketTimeoutS * 1_000_000),
];

/**
 * Read only the start of the stream before deciding (ffmpeg's default is ~1.4 s on a camera):
 * the RTSP SDP already names the codec, and H.264's profile and level come with the first SPS.
 */
export const QUICK_ANALYSIS = ['-analyzeduration', '200000', '-probesize', '65536'];

function rtpOut(t: RtpTarget): string[] {
  return [
    '-payload_type',
    String(t.payloadType),
    '-ssrc',
    String(t.ssrc),
    '-f',
    'rtp',
    `rtp://${t.ip}:${t.port}?rtcpport=${t.rtcpPort}&pkt_size=1200`,
  ];
}

/** ffmpeg's arguments for one connection: RTSP in, one RTP output per planned stream. */
export function ingestFfmpegArgs(
  url: string,
  plan: IngestPlan,
  targets: { video?: RtpTarget; audio?: RtpTarget },
  socketTimeoutS = 5,
): string[] {
  const args = ['-loglevel', 'error', ...RTSP_INPUT_ARGS(socketTimeoutS), ...QUICK_ANALYSIS, '-fflags', 'nobuffer', '-i', url];
  if (plan.video && targets.video) {
    args.push('-map', '0:v:0');
    if (plan.video.mode === 'copy') {
      // Parameter sets before every key frame: a browser joining late can decode from the next one.
      args.push('-c:v', 'copy', '-bsf:v', 'dump_extra=freq=keyframe');
    } else {
      args.push(
        '-vf',
        "scale='min(1280,iw)':-2",
        '-pix_fmt',
        'yuv420p',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-tune',
        'zerolatency',
        '-profile:v',
        'baseline',
        '-level:v',
        '3.1',
        '-b:v',
        '1500k',
        '-maxrate',
        '2000k',
        '-bufsize',
        '1000k',
        '-force_key_frames',
        `expr:gte(t,n_forced*${KEYFRAME_INTERVAL_S})`,
      );
    }
    args.push(...rtpOut(targets.video));
  }
  if (plan.audio && targets.audio) {
    args.push('-map', '0:a:0');
    if (plan.audio.mode === 'copy') args.push('-c:a', 'copy');
    else args.push('-c:a', 'libopus', '-ar', '48000', '-ac', '2', '-b:a', '48k', '-application', 'voip');
    args.push(...rtpOut(targets.audio));
  }
  return args;
}
