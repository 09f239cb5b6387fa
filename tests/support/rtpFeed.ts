// Real media into a hearing without a browser: ffmpeg encodes a test pattern (VP8) and a tone
// (Opus) and sends them as RTP to two PlainTransport ingests of a participant, whose producers are
// then the participant's own (announced, consumable, recorded) like a browser's.
import { spawnFfmpeg, type FfmpegProcess } from '../../core/lib/ffmpeg.js';
import type { MediaRooms } from '../../media/MediaRooms.js';

export interface RtpFeed {
  audioProducerId: string;
  videoProducerId: string;
  sender: FfmpegProcess;
  stop(): Promise<void>;
}

const VIDEO_SSRC = 22_222_222;
const AUDIO_SSRC = 11_111_111;

/** The participant's two RTP ingests and their producers, without a sender yet. */
export interface TestMediaIngest {
  audioProducerId: string;
  videoProducerId: string;
  video: { ip: string; port: number; rtcpPort: number };
  audio: { ip: string; port: number; rtcpPort: number };
}

export async function feedTestMedia(
  /** A test server, or any MediaRooms of a test's own (tests/integration/cascade.test.ts). */
  server: { running: { media: MediaRooms } },
  hearingId: string,
  participantId: string,
  { gop = 10 }: { gop?: number } = {},
): Promise<RtpFeed> {
  const ingest = await testMediaIngest(server.running.media, hearingId, participantId);
  const sender = sendTestMedia(ingest, { gop });
  return {
    audioProducerId: ingest.audioProducerId,
    videoProducerId: ingest.videoProducerId,
    sender,
    stop: async () => {
      sender.child.kill('SIGKILL');
      await sender.exited;
    },
  };
}

/** The ingests listen on `ip`: loopback, or an address a sender on another host reaches (threeNodes.ts). */
export async function testMediaIngest(media: MediaRooms, hearingId: string, participantId: string, ip?: string): Promise<TestMediaIngest> {
  const room = await media.room(hearingId);
  const videoIn = await room.createPlainTransport(participantId, ip);
  const audioIn = await room.createPlainTransport(participantId, ip);
  const video = await media.produce(hearingId, participantId, {
    transportId: videoIn.id,
    kind: 'video',
    source: 'camera',
    paused: false,
    rtpParameters: {
      codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack', parameter: 'pli' }] }],
      encodings: [{ ssrc: VIDEO_SSRC }],
    },
  });
  const audio = await media.produce(hearingId, participantId, {
    transportId: audioIn.id,
    kind: 'audio',
    source: 'mic',
    paused: false,
    rtpParameters: {
      codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: { 'sprop-stereo': 1 } }],
      encodings: [{ ssrc: AUDIO_SSRC }],
    },
  });
  return { audioProducerId: audio.id, videoProducerId: video.id, video: videoIn, audio: audioIn };
}

/** ffmpeg sending a test pattern and a tone to the ingests, from wherever the caller runs. */
export function sendTestMedia({ video, audio }: TestMediaIngest, { gop = 10 }: { gop?: number } = {}): FfmpegProcess {
  // ffmpeg's RTP muxer ignores key-frame requests, so it sends one every `gop` frames instead.
  return spawnFfmpeg([
    '-loglevel',
    'error',
    '-re',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=640x360:rate=25',
    '-re',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-map',
    '0:v',
    '-c:v',
    'libvpx',
    '-deadline',
    'realtime',
    '-cpu-used',
    '8',
    '-b:v',
    '600k',
    '-g',
    String(gop),
    '-keyint_min',
    String(gop),
    '-ssrc',
    String(VIDEO_SSRC),
    '-payload_type',
    '101',
    '-f',
    'rtp',
    `rtp://${video.ip}:${video.port}?rtcpport=${video.rtcpPort}&pkt_size=1200`,
    '-map',
    '1:a',
    '-c:a',
    'libopus',
    '-ac',
    '2',
    '-b:a',
    '48k',
    '-ssrc',
    String(AUDIO_SSRC),
    '-payload_type',
    '100',
    '-f',
    'rtp',
    `rtp://${audio.ip}:${audio.port}?rtcpport=${audio.rtcpPort}&pkt_size=1200`,
  ]);
}
