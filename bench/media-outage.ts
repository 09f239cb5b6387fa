// Media-only outages: the server's WebRTC address (127.0.0.2) is cut off (tests/e2e/support/rtcCut.ts:
// packets silently dropped, or `--cut blackhole`: sends fail at once) for 2, 15 and 60 s while
// signaling on 127.0.0.1 stays up, in a
// hearing in session (so it is recorded). Per outage: how the media came back (ICE restart, same
// producers, or a rebuild with new ones), network back → every peer connection connected and →
// the judge decodes the defendant's video again, and the gap in the record: the longest hole
// between the defendant's recorded packets (the recording index's segments, their packets' times
// read with ffprobe) around the outage, with the recording_gaps rows it wrote.
// Run: npm run bench:outage [-- --runs 3 --outages 2,15,60 --cut drop|blackhole]   (inside bench/netns.sh: needs root there)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { SqlRecordingIndex } from '../server/store/SqlRecordingIndex.js';
import { received } from '../tests/e2e/support/rtcStats.js';
import { RtcCut, type CutMode } from '../tests/e2e/support/rtcCut.js';
import type { RunningVcourt } from '../server/main.js';
import type { SegmentRow } from '../recordings/ports.js';
import {
  benchHearing,
  definePageNameHelper,
  launchChromium,
  loadAverage,
  loadLine,
  machine,
  spread,
  startBenchServer,
  trackPeerConnections,
  writeResult,
} from './support.js';

const arg = (name: string, fallback: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1]! : fallback);
const runs = Number(arg('--runs', '3'));
const outagesS = arg('--outages', '2,15,60').split(',').map(Number);
const mode = arg('--cut', 'drop') as CutMode;
const RTC_IP = '127.0.0.2';
/** A bound on waiting for media to come back, far above what iceRecovery.ts promises. */
const BACK_BOUND_MS = 120_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => Promise<boolean>, boundMs = BACK_BOUND_MS): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > boundMs) throw new Error(`${what}: not within ${boundMs} ms`);
    await sleep(50);
  }
  return Date.now() - start;
}

const allConnected = (page: Page) =>
  page.evaluate(() => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter(
      (pc) => pc.connectionState !== 'closed' && pc.getTransceivers().length > 0,
    );
    return pcs.length > 0 && pcs.every((pc) => pc.connectionState === 'connected');
  });

const ownProducers = (page: Page) =>
  page.evaluate(() =>
    JSON.stringify(
      (window as unknown as { vcourt: { session: { media: { ownProducerIds(): unknown } } } }).vcourt.session.media.ownProducerIds(),
    ),
  );

/** Wall-clock times (ms) of every packet of one recorded segment. */
function packetTimes(seg: SegmentRow): number[] {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', seg.file], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  return out
    .split('\n')
    .map(Number.parseFloat)
    .filter(Number.isFinite)
    .map((s) => seg.startMs + s * 1000);
}

/** Wall-clock times of every recorded packet of `segs` (all of one kind), in order. */
function recordedTimes(segs: SegmentRow[]): number[] {
  return segs.flatMap(packetTimes).sort((a, b) => a - b);
}

/** The longest hole between consecutive recorded packets that overlaps [from, to]. */
function longestHole(times: number[], from: number, to: number): number {
  let hole = 0;
  for (let i = 1; i < times.length; i++) if (times[i]! > from && times[i - 1]! < to) hole = Math.max(hole, times[i]! - times[i - 1]!);
  return hole;
}

interface Outage {
  seconds: number;
  how: 'ICE restart' | 'rebuild';
  connectedMs: number;
  videoBackMs: number;
  audioBackMs: number;
  holeVideoMs: number;
  holeAudioMs: number;
  gapRows: string[];
}

