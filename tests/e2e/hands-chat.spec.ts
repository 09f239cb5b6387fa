// Raise hand and chat in the browser: a defendant (on a phone) raises a hand, the judge sees it in
// the queue and lowers it; the defendant writes to the clerk, the clerk answers; open chat is closed
// until the judge allows it; and the ended hearing's audit log (what the minutes are made from)
// lists the hand and every message, with the text exactly as written.
import { expect, test } from '@playwright/test';
import { ClerkApi } from './support/api.js';
import AxeBuilder from '@axe-core/playwright';
import { JudgePage, ParticipantPage } from './support/pages.js';

test('raise hand, chat with the clerk, open chat, and the record of it', async ({ browser, request }, testInfo) => {
  test.setTimeout(180_000);
  const api = await ClerkApi.login(request);
  const { hearingId, invitees } = await api.createHearing([
    { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' },
    { displayName: 'Thư ký Phạm Thị Dung', role: 'clerk' },
    { displayName: 'Bị cáo Trần Văn Bình', role: 'defendant' },
  ]);
  const [judgeWho, clerkWho, defendantWho] = invitees;
  const question = 'Tôi không nghe rõ <b>tiếng</b> của Kiểm sát viên';
  const answer = 'Đã chỉnh âm lượng, xin ông nghe lại.';
  const judge = await JudgePage.open(browser, judgeWho);
  const clerk = await ParticipantPage.open(browser, clerkWho);
  const defendant = await ParticipantPage.open(browser, defendantWho);
  await judge.page.setViewportSize({ width: 1366, height: 768 });
  await clerk.page.setViewportSize({ width: 1366, height: 768 });
  await defendant.page.setViewportSize({ width: 390, height: 844 });

  try {
    await judge.enter();
    await judge.expectCourtroom();
    await judge.transition('open', 'open');
    await clerk.enter();
    await clerk.expectCourtroom();
    await defendant.enter();
    await judge.admit(defendantWho);
    await defendant.expectCourtroom();

    // The hand: raised on the phone, queued for the bench with its waiting time, lowered by the judge.
    await defendant.setHand(true);
    await expect(judge.hand(defendantWho)).toContainText(defendantWho.displayName);
    await expect(judge.hand(defendantWho).getByTestId('hand-waited')).toHaveText(/\d+:\d\d/);
    await judge.page.screenshot({ path: testInfo.outputPath('hand-queue-judge-1366x768.png') });
    await defendant.page.screenshot({ path: testInfo.outputPath('hand-raised-phone-390x844.png') });
    await expect(clerk.hand(defendantWho)).toBeVisible();
    await expect(clerk.hand(defendantWho).getByTestId('lower-hand-button')).toHaveCount(0);
    await judge.lowerHand(defendantWho);
    await expect(defendant.page.getByTestId('hand-button')).toHaveAttribute('data-raised', 'false');
    await expect(clerk.hand(defendantWho)).toHaveCount(0);

    // To the clerk and back; markup stays text. The clerk is told of an unread message.
    await defendant.openChat('clerk');
    await defendant.sendChat(question);
    await expect(clerk.page.getByTestId('chat-unread')).toHaveText('1');
    await clerk.openChat(defendantWho.id);
    await expect(clerk.chatMessage(question)).toBeVisible();
    await expect(clerk.chatPanel.locator('b')).toHaveCount(0);
    await clerk.sendChat(answer);
    await expect(defendant.chatMessage(answer)).toBeVisible();
    // The judge is not part of that conversation.
    await judge.openChat(defendantWho.id);
    await expect(judge.chatPanel.getByTestId('chat-message')).toHaveCount(0);

    // Open chat: closed until the judge allows it.
    await defendant.openChat('everyone');
    await expect(defendant.chatPanel.getByTestId('chat-closed-note')).toBeVisible();
    // How it looks on the phone and on the clerk's laptop, kept with the test's output.
    await defendant.page.screenshot({ path: testInfo.outputPath('chat-phone-390x844.png') });
    await clerk.page.screenshot({ path: testInfo.outputPath('chat-clerk-1366x768.png') });
    // The panel itself on the phone: names for every control, contrast (axe, WCAG 2 A/AA).
    const axe = await new AxeBuilder({ page: defendant.page })
      .include('[data-testid="chat-panel"]')
      .withTags(['wcag2a', 'wcag2aa'])
      .analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    await judge.setOpenChat(true);
    await expect(defendant.chatPanel.getByTestId('chat-closed-note')).toHaveCount(0);
    await defendant.sendChat('Xin chào Hội đồng xét xử');
    await expect(judge.chatMessage('Xin chào Hội đồng xét xử')).toBeVisible();

    await judge.page.getByTestId('chat-close').click();
    await judge.endHearing('adjourn');
  } finally {
    await Promise.all([judge.close(), clerk.close(), defendant.close()]);
  }

  // The hearing's event log, which the minutes list (recordings/Minutes.ts): the hand, the toggle, each message.
  const { events } = await api.get<{ events: { type: string; actor: { participantId?: string }; data: Record<string, unknown> }[] }>(
    `/api/hearings/${hearingId}/audit`,
  );
  const talk = events.filter((e) => e.type.startsWith('hand.') || e.type.startsWith('chat.'));
  expect(talk.map((e) => e.type)).toEqual(['hand.raised', 'hand.lowered', 'chat.message', 'chat.message', 'chat.opened', 'chat.message']);
  expect(talk[1]).toMatchObject({ actor: { participantId: judgeWho.id }, data: { participantId: defendantWho.id, cause: 'judge' } });
  expect(talk.filter((e) => e.type === 'chat.message').map((e) => e.data)).toEqual([
    { participantId: defendantWho.id, to: 'clerk', toId: null, text: question },
    { participantId: clerkWho.id, to: 'participant', toId: defendantWho.id, text: answer },
    { participantId: defendantWho.id, to: 'everyone', toId: null, text: 'Xin chào Hội đồng xét xử' },
  ]);
});
