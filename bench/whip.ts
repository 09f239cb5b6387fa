// WHIP time from POST to first frame: Debian's simple-whip-client publishes a GStreamer test
// source (VP8 by default, 320×240 at 15 fps, a key frame every second) with an encoder's device
// token; a judge's real Chromium page is in the courtroom, and the clock stops when its
// getStats() shows the first frame decoded from the encoder's new track. The headline runs from
// the POST reaching the server (WhipSessions.publish) to that frame; the stages on the way are
// the answer ready and DTLS connected (a first-RTP stage polled with transport.getStats() was
// tried and dropped: on a loaded machine the poll lagged the browser's first frame). Spawn → POST (GStreamer start and ICE gathering in whip-client) is printed for context.
// Each run ends with whip-client's own DELETE. One warm-up run is discarded. Runs inside a
// loopback-only namespace (bench/netns.sh); whip-client gathers 127.0.0.1 through the shim in
// tests/support/whipClient.ts. Prints a table, writes bench/results/whip.json; asserts nothing.
//   npm run bench:whip [-- --runs 7 --codec h264]
import type { Page } from '@playwright/test';
import type { WhipSessionInfo } from '../ingest/whip/WhipSessions.js';
import { WhipClient, type WhipVideoCodec } from '../tests/support/whipClient.js';
import {
  benchHearing,
  definePageNameHelper,
  launchChromium,
  loadAverage,
  loadLine,
  machine,
  printTable,
  spread,
  startBenchServer,
  trackPeerConnections,
  writeResult,
} from './support.js';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const codecArg = process.argv[process.argv.indexOf('--codec') + 1];
const codec: WhipVideoCodec = codecArg === 'h264' ? 'h264' : 'vp8';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Video tracks the page has decoded frames from so far. */
function decodedTracks(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const ids: string[] = [];
    for (const pc of (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      for (const s of (await pc.getStats()).values()) {
        if (s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded ?? 0) > 0) ids.push(s.trackIdentifier);
      }
    }
    return ids;
  });
}

/** Date.now() in the page when a track not in `known` first has a decoded frame (polled every 10 ms there). */
function firstNewFrame(page: Page, known: string[]): Promise<number> {
  return page.evaluate(
    (known) =>
      new Promise<number>((resolve, reject) => {
        const deadline = Date.now() + 60_000;
        const poll = async () => {
          for (const pc of (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []) {
            if (pc.connectionState === 'closed') continue;
            for (const s of (await pc.getStats()).values()) {
              if (s.type === 'inbound-rtp' && s.kind === 'video' && (s.framesDecoded ?? 0) > 0 && !known.includes(s.trackIdentifier)) {
                return resolve(Date.now());
              }
            }
          }
          if (Date.now() > deadline) return reject(new Error('no frame from the encoder within 60 s'));
          setTimeout(poll, 10);
        };
        void poll();
      }),
    known,
  );
}

async function main(): Promise<void> {
  const load0 = loadAverage();
  const vcourt = await startBenchServer();
  const browser = await launchChromium();
  try {
    const { hearing, invite } = await benchHearing(vcourt, 'WHIP');
    const system = { kind: 'system' } as const;
    const site = await vcourt.caseFile.createSite('Phòng xử án (bench)', 'courtroom');
    const device = await vcourt.devices.register({ siteId: site.id, kind: 'encoder', name: 'Bộ mã hoá' });
    await vcourt.devices.attach(system, hearing.id, device.id);
    const token = vcourt.access.tokens.issueDevice({ deviceId: device.id, tokenId: await vcourt.devices.rotateToken(device.id) });
    const url = `${vcourt.url.replace('localhost', '127.0.0.1')}/api/whip`;

    const ctx = await browser.newContext({ permissions: ['camera', 'microphone'] });
    await ctx.addInitScript(definePageNameHelper);
    await ctx.addInitScript(trackPeerConnections);
    const judge = await ctx.newPage();
    await judge.goto((await invite('judge', 'Thẩm phán')).url);
    await judge.getByTestId('rules-accept').check();
    await judge.getByTestId('continue-button').click();
    await judge.getByTestId('courtroom').waitFor();

    const rows = { total: [] as number[], answer: [] as number[], dtls: [] as number[], frame: [] as number[], spawn: [] as number[] };
    for (let i = 0; i <= runs; i++) {
      const known = await decodedTracks(judge);
      const connected = new Promise<WhipSessionInfo>((resolve) => vcourt.whip.once('connected', resolve));
      const spawnedAt = Date.now();
      const client = WhipClient.start({ url, token, video: codec });
      try {
        const framePromise = firstNewFrame(judge, known);
        const session = await Promise.race([
          connected,
          client.exited.then(() => Promise.reject(new Error(`whip-client exited:\n${client.output}`))),
        ]);
        const frameAt = await framePromise;
        if (i > 0) {
          rows.total.push(frameAt - session.postedAt);
          rows.answer.push(session.answeredAt - session.postedAt);
          rows.dtls.push(session.connectedAt! - session.answeredAt);
          rows.frame.push(frameAt - session.connectedAt!);
          rows.spawn.push(session.postedAt - spawnedAt);
        }
      } finally {
        const closed = new Promise((resolve) => vcourt.whip.once('closed', resolve));
        await client.stop();
        await Promise.race([closed, sleep(3000)]);
        await client.kill();
      }
      await sleep(500);
    }

    const ms = {
      'POST → first frame (judge)': spread(rows.total),
      'POST → answer': spread(rows.answer),
      'answer → DTLS connected': spread(rows.dtls),
      'DTLS connected → first frame': spread(rows.frame),
      'spawn → POST (whip-client)': spread(rows.spawn),
    };
    const load1 = loadAverage();
    const result = {
      bench: 'whip',
      at: new Date().toISOString(),
      machine: machine(),
      chromium: browser.version(),
      codec,
      runs,
      ms,
      load: { start: load0, end: load1 },
    };
    printTable(
      `WHIP: simple-whip-client ${codec.toUpperCase()} 320x240@15 → judge's Chromium ${browser.version()}, ${runs} runs after one warm-up`,
      Object.entries(ms),
    );
    console.log(loadLine(load0, load1));
    writeResult(codec === 'vp8' ? 'whip' : `whip-${codec}`, result);
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
