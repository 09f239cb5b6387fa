// B1 forwarding capacity: K publishers (ffmpeg sending a pre-encoded VP8 clip over RTP, key frame
// every 2 s, stream copy so the senders stay cheap) into one mediasoup worker pinned to core 0;
// consumers are added in steps, each sending to UDP receivers in this process (pinned to core 1)
// that count packets and sequence gaps. Stops when the worker core is saturated or loss passes
// 0.5%. Runs the same load through vcourt's media layer (a HearingRoom from MediaRooms) and
// through a bare mediasoup router, and prints the overhead ratio. Prints; asserts nothing.
// Run: npm run bench:forwarding [-- --runs 2 --publishers 4 --step 100 --max 3000]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import { MEDIA_CODECS, type MediaConfig } from '../media/MediaConfig.js';
import { MediaRooms } from '../media/MediaRooms.js';
import { WorkerPool } from '../media/WorkerPool.js';
import { addPublisher, clip, Receivers } from './rtpLoad.js';
import { machine, writeResult } from './support.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 2);
const PUBLISHERS = arg('publishers', 4);
const STEP = arg('step', 100);
const MAX = arg('max', 3000);
const SETTLE_MS = 1500;
const MEASURE_MS = 4000;
const CONSUMERS_PER_RECEIVER = 50;

interface Target {
  label: string;
  worker: types.Worker;
  router: types.Router;
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
  return {
    label: 'vcourt (MediaRooms → HearingRoom)',
    worker: room.worker,
    router: room.router,
    close: async () => {
      rooms.close();
      pool.close();
    },
  };
}

async function bareTarget(): Promise<Target> {
  const worker = await mediasoup.createWorker({ logLevel: 'error' });
  const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  return { label: 'bare mediasoup', worker, router, close: async () => worker.close() };
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
const cpuMs = async (w: types.Worker) => {
  const u = await w.getResourceUsage();
  return u.ru_utime + u.ru_stime;
};

interface Step {
  consumers: number;
  forwardedPps: number;
  loss: number;
  workerCpu: number; // share of one core
  cpuUsPerPacket: number;
  rssMb: number;
}

async function runOnce(make: () => Promise<Target>, file: string): Promise<{ label: string; steps: Step[]; memKbPerConsumer: number }> {
  const t = await make();
  try {
    execFileSync('taskset', ['-cp', '0', String(t.worker.pid)], { stdio: 'ignore' });
  } catch {
    /* pinning is best effort (taskset missing or one core only) */
  }
  const publishers = [];
  for (let i = 0; i < PUBLISHERS; i++) publishers.push(await addPublisher(t.router, file, 1000 + i));
  const receivers = new Receivers();
  const baseRss = rssKb(t.worker.pid);
  const rtpCapabilities = t.router.rtpCapabilities;
  let transport: types.PlainTransport | undefined;
  let onTransport = 0;
  let consumers = 0;
  const steps: Step[] = [];
  try {
    await new Promise((r) => setTimeout(r, 2000));
    while (consumers < MAX) {
      for (let i = 0; i < STEP; i++) {
        if (!transport || onTransport >= CONSUMERS_PER_RECEIVER) {
          const port = await receivers.open();
          transport = await t.router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: false });
          await transport.connect({ ip: '127.0.0.1', port });
          onTransport = 0;
        }
        const producer = publishers[consumers % publishers.length].producer;
        await transport.consume({ producerId: producer.id, rtpCapabilities });
        onTransport++;
        consumers++;
      }
      await new Promise((r) => setTimeout(r, SETTLE_MS));
      const r0 = receivers.received;
      const l0 = receivers.lost;
      const c0 = await cpuMs(t.worker);
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, MEASURE_MS));
      const dt = (performance.now() - t0) / 1000;
      const packets = receivers.received - r0;
      const lost = receivers.lost - l0;
      const cpu = (await cpuMs(t.worker)) - c0;
      const step: Step = {
        consumers,
        forwardedPps: packets / dt,
        loss: lost / Math.max(1, packets + lost),
        workerCpu: cpu / 1000 / dt,
        cpuUsPerPacket: (cpu * 1000) / Math.max(1, packets),
        rssMb: rssKb(t.worker.pid) / 1024,
      };
      steps.push(step);
      console.log(`  ${t.label}: ${consumers} consumers, ${step.forwardedPps.toFixed(0)} pkt/s, loss ${(step.loss * 100).toFixed(2)}%, worker CPU ${(step.workerCpu * 100).toFixed(0)}%, ${step.cpuUsPerPacket.toFixed(2)} µs/pkt`);
      // Loss while the worker still has headroom means the receivers (one Node process on the
      // other core) could not keep up: that bounds the measurement, not the SFU; say so.
      if (step.workerCpu > 0.95 || step.loss > 0.005) {
        if (step.workerCpu <= 0.9) console.log(`  (stopped by loss at ${(step.workerCpu * 100).toFixed(0)}% worker CPU: receiver-bound)`);
        break;
      }
    }
    const memKbPerConsumer = (rssKb(t.worker.pid) - baseRss) / Math.max(1, consumers);
    return { label: t.label, steps, memKbPerConsumer };
  } finally {
    receivers.close();
    await Promise.all(publishers.map((p) => p.sender.stop(1000)));
    await t.close();
  }
}

