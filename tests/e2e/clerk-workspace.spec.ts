// The court clerk does it all in the browser: registers the sites, opens a criminal case, schedules
// its hearing, seats the presiding judge (a judge account), a people's assessor, the procurator,
// the accused at a detention centre and defence counsel, and sends their links. The links arrive
// in the file outbox; one is opened in another browser and the clerk sees "opened". Every screen is
// checked with axe and kept as screenshots at 1366×768 and 390×844.
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_DATA_DIR } from '../../playwright.config.js';
import { atBothSizes } from './support/a11y.js';
import { ClerkApi } from './support/api.js';
import { ClerkPage } from './support/clerkPage.js';

interface OutboxLine {
  channel: string;
  to: string;
  link: string;
  hearingId: string;
  participantId: string;
  caseNumber: string;
}

/** The invitations the server's file notifier wrote for one hearing. */
function outbox(hearingId: string): OutboxLine[] {
  let text: string;
  try {
    text = readFileSync(join(E2E_DATA_DIR, 'outbox', 'invitations.jsonl'), 'utf8');
  } catch {
    return []; // nothing sent yet
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OutboxLine)
    .filter((line) => line.hearingId === hearingId);
}

// A Vietnamese browser far from the court: every day and time shown must still be the court's (GMT+7).
test.use({ locale: 'vi-VN', timezoneId: 'Europe/Paris' });

async function screens(page: Page, testInfo: TestInfo, what: string, ready: () => Promise<void>): Promise<void> {
  await atBothSizes(page, testInfo, `clerk ${what}`, ready);
}

