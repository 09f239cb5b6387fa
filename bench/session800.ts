// B5 (issue 15): one 800-endpoint session on this machine's mediasoup workers, 50 small hearings
// on one node, and the store's cost per join. Participants join through the server's own path in
// process (bench/sessionLoad.ts: invitation, verification, lobby, admit, media under withMedia),
// senders are synthetic RTP and receivers plain RTP. Phases, each on a fresh server per run:
// 1. session: one hearing, `--senders` senders (the judge first, pinned; `--audio` of them send
//    sound, the first speaks) and the rest receive-only observers, with last-N
//    (VCOURT_LAST_N/THUMBNAILS) and edge routers (VCOURT_EDGE_AFTER; one edge per other worker);
// 2. one-router: the same session with VCOURT_EDGE_AFTER=0: every consumer on the origin router
//    (B1's "one router carrying the consumers", in the same run);
// 3. hearings: `--hearings` hearings of `--per-hearing` (the judge and `--small-senders - 1`
//    parties send, the rest receive), last-N off, joined all at once;
// 4. store: sessionStore.ts, SQLite, then PostgreSQL with Redis (tests/support harnesses).
// Per phase: join time p50/p95 (the domain part and the media part), CPU per join, then a window
// of `--seconds`: consumers, forwarded packets/s and CPU per worker (sessionMeasure.ts), CPU per
// endpoint, loss at the sampled receivers. Prints figures; asserts nothing. Across nodes: not yet.
// Run: npm run bench:session800 [-- --quick | --runs 3 --endpoints 800 --senders 24 --hearings 50 --phases session,one-router,hearings,store]
import { rmSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Role } from '../core/protocol/model.js';
import type { RunningVcourt } from '../server/main.js';
import { startPostgres, type TestPostgres } from '../tests/support/postgres.js';
import { RedisServer } from '../tests/support/redis.js';
import { failures, Load, ok, openHearing, pool, untried, type Hearing, type Invited, type Receiver } from './sessionLoad.js';
import { cpuDelta, cpuNow, measureWindow, type Window } from './sessionMeasure.js';
import { storePhase, type StoreResult } from './sessionStore.js';
import { loadAverage, loadLine, machine, numberArg, spread, startBenchServer, writeResult, type Spread } from './support.js';

const QUICK = process.argv.includes('--quick');
const s = {
  runs: numberArg('runs', QUICK ? 1 : 3),
  endpoints: numberArg('endpoints', QUICK ? 80 : 800),
  senders: numberArg('senders', QUICK ? 6 : 24),
  audio: numberArg('audio', 2),
  hearings: numberArg('hearings', QUICK ? 5 : 50),
  perHearing: numberArg('per-hearing', 6),
  smallSenders: numberArg('small-senders', 2),
  concurrency: numberArg('concurrency', 20),
  seconds: numberArg('seconds', QUICK ? 3 : 10),
  settle: numberArg('settle', QUICK ? 2 : 5),
  fps: numberArg('fps', 10),
  sampleEvery: numberArg('sample-every', 8),
  lastN: numberArg('last-n', 3),
  thumbnails: numberArg('thumbnails', 6),
  edgeAfter: numberArg('edge-after', 50),
  workers: numberArg('workers', cpus().length),
  storeJoins: numberArg('store-joins', QUICK ? 50 : 800),
  /** No receiver starts joining after this many seconds of a phase's joins: where the machine broke. */
  joinLimit: numberArg('join-limit', QUICK ? 60 : 120),
  /** A receiver's join still unanswered after this many seconds counts as failed (it may finish later). */
  joinTimeout: numberArg('join-timeout', 60),
};
const phasesArg = process.argv.indexOf('--phases');
const PHASES = (phasesArg > 0 ? process.argv[phasesArg + 1]! : 'session,one-router,hearings,store').split(',');

/** Who sends besides the presiding judge (cycled): courtroom roles (witnesses and experts start outside it). */
const SENDER_ROLES: Role[] = ['prosecutor', 'counsel', 'defendant', 'victim', 'representative', 'related_party', 'plaintiff', 'respondent'];
/** Who receives in a small hearing: parties whose cameras stay off. */
const SMALL_RECEIVERS: Role[] = ['defendant', 'counsel', 'victim', 'related_party', 'representative'];

