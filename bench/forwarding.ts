// B1 forwarding capacity. K publishers (ffmpeg copying a pre-encoded 720p VP8 clip as RTP, key
// frame every 2 s, so the senders stay cheap) into one mediasoup worker pinned to core 0;
// consumers are added in steps until the worker's core is saturated (≥ 90% of one core, from
// worker.getResourceUsage() deltas) or loss passes 0.5%. The capacity is the last step within
// 0.5% loss. Everything else (this process, senders, receivers) runs on core 1.
//
// Receivers: every consumer transport is a comedia PlainTransport that sends where its first
// packet came from. One transport in SAMPLE_EVERY sends to UDP sockets here that count packets and
// sequence gaps; the others send to a sink that never reads (rtpLoad.ts Sink), because one Node
// process cannot read what one SFU core forwards. All consumers of a transport cycle through all
// publishers, so the sampled transports see the same streams as the rest: forwarded packets/s is
// the sampled rate scaled by consumers ÷ sampled consumers, and loss is the sampled loss.
//
// The same sweep runs through vcourt's media layer (MediaRooms → HearingRoom: participants,
// createPlainTransport, produce, consume, resumeConsumer, as the server does) and through a bare
// mediasoup script doing the same operations; the whole pair is repeated --runs times and each
// figure is printed as median [min–max]. Prints; asserts nothing.
// Run: npm run bench:forwarding [-- --quick | --runs 3 --publishers 4 --step 100 --max 3000 --seconds 3 --no-pin]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { MEDIA_CODECS, type MediaConfig } from '../media/MediaConfig.js';
import { MediaRooms } from '../media/MediaRooms.js';
import { WorkerPool } from '../media/WorkerPool.js';
import type { FfmpegProcess } from '../core/lib/ffmpeg.js';
import { clip, Receivers, sendClip, Sink, VP8_RTP_PARAMETERS } from './rtpLoad.js';
import { loadAverage, loadLine, machine, writeResult, numberArg } from './support.js';

const QUICK = process.argv.includes('--quick');
const RUNS = numberArg('runs', QUICK ? 1 : 3);
const PUBLISHERS = numberArg('publishers', 4);
const STEP = numberArg('step', QUICK ? 200 : 100);
const MAX = numberArg('max', 3000);
const MEASURE_MS = numberArg('seconds', QUICK ? 2 : 3) * 1000;
const SETTLE_MS = 1500;
const PER_TRANSPORT = 50;
const SAMPLE_EVERY = numberArg('sample-every', 4);
const SATURATED = 0.9;
const MAX_LOSS = 0.005;
/** Pinning the worker to core 0 isolates it on a quiet machine, but starves it when other work
 * (at a higher priority) lands on that core: --no-pin leaves the scheduler free. */
const PIN = !process.argv.includes('--no-pin');

/** The operations a sweep needs, done through vcourt's media layer or bare mediasoup. */
interface Target {
  label: string;
  worker: types.Worker;
  /** A publisher's plain ingest; returns the producer id and where to send. */
  publish(i: number): Promise<{ producerId: string; port: number; rtcpPort: number }>;
  /** A viewer's comedia transport; returns its id and port. */
  viewerTransport(v: number): Promise<{ id: string; port: number }>;
  /** A consumer on the viewer's transport, resumed (with a key frame request, as the server does). */
  consume(v: number, transportId: string, producerId: string): Promise<void>;
  close(): Promise<void>;
}

const mediaConfig: MediaConfig = {
  workers: 1,
  listenIp: '127.0.0.1',
  minPort: 20000,
  maxPort: 29999,
  logLevel: 'error',
  initialAvailableOutgoingBitrate: 1_000_000,
};

async function vcourtTarget(): Promise<Target> {
  const pool = await WorkerPool.create(mediaConfig);
  const rooms = new MediaRooms(pool, mediaConfig);
  const room = await rooms.room('bench-hearing');
  const caps = room.router.rtpCapabilities;
  return {
    label: 'vcourt (MediaRooms → HearingRoom)',
    worker: room.worker,
    async publish(i) {
      const t = await room.createPlainTransport(`publisher-${i}`);
      const p = await room.produce(`publisher-${i}`, {
        transportId: t.id,
        kind: 'video',
        source: 'camera',
        paused: false,
        rtpParameters: VP8_RTP_PARAMETERS(1000 + i),
      });
      return { producerId: p.id, port: t.port, rtcpPort: t.rtcpPort };
    },
    async viewerTransport(v) {
      const t = await room.createPlainTransport(`viewer-${v}`);
      return { id: t.id, port: t.port };
    },
    async consume(v, transportId, producerId) {
      const c = await room.consume(`viewer-${v}`, { transportId, producerId, rtpCapabilities: caps });
      await room.resumeConsumer(`viewer-${v}`, c.id);
    },
    close: async () => {
      rooms.close();
      pool.close();
    },
  };
}

