// Courtroom IP cameras over RTSP: what one camera costs the server, in pass-through (the simulator
// sends H.264 constrained baseline; ffmpeg only repackages it) and in transcode (the simulator
// sends H.264 High; ffmpeg decodes and re-encodes with libx264), and how long after the camera
// comes back the judge sees video again.
//
// CPU: the ingest ffmpeg's user+system time from /proc/<pid>/stat over the window, and the
// mediasoup worker's over the same window minus its own over a window before the camera was
// attached (a judge's Chromium is in the courtroom throughout, consuming the camera, so the
// worker's delta includes forwarding to one browser). The simulator's CPU is printed for context.
//
// Restart: the simulator is stopped, left down for --down seconds (the ingest is then retrying
// every 2 s, its slowest), and started again. Measured in the judge's real courtroom page
// (Chromium, getStats): from spawning the simulator to the first frame decoded from the camera's
// new track; also to the simulator's ready line and to the server's ingest going live.
// Prints a table, writes bench/results/rtsp-camera.json; asserts nothing.
//   npm run bench:rtsp [-- --seconds 20 --restarts 3 --down 5 --size 640x360]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { CameraSimulator, type SimulatorCodec } from '../tests/support/cameraSimulator.js';
import {
  benchHearing,
  launchChromium,
  loadAverage,
  loadLine,
  machine,
  printTable,
  spread,
  startBenchServer,
  trackPeerConnections,
  writeResult,
  type Spread,
} from './support.js';

const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(`--${name}`) + 1]) || fallback;
const seconds = arg('seconds', 20);
const restarts = arg('restarts', 3);
const downSeconds = arg('down', 5);
const sizeArg = process.argv[process.argv.indexOf('--size') + 1] ?? '';
const size = /^(\d+)x(\d+)$/.exec(sizeArg);
const [width, height] = size ? [Number(size[1]), Number(size[2])] : [640, 360];
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return undefined;
  }
}

/** % of one core each named process used over `s` seconds. */
async function cpuOver(pids: Record<string, number | undefined>, s: number): Promise<Record<string, number>> {
  const t0 = Date.now();
  const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuSeconds(pid)]));
  await sleep(s * 1000);
  const wall = (Date.now() - t0) / 1000;
  return Object.fromEntries(
    Object.entries(pids).map(([k, pid]) => {
      const a = before[k];
      const b = cpuSeconds(pid);
      return [k, a === undefined || b === undefined ? NaN : +((100 * (b - a)) / wall).toFixed(1)];
    }),
  );
}

/** Frames decoded from the camera tile's current track, and that track's id. */
function tileVideo(page: Page, participantId: string): Promise<{ trackId: string | null; frames: number }> {
  return page.evaluate(async (pid) => {
    const video = document.querySelector<HTMLVideoElement>(`[data-testid="tile"][data-participant-id="${pid}"] video`);
    const track = (video?.srcObject as MediaStream | null)?.getVideoTracks()[0];
    if (!track) return { trackId: null, frames: 0 };
    let frames = 0;
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp' && s.trackIdentifier === track.id) frames += s.framesDecoded ?? 0;
      });
    }
    return { trackId: track.id, frames };
  }, participantId);
}

async function until<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(everyMs);
  }
}

interface ModeResult {
  codec: SimulatorCodec;
  plan: unknown;
  cpuPercent: { ffmpeg: number; workerDelta: number; simulator: number };
  restartMs: { simulatorReady: Spread; serverLive: Spread; firstFrameInBrowser: Spread };
}