test('a clerk schedules a criminal hearing, seats its people and sends their links from the browser', async ({
  page,
  browser,
  request,
}, testInfo) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const admin = await ClerkApi.login(request);
  const stamp = randomBytes(3).toString('hex');
  const clerkAccount = { username: `clerk-${stamp}`, password: `Tk-${randomBytes(12).toString('base64url')}` };
  await admin.post('/api/accounts', { ...clerkAccount, displayName: 'Thư ký Phạm Thị Hoa', role: 'clerk' });
  const judge = await admin.createJudgeAccount('Thẩm phán Nguyễn Văn An');

  const clerk = new ClerkPage(page);
  await clerk.signIn(clerkAccount.username, clerkAccount.password);
  await screens(page, testInfo, 'dashboard', async () => {
    await expect(page.getByTestId('clerk-dashboard')).toBeVisible();
  });

  const courtroomName = `Phòng xử án số ${stamp}`;
  const detentionName = `Trại tạm giam Chí Hòa ${stamp}`;
  let courtroomId = '';
  let detentionId = '';
  await test.step('the sites: a courtroom with its TV, and a detention centre on relayed media only', async () => {
    await clerk.open('sites');
    courtroomId = await clerk.addSite(courtroomName, 'courtroom');
    detentionId = await clerk.addSite(detentionName, 'detention', true);
    const token = await clerk.registerDisplay(courtroomName, 'Màn hình TV phòng xử');
    expect(token.length).toBeGreaterThan(20);
    await screens(page, testInfo, 'sites', async () => {
      await expect(clerk.site(detentionName)).toBeVisible();
    });
  });

  const caseNumber = `${stamp}/2026/HS-ST`;
  const people = {
    judge: { displayName: 'Nguyễn Văn An', role: 'judge' as const, judgeAccountId: judge.id },
    assessor: { displayName: 'Lê Thị Bích', role: 'assessor' as const, email: `hoithamnd.${stamp}@example.vn` },
    procurator: { displayName: 'Trần Quốc Cường', role: 'prosecutor' as const, email: `ksv.${stamp}@example.vn` },
    defendant: { displayName: 'Phạm Văn Dũng', role: 'defendant' as const, siteId: '', phone: '0912 345 678' },
    counsel: { displayName: 'Luật sư Hoàng Minh Đức', role: 'counsel' as const, email: `ls.duc.${stamp}@example.vn` },
  };
  let hearingId = '';

  await test.step('from a new case to sent invitations, in the browser only', async () => {
    clerk.clicks = 0;
    await clerk.open('cases');
    await clerk.newCase(caseNumber, 'Phạm Văn Dũng — Trộm cắp tài sản', 'criminal');
    hearingId = await clerk.newHearing('Phiên tòa xét xử sơ thẩm', '14:00', courtroomId);
    people.defendant.siteId = detentionId;
    for (const person of Object.values(people)) await clerk.addPerson(person);
    await clerk.sendAll();
    for (const person of [people.assessor, people.procurator, people.defendant, people.counsel]) {
      await clerk.expectLink(person.displayName, 'sent');
    }
    console.log(`[clerk-workspace] clicks from new case to sent invitations: ${clerk.clicks}`);
    testInfo.annotations.push({ type: 'clicks from new case to sent invitations', description: String(clerk.clicks) });
  });

  await test.step('the role list is the criminal procedure’s; the judge signs in at /bench instead of a link', async () => {
    const roles = page.getByTestId('clerk-add-person').getByLabel('Tư cách tham gia tố tụng');
    await expect(roles.locator('option[value="defendant"]')).toHaveCount(1);
    await expect(roles.locator('option[value="plaintiff"]')).toHaveCount(0);
    await expect(roles.locator('option[value="judge"]')).toHaveCount(0); // the seat is taken
    await clerk.expectLink(people.judge.displayName, 'bench');
  });

  let sent: OutboxLine[] = [];
  await test.step('the invitations are in the outbox: email and text message, one per person', async () => {
    await expect.poll(() => outbox(hearingId).length, { timeout: 10_000 }).toBe(4);
    sent = outbox(hearingId);
    expect(sent.map((l) => l.to).sort()).toEqual(
      [people.assessor.email, people.procurator.email, people.counsel.email, people.defendant.phone].sort(),
    );
    expect(sent.find((l) => l.to === people.defendant.phone)?.channel).toBe('sms');
    expect(sent.every((l) => l.caseNumber === caseNumber && l.link.includes('/join#'))).toBe(true);
  });

  await screens(page, testInfo, 'hearing', async () => {
    await expect(clerk.person(people.counsel.displayName)).toBeVisible();
  });

  await test.step('the accused opens the link at the detention centre; the clerk sees "opened"', async () => {
    const link = sent.find((l) => l.to === people.defendant.phone)?.link ?? '';
    const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
    const defendantPage = await context.newPage();
    await defendantPage.goto(link);
    await expect(defendantPage.getByTestId('equipment-check')).toBeVisible();
    await clerk.expectLink(people.defendant.displayName, 'opened', 20_000);
    await context.close();
  });

  await test.step('revoking a link asks first, then the link stops working', async () => {
    await clerk.revoke(people.counsel.displayName);
    const link = sent.find((l) => l.to === people.counsel.email)?.link ?? '';
    const token = decodeURIComponent(new URL(link).hash.slice(1));
    const res = await request.get('/api/invitation', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status()).toBe(401);
  });

  await test.step('a person added by mistake is withdrawn, after a confirmation; the hearing is renamed', async () => {
    await clerk.addPerson({ displayName: 'Người làm chứng Vũ Thị Em', role: 'witness' });
    await clerk.withdraw('Người làm chứng Vũ Thị Em');
    await clerk.renameHearing('Phiên tòa xét xử sơ thẩm vụ án trộm cắp tài sản');
  });

  await test.step('today’s dashboard shows the hearing with each person’s link and presence', async () => {
    await clerk.open('dashboard');
    const card = page.locator(`[data-testid="clerk-dashboard-hearing"][data-hearing-id="${hearingId}"]`);
    await expect(card).toBeVisible();
    const defendantRow = card.getByTestId('clerk-dashboard-person').filter({ hasText: people.defendant.displayName });
    await expect(defendantRow.getByTestId('clerk-link-state')).toHaveAttribute('data-state', 'opened');
    await expect(defendantRow).toContainText(detentionName);
    await screens(page, testInfo, 'dashboard with hearing', async () => {
      await expect(card).toBeVisible();
    });
  });

  await test.step('the calendar lists it on its day and in its week, in GMT+7', async () => {
    await clerk.open('calendar');
    await expect(page.getByText('Giờ Việt Nam (GMT+7)')).toBeVisible();
    const entry = page.locator(`[data-testid="clerk-calendar-hearing"][data-hearing-id="${hearingId}"]`);
    await expect(entry).toContainText('14:00');
    await screens(page, testInfo, 'calendar day', async () => {
      await expect(entry).toBeVisible();
    });
    await clerk.click(page.getByTestId('clerk-calendar-week'));
    await expect(page.getByTestId('clerk-calendar')).toHaveAttribute('data-view', 'week');
    await screens(page, testInfo, 'calendar week', async () => {
      await expect(entry).toBeVisible();
    });
    await clerk.click(entry.getByRole('link'));
    await expect(page.getByTestId('clerk-hearing-page')).toHaveAttribute('data-hearing-id', hearingId);
  });

  await test.step('the case page lists the hearing; the cases search finds the case', async () => {
    await clerk.click(page.getByRole('link', { name: new RegExp(`Vụ án số ${caseNumber.replace(/[/]/g, '\\/')}`) }));
    await expect(page.getByTestId('clerk-case-hearings')).toContainText('Phiên tòa xét xử sơ thẩm vụ án trộm cắp tài sản');
    await screens(page, testInfo, 'case', async () => {
      await expect(page.getByTestId('clerk-case-page')).toBeVisible();
    });
    await clerk.open('cases');
    await page.getByLabel('Tìm theo số hoặc tên vụ án').fill(stamp);
    await clerk.click(page.getByRole('button', { name: 'Tìm', exact: true }));
    await expect(page.getByTestId('clerk-case')).toHaveCount(1);
    await screens(page, testInfo, 'cases', async () => {
      await expect(page.getByTestId('clerk-case-list')).toBeVisible();
    });
  });

  await test.step('a camera at the detention centre: registered by its RTSP URL, attached, its token re-issued, then revoked', async () => {
    await clerk.open('sites');
    const cameraId = await clerk.registerCamera(detentionName, 'Camera phòng xét xử trực tuyến', 'rtsp://cam:mat-khau@127.0.0.1:8554/live');
    await expect(clerk.device('Camera phòng xét xử trực tuyến')).not.toContainText('mat-khau'); // the password is never shown
    const first = (await page.getByTestId('clerk-device-secret-value').textContent()) ?? '';
    expect(await clerk.reissueDeviceToken('Camera phòng xét xử trực tuyến')).not.toBe(first);
    await page.goto(`/clerk/hearings/${hearingId}`);
    await clerk.attachDevice(cameraId, 'Camera phòng xét xử trực tuyến');
    await clerk.open('sites');
    await clerk.revokeDevice('Camera phòng xét xử trực tuyến');
  });

  await test.step('English second: the same screen, in English', async () => {
    await clerk.open('cases');
    await clerk.click(page.getByRole('button', { name: 'English' }));
    await expect(page.getByRole('heading', { level: 1, name: 'Cases' })).toBeVisible();
    await expect(clerk.nav('sites')).toHaveText('Sites and devices');
    await clerk.click(page.getByRole('button', { name: 'Tiếng Việt' }));
    await expect(page.getByRole('heading', { level: 1, name: 'Vụ án' })).toBeVisible();
  });
});