async function bareTarget(): Promise<Target> {
  const worker = await mediasoup.createWorker({ logLevel: 'error' });
  const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  const transports = new Map<string, types.PlainTransport>();
  const plain = async () => {
    const t = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: false, comedia: true });
    transports.set(t.id, t);
    return t;
  };
  return {
    label: 'bare mediasoup',
    worker,
    async publish(i) {
      const t = await plain();
      const p = await t.produce({ kind: 'video', rtpParameters: VP8_RTP_PARAMETERS(1000 + i) as types.RtpParameters });
      return { producerId: p.id, port: t.tuple.localPort, rtcpPort: t.rtcpTuple!.localPort };
    },
    async viewerTransport() {
      const t = await plain();
      return { id: t.id, port: t.tuple.localPort };
    },
    async consume(_v, transportId, producerId) {
      const c = await transports.get(transportId)!.consume({ producerId, rtpCapabilities: router.rtpCapabilities, paused: true });
      await c.resume();
      await c.requestKeyFrame().catch(() => undefined);
    },
    close: async () => worker.close(),
  };
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const cpuMs = async (w: types.Worker) => {
  const u = await w.getResourceUsage();
  return u.ru_utime + u.ru_stime;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Step {
  consumers: number;
  forwardedPps: number;
  loss: number;
  workerCpu: number; // share of one core
  cpuUsPerPacket: number;
}

async function measure(worker: types.Worker, receivers: Receivers, consumers: number, sampled: number): Promise<Step> {
  const r0 = receivers.received;
  const l0 = receivers.lost;
  const c0 = await cpuMs(worker);
  const t0 = performance.now();
  await sleep(MEASURE_MS);
  const c1 = await cpuMs(worker);
  const dt = (performance.now() - t0) / 1000;
  const received = receivers.received - r0;
  const packets = (received * consumers) / sampled;
  const lost = receivers.lost - l0;
  const cpu = c1 - c0;
  return {
    consumers,
    forwardedPps: packets / dt,
    loss: lost / Math.max(1, received + lost),
    workerCpu: cpu / 1000 / dt,
    cpuUsPerPacket: (cpu * 1000) / Math.max(1, packets),
  };
}

interface Sweep {
  label: string;
  steps: Step[];
  /** 'loss with headroom': loss while the worker had CPU left (starved by other work, or the receivers). */
  stoppedBy: 'saturation' | 'loss' | 'loss with headroom' | 'max';
  /** The last step within 0.5% loss; null when even the first step lost more. */
  capacity: Step | null;
  memKbPerConsumer: number;
}

async function sweep(make: () => Promise<Target>, file: string): Promise<Sweep> {
  const t = await make();
  try {
    if (PIN) execFileSync('taskset', ['-cp', '0', String(t.worker.pid)], { stdio: 'ignore' });
  } catch {
    /* pinning is best effort (taskset missing or one core only) */
  }
  const senders: FfmpegProcess[] = [];
  const producers: string[] = [];
  const receivers = new Receivers();
  const sink = new Sink();
  const steps: Step[] = [];
  let stoppedBy: Sweep['stoppedBy'] = 'max';
  let consumers = 0;
  let sampled = 0;
  try {
    await sink.ready();
    for (let i = 0; i < PUBLISHERS; i++) {
      const p = await t.publish(i);
      producers.push(p.producerId);
      senders.push(sendClip(file, 1000 + i, p.port, p.rtcpPort));
    }
    await sleep(2000);
    const baseRss = rssKb(t.worker.pid);
    let transport: { id: string; counted: boolean } | undefined;
    let viewers = 0;
    let onTransport = 0;
    while (consumers < MAX) {
      for (let i = 0; i < STEP; i++) {
        if (!transport || onTransport >= PER_TRANSPORT) {
          const v = viewers++;
          const tr = await t.viewerTransport(v);
          const counted = v % SAMPLE_EVERY === 0;
          if (counted) {
            await receivers.open();
            await receivers.punch(receivers.sockets.length - 1, tr.port);
          } else {
            await sink.punch(tr.port);
          }
          transport = { id: tr.id, counted };
          onTransport = 0;
        }
        await t.consume(viewers - 1, transport.id, producers[consumers % producers.length]!); // PUBLISHERS ≥ 1 producers
        onTransport++;
        consumers++;
        if (transport.counted) sampled++;
      }
      await sleep(SETTLE_MS);
      let step = await measure(t.worker, receivers, consumers, sampled);
      // Other work on a shared machine can starve the worker for a moment; a loss seen with
      // headroom left is measured once more before it ends the sweep.
      if (step.loss > MAX_LOSS && step.workerCpu < SATURATED) step = await measure(t.worker, receivers, consumers, sampled);
      steps.push(step);
      console.log(
        `  ${t.label}: ${consumers} consumers, ${step.forwardedPps.toFixed(0)} pkt/s, loss ${(step.loss * 100).toFixed(2)}%, worker ${(step.workerCpu * 100).toFixed(0)}% of a core, ${step.cpuUsPerPacket.toFixed(2)} µs/pkt`,
      );
      if (step.loss > MAX_LOSS) {
        stoppedBy = step.workerCpu < SATURATED * 0.8 ? 'loss with headroom' : 'loss';
        break;
      }
      if (step.workerCpu >= SATURATED) {
        stoppedBy = 'saturation';
        break;
      }
    }
    const ok = steps.filter((s) => s.loss <= MAX_LOSS);
    return {
      label: t.label,
      steps,
      stoppedBy,
      capacity: ok[ok.length - 1] ?? null,
      memKbPerConsumer: (rssKb(t.worker.pid) - baseRss) / Math.max(1, consumers),
    };
  } finally {
    receivers.close();
    sink.close();
    await Promise.all(senders.map((s) => s.stop(1000)));
    await t.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  // Called with at least one value.
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const loadStart = loadAverage();
  const file = await clip();
  const sweeps: Record<string, Sweep[]> = {};
  for (let run = 0; run < RUNS; run++) {
    console.log(`run ${run + 1} of ${RUNS}`);
    for (const make of [vcourtTarget, bareTarget]) {
      const s = await sweep(make, file);
      (sweeps[s.label] ??= []).push(s);
    }
  }
  const loadEnd = loadAverage();
  console.log(
    `\nB1 forwarding capacity: ${PUBLISHERS} publishers (720p VP8 ~2.5 Mbit/s, key frame every 2 s), steps of ${STEP} consumers, until ≥ ${SATURATED * 100}% of a core or > ${MAX_LOSS * 100}% loss; last step within ${MAX_LOSS * 100}% loss; ${RUNS} run(s): median [min–max]`,
  );
  console.log(
    `${'path'.padEnd(34)} ${'consumers'.padEnd(18)} ${'pkt/s forwarded'.padEnd(24)} ${'µs/pkt'.padEnd(18)} ${'worker % core'.padEnd(14)} KB/consumer   stopped by`,
  );
  const figures = {
    consumers: (s: Sweep) => s.capacity?.consumers ?? NaN,
    forwardedPps: (s: Sweep) => s.capacity?.forwardedPps ?? NaN,
    cpuUsPerPacket: (s: Sweep) => s.capacity?.cpuUsPerPacket ?? NaN,
    workerCpuPercent: (s: Sweep) => (s.capacity?.workerCpu ?? NaN) * 100,
    memKbPerConsumer: (s: Sweep) => s.memKbPerConsumer,
  };
  type Figure = { median: number; min: number; max: number };
  const summary: Record<string, Record<keyof typeof figures, Figure>> = {};
  for (const [label, ss] of Object.entries(sweeps)) {
    const of = (pick: (s: Sweep) => number): Figure => {
      // Sweeps with no step within the loss limit have no capacity figures; they are left out.
      const xs = ss.map(pick).filter(Number.isFinite);
      return xs.length ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs) } : { median: NaN, min: NaN, max: NaN };
    };
    const row = {
      consumers: of(figures.consumers),
      forwardedPps: of(figures.forwardedPps),
      cpuUsPerPacket: of(figures.cpuUsPerPacket),
      workerCpuPercent: of(figures.workerCpuPercent),
      memKbPerConsumer: of(figures.memKbPerConsumer),
    };
    summary[label] = row;
    const f = (k: keyof typeof figures, digits = 0) => {
      const x = row[k];
      return `${x.median.toFixed(digits)} [${x.min.toFixed(digits)}–${x.max.toFixed(digits)}]`;
    };
    console.log(
      `${label.padEnd(34)} ${f('consumers').padEnd(18)} ${f('forwardedPps').padEnd(24)} ${f('cpuUsPerPacket', 2).padEnd(18)} ${f('workerCpuPercent').padEnd(14)} ${f('memKbPerConsumer', 1).padEnd(13)} ${ss.map((s) => s.stoppedBy).join(', ')}`,
    );
  }
  const [v, b] = Object.values(summary);
  const [vSweeps, bSweeps] = Object.values(sweeps);
  if (!v || !b || !vSweeps || !bSweeps) throw new Error('expected sweeps of both paths');
  // One bare sweep per vcourt sweep, run by run.
  const ratios = vSweeps.map((s, i) => figures.cpuUsPerPacket(s) / figures.cpuUsPerPacket(bSweeps[i]!));
  const overhead = { median: v.cpuUsPerPacket.median / b.cpuUsPerPacket.median, perRun: ratios.map((r) => +r.toFixed(3)) };
  console.log(
    `overhead ratio (vcourt ÷ bare, CPU µs per forwarded packet, medians): ${overhead.median.toFixed(3)}; per run ${overhead.perRun.join(', ')}`,
  );
  console.log(loadLine(loadStart, loadEnd));
  writeResult('forwarding', {
    bench: 'forwarding',
    at: new Date().toISOString(),
    machine: machine(),
    loadAverage: { start: loadStart, end: loadEnd },
    settings: {
      pinned: PIN,
      runs: RUNS,
      publishers: PUBLISHERS,
      step: STEP,
      max: MAX,
      measureMs: MEASURE_MS,
      sampleEvery: SAMPLE_EVERY,
      saturated: SATURATED,
      maxLoss: MAX_LOSS,
    },
    summary,
    overhead,
    sweeps,
  });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
