// Shared by the browser benchmarks: a real vcourt server on loopback, Debian's Chromium, a hearing
// with invited people, percentiles and the results file.
import { chromium, type Browser } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS } from '../playwright.config.js';
import type { Role } from '../core/protocol/model.js';
import { loadConfig } from '../server/config.js';
import { startVcourt, type RunningVcourt } from '../server/main.js';

/** `env`: VCOURT_* settings of the benchmark's own (an RTC address, TURN), read as the server reads its environment. */
export async function startBenchServer(workers = 1, env: NodeJS.ProcessEnv = {}): Promise<RunningVcourt> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vcourt-bench-'));
  return startVcourt(
    loadConfig(env, {
      host: '127.0.0.1',
      port: 0,
      dataDir,
      databaseFile: join(dataDir, 'db.sqlite'),
      demo: false,
      adminPassword: 'bench',
      // bench/rtsp-camera.ts pulls the camera simulator on loopback.
      cameraNetworks: ['127.0.0.1/32'],
      media: { workers },
    }),
  );
}

export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.VCOURT_CHROMIUM ?? '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/**
 * A hearing in the given state-to-be, and a function that invites one more person to it. Its
 * presiding judge is a judge account signed in here: the judge's link is the bench's, bound to
 * that sign-in, as in a court.
 */
export async function benchHearing(vcourt: RunningVcourt, title: string) {
  const system = { kind: 'system' } as const;
  const kase = await vcourt.caseFile.createCase(`BENCH-${Date.now().toString(36)}`, title);
  const hearing = await vcourt.caseFile.createHearing(system, { caseId: kase.id, title, scheduledAt: new Date().toISOString() });
  const password = randomUUID();
  const account = await vcourt.access.createAccount({
    username: `bench-${randomUUID()}`,
    displayName: 'Thẩm phán',
    role: 'judge',
    password,
  });
  const { sessionId } = await vcourt.access.staff((await vcourt.access.login(account.username, password)).token);
  const link = (token: string) => `${vcourt.url.replace('localhost', '127.0.0.1')}/join#${token}`;
  const invite = async (role: Role, displayName: string) => {
    if (role === 'judge') {
      const p = await vcourt.caseFile.addParticipant(system, hearing.id, { displayName, role, accountId: account.id });
      const t = await vcourt.caseFile.issueBenchInvitation(
        { accountId: account.id, username: account.username },
        hearing.id,
        sessionId,
        3600,
      );
      return { id: p.id, token: t.token, url: link(t.token) };
    }
    const p = await vcourt.caseFile.addParticipant(system, hearing.id, { displayName, role });
    const t = await vcourt.caseFile.issueInvitation(system, hearing.id, p.id, 3600);
    return { id: p.id, token: t.token, url: link(t.token) };
  };
  return { hearing, invite };
}

/**
 * tsx (esbuild keepNames) wraps named functions in `__name(...)`; functions handed to a page
 * need that helper there too.
 */
export const definePageNameHelper = 'globalThis.__name = (f) => f;';

/** Installed before page scripts: remembers every RTCPeerConnection (for getStats). */
export { TRACK_PEER_CONNECTIONS as trackPeerConnections } from '../tests/e2e/support/rtcStats.js';

export interface Spread {
  n: number;
  min: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Percentiles of the finite values (a stage a run never reached is NaN and left out of n). */
export function spread(xs: number[]): Spread {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return { n: 0, min: NaN, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  // s is not empty: every index below is within it.
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
  return { n: s.length, min: s[0]!, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: s[s.length - 1]! };
}

/** A number from the command line (`--name 3`), else the fallback. */
export function numberArg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

export function machine() {
  return { cpus: cpus().length, model: cpus()[0]?.model, ramGiB: +(totalmem() / 2 ** 30).toFixed(1), node: process.version };
}

/**
 * The 1/5/15-minute load averages: taken at the start and the end of a run and printed with its
 * figures, so a reader can tell a quiet machine from one shared with other work.
 */
export function loadAverage(): number[] {
  return loadavg().map((x) => +x.toFixed(2));
}

export function loadLine(start: number[], end: number[]): string {
  return `load average (1/5/15 min) at start ${start.join(' ')}, at end ${end.join(' ')} on ${cpus().length} cores`;
}

export function printTable(title: string, rows: [string, Spread][], unit = 'ms'): void {
  console.log(title);
  console.log(`${'measure'.padEnd(34)}      n     p50     p95     min     max  (${unit})`);
  for (const [name, s] of rows) {
    console.log(
      `${name.padEnd(34)} ${[s.n, s.p50, s.p95, s.min, s.max].map((v) => v.toFixed(v % 1 && Math.abs(v) < 10 ? 1 : 0).padStart(7)).join(' ')}`,
    );
  }
}

export function writeResult(name: string, result: unknown): void {
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(`bench/results/${name}.json`, JSON.stringify(result, null, 2));
}

/**
 * Child processes (senders, sinks) killed when the benchmark exits, however it exits: ffmpeg
 * senders looping a clip would otherwise outlive an interrupted run.
 */
const children = new Set<{ kill(signal?: NodeJS.Signals): unknown }>();
export function killOnExit<T extends { kill(signal?: NodeJS.Signals): unknown }>(child: T): T {
  children.add(child);
  return child;
}
const killAll = () => {
  for (const c of children) {
    try {
      c.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
};
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}