async function oneRun(vcourt: RunningVcourt, browser: Awaited<ReturnType<typeof launchChromium>>, cut: RtcCut): Promise<Outage[]> {
  const { hearing, invite } = await benchHearing(vcourt, 'media outage');
  const judgeWho = await invite('judge', 'Thẩm phán');
  const defendantWho = await invite('defendant', 'Bị cáo');
  const open = async () => {
    const ctx = await browser.newContext({ permissions: ['camera', 'microphone'] });
    await ctx.addInitScript(definePageNameHelper);
    await ctx.addInitScript(trackPeerConnections);
    return ctx.newPage();
  };
  const judge = await open();
  const defendant = await open();
  try {
    await judge.goto(judgeWho.url);
    await judge.getByTestId('rules-accept').check();
    await judge.getByTestId('continue-button').click();
    await judge.getByTestId('transition-open').click();
    await defendant.goto(defendantWho.url);
    await defendant.getByTestId('rules-accept').check();
    await defendant.getByTestId('continue-button').click();
    await judge.getByTestId('admit-button').click();
    await defendant.getByTestId('courtroom').waitFor();
    await judge.getByTestId('transition-start').click();
    await judge.locator('[data-testid="hearing-state"][data-state="in_session"]').waitFor();
    // The clients' own account of the recovery (iceRecovery.ts logs each step), to read the figures by.
    for (const [who, page] of [
      ['judge', judge],
      ['defendant', defendant],
    ] as const) {
      page.on('console', (m) => {
        if (m.text().includes('[vcourt] media')) console.log(`    ${new Date().toISOString().slice(11, 23)} ${who}: ${m.text()}`);
      });
    }
    const frames = async () => (await received(judge)).videoFramesDecoded[defendantWho.id] ?? 0;
    const audio = async () => (await received(judge)).audioPacketsReceived[defendantWho.id] ?? 0;
    const framesGrow = async (by: number) => {
      const first = await frames();
      return until('video from the defendant', async () => (await frames()) > first + by);
    };
    await framesGrow(30);
    await sleep(6000); // a recorded segment or so before the first cut

    const windows: { seconds: number; cutAt: number; backAt: number; rest: Omit<Outage, 'holeVideoMs' | 'holeAudioMs' | 'gapRows'> }[] = [];
    for (const seconds of outagesS) {
      const producersBefore = await ownProducers(defendant);
      const cutAt = Date.now();
      cut.on();
      await sleep(seconds * 1000); // the outage itself
      const [framesBefore, audioBefore] = [await frames(), await audio()];
      const backAt = Date.now();
      cut.off();
      console.log(`    ${new Date().toISOString().slice(11, 23)} network back after ${seconds} s`);
      let audioBackMs = NaN;
      const connectedMs = await until('peer connections', async () => (await allConnected(defendant)) && (await allConnected(judge)));
      await until('video back', async () => {
        if (Number.isNaN(audioBackMs) && (await audio()) > audioBefore + 5) audioBackMs = Date.now() - backAt;
        return (await frames()) > framesBefore + 5;
      });
      const videoBackMs = Date.now() - backAt;
      await until('audio back', async () => (await audio()) > audioBefore + 5);
      if (Number.isNaN(audioBackMs)) audioBackMs = Date.now() - backAt;
      const how = (await ownProducers(defendant)) === producersBefore ? 'ICE restart' : 'rebuild';
      windows.push({ seconds, cutAt, backAt, rest: { seconds, how, connectedMs, videoBackMs, audioBackMs } });
      console.log(`  ${seconds} s outage: ${how}, connected +${connectedMs} ms, video +${videoBackMs} ms, audio +${audioBackMs} ms`);
      await sleep(8000); // media settles and is recorded before the next cut
    }

    // The segments after the last outage are indexed once finished (5 s each on the wall clock).
    const index = new SqlRecordingIndex(vcourt.store.db, join(vcourt.config.dataDir, 'recordings'));
    const lastBack = windows.at(-1)!.backAt;
    const mine = async () => {
      const tracks = (await index.tracks(hearing.id)).filter((t) => t.participantId === defendantWho.id && t.source !== 'screen');
      const segs = await index.segments(hearing.id);
      return (kind: string) => segs.filter((s) => tracks.some((t) => t.id === s.trackId && t.kind === kind));
    };
    await until('segments after the last outage', async () => {
      const of = await mine();
      return ['video', 'audio'].every((k) => of(k).some((s) => s.endMs > lastBack + 6000));
    });
    const of = await mine();
    const [videoTimes, audioTimes] = [recordedTimes(of('video')), recordedTimes(of('audio'))];
    const gaps = (await index.gaps(hearing.id)).filter((g) => g.participantId === defendantWho.id);
    return windows.map(({ cutAt, backAt, rest }) => ({
      ...rest,
      holeVideoMs: longestHole(videoTimes, cutAt, backAt),
      holeAudioMs: longestHole(audioTimes, cutAt, backAt),
      gapRows: gaps
        .filter((g) => g.startMs < backAt + 3_000 && (g.endMs ?? Infinity) > cutAt)
        .map((g) => `${g.cause} ${(((g.endMs ?? NaN) - g.startMs) / 1000).toFixed(1)} s`),
    }));
  } finally {
    cut.off();
    await judge.context().close();
    await defendant.context().close();
  }
}

async function main(): Promise<void> {
  const loadStart = loadAverage();
  const vcourt = await startBenchServer(1, { VCOURT_RTC_LISTEN_IP: RTC_IP });
  const browser = await launchChromium();
  const cut = new RtcCut(RTC_IP, mode);
  const all: Outage[][] = [];
  try {
    for (let r = 0; r < runs; r++) {
      console.log(`run ${r + 1} of ${runs}`);
      all.push(await oneRun(vcourt, browser, cut));
    }
  } finally {
    cut.off();
    await browser.close();
    await vcourt.close();
  }
  const loadEnd = loadAverage();
  const fmt = (xs: number[]) => {
    const s = spread(xs);
    return `${(s.p50 / 1000).toFixed(1)} [${(s.min / 1000).toFixed(1)}–${(s.max / 1000).toFixed(1)}]`;
  };
  console.log(`\nmedia-only outage (cut: ${mode}), ${runs} runs; seconds, median [min–max]`);
  console.log('outage | how back | net → connected | net → video | net → audio | hole in record, video | audio | gap rows');
  const rows = outagesS.map((seconds, i) => {
    const xs = all.map((run) => run[i]!);
    const hows = [...new Set(xs.map((x) => x.how))].join(' / ');
    const row = {
      seconds,
      how: xs.map((x) => x.how),
      connectedMs: xs.map((x) => x.connectedMs),
      videoBackMs: xs.map((x) => x.videoBackMs),
      audioBackMs: xs.map((x) => x.audioBackMs),
      holeVideoMs: xs.map((x) => Math.round(x.holeVideoMs)),
      holeAudioMs: xs.map((x) => Math.round(x.holeAudioMs)),
      gapRows: xs.map((x) => x.gapRows),
    };
    console.log(
      `${seconds} s | ${hows} | ${fmt(row.connectedMs)} | ${fmt(row.videoBackMs)} | ${fmt(row.audioBackMs)} | ${fmt(row.holeVideoMs)} | ${fmt(row.holeAudioMs)} | ${JSON.stringify(row.gapRows)}`,
    );
    return row;
  });
  console.log(loadLine(loadStart, loadEnd));
  writeResult('media-outage', {
    bench: 'media-outage',
    at: new Date().toISOString(),
    machine: machine(),
    loadStart,
    loadEnd,
    runs,
    cut: mode,
    rows,
  });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
