// A hardware encoder pushing over WHIP, seen by the judge: the clerk registers an encoder at the
// courtroom; Debian's simple-whip-client (spawned here, inside scripts/e2e.sh's loopback-only
// namespace, in its default trickle mode) publishes VP8 + Opus with the encoder's token; the
// judge's Chromium decodes its video from the encoder's tile. The client's DELETE (Ctrl+C) takes
// it out; a bad token and a malformed offer are refused with 4xx and leave the encoder's tile a
// name card, down.
// whip-client runs with a preloaded shim so libnice gathers 127.0.0.1: tests/support/whipClient.ts.
import { expect, test } from '@playwright/test';
import { WhipClient } from '../support/whipClient.js';
import { ClerkApi, type Invitee } from './support/api.js';
import { JudgePage } from './support/pages.js';

test('a WHIP encoder in the courtroom: decoded in the judge’s browser, video gone after its DELETE, refusals create nothing', async ({
  browser,
  request,
  baseURL,
}) => {
  const clerk = await ClerkApi.login(request);
  const stamp = Date.now().toString(36);
  const { site } = await clerk.post<{ site: { id: string } }>('/api/sites', { name: `Phòng xử án ${stamp}`, kind: 'courtroom' });
  const { device, token } = await clerk.post<{ device: { id: string }; token: string }>(`/api/sites/${site.id}/devices`, {
    kind: 'encoder',
    name: 'Bộ mã hoá phòng xử',
  });
  const { case: kase } = await clerk.post<{ case: { id: string } }>('/api/cases', {
    number: `E2E-${stamp}/HS-ST`,
    title: 'Vụ án có bộ mã hoá',
  });
  const { hearing } = await clerk.post<{ hearing: { id: string } }>('/api/hearings', {
    caseId: kase.id,
    title: 'Phiên tòa tại phòng xử án',
    scheduledAt: new Date().toISOString(),
    courtroomSiteId: site.id,
  });
  type View = { participants: { id: string; displayName: string; connected: boolean; device: { id: string } | null }[] };
  const view = await clerk.get<View>(`/api/hearings/${hearing.id}`);
  const enc = view.participants.find((p) => p.device?.id === device.id);
  expect(enc, 'the courtroom encoder is a participant of the hearing').toBeTruthy();
  const encoder: Invitee = { id: enc!.id, role: 'device', displayName: enc!.displayName, url: '' };
  const judge = await JudgePage.open(
    browser,
    await clerk.addParticipant(hearing.id, { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' }),
  );
  await judge.enter();
  await judge.expectCourtroom();
  const whipUrl = `${baseURL}/api/whip`;
  const encoderConnected = async () =>
    (await clerk.get<View>(`/api/hearings/${hearing.id}`)).participants.find((p) => p.id === encoder.id)!.connected;

  await test.step('a bad token and a malformed offer: 4xx with a reason, nothing for the judge to see', async () => {
    const offer = 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n';
    const badToken = await request.post(whipUrl, {
      headers: { 'content-type': 'application/sdp', authorization: 'Bearer nope' },
      data: offer,
    });
    expect(badToken.status()).toBe(401);
    const malformed = await request.post(whipUrl, {
      headers: { 'content-type': 'application/sdp', authorization: `Bearer ${token}` },
      data: offer,
    });
    expect(malformed.status()).toBe(400);
    expect((await malformed.json()).error.message).toMatch(/ice-ufrag|fingerprint|codec/);
    // The encoder's tile is there from the start (it is a participant), as a name card, down.
    await judge.page.waitForTimeout(1000);
    await expect(judge.tile(encoder.id).locator('.tile-placeholder')).toBeVisible();
    await expect(judge.tile(encoder.id).getByTestId('device-status')).toHaveAttribute('data-status', 'down');
    expect(await encoderConnected()).toBe(false);
  });

  const client = WhipClient.start({ url: whipUrl, token, video: 'vp8', audio: true, trickle: true });
  try {
    await test.step('whip-client publishes: the judge sees the encoder live and decodes its video', async () => {
      const tileStatus = judge.tile(encoder.id).getByTestId('device-status');
      await expect(tileStatus).toHaveAttribute('data-status', 'live', { timeout: 30_000 });
      await judge.expectMediaFrom(encoder, { video: true, audio: true });
      await expect(judge.row(encoder).getByTestId('device-status')).toHaveAttribute('data-status', 'live');
    });

    await test.step('Ctrl+C: whip-client DELETEs its session; the video goes and the encoder is down', async () => {
      expect(await client.stop()).toBe(0);
      await expect(judge.tile(encoder.id).locator('.tile-placeholder')).toBeVisible();
      await expect(judge.tile(encoder.id).getByTestId('device-status')).toHaveAttribute('data-status', 'down');
      await expect.poll(encoderConnected).toBe(false);
    });
  } finally {
    await client.kill();
    await judge.close();
  }
});
