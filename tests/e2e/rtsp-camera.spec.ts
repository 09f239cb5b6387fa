// A courtroom IP camera seen by the judge: the clerk registers the camera (the RTSP simulator,
// spawned here so that it lives in this test's loopback-only namespace) at the courtroom, the
// hearing held there gets it, and the judge's Chromium decodes its H.264. The camera unplugged →
// the judge sees "no signal"; plugged back in → video again, with nobody doing anything.
import { expect, test } from '@playwright/test';
import { CameraSimulator } from '../support/cameraSimulator.js';
import { ClerkApi, type Invitee } from './support/api.js';
import { JudgePage } from './support/pages.js';

test('an RTSP camera in the courtroom: video in the judge’s browser, down when unplugged, back by itself', async ({ browser, request }) => {
  const sim = await CameraSimulator.start({ codec: 'h264', audio: true });
  try {
    const clerk = await ClerkApi.login(request);
    const stamp = Date.now().toString(36);
    const { site } = await clerk.post<{ site: { id: string } }>('/api/sites', { name: `Phòng xử án ${stamp}`, kind: 'courtroom' });
    const { device } = await clerk.post<{ device: { id: string } }>(`/api/sites/${site.id}/devices`, {
      kind: 'camera',
      name: 'Camera toàn cảnh',
      rtspUrl: sim.url,
    });
    const { case: kase } = await clerk.post<{ case: { id: string } }>('/api/cases', {
      number: `E2E-${stamp}/HS-ST`,
      title: 'Vụ án có camera',
    });
    const { hearing } = await clerk.post<{ hearing: { id: string } }>('/api/hearings', {
      caseId: kase.id,
      title: 'Phiên tòa tại phòng xử án',
      scheduledAt: new Date().toISOString(),
      courtroomSiteId: site.id,
    });
    const view = await clerk.get<{ participants: { id: string; displayName: string; device: { id: string } | null }[] }>(
      `/api/hearings/${hearing.id}`,
    );
    const cam = view.participants.find((p) => p.device?.id === device.id);
    expect(cam, 'the courtroom camera is a participant of the hearing').toBeTruthy();
    const camera: Invitee = { id: cam!.id, role: 'device', displayName: cam!.displayName, url: '' };
    const judge = await JudgePage.open(
      browser,
      await clerk.addParticipant(hearing.id, { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' }),
    );

    const tileStatus = judge.tile(camera.id).getByTestId('device-status');
    const rowStatus = judge.page
      .locator(`[data-testid="participant-row"][data-participant-id="${camera.id}"]`)
      .getByTestId('device-status');

    await test.step('the judge sees the camera live and decodes its video', async () => {
      await judge.enter();
      await judge.expectCourtroom();
      await expect(tileStatus).toHaveAttribute('data-status', 'live');
      await expect(tileStatus).toHaveText('Đang phát');
      await expect(rowStatus).toHaveAttribute('data-status', 'live');
      await judge.expectMediaFrom(camera, { video: true, audio: true });
    });

    await test.step('unplugged: the judge sees no signal', async () => {
      await sim.stop();
      await expect(tileStatus).toHaveAttribute('data-status', 'down');
      await expect(tileStatus).toHaveText('Mất tín hiệu');
      await expect(rowStatus).toHaveAttribute('data-status', 'down');
    });

    await test.step('plugged back in: video again without anyone acting', async () => {
      await sim.restart();
      await expect(tileStatus).toHaveAttribute('data-status', 'live');
      await judge.expectMediaFrom(camera, { video: true });
    });
    await judge.close();
  } finally {
    await sim.stop();
  }
});
