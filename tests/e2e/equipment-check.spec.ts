// The equipment check before joining: a defendant whose computer has no microphone cannot press
// "Vào phiên tòa" and is told why; a defendant with devices sees the network verdict (real media to
// the server's probe), confirms the test sound and goes on; the judge, already in, and the clerk,
// joining after, see the waiting defendant's result beside them in the lobby.
import { expect, test, type Page } from '@playwright/test';
import { ClerkApi } from './support/api.js';
import { JudgePage, ParticipantPage } from './support/pages.js';

/**
 * A computer without a microphone, faked at the browser's edge (Chromium's fake devices always
 * offer one): capture of audio fails as it does there, and no audio input is listed.
 */
const NO_MICROPHONE = () => {
  const devices = navigator.mediaDevices;
  const capture = devices.getUserMedia.bind(devices);
  const list = devices.enumerateDevices.bind(devices);
  devices.getUserMedia = (constraints) =>
    constraints?.audio ? Promise.reject(new DOMException('Requested device not found', 'NotFoundError')) : capture(constraints);
  devices.enumerateDevices = async () => (await list()).filter((d) => d.kind !== 'audioinput');
};

function lobbyCheck(page: Page, participantId: string) {
  return page.locator(`[data-testid="lobby-entry"][data-participant-id="${participantId}"]`).getByTestId('lobby-check');
}

test('equipment check: no microphone, no entry; the network verdict; the bench sees it', async ({ browser, request }) => {
  const clerkApi = await ClerkApi.login(request);
  const { hearingId, invitees } = await clerkApi.createHearing([
    { displayName: 'Thẩm phán Phạm Văn Hòa', role: 'judge' },
    { displayName: 'Thư ký Đỗ Thị Lan', role: 'clerk' },
    { displayName: 'Bị cáo Vũ Văn Minh', role: 'defendant' },
    { displayName: 'Bị cáo Hoàng Văn Nam', role: 'defendant' },
  ]);
  const [judgeWho, clerkWho, defendantWho, micLessWho] = invitees;

  const judge = await JudgePage.open(browser, judgeWho);
  await test.step('the judge goes in (their fake microphone works)', async () => {
    await judge.enter();
    await judge.expectCourtroom();
  });

  await test.step('a defendant without a microphone cannot press "Vào phiên tòa", and sees why', async () => {
    const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
    await context.addInitScript(NO_MICROPHONE);
    const page = await context.newPage();
    await page.goto(micLessWho.url);
    await expect(page.getByTestId('equipment-check')).toBeVisible();
    // The camera still gives the network check something to send.
    await expect(page.getByTestId('network-check')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
    await expect(page.getByTestId('mic-required')).toContainText('Cần micrô hoạt động để vào phiên tòa');
    const go = page.getByRole('button', { name: 'Vào phiên tòa' });
    await expect(go).toBeDisabled();
    await expect(go).toHaveAttribute('aria-describedby', 'mic-required');
    await context.close();
  });

  const defendant = await ParticipantPage.open(browser, defendantWho);
  await test.step('a defendant with devices sees the network verdict and confirms the test sound', async () => {
    const { page } = defendant;
    const opened = Date.now();
    await page.goto(defendantWho.url);
    const network = page.getByTestId('network-check');
    await expect(network).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
    const grade = await network.getAttribute('data-grade');
    const figures = await page.getByTestId('network-figures').textContent();
    console.log(
      `[equipment-check] loopback: ${grade}; ${figures}; check ${await network.getAttribute('data-took-ms')} ms, page to verdict ${Date.now() - opened} ms`,
    );
    // Loopback in a loaded machine: connected for certain; good unless the machine itself is starved.
    expect(grade === 'good' || grade === 'weak').toBe(true);
    await expect(page.getByTestId('network-result')).toHaveText(/^Kết nối (tốt|yếu)/);
    await expect(page.getByTestId('mic-ok')).toBeVisible();
    await page.getByTestId('play-tone').click();
    await page.getByTestId('heard-yes').click();
    await expect(page.getByTestId('speaker-test')).toHaveAttribute('data-answer', 'true');
    // Microphone fine, network checked: still the court's rules to accept (the declaration).
    await expect(page.getByTestId('court-rules')).toContainText('Nội quy phiên tòa trực tuyến');
    await expect(page.getByTestId('continue-button')).toBeDisabled();
    await defendant.passEquipmentCheck();
    await defendant.expectLobby();
  });

  await test.step('the judge sees the waiting defendant’s result beside them in the lobby', async () => {
    const badge = lobbyCheck(judge.page, defendantWho.id);
    await expect(badge).toHaveAttribute('data-mic', 'true');
    await expect(badge).toHaveAttribute('data-speaker', 'true');
    await expect(badge).toHaveAttribute('data-grade', /^(good|weak)$/);
    await expect(badge).toContainText('micrô tốt');
    await expect(badge).toContainText('nghe được loa');
  });

  await test.step('so does the clerk, joining after the defendant', async () => {
    const clerk = await ParticipantPage.open(browser, clerkWho);
    await clerk.enter();
    await clerk.expectCourtroom();
    const badge = lobbyCheck(clerk.page, defendantWho.id);
    await expect(badge).toHaveAttribute('data-grade', /^(good|weak)$/);
    await expect(badge).toContainText(/Mạng (tốt|yếu) \(\d+ ms, mất [\d.]+%\)/);
    await clerk.close();
  });

  await test.step('the declaration is in the hearing’s log with the check', async () => {
    const { events } = await clerkApi.get<{ events: { type: string; data: Record<string, unknown> }[] }>(
      `/api/hearings/${hearingId}/audit`,
    );
    expect(events.find((e) => e.type === 'participant.checked' && e.data.participantId === defendantWho.id)?.data).toMatchObject({
      rulesAccepted: true,
    });
  });

  await defendant.close();
  await judge.close();
});
