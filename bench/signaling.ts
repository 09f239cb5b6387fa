// B2 signaling side of join time: real socket.io bots through the real invitation → lobby →
// admit → media-parameters path, 1 and 20 joining at once; acknowledgement time per request
// p50/p95, and the server's Node event-loop delay p99 — idle, and while an RTP load keeps the
// hearing's mediasoup worker busy. Browser first-frame times are in join-time.ts. Prints figures;
// asserts nothing. Run: npm run bench:signaling [-- --rounds 5 --load 600]
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { types } from 'mediasoup';
import { TestClient } from '../tests/support/server.js';
import { addConsumers, addPublisher, clip } from './rtpLoad.js';
import { benchHearing, machine, printTable, spread, startBenchServer, writeResult, type Spread, numberArg } from './support.js';

const ROUNDS = numberArg('rounds', 5);
const LOAD_CONSUMERS = numberArg('load', 1000);

type Timings = Record<string, number[]>;

async function timed<T>(into: Timings, name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  (into[name] ??= []).push(performance.now() - t0);
  return out;
}

async function main(): Promise<void> {
  const vcourt = await startBenchServer();
  const base = vcourt.url.replace('localhost', '127.0.0.1');
  const { hearing, invite } = await benchHearing(vcourt, 'signaling');
  const judge = await TestClient.connect(base, (await invite('judge', 'Thẩm phán')).token);
  await judge.ok({ type: 'join' });
  await judge.ok({ type: 'hearing.transition', action: 'open' });

  const results: Record<string, Record<string, Spread>> = {};
  const loopDelay: Record<string, Spread> = {};

  async function round(n: number, into: Timings): Promise<void> {
    const people: { id: string; token: string }[] = [];
    for (let i = 0; i < n; i++) people.push(await invite('witness', `Người làm chứng ${i}`));
    const bots = await Promise.all(people.map((p) => TestClient.connect(base, p.token)));
    await Promise.all(
      bots.map(async (bot, i) => {
        const start = performance.now();
        await timed(into, 'join (to lobby)', () => bot.ok({ type: 'join' }));
        const admitted = bot.waitFor('lobby.admitted', undefined, { timeoutMs: 30_000 });
        const person = people[i]!; // bots[i] connected with people[i]'s invitation
        await timed(into, 'lobby.admit (judge)', () => judge.ok({ type: 'lobby.admit', participantId: person.id }));
        await admitted;
        await timed(into, 'join (admitted)', () => bot.ok({ type: 'join' }));
        await timed(into, 'media.getRouterRtpCapabilities', () => bot.ok({ type: 'media.getRouterRtpCapabilities' }));
        await timed(into, 'media.createTransport', () => bot.ok({ type: 'media.createTransport', direction: 'recv' }));
        (into['link → media parameters ready'] ??= []).push(performance.now() - start);
      }),
    );
    for (const b of bots) b.close();
  }

  async function phase(label: string): Promise<void> {
    for (const n of [1, 20]) {
      const timings: Timings = {};
      const h = monitorEventLoopDelay({ resolution: 1 });
      h.enable();
      for (let r = 0; r < (n === 1 ? ROUNDS * 4 : ROUNDS); r++) await round(n, timings);
      h.disable();
      const key = `${label}, ${n} joining at once`;
      results[key] = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, spread(v)]));
      loopDelay[key] = {
        n: h.count,
        min: h.min / 1e6,
        p50: h.percentile(50) / 1e6,
        p95: h.percentile(95) / 1e6,
        p99: h.percentile(99) / 1e6,
        max: h.max / 1e6,
      };
    }
  }

  await phase('idle worker');

  // The same joins while the hearing's own worker forwards an RTP load (B1's senders/receivers).
  const room = await vcourt.media.room(hearing.id);
  const file = await clip();
  const publishers: { producer: types.Producer; sender: { stop(ms?: number): Promise<unknown> } }[] = [];
  for (let i = 0; i < 4; i++) publishers.push(await addPublisher(room.router, file, 5000 + i));
  await addConsumers(
    room.router,
    publishers.map((p) => p.producer),
    null,
    LOAD_CONSUMERS,
  );
  await new Promise((r) => setTimeout(r, 2000));
  const u0 = await room.worker.getResourceUsage();
  const t0 = performance.now();
  await phase(`worker loaded (${LOAD_CONSUMERS} consumers)`);
  const u1 = await room.worker.getResourceUsage();
  const workerCpu = (u1.ru_utime + u1.ru_stime - u0.ru_utime - u0.ru_stime) / (performance.now() - t0);
  await Promise.all(publishers.map((p) => p.sender.stop(1000)));

  for (const [key, rows] of Object.entries(results)) printTable(`\n${key}`, Object.entries(rows));
  console.log(
    `\nNode event-loop delay of the server process (sampled every 1 ms; loaded: worker at ${(workerCpu * 100).toFixed(0)}% of a core)`,
  );
  for (const [k, s] of Object.entries(loopDelay)) {
    console.log(`  ${k.padEnd(44)} p50 ${s.p50.toFixed(1)}  p99 ${s.p99.toFixed(1)}  max ${s.max.toFixed(1)} ms`);
  }
  writeResult('signaling', {
    bench: 'signaling',
    at: new Date().toISOString(),
    machine: machine(),
    rounds: ROUNDS,
    loadConsumers: LOAD_CONSUMERS,
    workerCpuLoaded: workerCpu,
    ms: results,
    eventLoopDelayMs: loopDelay,
  });
  judge.close();
  await vcourt.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
