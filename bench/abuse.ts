// Abuse against one participant's or account's share (server/limits.ts): what a judge in another
// hearing feels, what the server's memory does and how much the audit log is written, under
//   - a one-socket flood (10,000 requests sent at once from a waiting witness),
//   - a waiting witness's join/leave loop (1,000 cycles asked for),
//   - a 500-socket join storm into one hearing whose judge and clerk watch the lobby.
// The server runs in its own process (RSS from /proc), with the default limits; the storm runs a
// second time on a server with the per-address presence limit lifted, so that all 500 joins get
// in and the lobby broadcast's own cost shows. Prints figures; asserts nothing.
// Run: npm run bench:abuse [-- --flood 10000 --storm 500 --churn 1000]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Reply } from '../core/protocol/signaling.js';
import { createHearing, TestClient } from '../tests/support/server.js';
import { freePort, VcourtProcess } from '../tests/support/vcourtProcess.js';
import { loadAverage, loadLine, machine, spread, writeResult, type Spread, numberArg } from './support.js';

const FLOOD = numberArg('flood', 10_000);
const STORM = numberArg('storm', 500);
const CHURN = numberArg('churn', 1_000);
const PING_MS = 60; // the judge's ~17 requests a second stay inside its own share (20/s)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface PhaseResult {
  judgeAckMs: Spread;
  rssGrowthMB: number;
  auditEvents: number;
  seconds: number;
  [k: string]: unknown;
}

/** A judge in a hearing of their own, asking for the router's capabilities every PING_MS; acks timed per phase. */
class Pinger {
  #phase = 'idle';
  #stop = false;
  readonly samples = new Map<string, number[]>();
  readonly done: Promise<void>;
  constructor(readonly judge: TestClient) {
    this.done = this.#loop();
  }
  phase(name: string) {
    this.#phase = name;
  }
  stop() {
    this.#stop = true;
    return this.done;
  }
  async #loop() {
    while (!this.#stop) {
      const phase = this.#phase;
      const t0 = performance.now();
      const reply = await this.judge.request({ type: 'media.getRouterRtpCapabilities' }, 30_000).catch(() => null);
      const ms = reply?.ok ? performance.now() - t0 : NaN;
      if (!this.samples.has(phase)) this.samples.set(phase, []);
      this.samples.get(phase)!.push(ms);
      await sleep(PING_MS);
    }
  }
}

const rssMB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

async function auditCount(vc: VcourtProcess, hearingIds: string[]): Promise<number> {
  let n = 0;
  for (const id of hearingIds) n += (await vc.api<{ events: unknown[] }>('GET', `/api/hearings/${id}/audit`)).body.events.length;
  return n;
}

