// TURN/TLS relay overhead: glass-to-glass latency and round-trip time of a subscriber that goes
// direct (UDP to the SFU) and of one at a relay-only site (turns: on 443 through vcourt's embedded
// coturn, as tests/e2e/turn.spec.ts), and coturn's CPU while it relays (/proc/<pid>/stat, all its
// threads) per relayed stream and per Mbit/s. The publisher paints the clock into its camera
// (bench/glassToGlassPage.ts); each subscriber also sends its own fake camera and microphone, so a
// relayed subscriber puts 4 streams through coturn (2 in, 2 out). Asserts nothing.
// Run: npm run bench:turn [-- --runs 3 --seconds 15]   (inside bench/netns.sh: coturn binds 443)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { selfSignedCert } from '../tests/support/selfSignedCert.js';
import { installClockCamera, measureFromTile } from './glassToGlassPage.js';
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
const seconds = Number(arg('--seconds', '15'));
const STREAMS_PER_SUBSCRIBER = 4;
const TICKS_PER_S = 100; // USER_HZ on Linux

/** utime + stime of a process, all threads, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S; // fields 14 and 15 of proc(5)
}

interface Link {
  localType: string;
  relayProtocol: string;
  rttMs: number[];
  bytes: number;
}

/** The subscriber's live transports: selected pair type, its current RTT samples, bytes both ways. */
function link(page: Page): Promise<Link> {
  return page.evaluate(async () => {
    const out = { localType: '', relayProtocol: '', rttMs: [] as number[], bytes: 0 };
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState !== 'connected') continue;
      const stats = await pc.getStats();
      stats.forEach((s) => {
        if (s.type !== 'transport' || !s.selectedCandidatePairId) return;
        const pair = stats.get(s.selectedCandidatePairId);
        const local = pair ? stats.get(pair.localCandidateId) : undefined;
        out.localType = local?.candidateType ?? '';
        out.relayProtocol = local?.relayProtocol ?? '';
        if (pair?.currentRoundTripTime !== undefined) out.rttMs.push(pair.currentRoundTripTime * 1000);
        out.bytes += (pair?.bytesSent ?? 0) + (pair?.bytesReceived ?? 0);
      });
    }
    return out;
  });
}

interface Sample {
  mode: 'direct' | 'relay';
  path: string;
  latencyP50Ms: number;
  rttMs: number;
  coturnCpuPct: number;
  mbitPerS: number;
}

async function measure(browser: Browser, url: string, judge: { page: Page; id: string }, mode: Sample['mode'], pid: number) {
  const ctx = await browser.newContext({ permissions: ['camera', 'microphone'] });
  try {
    await ctx.addInitScript(definePageNameHelper);
    await ctx.addInitScript(trackPeerConnections);
    const page = await ctx.newPage();
    await page.goto(url);
    await page.getByTestId('rules-accept').check();
    await page.getByTestId('continue-button').click();
    await judge.page.getByTestId('admit-button').first().click();
    await page.locator(`[data-participant-id="${judge.id}"] video`).first().waitFor({ timeout: 60_000 });
    await page.waitForTimeout(3000); // simulcast ramps up to the top layer
    const [l0, cpu0, t0] = [await link(page), cpuSeconds(pid), Date.now()];
    // RTT sampled each second alongside the frame-by-frame latency measurement.
    const rtts: number[] = [];
    const sampler = setInterval(() => {
      link(page).then(
        (l) => rtts.push(...l.rttMs),
        () => undefined,
      );
    }, 1000);
    const r = await page.evaluate(measureFromTile, { participantId: judge.id, seconds });
    clearInterval(sampler);
    const [l1, cpu1, t1] = [await link(page), cpuSeconds(pid), Date.now()];
    const sample: Sample = {
      mode,
      path: `${l1.localType}${l1.relayProtocol ? `/${l1.relayProtocol}` : ''}`,
      latencyP50Ms: spread(r.latencies).p50,
      rttMs: rtts.length ? rtts.reduce((x, y) => x + y, 0) / rtts.length : NaN, // mean: getStats gives whole ms
      coturnCpuPct: ((cpu1 - cpu0) / ((t1 - t0) / 1000)) * 100,
      mbitPerS: ((l1.bytes - l0.bytes) * 8) / ((t1 - t0) / 1000) / 1e6,
    };
    console.log(`  ${JSON.stringify(sample)}`);
    return sample;
  } finally {
    await ctx.close();
  }
}

