// Connection quality as the judge sees it: real Chromium on loopback, the server's samples of the
// defendant's link (media/LinkSampler.ts) and the browser's own report (linkReport.ts) graded and
// shown beside the defendant in the judge's list, a coloured dot with an accessible label and the
// figures on demand. The defendant's own page shows nobody's quality.
import { expect, test } from '@playwright/test';
import { ClerkApi } from './support/api.js';
import { JudgePage, ParticipantPage } from './support/pages.js';

test('the judge sees the defendant’s connection quality, with its figures on demand', async ({ browser, request }) => {
  const clerk = await ClerkApi.login(request);
  const { invitees } = await clerk.createHearing([
    { displayName: 'Thẩm phán Nguyễn Văn An', role: 'judge' },
    { displayName: 'Bị cáo Trần Văn Bình', role: 'defendant' },
  ]);
  const [judgeWho, defendantWho] = invitees;
  const judge = await JudgePage.open(browser, judgeWho);
  const defendant = await ParticipantPage.open(browser, defendantWho);
  try {
    await judge.enter();
    await judge.expectCourtroom();
    await defendant.enter();
    await judge.admit(defendantWho);
    await defendant.expectCourtroom();
    await judge.expectMediaFrom(defendantWho);

    const badge = judge.row(defendantWho).getByTestId('link-quality');
    await test.step('a grade appears within a few samples, with a label a screen reader says', async () => {
      await expect(badge).toHaveAttribute('data-grade', /^(good|fair|poor)$/, { timeout: 30_000 });
      await expect(badge.locator('summary')).toHaveAttribute('aria-label', /^Chất lượng kết nối: (tốt|trung bình|kém)$/);
      await expect(judge.row(judgeWho).getByTestId('link-quality')).toHaveCount(0);
    });

    await test.step('the figures open on demand: the round trip, and the browser’s own uplink estimate', async () => {
      const figures = badge.getByTestId('link-figures');
      await expect(figures).toBeHidden();
      await badge.locator('summary').click();
      await expect(figures).toBeVisible();
      await expect(figures.locator('dd').nth(0)).toHaveText(/^\d+ ms$/, { timeout: 30_000 });
      await expect(figures.locator('dd').nth(4)).toHaveText(/^lớp \d\/\d$/);
      // The defendant's report reaches the bench with the next change or refresh (every 30 s).
      await expect(figures.locator('dd').nth(2)).toHaveText(/^\d+ kbit\/s$/, { timeout: 45_000 });
    });

    await expect(defendant.page.getByTestId('link-quality')).toHaveCount(0);
  } finally {
    await judge.close();
    await defendant.close();
  }
});
