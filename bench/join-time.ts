// Join time in a real browser: from opening an invitation link to the first remote video frame
// decoded, through equipment check → lobby → the judge admitting → media. Prints figures and
// writes bench/results/join-time.json; asserts nothing. Run: npm run bench:join [-- --runs 7]
import { chromium, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../server/config.js';
import { startVcourt } from '../server/main.js';
import { CHROMIUM_ARGS } from '../playwright.config.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;

async function firstRemoteFrame(page: Page): Promise<void> {
  await page.waitForFunction(
    async () => {
      const pcs = (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? [];
      for (const pc of pcs) {
        for (const s of (await pc.getStats()).values()) {
          if (s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded ?? 0) > 0) return true;
        }
      }
      return false;
    },
    undefined,
    { polling: 20, timeout: 60_000 },
  );
}

const trackPcs = () => {
  const Native = window.RTCPeerConnection;
  const all: RTCPeerConnection[] = [];
  (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = all;
  window.RTCPeerConnection = class extends Native {
    constructor(c?: RTCConfiguration) {
      super(c);
      all.push(this);
    }
  } as typeof RTCPeerConnection;
};

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  return { n: s.length, min: s[0], p50: q(0.5), p95: q(0.95), max: s[s.length - 1] };
};

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vcourt-bench-'));
  const vcourt = await startVcourt(
    loadConfig({}, { host: '127.0.0.1', port: 0, dataDir, databaseFile: join(dataDir, 'db.sqlite'), demo: false, adminPassword: 'bench' }),
  );
  const browser = await chromium.launch({ executablePath: process.env.VCOURT_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const system = { kind: 'system' } as const;
    const kase = vcourt.caseFile.createCase('BENCH/HS-ST', 'Đo thời gian vào phiên');
    const hearing = vcourt.caseFile.createHearing(system, { caseId: kase.id, title: 'bench', scheduledAt: new Date().toISOString() });
    const invite = (role: 'judge' | 'defendant', name: string) => {
      const p = vcourt.caseFile.addParticipant(system, hearing.id, { displayName: name, role });
      const t = vcourt.access.tokens.issueInvitation({ hearingId: hearing.id, participantId: p.id, role, expiresInSeconds: 3600 });
      vcourt.caseFile.recordInvitation(system, hearing.id, p.id, t.invitationId);
      return { id: p.id, url: `${vcourt.url.replace('localhost', '127.0.0.1')}/join#${t.token}` };
    };

    const judgeCtx = await browser.newContext({ permissions: ['camera', 'microphone'] });
    await judgeCtx.addInitScript(trackPcs);
    const judge = await judgeCtx.newPage();
    await judge.goto(invite('judge', 'Thẩm phán').url);
    await judge.getByTestId('continue-button').click();
    await judge.getByTestId('courtroom').waitFor();
    await judge.getByTestId('transition-open').click();
    // The judge admits whoever appears in the lobby, as fast as a person watching the queue would at best.
    void (async () => {
      for (;;) {
        const button = judge.getByTestId('admit-button').first();
        await button.waitFor({ timeout: 0 }).catch(() => undefined);
        await button.click().catch(() => undefined);
      }
    })();

    const total: number[] = [];
    const toLobby: number[] = [];
    const lobbyToFrame: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const who = invite('defendant', `Bị cáo ${i}`);
      const ctx = await browser.newContext({ permissions: ['camera', 'microphone'] });
      await ctx.addInitScript(trackPcs);
      const page = await ctx.newPage();
      const t0 = performance.now();
      await page.goto(who.url);
      await page.getByTestId('continue-button').click();
      await page.getByTestId('lobby').or(page.getByTestId('courtroom')).first().waitFor();
      const t1 = performance.now();
      await firstRemoteFrame(page);
      const t2 = performance.now();
      await ctx.close();
      if (i === 0) continue; // warm-up: first page load compiles the client
      total.push(t2 - t0);
      toLobby.push(t1 - t0);
      lobbyToFrame.push(t2 - t1);
    }
    const result = {
      bench: 'join-time',
      at: new Date().toISOString(),
      machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
      ms: { linkToFirstRemoteFrame: stats(total), linkToLobby: stats(toLobby), lobbyToFirstRemoteFrame: stats(lobbyToFrame) },
    };
    console.log(`join time over ${runs} runs (ms, after one warm-up; Chromium ${browser.version()}, judge admits at once)`);
    console.log('measure                          p50     p95     min     max');
    for (const [name, s] of Object.entries(result.ms)) {
      console.log(`${name.padEnd(30)} ${[s.p50, s.p95, s.min, s.max].map((v) => v.toFixed(0).padStart(7)).join(' ')}`);
    }
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/join-time.json', JSON.stringify(result, null, 2));
  } finally {
    await browser.close();
    await vcourt.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
