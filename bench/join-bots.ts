// B2 join time with real WebRTC and no browser: bots that are the courtroom client's own core
// (HearingSession, MediaSession, mediasoup-client) over @roamhq/wrtc's libwebrtc, in a child
// process (bench/joinBotRunner.ts), join through the real invitation → lobby → admit → media path
// while a judge bot sends a camera and admits at once. 1 and N (default 20) joining at once:
// request acknowledgement p50/p95 by request type, invitation → first decoded remote video frame
// p50/p95, and the server's Node event-loop delay — idle, and while an RTP load (B1's senders)
// keeps the hearing's mediasoup worker busy. Prints figures; asserts nothing.
// Run: npm run bench:join-bots [-- --rounds 3 --concurrent 20 --load 600]
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { types } from 'mediasoup';
import type { BotResult, ChildMessage, ParentMessage } from './joinBotRunner.js';
import { addConsumers, addPublisher, clip } from './rtpLoad.js';
import {
  benchHearing,
  loadAverage,
  loadLine,
  machine,
  printTable,
  spread,
  startBenchServer,
  writeResult,
  type Spread,
  numberArg,
} from './support.js';

const ROUNDS = numberArg('rounds', 3);
const CONCURRENT = numberArg('concurrent', 20);
const LOAD_CONSUMERS = numberArg('load', 600);

class Bots {
  readonly #child: ChildProcess;
  constructor() {
    this.#child = fork(new URL('./joinBotRunner.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  }
  ask<T extends ChildMessage['type']>(m: ParentMessage, reply: T): Promise<Extract<ChildMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      const on = (r: ChildMessage) => {
        this.#child.off('message', on);
        if (r.type === 'error') reject(new Error(r.message));
        else if (r.type === reply) resolve(r as Extract<ChildMessage, { type: T }>);
      };
      this.#child.on('message', on);
      this.#child.send(m);
    });
  }
  close(): void {
    this.#child.send({ type: 'exit' } satisfies ParentMessage);
    setTimeout(() => this.#child.kill('SIGKILL'), 2000).unref();
  }
}

async function main(): Promise<void> {
  const loadStart = loadAverage();
  const vcourt = await startBenchServer();
  const base = vcourt.url.replace('localhost', '127.0.0.1');
  const bots = new Bots();
  const senders: { stop(ms?: number): Promise<unknown> }[] = [];
  try {
    const { hearing, invite } = await benchHearing(vcourt, 'join bots');
    const judge = await invite('judge', 'Thẩm phán');
    await bots.ask({ type: 'judge', base, token: judge.token }, 'judge-ready');

    const results: Record<string, Record<string, Spread>> = {};
    const loopDelay: Record<string, Spread> = {};
    const failures: string[] = [];

    async function phase(label: string): Promise<void> {
      for (const n of [1, CONCURRENT]) {
        const joins: BotResult[] = [];
        const acks: Record<string, number[]> = {};
        // A fresh monitor per round (re-enabling one counts the pause between rounds as a delay);
        // the phase reports the worst round's percentiles.
        const rounds: Spread[] = [];
        // One warm-up join first (the first session compiles the client code paths).
        for (let r = n === 1 ? -1 : 0; r < (n === 1 ? ROUNDS * 3 : ROUNDS); r++) {
          const people: { id: string; token: string }[] = [];
          for (let i = 0; i < n; i++) people.push(await invite('witness', `Người làm chứng ${r}.${i}`));
          const monitor = monitorEventLoopDelay({ resolution: 1 });
          monitor.enable();
          const reply = await bots.ask(
            { type: 'round', base, judgeId: judge.id, bots: people.map((p) => ({ token: p.token, role: 'witness' })) },
            'round',
          );
          monitor.disable();
          if (r < 0) continue;
          rounds.push({
            n: monitor.count,
            min: monitor.min / 1e6,
            p50: monitor.percentile(50) / 1e6,
            p95: monitor.percentile(95) / 1e6,
            p99: monitor.percentile(99) / 1e6,
            max: monitor.max / 1e6,
          });
          joins.push(...reply.bots);
          failures.push(...reply.failed);
          for (const [k, v] of Object.entries(reply.acks)) (acks[k] ??= []).push(...v);
          // Those who joined stay connected until the round is over; let their departures settle.
          await new Promise((res) => setTimeout(res, 1000));
        }
        const key = `${label}, ${n} joining at once`;
        results[key] = {
          'invitation → first remote frame': spread(joins.map((j) => j.toFirstFrame)),
          'invitation → lobby': spread(joins.map((j) => j.toLobby)),
          'invitation → admitted': spread(joins.map((j) => j.toAdmitted)),
          'admitted → first remote frame': spread(joins.map((j) => j.admittedToFirstFrame)),
          ...Object.fromEntries(Object.entries(acks).map(([k, v]) => [`ack ${k}`, spread(v)])),
        };
        const worst = (pick: (s: Spread) => number) => Math.max(...rounds.map(pick));
        loopDelay[key] = {
          n: rounds.reduce((a, s) => a + s.n, 0),
          min: Math.min(...rounds.map((s) => s.min)),
          p50: worst((s) => s.p50),
          p95: worst((s) => s.p95),
          p99: worst((s) => s.p99),
          max: worst((s) => s.max),
        };
      }
    }

    await phase('idle worker');

    // The same joins while the hearing's own worker forwards an RTP load (B1's senders, consumers
    // sending to a port nobody reads so this process does not count packets).
    const room = await vcourt.media.room(hearing.id);
    const file = await clip();
    const producers: types.Producer[] = [];
    for (let i = 0; i < 4; i++) {
      const p = await addPublisher(room.router, file, 5000 + i);
      producers.push(p.producer);
      senders.push(p.sender);
    }
    await addConsumers(room.router, producers, null, LOAD_CONSUMERS);
    await new Promise((r) => setTimeout(r, 2000));
    const u0 = await room.worker.getResourceUsage();
    const t0 = performance.now();
    await phase(`worker loaded (${LOAD_CONSUMERS} RTP consumers)`);
    const u1 = await room.worker.getResourceUsage();
    const workerCpu = (u1.ru_utime + u1.ru_stime - u0.ru_utime - u0.ru_stime) / (performance.now() - t0);
    const loadEnd = loadAverage();

    for (const [key, rows] of Object.entries(results)) printTable(`\n${key}`, Object.entries(rows));
    console.log(
      `\nserver's Node event-loop delay while the bots join (sampled every 1 ms, worst round; loaded: worker at ${(workerCpu * 100).toFixed(0)}% of a core)`,
    );
    for (const [k, s] of Object.entries(loopDelay))
      console.log(`  ${k.padEnd(52)} p50 ${s.p50.toFixed(1)}  p99 ${s.p99.toFixed(1)}  max ${s.max.toFixed(1)} ms`);
    if (failures.length) console.log(`\n${failures.length} join(s) failed:\n  ${[...new Set(failures)].join('\n  ')}`);
    console.log(loadLine(loadStart, loadEnd));
    writeResult('join-bots', {
      bench: 'join-bots',
      at: new Date().toISOString(),
      machine: machine(),
      loadAverage: { start: loadStart, end: loadEnd },
      rounds: ROUNDS,
      concurrent: CONCURRENT,
      loadConsumers: LOAD_CONSUMERS,
      workerCpuLoaded: workerCpu,
      failures,
      ms: results,
      eventLoopDelayMs: loopDelay,
    });
  } finally {
    await Promise.all(senders.map((s) => s.stop(1000)));
    bots.close();
    await vcourt.close();
    rmSync(vcourt.config.dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