/** The last step within 0.5% loss: the capacity figure. */
function capacity(steps: Step[]): Step {
  const ok = steps.filter((s) => s.loss <= 0.005);
  return ok[ok.length - 1] ?? steps[0];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const file = await clip();
  const results: Record<string, { capacity: Step; memKbPerConsumer: number }[]> = {};
  for (let run = 0; run < RUNS; run++) {
    for (const make of [vcourtTarget, bareTarget]) {
      const r = await runOnce(make, file);
      (results[r.label] ??= []).push({ capacity: capacity(r.steps), memKbPerConsumer: r.memKbPerConsumer });
    }
  }
  console.log(`\nforwarding capacity, ${PUBLISHERS} publishers (720p VP8 ~2.5 Mbit/s, key frame every 2 s), steps of ${STEP} consumers, ${RUNS} runs (median, [min–max])`);
  console.log(`${'path'.padEnd(36)} consumers   pkt/s fwd   µs/pkt   worker CPU   KB/consumer`);
  const summary: Record<string, Record<string, number>> = {};
  for (const [label, rs] of Object.entries(results)) {
    const f = (pick: (x: (typeof rs)[number]) => number, digits = 0) => {
      const xs = rs.map(pick);
      return `${median(xs).toFixed(digits)} [${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}]`;
    };
    summary[label] = {
      consumers: median(rs.map((r) => r.capacity.consumers)),
      forwardedPps: median(rs.map((r) => r.capacity.forwardedPps)),
      cpuUsPerPacket: median(rs.map((r) => r.capacity.cpuUsPerPacket)),
      memKbPerConsumer: median(rs.map((r) => r.memKbPerConsumer)),
    };
    console.log(`${label.padEnd(36)} ${f((r) => r.capacity.consumers)}  ${f((r) => r.capacity.forwardedPps)}  ${f((r) => r.capacity.cpuUsPerPacket, 2)}  ${f((r) => r.capacity.workerCpu * 100)}%  ${f((r) => r.memKbPerConsumer, 1)}`);
  }
  const [v, b] = Object.values(summary);
  const overhead = v && b ? v.cpuUsPerPacket / b.cpuUsPerPacket : NaN;
  console.log(`overhead ratio (vcourt ÷ bare, CPU µs per forwarded packet): ${overhead.toFixed(3)}`);
  writeResult('forwarding', { bench: 'forwarding', at: new Date().toISOString(), machine: machine(), publishers: PUBLISHERS, step: STEP, runs: results, summary, overhead });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
