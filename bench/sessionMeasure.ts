// B5's window (bench/session800.ts): per mediasoup worker, the receivers and consumers it holds
// (RouterTree's own view: origin, edges, pipes), its CPU (worker.getResourceUsage deltas) and
// the packets it forwards. Packets are counted at the sampled receivers only (sessionLoad.ts):
// every receiver of a hearing consumes the same producers and last-N decides the same for each,
// so a worker's rate is its receivers × the mean rate of its sampled ones, plus what its origin
// routers send down the pipes to edges (the piped producers' ingest rate, once per edge).
import type { types } from 'mediasoup';
import type { RunningVcourt } from '../server/main.js';
import { AUDIO_PPS, type Hearing, type Load, type Receiver } from './sessionLoad.js';

export interface WorkerFigures {
  pid: number;
  /** What the worker carries: origin routers, edge routers, both, or nothing. */
  role: string;
  receivers: number;
  /** Consumers on receivers' transports plus pipe consumers. */
  consumers: number;
  pipes: number;
  forwardedPps: number;
  /** Share of one core. */
  cpu: number;
  usPerPacket: number;
}

export interface Window {
  seconds: number;
  workers: WorkerFigures[];
  consumers: number;
  forwardedPps: number;
  /** Shares of one core: all workers, and this process (the domain, and the load generator). */
  workersCpu: number;
  nodeCpu: number;
  /** Sampled receivers: packets counted, sequence gaps, and what last-N says they should get. */
  sampled: number;
  received: number;
  lost: number;
  nominal: number;
}

interface Place {
  role: Set<string>;
  receivers: number;
  consumers: number;
  pipes: number;
  pipePps: number;
  sampledPps: number[];
}

const cpuMs = (u: types.WorkerResourceUsage) => u.ru_utime + u.ru_stime;

/** CPU used so far: every worker's (ms) and this process's (ms). */
export async function cpuNow(vcourt: RunningVcourt): Promise<{ workers: Map<number, number>; node: number }> {
  // A saturated worker may take long to answer: after 20 s its figure is NaN rather than the run stuck.
  const usage = await Promise.all(
    vcourt.pool.workers.map(async (w) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 20_000)));
      const u = await Promise.race([w.getResourceUsage(), late]).finally(() => clearTimeout(timer));
      return [w.pid, u ? cpuMs(u) : NaN] as const;
    }),
  );
  const u = process.cpuUsage();
  return { workers: new Map(usage), node: (u.user + u.system) / 1000 };
}

export function cpuDelta(a: Awaited<ReturnType<typeof cpuNow>>, b: Awaited<ReturnType<typeof cpuNow>>) {
  let workers = 0;
  for (const [pid, ms] of b.workers) workers += ms - (a.workers.get(pid) ?? ms);
  return { workersMs: workers, nodeMs: b.node - a.node };
}

/** The worker each receiver's transport lives on. */
function workerOf(r: Receiver): number {
  const edge = r.hearing.room.tree.edgeOf(r.transportId);
  const view = r.hearing.room.tree.view();
  return (edge && view.edges.find((e) => e.routerId === edge.id)?.workerPid) ?? r.hearing.room.worker.pid;
}

/** Packets a second the sampled receiver should get: its forwarded videos and the audio that is sent. */
function nominalPps(r: Receiver, load: Load): number {
  const consumers = [...(r.hearing.room.peers.get(r.participantId)?.consumers.values() ?? [])];
  const forwarding = r.hearing.room.forwardingOf(r.participantId);
  let pps = 0;
  for (const c of consumers) {
    if (!load.liveProducers.has(c.producerId)) continue;
    if (c.kind === 'audio') pps += AUDIO_PPS;
    else if ((forwarding.get(c.id) ?? 'high') !== 'paused') pps += load.fps;
  }
  return pps;
}

function places(vcourt: RunningVcourt, hearings: readonly Hearing[], load: Load): Map<number, Place> {
  const empty = (): Place => ({ role: new Set(), receivers: 0, consumers: 0, pipes: 0, pipePps: 0, sampledPps: [] });
  const out = new Map<number, Place>(vcourt.pool.workers.map((w) => [w.pid, empty()]));
  const at = (pid: number) => {
    let p = out.get(pid);
    if (!p) out.set(pid, (p = empty()));
    return p;
  };
  for (const h of hearings) {
    const { room } = h;
    const view = room.tree.view();
    const edgePid = new Map(view.edges.map((e) => [e.routerId, e.workerPid]));
    const origin = at(room.worker.pid);
    origin.role.add('origin');
    // Every consumer on the worker of its transport's router (the tree counts only receivers it placed).
    for (const peer of room.peers.values()) {
      for (const c of peer.consumers.values()) {
        const edge = room.tree.edgeOf(c.appData.transportId);
        at((edge && edgePid.get(edge.id)) ?? room.worker.pid).consumers++;
      }
    }
    for (const e of view.edges) {
      at(e.workerPid).role.add('edge');
      origin.pipes += e.piped.length;
      origin.consumers += e.piped.length;
      origin.pipePps += e.piped.reduce((sum, id) => sum + (load.liveProducers.get(id) ?? 0), 0);
    }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function measureWindow(
  vcourt: RunningVcourt,
  hearings: readonly Hearing[],
  receivers: readonly Receiver[],
  load: Load,
  seconds: number,
): Promise<Window> {
  const sampled = receivers.filter((r) => r.counter);
  const before = sampled.map((r) => ({ received: r.counter!.received, lost: r.counter!.lost }));
  const c0 = await cpuNow(vcourt);
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const c1 = await cpuNow(vcourt);
  const dt = (performance.now() - t0) / 1000;
  const after = sampled.map((r) => ({ received: r.counter!.received, lost: r.counter!.lost }));

  const where = places(vcourt, hearings, load);
  for (const r of receivers) {
    const p = where.get(workerOf(r));
    if (p) p.receivers++;
  }
  let received = 0;
  let lost = 0;
  let nominal = 0;
  const all: number[] = [];
  sampled.forEach((r, i) => {
    const got = after[i]!.received - before[i]!.received;
    received += got;
    lost += after[i]!.lost - before[i]!.lost;
    nominal += nominalPps(r, load) * dt;
    all.push(got / dt);
    where.get(workerOf(r))?.sampledPps.push(got / dt);
  });
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
  const overall = mean(all);
  const workers: WorkerFigures[] = [...where].map(([pid, p]) => {
    const perReceiver = p.sampledPps.length ? mean(p.sampledPps) : overall;
    const forwardedPps = (p.receivers ? p.receivers * perReceiver : 0) + p.pipePps;
    const cpuMsUsed = (c1.workers.get(pid) ?? 0) - (c0.workers.get(pid) ?? 0);
    return {
      pid,
      role: [...p.role].sort().join('+') || 'idle',
      receivers: p.receivers,
      consumers: p.consumers,
      pipes: p.pipes,
      forwardedPps,
      cpu: cpuMsUsed / 1000 / dt,
      usPerPacket: forwardedPps > 0 ? (cpuMsUsed * 1000) / (forwardedPps * dt) : NaN,
    };
  });
  const { workersMs, nodeMs } = cpuDelta(c0, c1);
  return {
    seconds: dt,
    workers,
    consumers: workers.reduce((s, w) => s + w.consumers, 0),
    forwardedPps: workers.reduce((s, w) => s + w.forwardedPps, 0),
    workersCpu: workersMs / 1000 / dt,
    nodeCpu: nodeMs / 1000 / dt,
    sampled: sampled.length,
    received,
    lost,
    nominal,
  };
}
