// Join time in a real browser: from opening an invitation link to the first remote video frame
// decoded, through equipment check → lobby → the judge admitting → media. Prints figures and
// writes bench/results/join-time.json; asserts nothing. Run: npm run bench:join [-- --runs 7]
import type { Page } from '@playwright/test';
import type { HearingSession } from '../client/src/core/HearingSession.js';
import {
  benchHearing,
  definePageNameHelper,
  launchChromium,
  machine,
  printTable,
  spread,
  startBenchServer,
  trackPeerConnections,
  writeResult,
} from './support.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
/** How many receive-only participants open their links at the same moment in the second part. */
const concurrent = Number(process.argv[process.argv.indexOf('--concurrent') + 1]) || 20;

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

async function main(): Promise<void> {
  const vcourt = await startBenchServer();
  const browser = await launchChromium();
  try {
    const { invite } = await benchHearing(vcourt, 'join time');

    const judgeCtx = await browser.newContext({ permissions: ['camera', 'microphone'] });
    await judgeCtx.addInitScript(definePageNameHelper);
    await judgeCtx.addInitScript(trackPeerConnections);
    const judge = await judgeCtx.newPage();
    await judge.goto((await invite('judge', 'Thẩm phán')).url);
    await judge.getByTestId('rules-accept').check();
    await judge.getByTestId('continue-button').click();
    await judge.getByTestId('courtroom').waitFor();
    await judge.getByTestId('transition-open').click();
    // The judge admits whoever appears in the lobby the moment they appear (through the client's
    // own session, as the admit button does), so the figures are the system's, not a person's.
    await judge.evaluate(() => {
      const session = (window as unknown as { vcourt: { session: HearingSession } }).vcourt.session;
      const asked = new Set<string>();
      const admitAll = () => {
        for (const p of session.getSnapshot().lobby) {
          if (asked.has(p.id)) continue;
          asked.add(p.id);
          session.request({ type: 'lobby.admit', participantId: p.id }).catch(() => asked.delete(p.id));
        }
      };
      session.subscribe(admitAll);
      admitAll();
    });

    const total: number[] = [];
    const toLobby: number[] = [];
    const lobbyToFrame: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const who = await invite('defendant', `Bị cáo ${i}`);
      const ctx = await browser.newContext({ permissions: ['camera', 'microphone'] });
      await ctx.addInitScript(trackPeerConnections);
      const page = await ctx.newPage();
      const t0 = performance.now();
      await page.goto(who.url);
      await page.getByTestId('rules-accept').check();
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

    // N at once: observers (receive-only, so 2 cores are not spent encoding N fake cameras) open
    // their links together; each clock runs from its own link to its first remote frame.
    const together = await Promise.all(
      Array.from({ length: concurrent }, async (_, i) => {
        const who = await invite('observer', `Người quan sát ${i}`);
        const ctx = await browser.newContext();
        await ctx.addInitScript(trackPeerConnections);
        const page = await ctx.newPage();
        const t0 = performance.now();
        await page.goto(who.url); // observers have no equipment check: they never capture
        const loaded = performance.now();
        await page.getByTestId('courtroom').waitFor({ timeout: 60_000 });
        const inCourtroom = performance.now();
        await firstRemoteFrame(page);
        return { ms: performance.now() - t0, load: loaded - t0, courtroom: inCourtroom - t0, ctx };
      }),
    );
    await Promise.all(together.map((t) => t.ctx.close()));

    const result = {
      bench: 'join-time',
      at: new Date().toISOString(),
      machine: machine(),
      chromium: browser.version(),
      ms: {
        linkToFirstRemoteFrame: spread(total),
        linkToLobby: spread(toLobby),
        lobbyToFirstRemoteFrame: spread(lobbyToFrame),
        [`${concurrent} at once: link → page loaded`]: spread(together.map((t) => t.load)),
        [`${concurrent} at once: link → courtroom`]: spread(together.map((t) => t.courtroom)),
        [`${concurrent} at once: link → first frame`]: spread(together.map((t) => t.ms)),
      },
    };
    printTable(
      `join time: ${runs} runs one at a time (after one warm-up) and ${concurrent} observers at once ( Chromium ${browser.version()}, the judge admits at once)`,
      Object.entries(result.ms),
    );
    writeResult('join-time', result);
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
