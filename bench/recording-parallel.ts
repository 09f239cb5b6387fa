// B4 parallel recordings: how many live recorded tracks one machine captures with no gaps. Fed
// participants (720p VP8 2.5 Mbit/s + Opus, copied as RTP into plain ingests: bench/recordingFeed.ts)
// join a hearing in session in steps; after each step, a window of live capture is checked:
//   - no recording_gaps row and no 'interrupted' alert for any track in the window,
//   - no hole longer than HOLE_MS between a track's segments (video segments start at the first
//     key frame after each 5 s cut, so sub-second holes are by design),
//   - every track's bytes per second at least MIN_RATE of the same kind's median at the first step
//     (packets the recorder's ffmpeg could not read in time are missing bytes, not a gap row).
// Stops at the first step that fails or when this benchmark's processes (mediasoup worker,
// recorder and sender ffmpegs, this process) use SATURATED of all cores; reports the last
// gap-free track count. Prints; asserts nothing.
// Run: npm run bench:recording-parallel [-- --quick | --steps 1,2,4,8,12,16,24,32 --seconds 15]
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { cpus } from 'node:os';
import type { RecordingEvent } from '../core/hearing/ports.js';
import { background } from '../core/lib/background.js';
import { fedHearing } from './recordingFeed.js';
import { benchHearing, loadAverage, loadLine, machine, startBenchServer, writeResult } from './support.js';

const QUICK = process.argv.includes('--quick');
const argv = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const STEPS = (argv('steps') ?? (QUICK ? '1,4,8' : '1,2,4,8,12,16,24,32')).split(',').map(Number);
const WINDOW_S = Number(argv('seconds') ?? (QUICK ? 10 : 15));
const HOLE_MS = 1500;
const MIN_RATE = 0.9;
const SATURATED = 0.9;
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / TICKS;
  } catch {
    return 0;
  }
}

/** Busy share of all cores over a window, machine-wide (other agents' work included). */
function machineBusy(): () => number {
  const read = () => {
    // The first line: cpu user nice system idle iowait irq softirq steal ...
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = f[3]! + f[4]!;
    return { idle, total: f.reduce((a, b) => a + b, 0) };
  };
  const a = read();
  return () => {
    const b = read();
    return 1 - (b.idle - a.idle) / Math.max(1, b.total - a.total);
  };
}