async function main(): Promise<void> {
  const loadStart = loadAverage();
  const vcourt = await startBenchServer();
  const browser = await launchChromium();
  const results: ModeResult[] = [];
  try {
    const system = { kind: 'system' } as const;
    const site = await vcourt.caseFile.createSite('Phòng xử án (bench)', 'courtroom');
    const { hearing, invite } = await benchHearing(vcourt, 'rtsp camera');
    const judgeWho = await invite('judge', 'Thẩm phán');
    const ctx = await browser.newContext();
    await ctx.addInitScript(trackPeerConnections);
    const judge = await ctx.newPage();
    await judge.goto(judgeWho.url);
    await judge.getByTestId('rules-accept').check();
    await judge.getByTestId('continue-button').click();
    await judge.getByTestId('courtroom').waitFor();
    const workerPid = vcourt.pool.workers[0]!.pid;
    await sleep(2000);

    for (const codec of ['h264', 'h264-high'] as const) {
      const idle = await cpuOver({ worker: workerPid }, seconds);
      const sim = await CameraSimulator.start({ codec, size: { width, height } });
      try {
        const device = await vcourt.devices.register({ siteId: site.id, kind: 'camera', name: `Camera ${codec}`, rtspUrl: sim.url });
        const participant = await vcourt.devices.attach(system, hearing.id, device.id);
        const ingest = await until(async () => vcourt.cameras.ingest(participant.id));
        await until(async () => ingest.status === 'live');
        const first = await until(async () => ((await tileVideo(judge, participant.id)).frames > 0 ? true : undefined));
        void first;
        await sleep(2000);
        const cpu = await cpuOver({ ffmpeg: ingest.ffmpegPid, worker: workerPid, simulator: sim.pid }, seconds);

        const ready: number[] = [];
        const live: number[] = [];
        const frame: number[] = [];
        for (let i = 0; i < restarts; i++) {
          const before = await tileVideo(judge, participant.id);
          await sim.stop();
          await judge
            .locator(`[data-testid="tile"][data-participant-id="${participant.id}"] [data-testid="device-status"][data-status="down"]`)
            .waitFor();
          await sleep(downSeconds * 1000);
          const t0 = Date.now();
          const wentLive = new Promise<number>((resolve) => {
            const check = setInterval(() => {
              if (ingest.status === 'live') {
                clearInterval(check);
                resolve(Date.now() - t0);
              }
            }, 5);
          });
          await sim.restart();
          ready.push(Date.now() - t0);
          await until(async () => {
            const now = await tileVideo(judge, participant.id);
            return now.trackId && now.trackId !== before.trackId && now.frames > 0 ? now : undefined;
          });
          frame.push(Date.now() - t0);
          live.push(await wentLive);
          await sleep(1000);
        }
        results.push({
          codec,
          plan: ingest.plan,
          cpuPercent: { ffmpeg: cpu.ffmpeg!, workerDelta: +(cpu.worker! - idle.worker!).toFixed(1), simulator: cpu.simulator! },
          restartMs: { simulatorReady: spread(ready), serverLive: spread(live), firstFrameInBrowser: spread(frame) },
        });
        await vcourt.devices.revoke(system, device.id);
        await sleep(1000);
      } finally {
        await sim.stop();
      }
    }
    await ctx.close();
  } finally {
    await browser.close();
    await vcourt.close();
  }

  const loadEnd = loadAverage();
  console.log(
    `\nRTSP camera CPU over ${seconds} s (% of one core; ${width}x${height} 25 fps test pattern; one judge consuming in Chromium)`,
  );
  console.log(`${'mode'.padEnd(34)} ${'ffmpeg'.padStart(8)} ${'worker Δ'.padStart(9)} ${'simulator'.padStart(10)}`);
  for (const r of results) {
    const name = r.codec === 'h264' ? 'pass-through (H.264 CB)' : 'transcode (H.264 High → CB)';
    console.log(
      `${name.padEnd(34)} ${String(r.cpuPercent.ffmpeg).padStart(8)} ${String(r.cpuPercent.workerDelta).padStart(9)} ${String(r.cpuPercent.simulator).padStart(10)}`,
    );
  }
  console.log('');
  printTable(
    `camera restart → video back (${restarts} restarts per mode, down ${downSeconds} s each; judge's Chromium, getStats)`,
    results.flatMap(
      (r) =>
        [
          [`${r.codec}: simulator ready`, r.restartMs.simulatorReady],
          [`${r.codec}: server ingest live`, r.restartMs.serverLive],
          [`${r.codec}: first frame in judge's browser`, r.restartMs.firstFrameInBrowser],
        ] as [string, Spread][],
    ),
  );
  console.log(loadLine(loadStart, loadEnd));
  writeResult('rtsp-camera', {
    bench: 'rtsp-camera',
    at: new Date().toISOString(),
    machine: machine(),
    load: { start: loadStart, end: loadEnd },
    seconds,
    size: { width, height },
    restarts,
    downSeconds,
    results,
  });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