async function main(): Promise<void> {
  const loadStart = loadAverage();
  const certDir = mkdtempSync(join(tmpdir(), 'vcourt-bench-turn-'));
  const tls = await selfSignedCert(certDir);
  const vcourt = await startBenchServer(1, {
    VCOURT_TURN: 'embedded',
    VCOURT_TURN_PORT: '3478',
    VCOURT_TURN_TLS_PORT: '443',
    VCOURT_TURN_TLS_CERT: tls.certFile,
    VCOURT_TURN_TLS_KEY: tls.keyFile,
    VCOURT_TURN_TRANSPORTS: 'tls',
    VCOURT_TURN_RELAY_PORTS: '49300-49399',
    // Only here: the SFU is on 127.0.0.1, which a production coturn never relays to.
    VCOURT_TURN_ALLOW_LOOPBACK_PEERS: '1',
  });
  const browser = await launchChromium([`--ignore-certificate-errors-spki-list=${tls.spkiSha256}`]);
  const samples: Sample[] = [];
  try {
    const pid = vcourt.coturn?.pid;
    if (!pid) throw new Error('no embedded coturn');
    const { hearing, invite } = await benchHearing(vcourt, 'TURN relay overhead');
    const judgeWho = await invite('judge', 'Thẩm phán');
    const site = await vcourt.caseFile.createSite('Trại tạm giam - phòng trực tuyến', 'detention', true);
    const system = { kind: 'system' } as const;
    const relayed = async (n: number) => {
      const p = await vcourt.caseFile.addParticipant(system, hearing.id, {
        displayName: `Bị cáo ${n}`,
        role: 'defendant',
        siteId: site.id,
      });
      const t = await vcourt.caseFile.issueInvitation(system, hearing.id, p.id, 3600);
      return `${vcourt.url.replace('localhost', '127.0.0.1')}/join#${t.token}`;
    };
    const judgeCtx = await browser.newContext();
    await judgeCtx.addInitScript(definePageNameHelper);
    await judgeCtx.addInitScript(installClockCamera);
    const judgePage = await judgeCtx.newPage();
    await judgePage.goto(judgeWho.url);
    await judgePage.getByTestId('rules-accept').check();
    await judgePage.getByTestId('continue-button').click();
    await judgePage.getByTestId('courtroom').waitFor();
    await judgePage.getByTestId('transition-open').click();
    const judge = { page: judgePage, id: judgeWho.id };
    for (let r = 0; r < runs; r++) {
      console.log(`run ${r + 1} of ${runs}`);
      samples.push(await measure(browser, (await invite('defendant', `Bị cáo trực tiếp ${r}`)).url, judge, 'direct', pid));
      samples.push(await measure(browser, await relayed(r), judge, 'relay', pid));
    }
  } finally {
    await browser.close();
    await vcourt.close();
    rmSync(certDir, { recursive: true, force: true });
  }
  const loadEnd = loadAverage();
  const fmt = (xs: number[], digits = 0) => {
    const s = spread(xs);
    return `${s.p50.toFixed(digits)} [${s.min.toFixed(digits)}–${s.max.toFixed(digits)}]`;
  };
  const of = (mode: Sample['mode']) => samples.filter((s) => s.mode === mode);
  console.log(`\nTURN/TLS relay overhead, ${runs} runs × ${seconds} s; median [min–max]`);
  console.log('path | g2g latency p50 ms | RTT ms | Mbit/s | coturn % core | coturn % core per stream');
  for (const mode of ['direct', 'relay'] as const) {
    const xs = of(mode);
    console.log(
      `${mode} (${[...new Set(xs.map((x) => x.path))].join(', ')}) | ${fmt(xs.map((x) => x.latencyP50Ms))} | ${fmt(
        xs.map((x) => x.rttMs),
        1,
      )} | ${fmt(
        xs.map((x) => x.mbitPerS),
        2,
      )} | ${fmt(
        xs.map((x) => x.coturnCpuPct),
        1,
      )} | ${fmt(
        xs.map((x) => x.coturnCpuPct / STREAMS_PER_SUBSCRIBER),
        2,
      )}`,
    );
  }
  const extra = of('relay').map((x, i) => x.latencyP50Ms - (of('direct')[i]?.latencyP50Ms ?? NaN));
  console.log(`relay − direct, g2g latency p50 per run: ${fmt(extra)} ms`);
  console.log(loadLine(loadStart, loadEnd));
  writeResult('turn-relay', {
    bench: 'turn-relay',
    at: new Date().toISOString(),
    machine: machine(),
    loadStart,
    loadEnd,
    runs,
    seconds,
    samples,
  });
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