interface StepResult {
  participants: number;
  tracks: number;
  gapRows: number;
  gapCauses: string[];
  interrupted: number;
  holes: number;
  minVideoRate: number;
  minAudioRate: number;
  benchCpuShare: number;
  machineBusy: number;
  gapFree: boolean;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(): Promise<void> {
  const loadStart = loadAverage();
  const vcourt = await startBenchServer(1);
  const interrupted: RecordingEvent[] = [];
  // Count alerts on the way to the domain, which still gets every event.
  const forward = (e: RecordingEvent) => vcourt.service.recordingEvent(e);
  vcourt.recorder.setListener((e) => {
    if (e.type === 'interrupted') interrupted.push(e);
    background(forward(e), 'recording event');
  });
  const { hearing, invite } = await benchHearing(vcourt, 'parallel recordings');
  const h = await fedHearing(vcourt, invite, hearing.id);
  const results: StepResult[] = [];
  let reference: Record<'audio' | 'video', number> | null = null;
  try {
    await vcourt.service.transition(h.judgeRef, 'start');
    let participants = 0;
    for (const target of STEPS) {
      while (participants < target) {
        await h.addParticipant();
        participants++;
      }
      await sleep(4000); // recorders started, first segments cut
      const pids = () => [
        vcourt.pool.workers[0]!.pid, // startBenchServer(1): one worker
        process.pid,
        ...h.senders.map((s) => s.child.pid!),
        ...vcourt.recorder
          .processes(hearing.id)
          .map((p) => p.pid!)
          .filter(Boolean),
      ];
      const cpu0 = new Map(pids().map((p) => [p, cpuSeconds(p)]));
      const busy = machineBusy();
      const w0 = Date.now();
      const alerts0 = interrupted.length;
      await sleep(WINDOW_S * 1000);
      const w1 = Date.now();
      const benchCpu =
        pids().reduce((sum, p) => sum + cpuSeconds(p) - (cpu0.get(p) ?? cpuSeconds(p)), 0) / ((w1 - w0) / 1000) / cpus().length;
      const machine = busy();
      await sleep(7000); // the segments covering the window's end are closed and indexed

      const tracks = await vcourt.recorder.index.tracks(hearing.id);
      const segments = await vcourt.recorder.index.segments(hearing.id);
      const gaps = (await vcourt.recorder.index.gaps(hearing.id)).filter((g) => (g.endMs ?? Infinity) > w0 && g.startMs < w1);
      let holes = 0;
      const rates: Record<'audio' | 'video', number[]> = { audio: [], video: [] };
      for (const t of tracks) {
        const mine = segments.filter((s) => s.trackId === t.id && s.endMs > w0 && s.startMs < w1).sort((a, b) => a.startMs - b.startMs);
        let covered = w0;
        let bytes = 0;
        let ms = 0;
        for (const s of mine) {
          if (s.startMs - covered > HOLE_MS) holes++;
          covered = Math.max(covered, s.endMs);
          bytes += s.bytes ?? 0;
          ms += s.endMs - s.startMs;
        }
        if (w1 - covered > HOLE_MS) holes++;
        rates[t.kind].push(ms > 0 ? (bytes * 1000) / ms : 0);
      }
      reference ??= { audio: median(rates.audio), video: median(rates.video) };
      const r: StepResult = {
        participants,
        tracks: tracks.length,
        gapRows: gaps.length,
        gapCauses: [...new Set(gaps.map((g) => g.cause))],
        interrupted: interrupted.length - alerts0,
        holes,
        minVideoRate: Math.min(...rates.video) / reference.video,
        minAudioRate: Math.min(...rates.audio) / reference.audio,
        benchCpuShare: benchCpu,
        machineBusy: machine,
        gapFree: false,
      };
      r.gapFree = r.gapRows === 0 && r.interrupted === 0 && r.holes === 0 && r.minVideoRate >= MIN_RATE && r.minAudioRate >= MIN_RATE;
      results.push(r);
      console.log(
        `  ${r.tracks} tracks (${participants} participants): gap rows ${r.gapRows}${r.gapRows ? ` (${r.gapCauses.join(', ')})` : ''}, alerts ${r.interrupted}, holes ${r.holes}, lowest rate video ${(r.minVideoRate * 100).toFixed(0)}% audio ${(r.minAudioRate * 100).toFixed(0)}% of step 1; this bench ${(benchCpu * 100).toFixed(0)}% of ${cpus().length} cores, machine ${(machine * 100).toFixed(0)}% busy → ${r.gapFree ? 'gap-free' : 'GAPS'}`,
      );
      if (!r.gapFree || benchCpu >= SATURATED) break;
    }
    await vcourt.service.transition(h.judgeRef, 'recess', 'end of the benchmark'); // closes the segments before shutting down
  } finally {
    h.stopSenders();
    await vcourt.close();
    rmSync(vcourt.config.dataDir, { recursive: true, force: true });
  }
  const loadEnd = loadAverage();
  const free = results.filter((r) => r.gapFree);
  const last = free[free.length - 1];
  const stop = results[results.length - 1];
  const why = !stop
    ? 'no step ran'
    : !stop.gapFree
      ? `gaps at ${stop.tracks} tracks`
      : stop.benchCpuShare >= SATURATED
        ? 'CPU saturated'
        : 'the last step (raise --steps)';
  console.log(
    `\nB4 parallel recordings (720p VP8 2.5 Mbit/s + Opus per participant, ${WINDOW_S} s windows): last gap-free step ${last ? `${last.tracks} tracks (${last.participants} participants)` : 'none'}; stopped by ${why}`,
  );
  console.log(loadLine(loadStart, loadEnd));
  writeResult('recording-parallel', {
    bench: 'recording-parallel',
    at: new Date().toISOString(),
    machine: machine(),
    loadAverage: { start: loadStart, end: loadEnd },
    settings: { steps: STEPS, windowSeconds: WINDOW_S, holeMs: HOLE_MS, minRate: MIN_RATE, saturated: SATURATED },
    lastGapFreeTracks: last?.tracks ?? 0,
    stoppedBy: why,
    steps: results,
  });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
