// B6 rooms (issue 14): what moving between the hearing's rooms costs in time, and what rooms save
// in CPU. Ten bots (bench/roomBots.ts: the client's own core over @roamhq/wrtc, each sending a
// synthetic 640×360 camera and a tone) in one hearing, open but not in session (nothing recorded).
// 1. Moves: the judge's bot calls the witness in from the witness room and sends them back
//    (`room.move`), timed from the request leaving to its reply, to the mover's first consumer and
//    first decoded frame of the courtroom (and of every courtroom camera), to the courtroom's first
//    frame of the mover; on the way back, to the mover's inbound closed and the courtroom's
//    consumers of the mover closed.
// 2. CPU: the ten for N seconds all in the courtroom, then 6 in the courtroom, 2 in a consultation
//    and 2 in the witness room: the mediasoup worker's CPU (getResourceUsage), the server's Node
//    process (process.cpuUsage: the bench runs the server in-process), consumers, forwarded
//    packets/s (consumer stats), and the bots' process CPU.
// Prints figures; asserts nothing. Run: npm run bench:rooms [-- --runs 3 --moves 10 --seconds 20]
import { fork, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { HearingRoom } from '../media/HearingRoom.js';
import type { Role } from '../core/protocol/model.js';
import { roomCarriesMedia } from '../core/protocol/rooms.js';
import type { ChildMessage, ParentMessage, Person } from './roomBots.js';
import { benchHearing, loadAverage, loadLine, machine, printTable, spread, startBenchServer, writeResult, numberArg } from './support.js';

const RUNS = numberArg('runs', 3);
const MOVES = numberArg('moves', 10);
const SECONDS = numberArg('seconds', 20);

/** The ten: the presiding judge first (the bots' runner makes people[0] the chair). */
const CAST: [Role, string][] = [
  ['judge', 'Thẩm phán'],
  ['assessor', 'Hội thẩm nhân dân'],
  ['related_party', 'Người có quyền lợi, nghĩa vụ liên quan'],
  ['prosecutor', 'Kiểm sát viên'],
  ['victim', 'Bị hại'],
  ['representative', 'Người đại diện'],
  ['counsel', 'Người bào chữa'],
  ['defendant', 'Bị cáo'],
  ['witness', 'Người làm chứng'],
  ['expert', 'Người giám định'],
];

class Bots {
  readonly child: ChildProcess;
  constructor() {
    this.child = fork(new URL('./roomBots.ts', import.meta.url).pathname, [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  }
  ask<T extends ChildMessage['type']>(m: ParentMessage, reply: T): Promise<Extract<ChildMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      const on = (r: ChildMessage) => {
        this.child.off('message', on);
        if (r.type === 'error') reject(new Error(r.message));
        else if (r.type === reply) resolve(r as Extract<ChildMessage, { type: T }>);
      };
      this.child.on('message', on);
      this.child.send(m);
    });
  }
  async cpuUs(): Promise<number> {
    return (await this.ask({ type: 'cpu' }, 'cpu')).us;
  }
  close(): void {
    this.child.send({ type: 'exit' } satisfies ParentMessage);
    setTimeout(() => this.child.kill('SIGKILL'), 2000).unref();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Consumers the room holds now, and how many it should hold: everyone consumes everyone else of their room, where media flows. */
function consumers(room: HearingRoom): { now: number; expected: number } {
  const peers = [...room.peers];
  let now = 0;
  let expected = 0;
  for (const [id, peer] of peers) {
    now += peer.consumers.size;
    const mine = room.roomOf(id);
    if (!roomCarriesMedia(mine)) continue;
    for (const [other, p] of peers) if (other !== id && room.roomOf(other) === mine) expected += p.producers.size;
  }
  return { now, expected };
}

/** Waits (bounded) until the room holds the consumers it should; answers what it holds. */
async function settle(room: HearingRoom): Promise<{ now: number; expected: number }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const c = consumers(room);
    if (c.now === c.expected || Date.now() > deadline) return c;
    await sleep(200);
  }
}

/**
 * Packets and bytes every consumer of the room has sent so far, and packets its producers have
 * received (mediasoup's outbound-rtp and inbound-rtp stats).
 */
async function packets(room: HearingRoom): Promise<{ sent: number; bytes: number; received: number }> {
  const peers = [...room.peers.values()];
  const [sent, received] = await Promise.all([
    Promise.all(peers.flatMap((p) => [...p.consumers.values()]).map((c) => c.getStats().catch(() => []))),
    Promise.all(peers.flatMap((p) => [...p.producers.values()]).map((c) => c.getStats().catch(() => []))),
  ]);
  const total = { sent: 0, bytes: 0, received: 0 };
  for (const s of sent.flat()) {
    if (s.type !== 'outbound-rtp') continue;
    total.sent += s.packetCount;
    total.bytes += s.byteCount;
  }
  for (const s of received.flat()) if (s.type === 'inbound-rtp') total.received += s.packetCount;
  return total;
}

interface Window {
  consumers: number;
  expectedConsumers: number;
  receivedPps: number;
  workerPct: number;
  serverPct: number;
  botsPct: number;
  forwardedPps: number;
  forwardedMbps: number;
}