async function startServer(label: string, limits?: object) {
  const dataDir = mkdtempSync(join(tmpdir(), 'vcourt-bench-abuse-'));
  const env: NodeJS.ProcessEnv = { VCOURT_DEMO: '0', ...(limits ? { VCOURT_LIMITS: JSON.stringify(limits) } : {}) };
  const vc = await VcourtProcess.start(dataDir, await freePort(), env);
  console.log(`server (${label}): pid ${vc.pid}`);
  return {
    vc,
    stop: async () => {
      await vc.kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Measures one phase: the judge's acks, the server's RSS growth and the audit events written in `hearings`. */
async function measure(
  vc: VcourtProcess,
  pinger: Pinger,
  name: string,
  hearings: string[],
  run: () => Promise<Record<string, unknown>>,
): Promise<PhaseResult> {
  const rss0 = rssMB(vc.pid);
  const audit0 = await auditCount(vc, hearings);
  pinger.phase(name);
  const t0 = performance.now();
  const extra = await run();
  const seconds = (performance.now() - t0) / 1000;
  await sleep(1000); // what the phase left queued
  pinger.phase('between');
  return {
    judgeAckMs: spread(pinger.samples.get(name) ?? []),
    rssGrowthMB: rssMB(vc.pid) - rss0,
    auditEvents: (await auditCount(vc, hearings)) - audit0,
    seconds,
    ...extra,
  };
}

async function flood(vc: VcourtProcess, token: string) {
  const flooder = await TestClient.connect(vc.base, token);
  const counts: Record<string, number> = {};
  let replies = 0;
  for (let i = 0; i < FLOOD; i++) {
    flooder.socket.emit('request', { type: 'media.getRouterRtpCapabilities' }, (r: Reply) => {
      replies++;
      const code = r.ok ? 'ok' : r.error.code;
      counts[code] = (counts[code] ?? 0) + 1;
    });
  }
  const deadline = Date.now() + 60_000;
  while (replies < FLOOD && flooder.connected && Date.now() < deadline) await sleep(20);
  await sleep(200);
  flooder.close();
  return {
    sent: FLOOD,
    answered: replies,
    ...Object.fromEntries(Object.entries(counts).map(([k, v]) => [`replies ${k}`, v])),
    disconnected: !flooder.connected,
  };
}

async function storm(vc: VcourtProcess, tokens: string[]) {
  const outcomes: Record<string, number> = {};
  const count = (k: string) => (outcomes[k] = (outcomes[k] ?? 0) + 1);
  const clients: TestClient[] = [];
  await Promise.all(
    tokens.map(async (token) => {
      const client = await TestClient.connect(vc.base, token).catch((e: { data?: { code?: string } }) => e.data?.code ?? 'connect failed');
      if (typeof client === 'string') {
        count(`connection ${client}`);
        return;
      }
      clients.push(client);
      const reply = await client.request({ type: 'join' }, 60_000).catch(() => null);
      count(reply ? (reply.ok ? 'joined' : `join ${reply.error.code}`) : 'join timed out');
    }),
  );
  return { clients, outcomes };
}

async function churn(vc: VcourtProcess, token: string) {
  const witness = await TestClient.connect(vc.base, token);
  let accepted = 0;
  let refused = 0;
  for (let i = 0; i < 2 * CHURN && witness.connected; i++) {
    const reply = await witness.request({ type: i % 2 === 0 ? 'join' : 'leave' }, 10_000).catch(() => null);
    if (reply?.ok) accepted++;
    else if (reply && reply.error.code === 'rate_limited') refused++;
  }
  const disconnected = !witness.connected;
  witness.close();
  return { asked: 2 * CHURN, accepted, refused, disconnected };
}

async function withServer(label: string, limits: object | undefined, phases: ('flood' | 'storm' | 'churn')[]) {
  const { vc, stop } = await startServer(label, limits);
  const results: Record<string, PhaseResult> = {};
  try {
    const a = await createHearing(vc, ['judge']);
    const b = await createHearing(vc, ['judge', 'clerk', 'witness']);
    const c = await createHearing(vc, ['witness']);
    // The storm's witnesses, invited before anything is measured.
    const people: string[] = [];
    if (phases.includes('storm')) {
      for (let i = 0; i < STORM; i++) {
        const res = await vc.api<{ invitation: { token: string } }>('POST', `/api/hearings/${b.hearing.id}/participants`, {
          displayName: `Người làm chứng ${i}`,
          role: 'witness',
        });
        people.push(res.body.invitation.token);
      }
    }
    const judgeA = await TestClient.connect(vc.base, a.seats.judge.token);
    await judgeA.ok({ type: 'join' });
    const bench = [await TestClient.connect(vc.base, b.seats.judge.token), await TestClient.connect(vc.base, b.seats.clerk.token)];
    for (const s of bench) await s.ok({ type: 'join' });
    const pinger = new Pinger(judgeA);
    await sleep(2000);
    results[`${label}: idle`] = await measure(vc, pinger, 'idle', [], () => sleep(3000).then(() => ({})));
    if (phases.includes('flood')) {
      results[`${label}: one-socket flood (${FLOOD})`] = await measure(vc, pinger, 'flood', [a.hearing.id, b.hearing.id], () =>
        flood(vc, b.seats.witness.token),
      );
    }
    if (phases.includes('churn')) {
      results[`${label}: join/leave loop (${CHURN} cycles asked)`] = await measure(vc, pinger, 'churn', [c.hearing.id], () =>
        churn(vc, c.seats.witness.token),
      );
    }
    // Last: from one address, the storm spends that address's presence share for the minute.
    if (phases.includes('storm')) {
      let clients: TestClient[] = [];
      const marks = bench.map((s) => s.mark());
      results[`${label}: ${STORM}-socket join storm`] = await measure(vc, pinger, 'storm', [a.hearing.id, b.hearing.id], async () => {
        const out = await storm(vc, people);
        clients = out.clients;
        return { ...out.outcomes, 'judge B: participant.updated received': bench[0]!.received('participant.updated', marks[0]).length };
      });
      for (const client of clients) client.close();
    }
    await pinger.stop();
    judgeA.close();
    for (const s of bench) s.close();
  } finally {
    await stop();
  }
  return results;
}

async function main(): Promise<void> {
  const loadStart = loadAverage();
  const results = {
    ...(await withServer('default limits', undefined, ['flood', 'storm', 'churn'])),
    ...(await withServer('per-address presence limit lifted', { presence: { perIp: { points: 1_000_000 } } }, ['storm'])),
  };
  const loadEnd = loadAverage();

  console.log(`\n${'phase'.padEnd(58)} judge ack p50 / p99 / max ms   RSS +MB  audit  seconds`);
  for (const [name, r] of Object.entries(results)) {
    const { judgeAckMs: s } = r;
    console.log(
      `${name.padEnd(58)} ${[s.p50, s.p99, s.max]
        .map((v) => v.toFixed(1))
        .join(' / ')
        .padEnd(29)} ${r.rssGrowthMB.toFixed(1).padStart(7)}  ${String(r.auditEvents).padStart(5)}  ${r.seconds.toFixed(1).padStart(7)}`,
    );
    const rest = Object.entries(r).filter(([k]) => !['judgeAckMs', 'rssGrowthMB', 'auditEvents', 'seconds'].includes(k));
    if (rest.length) console.log(`${''.padEnd(4)}${rest.map(([k, v]) => `${k}: ${String(v)}`).join(', ')}`);
  }
  console.log(
    `\n(judge ack: n = ${Object.values(results)
      .map((r) => r.judgeAckMs.n)
      .join(', ')} samples, one every ${PING_MS} ms)`,
  );
  console.log(loadLine(loadStart, loadEnd));
  writeResult('abuse', {
    bench: 'abuse',
    at: new Date().toISOString(),
    machine: machine(),
    load: { start: loadStart, end: loadEnd },
    flood: FLOOD,
    storm: STORM,
    churn: CHURN,
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