interface PhaseResult {
  phase: string;
  endpoints: number;
  failed: number;
  /** Receivers that never started joining: the phase's joins ran past --join-limit. */
  untried: number;
  failures: string[];
  inviteMs: Spread;
  senderJoinMs: Spread;
  joinMs: { total: Spread; domain: Spread; media: Spread; firstPacket: Spread };
  joinWallS: number;
  /** CPU ms per receiver join: all workers, this process. */
  joinCpuMs: { workers: number; node: number };
  window: Window;
  /** Share of one core per endpoint, steady state. */
  cpuPerEndpoint: { workers: number; node: number };
  loss: number;
  delivered: number;
}

async function server(env: NodeJS.ProcessEnv): Promise<RunningVcourt> {
  const vcourt = await startBenchServer(s.workers, { VCOURT_LAST_N: String(s.lastN), VCOURT_THUMBNAILS: String(s.thumbnails), ...env });
  // Left out: the recorder keeps an ffmpeg on standby per track of an open hearing (40 a hearing at
  // most), which would compete for the cores with what is measured here; B4 measures recording.
  await vcourt.recorder.close();
  return vcourt;
}

/** Joins the senders, then the receivers (`concurrency` at a time), settles, and measures a window. */
async function populate(
  vcourt: RunningVcourt,
  phase: string,
  hearings: Hearing[],
  sendersPer: number,
  receivers: (h: Hearing, i: number) => Role | undefined,
): Promise<PhaseResult> {
  const load = await Load.open(s.fps, s.sampleEvery);
  try {
    const senders: Invited[] = [];
    const watchers: Invited[] = [];
    const inviteMs: number[] = [];
    for (const hearing of hearings) {
      senders.push({ hearing, role: 'judge', id: hearing.judge.participantId, token: '' });
      for (let i = 1; i < sendersPer; i++) {
        const role = SENDER_ROLES[(i - 1) % SENDER_ROLES.length]!;
        senders.push({ hearing, role, ...(await hearing.invite(role, `Người nói ${i}`)) });
      }
      for (let i = 0, role = receivers(hearing, 0); role; role = receivers(hearing, ++i)) {
        const t0 = performance.now();
        watchers.push({ hearing, role, ...(await hearing.invite(role, `Điểm cầu ${i + 1}`)) });
        inviteMs.push(performance.now() - t0);
      }
    }
    const audioPer = Math.min(s.audio, sendersPer);
    const sent = await pool(senders, s.concurrency, (p, i) => load.sender(vcourt, p, i % sendersPer < audioPer));
    load.speak();
    const c0 = await cpuNow(vcourt);
    const t0 = performance.now();
    let done = 0;
    const got = await pool(
      watchers,
      s.concurrency,
      async (p, i) => {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${s.joinTimeout} s`)), s.joinTimeout * 1000);
        });
        const r = await Promise.race([load.receiver(vcourt, p, i), late]).finally(() => clearTimeout(timer));
        if (++done % 100 === 0)
          console.log(`    ${phase}: ${done} receivers joined in ${f((performance.now() - t0) / 1000, 1)} s [load ${loadAverage()[0]}]`);
        return r;
      },
      t0 + s.joinLimit * 1000,
    );
    const joinWallS = (performance.now() - t0) / 1000;
    const joinCpu = cpuDelta(c0, await cpuNow(vcourt));
    const joined: Receiver[] = ok(got);
    await new Promise((r) => setTimeout(r, s.settle * 1000));
    const window = await measureWindow(vcourt, hearings, joined, load, s.seconds);
    const endpoints = ok(sent).length + joined.length;
    const firstPacket = joined.flatMap((r) => (r.counter ? [r.counter.firstAt - (r.readyAt - r.times.totalMs)] : []));
    const result: PhaseResult = {
      phase,
      endpoints,
      failed: failures(sent).length + failures(got).length,
      untried: untried(got),
      failures: [...failures(sent), ...failures(got)].slice(0, 5),
      inviteMs: spread(inviteMs),
      senderJoinMs: spread(ok(sent).map((t) => t.totalMs)),
      joinMs: {
        total: spread(joined.map((r) => r.times.totalMs)),
        domain: spread(joined.map((r) => r.times.domainMs)),
        media: spread(joined.map((r) => r.times.mediaMs)),
        firstPacket: spread(firstPacket),
      },
      joinWallS,
      joinCpuMs: { workers: joinCpu.workersMs / Math.max(1, joined.length), node: joinCpu.nodeMs / Math.max(1, joined.length) },
      window,
      cpuPerEndpoint: { workers: window.workersCpu / endpoints, node: window.nodeCpu / endpoints },
      loss: window.lost / Math.max(1, window.received + window.lost),
      delivered: window.received / Math.max(1, window.nominal),
    };
    print(result);
    return result;
  } finally {
    load.close();
  }
}

async function sessionPhase(phase: string, edgeAfter: number): Promise<PhaseResult> {
  const vcourt = await server({ VCOURT_EDGE_AFTER: String(edgeAfter) });
  try {
    const hearing = await openHearing(vcourt, `B5 ${phase}`);
    const receivers = s.endpoints - s.senders;
    return await populate(vcourt, phase, [hearing], s.senders, (_h, i) => (i < receivers ? 'observer' : undefined));
  } finally {
    await vcourt.close();
    rmSync(vcourt.config.dataDir, { recursive: true, force: true });
  }
}

async function hearingsPhase(): Promise<PhaseResult> {
  const vcourt = await server({ VCOURT_LAST_N: '0' });
  try {
    const hearings: Hearing[] = [];
    for (let i = 0; i < s.hearings; i++) hearings.push(await openHearing(vcourt, `B5 hearing ${i + 1}`));
    const receivers = s.perHearing - s.smallSenders;
    return await populate(vcourt, 'hearings', hearings, s.smallSenders, (_h, i) =>
      i < receivers ? SMALL_RECEIVERS[i % SMALL_RECEIVERS.length] : undefined,
    );
  } finally {
    await vcourt.close();
    rmSync(vcourt.config.dataDir, { recursive: true, force: true });
  }
}

const f = (x: number, d = 0) => (Number.isFinite(x) ? x.toFixed(d) : '—');
const sp = (x: Spread, d = 0) => `${f(x.p50, d)} / ${f(x.p95, d)}`;

function print(r: PhaseResult): void {
  const w = r.window;
  console.log(
    `  ${r.phase}: ${r.endpoints} endpoints (${r.failed} failed${r.failures.length ? `: ${r.failures[0]}` : ''}; ${r.untried} not tried after ${s.joinLimit} s), joins in ${f(r.joinWallS, 1)} s`,
  );
  console.log(
    `    join p50/p95 ms: total ${sp(r.joinMs.total)}, domain ${sp(r.joinMs.domain, 1)}, media ${sp(r.joinMs.media)}, first packet ${sp(r.joinMs.firstPacket)}; CPU per join ${f(r.joinCpuMs.workers, 1)} ms workers + ${f(r.joinCpuMs.node, 1)} ms node`,
  );
  for (const x of w.workers) {
    console.log(
      `    worker ${x.pid} (${x.role}): ${x.receivers} receivers, ${x.consumers} consumers (${x.pipes} pipes), ${f(x.forwardedPps)} pkt/s, ${f(x.cpu * 100)}% of a core, ${f(x.usPerPacket, 1)} µs/pkt`,
    );
  }
  console.log(
    `    total ${w.consumers} consumers, ${f(w.forwardedPps)} pkt/s; workers ${f(w.workersCpu * 100)}% + node ${f(w.nodeCpu * 100)}% of a core; per endpoint ${f(r.cpuPerEndpoint.workers * 100, 3)}% + ${f(r.cpuPerEndpoint.node * 100, 3)}%; loss ${f(r.loss * 100, 2)}% (${w.sampled} sampled), delivered ${f(r.delivered * 100, 1)}% of nominal`,
  );
}

function printStore(r: StoreResult): void {
  console.log(
    `  store ${r.backend}: ${r.joins} joins (${r.failed} failed); invite p50/p95 ${sp(r.inviteMs, 1)} ms, ${f(r.statementsPerInvite, 1)} statements; join ${sp(r.joinMs, 1)} ms, ${f(r.statementsPerJoin, 1)} statements` +
      (r.presenceMs
        ? `; presence ${sp(r.presenceMs, 2)} ms, ${f(r.redisCommandsPerJoin ?? NaN, 1)} Redis commands per join; lease acquire ${sp(r.leaseAcquireMs!, 2)} ms, release ${sp(r.leaseReleaseMs!, 2)} ms`
        : ''),
  );
}

const median = (xs: number[]) => {
  const v = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return v.length ? (v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2) : NaN;
};
const mmm = (xs: number[], d = 0) => `${f(median(xs), d)} [${f(Math.min(...xs), d)}–${f(Math.max(...xs), d)}]`;

function summary(phases: PhaseResult[][], stores: StoreResult[][]): void {
  console.log(`\nB5, ${s.runs} run(s): median [min–max]`);
  for (const runs of phases) {
    const pick = (fn: (r: PhaseResult) => number, d = 0) => mmm(runs.map(fn), d);
    console.log(`${runs[0]!.phase}:`);
    console.log(`  endpoints ${pick((r) => r.endpoints)}, failed ${pick((r) => r.failed)}, not tried ${pick((r) => r.untried)}`);
    console.log(
      `  join p50 ${pick((r) => r.joinMs.total.p50)} ms, p95 ${pick((r) => r.joinMs.total.p95)} ms; domain p50 ${pick((r) => r.joinMs.domain.p50, 1)} ms, p95 ${pick((r) => r.joinMs.domain.p95, 1)} ms; first packet p50 ${pick((r) => r.joinMs.firstPacket.p50)} ms`,
    );
    console.log(
      `  consumers ${pick((r) => r.window.consumers)}, pkt/s ${pick((r) => r.window.forwardedPps)}, workers % core ${pick((r) => r.window.workersCpu * 100)}, node % core ${pick((r) => r.window.nodeCpu * 100)}`,
    );
    console.log(
      `  busiest worker % core ${pick((r) => Math.max(...r.window.workers.map((w) => w.cpu)) * 100)}, µs/pkt (all workers) ${pick((r) => (r.window.workersCpu * 1e6) / r.window.forwardedPps, 1)}, % core per endpoint ${pick((r) => r.cpuPerEndpoint.workers * 100, 3)} workers + ${pick((r) => r.cpuPerEndpoint.node * 100, 3)} node, loss % ${pick((r) => r.loss * 100, 2)}, delivered % ${pick((r) => r.delivered * 100, 1)}`,
    );
  }
  for (const runs of stores) {
    const pick = (fn: (r: StoreResult) => number, d = 1) => mmm(runs.map(fn), d);
    console.log(
      `store ${runs[0]!.backend}: join p50 ${pick((r) => r.joinMs.p50)} ms, p95 ${pick((r) => r.joinMs.p95)} ms, ${pick((r) => r.statementsPerJoin)} statements; invite p50 ${pick((r) => r.inviteMs.p50)} ms` +
        (runs[0]!.presenceMs
          ? `; presence p50 ${pick((r) => r.presenceMs!.p50, 2)} ms, Redis commands/join ${pick((r) => r.redisCommandsPerJoin!)}; lease acquire p50 ${pick((r) => r.leaseAcquireMs!.p50, 2)} ms`
          : ''),
    );
  }
}

async function main(): Promise<void> {
  const loadStart = loadAverage();
  console.log(`B5 settings: ${JSON.stringify(s)}; phases ${PHASES.join(',')}`);
  const phases = new Map<string, PhaseResult[]>();
  const stores = new Map<string, StoreResult[]>();
  let postgres: TestPostgres | undefined;
  let redis: RedisServer | undefined;
  const save = (loadEnd?: number[]) =>
    writeResult('session800', {
      bench: 'session800',
      at: new Date().toISOString(),
      machine: machine(),
      loadAverage: { start: loadStart, end: loadEnd ?? loadAverage() },
      settings: { ...s, phases: PHASES },
      phases: Object.fromEntries(phases),
      store: Object.fromEntries(stores),
    });
  const keep = <T>(m: Map<string, T[]>, key: string, r: T) => m.set(key, [...(m.get(key) ?? []), r]);
  try {
    if (PHASES.includes('store')) [postgres, redis] = await Promise.all([startPostgres(), RedisServer.start()]);
    for (let run = 1; run <= s.runs; run++) {
      console.log(`run ${run} of ${s.runs} [load ${loadAverage().join(' ')}]`);
      if (PHASES.includes('session')) keep(phases, 'session', await sessionPhase('session', s.edgeAfter));
      if (PHASES.includes('one-router')) keep(phases, 'one-router', await sessionPhase('one-router', 0));
      if (PHASES.includes('hearings')) keep(phases, 'hearings', await hearingsPhase());
      if (postgres && redis) {
        for (const [backend, env] of [
          ['sqlite', {}],
          [
            'postgres+redis',
            {
              VCOURT_DATABASE_URL: await postgres.createDatabase(),
              VCOURT_REDIS_URL: redis.url,
              VCOURT_NODE_ID: 'b5',
              VCOURT_JWT_SECRET: 'b5-bench-secret-0123456789abcdef',
            },
          ],
        ] as const) {
          const r = await storePhase(backend, env, s.storeJoins, s.hearings);
          printStore(r);
          keep(stores, backend, r);
        }
      }
      save();
    }
  } finally {
    await Promise.all([postgres?.stop(), redis?.stop()]);
  }
  const loadEnd = loadAverage();
  summary([...phases.values()], [...stores.values()]);
  console.log(loadLine(loadStart, loadEnd));
  save(loadEnd);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