/** CPU over `SECONDS`, each as % of one core; the stats are read just outside the CPU window. */
async function measure(room: HearingRoom, bots: Bots): Promise<Window> {
  const count = await settle(room);
  await sleep(5000); // the new consumers' bandwidth estimates and simulcast layers settle
  const f0 = await packets(room);
  const tf0 = performance.now();
  const w0 = await room.worker.getResourceUsage();
  const s0 = process.cpuUsage();
  const b0 = await bots.cpuUs();
  const t0 = performance.now();
  await sleep(SECONDS * 1000);
  const w1 = await room.worker.getResourceUsage();
  const s1 = process.cpuUsage(s0);
  const b1 = await bots.cpuUs();
  const ms = performance.now() - t0;
  const f1 = await packets(room);
  const fs = (performance.now() - tf0) / 1000;
  return {
    consumers: count.now,
    expectedConsumers: count.expected,
    receivedPps: (f1.received - f0.received) / fs,
    workerPct: ((w1.ru_utime + w1.ru_stime - w0.ru_utime - w0.ru_stime) / ms) * 100,
    serverPct: ((s1.user + s1.system) / 1000 / ms) * 100,
    botsPct: ((b1 - b0) / 1000 / ms) * 100,
    forwardedPps: (f1.sent - f0.sent) / fs,
    forwardedMbps: ((f1.bytes - f0.bytes) * 8) / fs / 1e6,
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1));
const span = (xs: number[]) => `${fmt(median(xs))} [${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}]`;

async function main(): Promise<void> {
  const loadStart = loadAverage();
  const vcourt = await startBenchServer();
  const base = vcourt.url.replace('localhost', '127.0.0.1');
  const bots = new Bots();
  const moves: Record<string, number[]> = {};
  const windows: Record<'one room' | 'rooms', Window[]> = { 'one room': [], rooms: [] };
  const consultations: (string | null)[] = [];
  const refused: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const { hearing, invite } = await benchHearing(vcourt, `rooms ${run}`);
      const people: Person[] = [];
      for (const [role, name] of CAST) people.push({ ...(await invite(role, name)), role });
      const id = (role: Role) => people.find((p) => p.role === role)!.id;
      await bots.ask({ type: 'setup', base, people }, 'ready');
      const room = await vcourt.media.room(hearing.id);
      await settle(room);

      const m = await bots.ask({ type: 'moves', moverId: id('witness'), count: MOVES }, 'moves');
      for (const [k, v] of Object.entries(m.ms)) (moves[k] ??= []).push(...v);
      refused.push(m.refused);

      await bots.ask(
        { type: 'arrange', moves: [id('witness'), id('expert')].map((participantId) => ({ participantId, room: 'courtroom' })) },
        'arranged',
      );
      windows['one room'].push(await measure(room, bots));
      const split = await bots.ask(
        {
          type: 'arrange',
          moves: [id('witness'), id('expert')].map((participantId) => ({ participantId, room: 'witness' })),
          consult: [id('counsel'), id('defendant')],
        },
        'arranged',
      );
      consultations.push(split.consultation);
      windows.rooms.push(await measure(room, bots));
      await bots.ask({ type: 'teardown' }, 'torn-down');
      console.log(`run ${run + 1}/${RUNS} done`);
    }
    const loadEnd = loadAverage();

    printTable(
      `\nmoves (${MOVES} call-ins and send-backs × ${RUNS} runs), from the judge's room.move leaving`,
      Object.entries(moves).map(([k, v]) => [k, spread(v)]),
    );
    console.log(`consume requests the server refused during the moves, per run: ${refused.join(', ')}`);
    const rows: [string, (w: Window) => number][] = [
      ['consumers', (w) => w.consumers],
      ['consumers the rooms call for', (w) => w.expectedConsumers],
      ['received packets/s (producers)', (w) => w.receivedPps],
      ['forwarded packets/s', (w) => w.forwardedPps],
      ['forwarded Mbit/s', (w) => w.forwardedMbps],
      ['fan-out (forwarded ÷ received)', (w) => w.forwardedPps / w.receivedPps],
      ['mediasoup worker, % of a core', (w) => w.workerPct],
      // What a packet costs the worker, in or out: the rooms' saving is in the fan-out, not this.
      ['worker µs per packet (in + out)', (w) => (w.workerPct * 1e4) / (w.receivedPps + w.forwardedPps)],
      ['server Node process, % of a core', (w) => w.serverPct],
      ['bots process, % of a core', (w) => w.botsPct],
    ];
    console.log(`\n10 participants, ${SECONDS} s windows, median [min–max] over ${RUNS} runs`);
    console.log(`${''.padEnd(34)} ${'all in the courtroom'.padEnd(24)} 6 courtroom / 2 consultation / 2 witness room`);
    for (const [name, pick] of rows) {
      console.log(`${name.padEnd(34)} ${span(windows['one room'].map(pick)).padEnd(24)} ${span(windows.rooms.map(pick))}`);
    }
    const ratio = (pick: (w: Window) => number) => median(windows.rooms.map((w, i) => pick(w) / pick(windows['one room'][i]!)));
    console.log(
      `rooms ÷ one room (median of per-run ratios): consumers ${ratio((w) => w.consumers).toFixed(2)}, worker CPU ${ratio((w) => w.workerPct).toFixed(2)}, server CPU ${ratio((w) => w.serverPct).toFixed(2)}, bots CPU ${ratio((w) => w.botsPct).toFixed(2)}`,
    );
    console.log(`the consultation: ${[...new Set(consultations)].join('; ')}`);
    console.log(loadLine(loadStart, loadEnd));
    writeResult('rooms', {
      bench: 'rooms',
      at: new Date().toISOString(),
      machine: machine(),
      loadAverage: { start: loadStart, end: loadEnd },
      runs: RUNS,
      moves: MOVES,
      seconds: SECONDS,
      consultations,
      refusedConsumes: refused,
      moveMs: Object.fromEntries(Object.entries(moves).map(([k, v]) => [k, { ...spread(v), all: v }])),
      cpu: windows,
    });
  } finally {
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
