// CPU of live capture: what recording costs per audio and per video track while a hearing is in
// session (stream copy only), read from /proc/<pid>/stat of each recorder ffmpeg and of the
// mediasoup worker. The worker is measured twice, with the hearing open (media flowing, nothing
// recorded) and in session (the same media also forwarded to the recorders), so its share of the
// recording is the difference. Senders copy a pre-encoded 720p VP8 + Opus clip, so they cost little.
// Prints figures and writes bench/results/recording-cpu.json; asserts nothing.
//   npx tsx bench/recording-cpu.ts [--participants 3] [--seconds 30]
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import type { FfmpegProcess } from '../core/lib/ffmpeg.js';
import { avClip as clip, feed } from './recordingFeed.js';
import { benchHearing, loadAverage, loadLine, machine, startBenchServer, writeResult } from './support.js';

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const participants = arg('participants', 3);
const seconds = arg('seconds', 30);
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
  const loadStart = loadAverage();
  const vcourt = await startBenchServer(1);
  const senders: FfmpegProcess[] = [];
  try {
    const file = await clip();
    const { hearing, invite } = await benchHearing(vcourt, 'recording cpu');
    const judge = await invite('judge', 'Thẩm phán');
    await vcourt.service.join({ hearingId: hearing.id, participantId: judge.id });
    const judgeRef = { hearingId: hearing.id, participantId: judge.id };
    await vcourt.service.transition(judgeRef, 'open');
    for (let i = 0; i < participants; i++) {
      const p = await invite('witness', `Người ${i + 1}`);
      await vcourt.service.join({ hearingId: hearing.id, participantId: p.id });
      await vcourt.service.admit(judgeRef, p.id);
      senders.push(await feed(vcourt, hearing.id, p.id, file, i));
    }
    const worker = vcourt.pool.workers[0]!.pid; // startBenchServer(1): one worker
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
    const bytes = (await vcourt.recorder.index.segments(hearing.id)).reduce((sum, s) => sum + (s.bytes ?? 0), 0);

    const loadEnd = loadAverage();
    const result = {
      bench: 'recording-cpu',
      at: new Date().toISOString(),
      machine: machine(),
      loadAverage: { start: loadStart, end: loadEnd },
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
    console.log(loadLine(loadStart, loadEnd));
    writeResult('recording-cpu', result);
    await vcourt.service.transition(judgeRef, 'recess', 'end of the benchmark'); // closes the segments before shutting down
  } finally {
    for (const s of senders) s.child.kill('SIGKILL');
    await vcourt.close();
    rmSync(vcourt.config.dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
