// The interpretation channel in the browser: a judge presides, an interpreter (Vietnamese ↔
// English) and a defendant take part. The defendant chooses the interpretation: the interpreter's
// microphone plays at full level and the judge's (the floor) ducked underneath; back to the floor,
// both play at full level. The interpreter has no choice to make: they hear the floor.
import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { DUCKED_GAIN } from '../../client/src/core/interpretation.js';
import { ClerkApi } from './support/api.js';
import { JudgePage, ParticipantPage } from './support/pages.js';

test('a defendant listens to the interpretation with the floor ducked, and back to the floor', async ({ browser, request }, testInfo) => {
  test.setTimeout(180_000);
  const api = await ClerkApi.login(request);
  const { invitees } = await api.createHearing([
    { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' },
    { displayName: 'Phiên dịch Đỗ Thị Hoa', role: 'interpreter', languages: { from: 'vi', to: 'en' } },
    { displayName: 'Bị cáo John Smith', role: 'defendant' },
  ]);
  const [judgeWho, interpreterWho, defendantWho] = invitees;
  const judge = await JudgePage.open(browser, judgeWho);
  const interpreter = await ParticipantPage.open(browser, interpreterWho);
  const defendant = await ParticipantPage.open(browser, defendantWho);
  const volume = (page: ParticipantPage, from: typeof judgeWho) => () => page.audioVolume(from);

  try {
    await judge.enter();
    await judge.expectCourtroom();
    await judge.transition('open', 'open');
    for (const who of [interpreter, defendant]) {
      await who.enter();
      await judge.admit(who.who);
      await who.expectCourtroom();
    }
    // The defendant hears both, the floor by default: everything at full level.
    await defendant.expectMediaFrom(judgeWho, { audio: true });
    await defendant.expectMediaFrom(interpreterWho, { audio: true });
    await expect(defendant.page.getByTestId('listen-choice-select')).toHaveValue('');
    // The channel is offered by the interpreter's name and language pair, as the clerk set it.
    await expect(defendant.page.getByRole('combobox', { name: 'Nghe' }).locator('option')).toHaveText([
      'Âm thanh phòng xử án',
      'Phiên dịch: Phiên dịch Đỗ Thị Hoa (Tiếng Việt – Tiếng Anh)',
    ]);
    await expect.poll(volume(defendant, judgeWho)).toBe(1);
    await expect.poll(volume(defendant, interpreterWho)).toBe(1);

    // The interpretation: the interpreter at full level, the floor ducked underneath.
    await defendant.listenTo(interpreterWho);
    await expect.poll(volume(defendant, interpreterWho)).toBe(1);
    await expect.poll(volume(defendant, judgeWho)).toBeCloseTo(DUCKED_GAIN, 5);
    await defendant.expectMediaFrom(interpreterWho, { audio: true });
    await defendant.page.screenshot({ path: testInfo.outputPath('interpretation-defendant.png') });
    const axe = await new AxeBuilder({ page: defendant.page })
      .include('[data-testid="listen-choice"]')
      .withTags(['wcag2a', 'wcag2aa'])
      .analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    // Nobody else's levels change: the choice is the defendant's own.
    await expect.poll(volume(judge, interpreterWho)).toBe(1);
    await expect.poll(volume(judge, defendantWho)).toBe(1);

    // Back to the floor: both at full level.
    await defendant.listenTo('floor');
    await expect.poll(volume(defendant, judgeWho)).toBe(1);
    await expect.poll(volume(defendant, interpreterWho)).toBe(1);

    // The interpreter hears the floor and is offered no channel (nor their own voice).
    await interpreter.expectMediaFrom(judgeWho, { audio: true });
    await expect(interpreter.page.getByTestId('listen-choice')).toHaveCount(0);
    await expect(interpreter.remoteAudio(interpreterWho)).toHaveCount(0);
    await expect.poll(volume(interpreter, judgeWho)).toBe(1);
    await expect.poll(volume(interpreter, defendantWho)).toBe(1);
  } finally {
    await Promise.all([judge.close(), interpreter.close(), defendant.close()]);
  }
});
