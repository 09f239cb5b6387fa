// Bandwidth adaptation: the defendant's downlink alone (the server's end of their receive transport)
// is capped at 300 kbit/s with htb (support/rateCap.ts). mediasoup's estimate (transport-cc) then
// moves the defendant's consumer of the judge's simulcast camera to a lower layer while the judge's
// audio keeps arriving; when the cap lifts, the top layer comes back. The layer is read in the
// browsers: the width the defendant decodes, matched against the widths the judge's encoder sends
// per simulcast layer (the judge's outbound-rtp by rid), so CPU-driven downscaling is not mistaken
// for a layer switch. Needs root in the namespace (scripts/e2e.sh maps it).
import { expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { ClerkApi } from './support/api.js';
import { OwnServer } from './support/ownServer.js';
import { JudgePage, ParticipantPage } from './support/pages.js';
import { RateCap } from './support/rateCap.js';

const PORT = Number(process.env.VCOURT_E2E_BWE_PORT ?? 18493);
const RTC_IP = '127.0.0.3';
const CAP_KBIT = 300;
/** How long the estimate may take to follow the link, each way (its ramp-up is gradual); generous for a busy 2-core machine. */
const ADAPT_WITHIN_MS = 90_000;

interface Downlink {
  /** Width of the video the receiver decodes now (0 before the first frame). */
  width: number;
  videoFrames: number;
  audioBytes: number;
  /** The server's end of the receive transport, from the selected candidate pair. */
  server: { ip: string; port: number } | null;
}

/** What `page` receives: one remote participant's camera and microphone, on its one receiving peer connection. */
function downlink(page: Page): Promise<Downlink> {
  return page.evaluate(async () => {
    const out: Downlink = { width: 0, videoFrames: 0, audioBytes: 0, server: null };
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState === 'closed') continue;
      const stats = await pc.getStats();
      let receives = false;
      let pairId: string | undefined;
      stats.forEach((s) => {
        if (s.type === 'transport') pairId = s.selectedCandidatePairId;
        if (s.type !== 'inbound-rtp') return;
        receives = true;
        if (s.kind === 'video') {
          out.width = Math.max(out.width, s.frameWidth ?? 0);
          out.videoFrames += s.framesDecoded ?? 0;
        } else out.audioBytes += s.bytesReceived ?? 0;
      });
      const remote = receives && pairId ? stats.get(stats.get(pairId)?.remoteCandidateId) : undefined;
      if (remote) out.server = { ip: remote.address, port: remote.port };
    }
    return out;
  });
}

/** Widths the page's camera encoder sends now, one per active simulcast layer, lowest first. */
function sentWidths(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const widths = new Set<number>();
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'outbound-rtp' && s.kind === 'video' && s.frameWidth) widths.add(s.frameWidth);
      });
    }
    return [...widths].sort((a, b) => a - b);
  });
}

/** The simulcast layer the receiver gets: the index of the sent width it decodes (-1: none matches yet). */
async function layerOf(receiver: Page, sender: Page): Promise<{ layer: number; top: number; width: number; widths: number[] }> {
  const [{ width }, widths] = await Promise.all([downlink(receiver), sentWidths(sender)]);
  return { layer: widths.indexOf(width), top: widths.length - 1, width, widths };
}

