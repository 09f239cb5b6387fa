// The court's administrator manages staff accounts in the workspace, with no curl: a site officer
// for a detention centre (its password generated in the browser and shown once) and a clerk; the
// clerk's password reset (a new one, shown once, that signs in while the old one no longer does);
// an authenticator reset refused for want of the administrator's own second factor, in words; the
// site officer made a judge, then disabled, after which its sign-in is refused. A clerk sees no
// Accounts entry.
// Checked with axe and kept as screenshots at 1366×768 and 390×844.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { E2E_ADMIN_PASSWORD } from '../../playwright.config.js';
import { atBothSizes } from './support/a11y.js';
import { ClerkApi } from './support/api.js';
import { ClerkPage } from './support/clerkPage.js';

/** The status of a staff sign-in with this username and password. */
async function signInStatus(request: APIRequestContext, username: string, password: string): Promise<number> {
  const res = await request.post('/api/auth/login', { data: { username, password } });
  return res.status();
}

test.use({ locale: 'vi-VN' });

test('the administrator creates, resets and disables staff accounts from the browser', async ({ page, request }, testInfo) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const api = await ClerkApi.login(request);
  const stamp = randomBytes(3).toString('hex');
  const siteName = `Trại tạm giam số ${stamp}`;
  const { site } = await api.post<{ site: { id: string } }>('/api/sites', { name: siteName, kind: 'detention' });

  const admin = new ClerkPage(page);
  await admin.signIn('admin', E2E_ADMIN_PASSWORD);
  await admin.open('accounts');
  await expect(page.getByRole('heading', { level: 1, name: 'Tài khoản cán bộ' })).toBeVisible();
  // Its own account is listed, with nothing offered that the server would refuse.
  await expect(admin.account('admin').getByTestId('clerk-account-disable')).toHaveCount(0);

  const officer = { username: `officer-${stamp}`, displayName: 'Cán bộ Lê Văn Bình' };
  const officerPassword = await admin.createAccount({ ...officer, role: 'site_officer', siteId: site.id });
  expect(officerPassword).toMatch(/^[A-Za-z2-9]{16}$/);
  await expect(admin.account(officer.username).getByTestId('clerk-account-role')).toHaveText(`Cán bộ điểm cầu — ${siteName}`);
  expect(await signInStatus(request, officer.username, officerPassword)).toBe(200);

  const clerk = { username: `thuky-${stamp}`, displayName: 'Thư ký Phạm Thị Hoa', password: `Tk-${randomBytes(12).toString('base64url')}` };
  await admin.createAccount({ ...clerk, role: 'clerk' });
  await expect(admin.account(clerk.username).getByTestId('clerk-account-role')).toHaveText('Thư ký');
  await expect(admin.account(clerk.username).getByTestId('clerk-account-state')).toHaveText('Đang hoạt động');

  const newPassword = await admin.resetAccountPassword(clerk.username);
  expect(newPassword.length).toBeGreaterThanOrEqual(12);
  expect(await signInStatus(request, clerk.username, clerk.password)).toBe(401);
  expect(await signInStatus(request, clerk.username, newPassword)).toBe(200);

  await atBothSizes(page, testInfo, 'clerk accounts', async () => {
    await expect(admin.account(clerk.username).getByTestId('clerk-account-secret')).toBeVisible();
    await expect(page.getByTestId('clerk-account-form')).toBeVisible();
  });

  // Resetting an authenticator needs the administrator's own sign-in with a code: said so, plainly.
  const clerkCard = admin.account(clerk.username);
  await admin.click(clerkCard.getByTestId('clerk-account-reset-totp'));
  await admin.click(clerkCard.getByRole('alertdialog').getByRole('button', { name: 'Đặt lại ứng dụng xác thực' }));
  await expect(clerkCard.getByRole('alert')).toHaveText(
    'Để làm việc này, hãy đăng xuất rồi đăng nhập lại bằng mã từ ứng dụng xác thực của bạn.',
  );

  await admin.changeAccountRole(officer.username, 'judge', 'Thẩm phán');
  await admin.disableAccount(officer.username);
  expect(await signInStatus(request, officer.username, officerPassword)).toBe(401);

  // The clerk, signed in, has no Accounts entry, and the address itself says who may use it.
  await admin.click(page.getByTestId('clerk-logout'));
  const asClerk = new ClerkPage(page);
  await asClerk.signIn(clerk.username, newPassword);
  await expect(asClerk.nav('accounts')).toHaveCount(0);
  await page.goto('/clerk/accounts');
  await expect(page.getByTestId('clerk-accounts-admin-only')).toContainText('Chỉ Quản trị viên');
});
