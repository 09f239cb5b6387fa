// Safe controls in a real hearing: every irreversible action asks first (cancel changes nothing;
// confirming with a reason does it, and the reason reaches the person), muting everyone but the
// bench, turning a camera off, and screen sharing only once the judge allows it. Fake camera and
// microphone (playwright.config.ts CHROMIUM_ARGS); the screen is Chromium's own fake capture
// (--use-fake-ui-for-media-stream picks it without a prompt).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { ClerkApi } from './support/api.js';
import { BenchPage, ParticipantPage, type JudgePage } from './support/pages.js';

/** The dialog lies wholly inside the viewport, its confirm button included. */
async function expectReachable(page: Page, dialog: Locator): Promise<void> {
  await expect(dialog).toBeVisible();
  const box = await dialog.boundingBox();
  const size = page.viewportSize();
  if (!box || !size) throw new Error('no layout for the dialog');
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(size.width);
  expect(box.y + box.height).toBeLessThanOrEqual(size.height);
}

test('safe controls: confirmations with reasons, mute all, camera off, screen-share permission', async ({ browser, request }) => {
  const clerk = await ClerkApi.login(request);
  const { hearingId, invitees } = await clerk.createHearing([
    { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' },
    { displayName: 'Bị cáo Trần Văn Bình', role: 'defendant' },
    { displayName: 'Người làm chứng Phạm Thị Dung', role: 'witness' },
    { displayName: 'Ông Hoàng Văn Em', role: 'expert' },
  ]);
  const [judgeWho, defendantWho, witnessWho, strangerWho] = invitees;

  const bench = await BenchPage.open(browser);
  const defendant = await ParticipantPage.open(browser, defendantWho);
  const witness = await ParticipantPage.open(browser, witnessWho);
  const stranger = await ParticipantPage.open(browser, strangerWho);
  let judge!: JudgePage;

  try {
    await test.step('the judge opens the hearing; defendant and witness are admitted, the witness called in', async () => {
      if (!judgeWho.judge) throw new Error('the judge seat has no account');
      await bench.signIn(judgeWho.judge);
      judge = await bench.join(hearingId, judgeWho);
      await judge.page.setViewportSize({ width: 1366, height: 768 });
      await judge.passEquipmentCheck();
      await judge.expectCourtroom();
      await judge.transition('open', 'open');
      for (const [p, who] of [
        [defendant, defendantWho],
        [witness, witnessWho],
      ] as const) {
        await p.enter();
        await p.expectLobby();
        await judge.admit(who);
        // A witness waits in the witness room until the judge calls them in.
        if (who === witnessWho) {
          await p.expectWitnessRoom();
          await judge.callIn(who);
        }
        await p.expectCourtroom();
      }
      await judge.expectMediaFrom(defendantWho);
    });

    await test.step('denying asks first: cancel leaves them waiting; the reason given reaches them', async () => {
      await stranger.enter();
      await stranger.expectLobby();
      const entry = judge.panel.locator(`[data-testid="lobby-entry"][data-participant-id="${strangerWho.id}"]`);
      await entry.getByTestId('deny-button').click();
      const dialog = entry.getByTestId('deny-dialog');
      await expectReachable(judge.page, dialog);
      await expect(dialog.getByTestId('deny-reason')).toBeFocused();
      await expect(dialog.getByTestId('confirm-deny-button')).toBeDisabled();
      await judge.page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await expect(entry).toBeVisible();
      await stranger.expectLobby();
      await judge.deny(strangerWho, 'Không có tên trong danh sách triệu tập');
      await expect(stranger.page.getByTestId('denied-screen')).toBeVisible();
      await expect(stranger.page.getByTestId('end-reason')).toContainText('Không có tên trong danh sách triệu tập');
    });

    await test.step('mute all: everyone but the bench is held muted; the judge stays on', async () => {
      await judge.muteAll();
      for (const who of [defendantWho, witnessWho]) {
        await expect(judge.row(who).getByTestId('mute-audio-button')).toHaveAttribute('data-muted', 'true');
      }
      for (const p of [defendant, witness]) {
        await expect(p.page.getByTestId('toggle-mic')).toBeDisabled();
        await expect(p.page.getByTestId('forced-mute-note')).toBeVisible();
      }
      await expect(judge.page.getByTestId('toggle-mic')).toBeEnabled();
      await judge.expectNoAudioFrom(defendantWho);
      // Lifting is per participant: the witness may speak again, the defendant stays muted.
      await judge.row(witnessWho).getByTestId('mute-audio-button').click();
      await expect(witness.page.getByTestId('toggle-mic')).toBeEnabled();
      await expect(defendant.page.getByTestId('toggle-mic')).toBeDisabled();
    });

    await test.step('the judge turns the defendant’s camera off, then allows it again', async () => {
      await judge.setCamera(defendantWho, true);
      await expect(defendant.page.getByTestId('toggle-camera')).toBeDisabled();
      await expect(defendant.page.getByTestId('toggle-camera')).toHaveAttribute('data-on', 'false');
      await judge.setCamera(defendantWho, false);
      await expect(defendant.page.getByTestId('toggle-camera')).toBeEnabled();
    });

    await test.step('screen sharing: offered to the witness only once the judge allows it; withdrawing ends the share', async () => {
      await expect(witness.page.getByTestId('toggle-screen')).toHaveCount(0);
      await expect(judge.page.getByTestId('toggle-screen')).toBeVisible();
      await judge.allowScreen(witnessWho, true);
      await expect(witness.page.getByTestId('toggle-screen')).toBeVisible();
      await witness.page.getByTestId('toggle-screen').click();
      const shared = judge.page.locator(`[data-testid="tile"][data-participant-id="${witnessWho.id}"][data-source="screen"]`);
      await expect(shared).toBeVisible();
      await judge.allowScreen(witnessWho, false);
      await expect(shared).toHaveCount(0);
      await expect(witness.page.getByTestId('toggle-screen')).toHaveCount(0);
    });

    await test.step('removal asks first, in a dialog reachable at 1366×768 and 390×844; the reason reaches them', async () => {
      const row = judge.row(witnessWho);
      for (const size of [
        { width: 1366, height: 768 },
        { width: 390, height: 844 },
      ]) {
        await judge.page.setViewportSize(size);
        await row.getByTestId('remove-button').scrollIntoViewIfNeeded();
        await row.getByTestId('remove-button').click();
        await expectReachable(judge.page, row.getByTestId('remove-dialog'));
        await expect(row.getByTestId('confirm-remove-button')).toBeDisabled();
        await row.getByTestId('cancel-remove-button').click();
        await expect(row.getByTestId('remove-dialog')).toHaveCount(0);
      }
      await judge.page.setViewportSize({ width: 1366, height: 768 });
      await witness.expectCourtroom();
      await judge.remove(witnessWho, 'Quay phim phiên tòa khi chưa được phép');
      await expect(witness.page.getByTestId('removed-screen')).toBeVisible();
      await expect(witness.page.getByTestId('end-reason')).toContainText('Quay phim phiên tòa khi chưa được phép');
    });

    await test.step('the defendant, whose presence is required, leaves only with a reason, which the bench sees', async () => {
      await judge.transition('start', 'in_session');
      await defendant.page.getByTestId('leave-button').click();
      const dialog = defendant.page.getByTestId('leave-dialog');
      await expectReachable(defendant.page, dialog);
      await expect(dialog.getByTestId('confirm-leave-button')).toBeDisabled();
      await dialog.getByTestId('cancel-leave-button').click();
      await defendant.expectCourtroom();
      await expect(judge.row(defendantWho)).toBeVisible();
      await defendant.leave('Bị cáo bị ốm, cần đi cấp cứu');
      await expect(defendant.page.getByTestId('left-screen')).toBeVisible();
      await expect(judge.page.getByTestId('departure-notice')).toContainText('Bị cáo bị ốm, cần đi cấp cứu');
      await expect(judge.row(defendantWho)).toHaveCount(0);
    });

    await test.step('postponing asks for the reason; cancel keeps the hearing going, confirming ends it', async () => {
      await judge.page.getByTestId('transition-postpone').click();
      const dialog = judge.page.getByTestId('transition-dialog');
      await expectReachable(judge.page, dialog);
      await expect(dialog.getByTestId('transition-confirm')).toBeDisabled();
      await dialog.getByTestId('transition-cancel').click();
      await judge.expectState('in_session');
      await judge.page.getByTestId('transition-adjourn').click();
      await judge.page.keyboard.press('Escape');
      await judge.expectState('in_session');
      await judge.endHearing('postpone', 'Bị cáo vắng mặt vì lý do sức khỏe');
    });
  } finally {
    await Promise.all([bench, defendant, witness, stranger].map((p) => p.close()));
  }
});
