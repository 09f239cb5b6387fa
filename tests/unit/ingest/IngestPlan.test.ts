// Pass-through or transcode for a camera stream, decided from a probe and the router's codecs.
import { describe, expect, it } from 'vitest';
import { ingestFfmpegArgs, planIngest, routerH264Profiles, type RouterCodec } from '../../../ingest/IngestPlan.js';
import { MEDIA_CODECS } from '../../../media/MediaConfig.js';
import type { ProbeResult, ProbeStream } from '../../../core/lib/ffmpeg.js';

const probe = (...streams: Partial<ProbeStream>[]): ProbeResult => ({
  streams: streams.map((s, index) => ({ index, codec_type: 'video', codec_name: 'h264', ...s })),
  format: { format_name: 'rtsp' },
});
const h264 = (profile: string, level = 40, pix_fmt = 'yuv420p') => ({ codec_name: 'h264', profile, level, pix_fmt });

describe('planIngest', () => {
  it('passes constrained baseline through with the camera’s own level', () => {
    const plan = planIngest(probe(h264('Constrained Baseline', 40)), MEDIA_CODECS);
    expect(plan.video).toMatchObject({ mode: 'copy', profileLevelId: '42e028' });
    expect(plan.audio).toBeNull();
  });

  it.each(['High', 'Main', 'Baseline', 'High 4:2:2'])(
    'transcodes H.264 %s for a router that only takes constrained baseline',
    (profile) => {
      expect(planIngest(probe(h264(profile)), MEDIA_CODECS).video).toMatchObject({ mode: 'transcode', profileLevelId: '42e01f' });
    },
  );

  it('transcodes MJPEG and H.265', () => {
    for (const codec_name of ['mjpeg', 'hevc']) {
      expect(planIngest(probe({ codec_name }), MEDIA_CODECS).video?.mode).toBe('transcode');
    }
  });

  it('passes High through once the router offers High, unless the chroma is not 4:2:0', () => {
    const withHigh: RouterCodec[] = [
      ...MEDIA_CODECS,
      { mimeType: 'video/H264', parameters: { 'packetization-mode': 1, 'profile-level-id': '640032' } },
    ];
    expect(planIngest(probe(h264('High', 31)), withHigh).video).toMatchObject({ mode: 'copy', profileLevelId: '64001f' });
    expect(planIngest(probe(h264('High', 31, 'yuv422p')), withHigh).video?.mode).toBe('transcode');
  });

  it('does not pass High through to a router that offers only constrained High', () => {
    const constrainedHigh: RouterCodec[] = [
      { mimeType: 'video/H264', parameters: { 'packetization-mode': 1, 'profile-level-id': '640c1f' } },
    ];
    expect([...routerH264Profiles(constrainedHigh)]).toEqual(['constrained-high']);
    expect(planIngest(probe(h264('High', 31)), constrainedHigh).video?.mode).toBe('transcode');
  });

  it('ignores a router H.264 entry in packetization-mode 0', () => {
    const mode0: RouterCodec[] = [{ mimeType: 'video/H264', parameters: { 'packetization-mode': 0, 'profile-level-id': '42e01f' } }];
    expect(routerH264Profiles(mode0).size).toBe(0);
    expect(planIngest(probe(h264('Constrained Baseline')), mode0).video?.mode).toBe('transcode');
  });

  it('turns camera audio into Opus, and copies Opus', () => {
    expect(planIngest(probe(h264('Constrained Baseline'), { codec_type: 'audio', codec_name: 'pcm_alaw' }), MEDIA_CODECS).audio).toEqual({
      mode: 'transcode',
      codec: 'pcm_alaw',
    });
    expect(planIngest(probe({ codec_type: 'audio', codec_name: 'opus' }), MEDIA_CODECS)).toEqual({
      video: null,
      audio: { mode: 'copy', codec: 'opus' },
    });
  });
});

describe('ingestFfmpegArgs', () => {
  const target = (port: number) => ({ ip: '127.0.0.1', port, rtcpPort: port + 1, payloadType: 102, ssrc: 1234 });
  it('copies with parameter sets before key frames in pass-through, and forces key frames when transcoding', () => {
    const copy = ingestFfmpegArgs(
      'rtsp://cam',
      { video: { mode: 'copy', profileLevelId: '42e01f', reason: '' }, audio: null },
      { video: target(5000) },
    );
    expect(copy).toEqual(
      expect.arrayContaining(['-c:v', 'copy', 'dump_extra=freq=keyframe', 'rtp://127.0.0.1:5000?rtcpport=5001&pkt_size=1200']),
    );
    expect(copy).not.toContain('libx264');
    const tx = ingestFfmpegArgs(
      'rtsp://cam',
      { video: { mode: 'transcode', profileLevelId: '42e01f', reason: '' }, audio: { mode: 'transcode', codec: 'aac' } },
      {
        video: target(5000),
        audio: target(6000),
      },
    );
    expect(tx).toEqual(
      expect.arrayContaining(['libx264', 'baseline', '-force_key_frames', 'libopus', 'rtp://127.0.0.1:6000?rtcpport=6001&pkt_size=1200']),
    );
  });
});
