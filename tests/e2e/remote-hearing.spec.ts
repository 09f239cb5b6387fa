// One real remote hearing: a judge presides, a defendant joins from a detention facility and
// defence counsel from an office, each in their own browser context with fake camera/microphone.
// The judge comes in through their own sign-in at /bench, as a court's judge does.
import { expect, test } from '@playwright/test';
import { ClerkApi } from './support/api.js';
import { BenchPage, ParticipantPage, type JudgePage } from './support/pages.js';
import { recorderPids } from './support/recorders.js';

test('a remote hearing: lobby, media both ways, mute, recess, removal and adjournment', async ({ browser, request }) => {
  const clerk = await ClerkApi.login(request);
  const { hearingId, invitees } = await clerk.createHearing([
    { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' },
    { displayName: 'Bị cáo Trần Văn Bình', role: 'defendant' },
    { displayName: 'Luật sư Lê Thị Cúc', role: 'counsel' },
  ]);
  const [judgeWho, defendantWho, counselWho] = invitees;

  const bench = await BenchPage.open(browser);
  const defendant = await ParticipantPage.open(browser, defendantWho);
  const counsel = await ParticipantPage.open(browser, counselWho);
  let judge!: JudgePage;

  await test.step('the judge signs in at /bench with password and authenticator code, and sees the hearing', async () => {
    if (!judgeWho.judge) throw new Error('the judge seat has no account');
    await bench.signIn(judgeWho.judge);
    await expect(bench.hearing(hearingId)).toContainText('Phiên tòa kiểm thử');
    await expect(bench.hearing(hearingId).getByTestId('bench-state')).toHaveAttribute('data-state', 'scheduled');
  });

  await test.step('the judge joins from the list, enters straight into the courtroom and opens the hearing', async () => {
    judge = await bench.join(hearingId, judgeWho);
    await judge.passEquipmentCheck();
    await judge.expectCourtroom();
    await judge.transition('open', 'open');
  });

  await test.step('defendant and counsel wait in the lobby until the judge admits them', async () => {
    await defendant.enter();
    await counsel.enter();
    await defendant.expectLobby();
    await counsel.expectLobby();
    await expect(defendant.page.getByTestId('courtroom')).toHaveCount(0);
    await judge.admit(defendantWho);
    await defendant.expectCourtroom();
    await counsel.expectLobby();
    await judge.admit(counselWho);
    await counsel.expectCourtroom();
  });

  await test.step('everyone sees and hears everyone else', async () => {
    for (const [viewer, others] of [
      [judge, [defendantWho, counselWho]],
      [defendant, [judgeWho, counselWho]],
      [counsel, [judgeWho, defendantWho]],
    ] as const) {
      for (const other of others) await viewer.expectMediaFrom(other);
    }
  });

  await test.step('the judge starts the session and everyone sees it live', async () => {
    await judge.transition('start', 'in_session');
    await defendant.expectState('in_session');
    await counsel.expectState('in_session');
    // The bench sees the hearing record being captured; the parties are told they are recorded.
    await expect(judge.page.getByTestId('recording-indicator')).toHaveAttribute('data-state', 'recording');
    await expect(defendant.page.getByTestId('recording-indicator')).toHaveCount(0);
    await expect(defendant.page.getByTestId('recorded-notice')).toHaveText('Phiên tòa đang được ghi âm, ghi hình');
  });

  await test.step('a recorder that dies is restarted and the judge is alerted', async () => {
    await expect.poll(() => recorderPids(hearingId).length).toBeGreaterThan(0);
    const [pid] = recorderPids(hearingId);
    if (pid === undefined) throw new Error('the recorder is gone before it could be killed');
    process.kill(pid, 'SIGKILL');
    await expect(judge.page.getByTestId('recording-alert')).toHaveAttribute('data-cause', 'recorder_exited');
    await expect(judge.page.getByTestId('recording-indicator')).toHaveAttribute('data-state', 'recording');
    await expect(defendant.page.getByTestId('recording-alert')).toHaveCount(0);
    await judge.page.getByTestId('recording-alert').getByRole('button').click();
    await expect(judge.page.getByTestId('recording-alert')).toHaveCount(0);
  });

  await test.step("the judge mutes counsel: counsel's audio stops arriving", async () => {
    await judge.mute(counselWho);
    await expect(defendant.tile(counselWho.id)).toHaveAttribute('data-audio-muted', 'true');
    await judge.expectNoAudioFrom(counselWho);
    await defendant.expectNoAudioFrom(counselWho);
    await expect(counsel.page.getByTestId('toggle-mic')).toBeDisabled();
    // Video from counsel still flows; only the microphone was muted.
    await judge.expectMediaFrom(counselWho, { video: true });
  });

  await test.step('recess and resume reach everyone', async () => {
    await judge.transition('recess', 'recess');
    await expect(judge.page.getByTestId('recording-indicator')).toHaveAttribute('data-state', 'paused');
    for (const p of [defendant, counsel]) {
      await p.expectState('recess');
      await expect(p.page.getByTestId('recess-banner')).toBeVisible();
      await expect(p.page.getByTestId('recorded-notice')).toHaveCount(0);
    }
    await judge.transition('resume', 'in_session');
    for (const p of [defendant, counsel]) await p.expectState('in_session');
    await expect(judge.page.getByTestId('recording-indicator')).toHaveAttribute('data-state', 'recording');
  });

  await test.step('the judge removes counsel, who cannot come back with the same link', async () => {
    await judge.remove(counselWho);
    await expect(counsel.page.getByTestId('removed-screen')).toBeVisible();
    await expect(defendant.tile(counselWho.id)).toHaveCount(0);
    // Opening the link again, in a new tab, gets a refusal instead of the courtroom.
    const again = await counsel.context.newPage();
    await again.goto(counselWho.url);
    await expect(again.getByTestId('error-screen')).toBeVisible();
    await expect(again.getByTestId('courtroom')).toHaveCount(0);
    // The defendant still receives the judge after counsel is gone.
    await defendant.expectMediaFrom(judgeWho);
  });

  await test.step('adjournment ends the hearing for everyone', async () => {
    await judge.page.getByTestId('transition-adjourn').click();
    await judge.page.getByTestId('transition-confirm').click();
    await expect(judge.page.getByTestId('ended-screen')).toBeVisible();
    await expect(defendant.page.getByTestId('ended-screen')).toBeVisible();
  });

  await Promise.all([judge.close(), defendant.close(), counsel.close()]);
});
