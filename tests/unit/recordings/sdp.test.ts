// The SDP ffmpeg reads for one recording consumer: codec, payload type and ports from the consumer.
import { describe, expect, it } from 'vitest';
import { codecName, recordingSdp } from '../../../recordings/sdp.js';

describe('recordingSdp()', () => {
  it('describes Opus with its channels, payload type and RTCP port', () => {
    const sdp = recordingSdp(
      { kind: 'audio', mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 } },
      41000,
    );
    expect(sdp.split('\n')).toEqual([
      'v=0',
      'o=- 0 0 IN IP4 127.0.0.1',
      's=vcourt recording',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=audio 41000 RTP/AVP 100',
      'a=rtcp:41001',
      'a=rtpmap:100 opus/48000/2',
      'a=fmtp:100 useinbandfec=1',
      'a=recvonly',
      '',
    ]);
  });

  it('describes VP8 without channels and without fmtp when there are no parameters', () => {
    const sdp = recordingSdp({ kind: 'video', mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, parameters: {} }, 50000);
    expect(sdp).toContain('m=video 50000 RTP/AVP 101\n');
    expect(sdp).toContain('a=rtpmap:101 VP8/90000\n');
    expect(sdp).not.toContain('a=fmtp');
  });

  it('keeps H264 packetization-mode and profile in fmtp, so ffmpeg depacketizes FU-A', () => {
    const sdp = recordingSdp(
      {
        kind: 'video',
        mimeType: 'video/H264',
        payloadType: 107,
        clockRate: 90000,
        parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1 },
      },
      50010,
    );
    expect(sdp).toContain('a=rtpmap:107 H264/90000\n');
    expect(sdp).toContain('a=fmtp:107 packetization-mode=1;profile-level-id=42e01f;level-asymmetry-allowed=1\n');
  });

  it('keeps line breaks out of the session name', () => {
    expect(
      recordingSdp({ kind: 'audio', mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: {} }, 1, 'a\nb'),
    ).toContain('s=a b\n');
  });

  it('names codecs in lower case for the index', () => {
    expect(codecName({ mimeType: 'video/VP8' })).toBe('vp8');
    expect(codecName({ mimeType: 'audio/opus' })).toBe('opus');
    expect(codecName({ mimeType: 'video/H264' })).toBe('h264');
  });
});
