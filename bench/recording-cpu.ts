// CPU of live capture: what recording costs per audio and per video track while a hearing is in
// session (stream copy only), read from /proc/<pid>/stat of each recorder ffmpeg and of the
// mediasoup worker. The worker is measured twice, with the hearing open (media flowing, nothing
// recorded) and in session (the same media also forwarded to the recorders), so its share of the
// recording is the difference. Senders copy a pre-encoded 720p VP8 + Opus clip, so they cost little.
// Prints figures and writes bench/results/recording-cpu.json; asserts nothing.
//   npx tsx bench/recording-cpu.ts [--participants 3] [--seconds 30]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFfmpeg, spawnFfmpeg, type FfmpegProcess } from '../recordings/ffmpeg.js';
import type { RunningVcourt } from '../server/main.js';
import { benchHearing, machine, startBenchServer, writeResult } from './support.js';

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const participants = arg('participants', 3);
const seconds = arg('seconds', 30);
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A 720p VP8 (2.5 Mbit/s, key frame every second) + Opus clip, encoded once: senders only copy it. */
async function clip(): Promise<string> {
  const file = join(tmpdir(), 'vcourt-bench-720p-vp8-opus.webm');
  if (!existsSync(file)) {
    await runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
      '-t', '20', '-c:v', 'libvpx', '-b:v', '2500k', '-g', '25', '-keyint_min', '25', '-deadline', 'realtime', '-cpu-used', '8',
      '-c:a', 'libopus', '-ac', '2', '-b:a', '48k', file]);
  }
  return file;
}

/** One participant's camera and microphone as RTP into their own plain ingests. */
async function feed(vcourt: RunningVcourt, hearingId: string, participantId: string, file: string, n: number): Promise<FfmpegProcess> {
  const room = await vcourt.media.room(hearingId);
  const v = await room.createPlainTransport(participantId);
  const a = await room.createPlainTransport(participantId);
  const vssrc = 1000 + n * 2;
  const assrc = 1001 + n * 2;
  await vcourt.media.produce(hearingId, participantId, { transportId: v.id, kind: 'video', source: 'camera', paused: false,
    rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: vssrc }] } });
  await vcourt.media.produce(hearingId, participantId, { transportId: a.id, kind: 'audio', source: 'mic', paused: false,
    rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: assrc }] } });
  return spawnFfmpeg(['-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', file,
    '-map', '0:v', '-c', 'copy', '-payload_type', '101', '-ssrc', String(vssrc), '-f', 'rtp', `rtp://127.0.0.1:${v.port}?rtcpport=${v.rtcpPort}&pkt_size=1200`,
    '-map', '0:a', '-c', 'copy', '-payload_type', '100', '-ssrc', String(assrc), '-f', 'rtp', `rtp://127.0.0.1:${a.port}?rtcpport=${a.rtcpPort}&pkt_size=1200`]);
}

/** CPU seconds (user + system) a process has used, or undefined once it is gone. */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS; // utime, stime
  } catch {
    return undefined;
  }
}

/** Samples the given pids every second for `s` seconds; % of one core per pid (restarts counted). */
async function measure(pids: () => number[], s: number): Promise<Map<number, number>> {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const t0 = Date.now();
  for (let i = 0; i <= s; i++) {
    for (const pid of pids()) {
      const c = cpuSeconds(pid);
      if (c === undefined) continue;
      if (!first.has(pid)) first.set(pid, c);
      last.set(pid, c);
    }
    if (i < s) await sleep(1000);
  }
  const wall = (Date.now() - t0) / 1000;
  return new Map([...last].map(([pid, c]) => [pid, ((c - first.get(pid)!) / wall) * 100]));
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

async function main(): Promise<void> {
  const vcourt = await startBenchServer(1);
  const senders: FfmpegProcess[] = [];
  try {
    const file = await clip();
    const { hearing, invite } = benchHearing(vcourt, 'recording cpu');
    const judge = invite('judge', 'Thẩm phán');
    await vcourt.service.join({ hearingId: hearing.id, participantId: judge.id });
    const judgeRef = { hearingId: hearing.id, participantId: judge.id };
    await vcourt.service.transition(judgeRef, 'open');
    for (let i = 0; i < participants; i++) {
      const p = invite('witness', `Người ${i + 1}`);
      await vcourt.service.join({ hearingId: hearing.id, participantId: p.id });
      await vcourt.service.admit(judgeRef, p.id);
      senders.push(await feed(vcourt, hearing.id, p.id, file, i));
    }
    const worker = vcourt.pool.workers[0].pid;
    await sleep(3000);
    console.log(`measuring ${seconds} s with the hearing open (media flowing, not recorded)…`);
    const open = (await measure(() => [worker], seconds)).get(worker) ?? 0;

    await vcourt.service.transition(judgeRef, 'start');
    await sleep(5000); // recorders started, first segments cut
    const recorders = () => vcourt.recorder.processes(hearing.id);
    const kindOf = new Map<number, string>();
    const pids = () => {
      const list = recorders().filter((r) => r.pid !== undefined);
      for (const r of list) kindOf.set(r.pid!, r.kind);
      return [worker, ...list.map((r) => r.pid!)];
    };
    console.log(`measuring ${seconds} s in session (${participants * 2} tracks recorded)…`);
    const session = await measure(pids, seconds);
    const inSession = session.get(worker) ?? 0;
    const byKind = (kind: string) => [...session].filter(([pid]) => kindOf.get(pid) === kind).map(([, v]) => v);
    const audio = byKind('audio');
    const video = byKind('video');
    const bytes = vcourt.recorder.index.segments(hearing.id).reduce((sum, s) => sum + (s.bytes ?? 0), 0);

    const result = {
      machine: machine(),
      participants,
      seconds,
      recorderFfmpegPercentOfOneCore: { audioPerTrack: mean(audio), videoPerTrack: mean(video), audio, video },
      mediasoupWorkerPercent: { open, inSession, forRecording: inSession - open },
      workerPercentPerRecordedTrack: (inSession - open) / (participants * 2),
      segmentBytesIndexed: bytes,
    };
    const f = (x: number) => x.toFixed(2).padStart(7);
    console.log(`\nLive capture CPU (% of one core; ${participants} participants × 720p VP8 2.5 Mbit/s + Opus 48 kbit/s)`);
    console.log(`recorder ffmpeg, per audio track   ${f(result.recorderFfmpegPercentOfOneCore.audioPerTrack)}`);
    console.log(`recorder ffmpeg, per video track   ${f(result.recorderFfmpegPercentOfOneCore.videoPerTrack)}`);
    console.log(`mediasoup worker, hearing open     ${f(open)}`);
    console.log(`mediasoup worker, in session       ${f(inSession)}`);
    console.log(`  of which recording, per track    ${f(result.workerPercentPerRecordedTrack)}`);
    writeResult('recording-cpu', result);
    await vcourt.service.transition(judgeRef, 'recess'); // closes the segments before shutting down
  } finally {
    for (const s of senders) s.child.kill('SIGKILL');
    await vcourt.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