test('under a 300 kbit/s cap the receiver gets a lower simulcast layer and audio keeps flowing; when it lifts, the top layer comes back', async ({
  browser,
}) => {
  test.setTimeout(300_000);
  const server = new OwnServer(PORT, [52000, 52099], { VCOURT_RTC_LISTEN_IP: RTC_IP });
  const cap = new RateCap();
  const pages: ParticipantPage[] = [];
  const log: string[] = [];
  const t0 = Date.now();
  const note = (what: string) => log.push(`${((Date.now() - t0) / 1000).toFixed(1)} s ${what}`);
  await server.start();
  const api = await playwrightRequest.newContext({ baseURL: server.base });
  try {
    const clerk = await ClerkApi.login(api);
    const { invitees } = await clerk.createHearing([
      { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' },
      { displayName: 'Bị cáo Trần Văn Bình', role: 'defendant' },
    ]);
    const [judgeWho, defendantWho] = invitees;
    const judge = await JudgePage.open(browser, judgeWho);
    const defendant = await ParticipantPage.open(browser, defendantWho);
    pages.push(judge, defendant);

    await test.step('the hearing is in session, media flows both ways', async () => {
      await judge.enter();
      await judge.expectCourtroom();
      await judge.transition('open', 'open');
      await defendant.enter();
      await judge.admit(defendantWho);
      await defendant.expectCourtroom();
      await judge.transition('start', 'in_session');
      await defendant.expectMediaFrom(judgeWho);
    });

    /** Waits until the defendant's layer satisfies `ok`, and until then that the judge's audio keeps arriving. */
    const layerBecomes = async (what: string, ok: (l: Awaited<ReturnType<typeof layerOf>>) => boolean) => {
      let last = await layerOf(defendant.page, judge.page);
      let audio = (await downlink(defendant.page)).audioBytes;
      let audioAt = Date.now();
      let stallMs = 0;
      await expect
        .poll(
          async () => {
            last = await layerOf(defendant.page, judge.page);
            const now = await downlink(defendant.page);
            if (now.audioBytes > audio) [audio, audioAt] = [now.audioBytes, Date.now()];
            stallMs = Math.max(stallMs, Date.now() - audioAt);
            return ok(last);
          },
          { message: what, timeout: ADAPT_WITHIN_MS, intervals: [500] },
        )
        .toBe(true);
      // Audio throughout: never 5 s without new audio bytes while the layer moved.
      expect(stallMs, `longest audio stall while waiting for ${what}`).toBeLessThan(5_000);
      note(
        `${what}: layer ${last.layer} of ${last.top} (${last.width} px; sent ${last.widths.join('/')}), longest audio stall ${stallMs} ms`,
      );
      return last;
    };

    await test.step('uncapped, the defendant gets the judge’s top layer', async () => {
      await layerBecomes('top layer before the cap', (l) => l.top >= 1 && l.layer === l.top);
    });

    const path = (await downlink(defendant.page)).server;
    expect(path?.ip, 'the defendant receives over UDP from the server’s RTC address').toBe(RTC_IP);
    let capped = { layer: -1, width: 0 };
    await test.step(`capped at ${CAP_KBIT} kbit/s: a lower layer, audio keeps flowing`, async () => {
      cap.on(path!.ip, path!.port, CAP_KBIT);
      note(`cap on ${path!.ip}:${path!.port}`);
      capped = await layerBecomes('a lower layer under the cap', (l) => l.layer >= 0 && l.layer < l.top);
      // It stays usable at that layer: frames still decode and audio still arrives.
      const before = await downlink(defendant.page);
      await expect
        .poll(
          async () => {
            const now = await downlink(defendant.page);
            return now.videoFrames > before.videoFrames + 10 && now.audioBytes > before.audioBytes + 2_000;
          },
          { message: 'video and audio keep arriving under the cap', timeout: 30_000, intervals: [500] },
        )
        .toBe(true);
      const { sentBytes, dropped } = cap.stats();
      const settled = await layerOf(defendant.page, judge.page);
      note(`still capped: layer ${settled.layer} (${settled.width} px); cap carried ${sentBytes} bytes, dropped ${dropped} packets`);
      expect(sentBytes, 'the capped class carried the downlink').toBeGreaterThan(0);
    });

    await test.step('the cap lifts: the top layer comes back', async () => {
      cap.off();
      note('cap off');
      const back = await layerBecomes('the top layer after the cap', (l) => l.layer === l.top && l.width > capped.width);
      expect(back.layer).toBeGreaterThan(capped.layer);
    });
  } catch (error) {
    console.log(`[bandwidth] server log:\n${server.log()}`);
    throw error;
  } finally {
    console.log(`[bandwidth] timeline:\n${log.join('\n')}`);
    test.info().annotations.push({ type: 'measurement', description: log.join('; ') });
    cap.off();
    for (const p of pages) await p.close().catch(() => undefined);
    await api.dispose();
    await server.dispose();
  }
});
