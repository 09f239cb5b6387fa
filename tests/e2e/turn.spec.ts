// Every site reaches the hearing: a defendant at a relay-only site (a detention facility whose
// network lets only TLS out) is handed turns: and nothing else, and still sees and hears the judge
// through vcourt's embedded coturn, listening for TLS on 443. getStats shows the pair in use is a
// relay candidate over TLS and bytes flow both ways. Own server (tests/e2e/support/ownServer.ts)
// with VCOURT_TURN=embedded; everything stays inside scripts/e2e.sh's loopback-only namespace.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, request as playwrightRequest, test, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../playwright.config.js';
import { ClerkApi } from './support/api.js';
import { OwnServer } from './support/ownServer.js';
import { JudgePage, ParticipantPage } from './support/pages.js';
import { selfSignedCert } from '../support/selfSignedCert.js';

const PORT = Number(process.env.VCOURT_E2E_TURN_PORT ?? 18495);
const TURN_TLS_PORT = 443;

interface PairStats {
  policy: string | undefined;
  urls: string[];
  username: string | undefined;
  localType: string | undefined;
  relayProtocol: string | undefined;
  bytesSent: number;
  bytesReceived: number;
}

/** Per live RTCPeerConnection of the page: its ICE config and the selected candidate pair. */
function selectedPairs(page: Page): Promise<PairStats[]> {
  return page.evaluate(async () => {
    const out: PairStats[] = [];
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs) {
      if (pc.connectionState !== 'connected') continue;
      const config = pc.getConfiguration();
      const stats = await pc.getStats();
      let pairId: string | undefined;
      stats.forEach((s) => {
        if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
      });
      const pair = pairId ? stats.get(pairId) : undefined;
      const local = pair ? stats.get(pair.localCandidateId) : undefined;
      out.push({
        policy: config.iceTransportPolicy,
        urls: (config.iceServers ?? []).flatMap((s) => (Array.isArray(s.urls) ? s.urls : [s.urls])),
        username: config.iceServers?.[0]?.username,
        localType: local?.candidateType,
        relayProtocol: local?.relayProtocol,
        bytesSent: pair?.bytesSent ?? 0,
        bytesReceived: pair?.bytesReceived ?? 0,
      });
    }
    return out;
  });
}

test('a relay-only site joins through turns: on 443 and exchanges media with the judge', async () => {
  test.setTimeout(240_000);
  const certDir = mkdtempSync(join(tmpdir(), 'vcourt-e2e-turn-'));
  const tls = await selfSignedCert(certDir);
  const server = new OwnServer(PORT, [47000, 47099], {
    VCOURT_TURN: 'embedded',
    VCOURT_TURN_PORT: '3478',
    VCOURT_TURN_TLS_PORT: String(TURN_TLS_PORT),
    VCOURT_TURN_TLS_CERT: tls.certFile,
    VCOURT_TURN_TLS_KEY: tls.keyFile,
    VCOURT_TURN_TRANSPORTS: 'tls',
    VCOURT_TURN_RELAY_PORTS: '49300-49399',
    // Credentials for a minute: the client must fetch new ones well within the test.
    VCOURT_TURN_TTL_S: '60',
    // Only in tests: the media server is on 127.0.0.1, which a production coturn never relays to.
    VCOURT_TURN_ALLOW_LOOPBACK_PEERS: '1',
  });
  // Chromium checks a TURN server's certificate like any other: trust this one self-signed key only.
  const browser = await chromium.launch({
    executablePath: process.env.VCOURT_CHROMIUM ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, `--ignore-certificate-errors-spki-list=${tls.spkiSha256}`],
  });
  const api = await playwrightRequest.newContext({ baseURL: server.base });
  try {
    await server.start();
    const clerk = await ClerkApi.login(api);
    const { site } = await clerk.post<{ site: { id: string; relayOnly: boolean } }>('/api/sites', {
      name: 'Trại tạm giam số 1 - phòng trực tuyến',
      kind: 'detention',
      relayOnly: true,
    });
    expect(site.relayOnly).toBe(true);
    const { invitees } = await clerk.createHearing([
      { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' },
      { displayName: 'Bị cáo Trần Văn Bình', role: 'defendant', siteId: site.id },
    ]);
    const [judgeWho, defendantWho] = invitees;
    const judge = await JudgePage.open(browser, judgeWho);
    const defendant = await ParticipantPage.open(browser, defendantWho);

    await test.step('the judge enters; the defendant waits in the lobby and is admitted', async () => {
      await judge.enter();
      await judge.expectCourtroom();
      await defendant.enter();
      await defendant.expectLobby();
      await judge.admit(defendantWho);
      await defendant.expectCourtroom();
    });

    await test.step('media flows both ways', async () => {
      await defendant.expectMediaFrom(judgeWho);
      await judge.expectMediaFrom(defendantWho);
    });

    await test.step("the defendant's transports relay through TURN over TLS, and were offered nothing else", async () => {
      const first = await selectedPairs(defendant.page);
      expect(first.length, 'connected transports').toBeGreaterThanOrEqual(2);
      for (const pair of first) {
        expect(pair.policy).toBe('relay');
        expect(pair.urls).toEqual([`turns:127.0.0.1:${TURN_TLS_PORT}?transport=tcp`]);
        expect(pair.localType).toBe('relay');
        expect(pair.relayProtocol).toBe('tls');
      }
      // Bytes keep flowing over those pairs: sending on one, receiving on the other.
      await expect
        .poll(async () => {
          const now = await selectedPairs(defendant.page);
          const sum = (l: PairStats[], k: 'bytesSent' | 'bytesReceived') => l.reduce((n, p) => n + p[k], 0);
          return (
            sum(now, 'bytesSent') > sum(first, 'bytesSent') + 10_000 && sum(now, 'bytesReceived') > sum(first, 'bytesReceived') + 10_000
          );
        })
        .toBe(true);
      // The judge, at no relay-only site, may go direct (and does, on loopback).
      for (const pair of await selectedPairs(judge.page)) expect(pair.policy).toBe('all');
    });

    await test.step('fresh credentials reach both transports before the old ones expire, and media keeps flowing', async () => {
      const pcCount = () => defendant.page.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.length);
      const pcsBefore = await pcCount();
      const old = new Set((await selectedPairs(defendant.page)).map((p) => p.username));
      await expect
        .poll(
          async () => {
            const now = await selectedPairs(defendant.page);
            return now.length >= 2 && now.every((p) => p.username !== undefined && !old.has(p.username));
          },
          { timeout: 45_000 },
        )
        .toBe(true);
      // The same connections, updated in place (transport.updateIceServers), not rebuilt.
      expect(await pcCount()).toBe(pcsBefore);
      await defendant.expectMediaFrom(judgeWho);
      await judge.expectMediaFrom(defendantWho);
    });
  } finally {
    // Whatever fails here (a trace copy, say), the server and its coturn must still be stopped.
    await browser.close().catch((e: unknown) => console.warn('browser close:', e));
    await api.dispose().catch((e: unknown) => console.warn('request context dispose:', e));
    await server.dispose(); // SIGTERM: vcourt closes its coturn's process group
    rmSync(certDir, { recursive: true, force: true });
  }
});
