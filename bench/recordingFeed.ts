// Synthetic participants for the recording benchmarks: a pre-encoded 720p VP8 + Opus clip copied
// as RTP into a participant's plain ingests (HearingRoom.createPlainTransport + produce, the path
// RTP cameras and tests use), so the senders cost little and the recorder sees ordinary producers.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFfmpeg, spawnFfmpeg, type FfmpegProcess } from '../core/lib/ffmpeg.js';
import type { RunningVcourt } from '../server/main.js';
import { killOnExit } from './support.js';

/** A 720p VP8 (2.5 Mbit/s, key frame every second) + Opus clip, encoded once: senders only copy it. */
export async function avClip(): Promise<string> {
  const file = join(tmpdir(), 'vcourt-bench-720p-vp8-opus.webm');
  if (!existsSync(file)) {
    await runFfmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=1280x720:rate=25',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000',
      '-t',
      '20',
      '-c:v',
      'libvpx',
      '-b:v',
      '2500k',
      '-g',
      '25',
      '-keyint_min',
      '25',
      '-deadline',
      'realtime',
      '-cpu-used',
      '8',
      '-c:a',
      'libopus',
      '-ac',
      '2',
      '-b:a',
      '48k',
      file,
    ]);
  }
  return file;
}

/** One participant's camera and microphone as RTP into their own plain ingests (n: a unique index). */
export async function feed(
  vcourt: RunningVcourt,
  hearingId: string,
  participantId: string,
  file: string,
  n: number,
): Promise<FfmpegProcess> {
  const room = await vcourt.media.room(hearingId);
  const v = await room.createPlainTransport(participantId);
  const a = await room.createPlainTransport(participantId);
  const vssrc = 1000 + n * 2;
  const assrc = 1001 + n * 2;
  await vcourt.media.produce(hearingId, participantId, {
    transportId: v.id,
    kind: 'video',
    source: 'camera',
    paused: false,
    rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: vssrc }] },
  });
  await vcourt.media.produce(hearingId, participantId, {
    transportId: a.id,
    kind: 'audio',
    source: 'mic',
    paused: false,
    rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: assrc }] },
  });
  const sender = spawnFfmpeg([
    '-loglevel',
    'error',
    '-re',
    '-stream_loop',
    '-1',
    '-i',
    file,
    '-map',
    '0:v',
    '-c',
    'copy',
    '-payload_type',
    '101',
    '-ssrc',
    String(vssrc),
    '-f',
    'rtp',
    `rtp://127.0.0.1:${v.port}?rtcpport=${v.rtcpPort}&pkt_size=1200`,
    '-map',
    '0:a',
    '-c',
    'copy',
    '-payload_type',
    '100',
    '-ssrc',
    String(assrc),
    '-f',
    'rtp',
    `rtp://127.0.0.1:${a.port}?rtcpport=${a.rtcpPort}&pkt_size=1200`,
  ]);
  killOnExit(sender.child);
  return sender;
}

/** A hearing opened by its judge, and a function that brings one more fed participant in. */
export async function fedHearing(
  vcourt: RunningVcourt,
  invite: (role: 'judge' | 'witness', name: string) => Promise<{ id: string }>,
  hearingId: string,
) {
  const judge = await invite('judge', 'Thẩm phán');
  const judgeRef = { hearingId, participantId: judge.id };
  await vcourt.service.join(judgeRef);
  await vcourt.service.transition(judgeRef, 'open');
  const senders: FfmpegProcess[] = [];
  const file = await avClip();
  let n = 0;
  return {
    judgeRef,
    senders,
    async addParticipant(): Promise<string> {
      const p = await invite('witness', `Người ${++n}`);
      await vcourt.service.join({ hearingId, participantId: p.id });
      await vcourt.service.admit(judgeRef, p.id);
      senders.push(await feed(vcourt, hearingId, p.id, file, n));
      return p.id;
    },
    stopSenders(): void {
      for (const s of senders) s.child.kill('SIGKILL');
    },
  };
}
