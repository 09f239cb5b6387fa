// The court clerk's page object: what a clerk sees and does in the workspace at /clerk. Every
// click and choice goes through `click`/`choose`, so a test can say how many it took.
import { expect, type Locator, type Page } from '@playwright/test';
import type { CreateAccountBody } from '../../../core/protocol/http.js';
import type { CaseKind, PersonRole, SiteKind } from '../../../core/protocol/model.js';

export interface PersonEntry {
  displayName: string;
  role: PersonRole;
  /** The site's id (ClerkPage.siteId reads it from the sites page). */
  siteId?: string;
  email?: string;
  phone?: string;
  /** The presiding judge: the judge account the seat is bound to. */
  judgeAccountId?: string;
}

export type LinkState = 'not_sent' | 'sent' | 'opened' | 'revoked' | 'bench';

export class ClerkPage {
  /** Clicks and choices made so far (typing is not counted). */
  clicks = 0;

  constructor(readonly page: Page) {}

  async click(target: Locator): Promise<void> {
    this.clicks++;
    await target.click();
  }

  async choose(select: Locator, value: string): Promise<void> {
    this.clicks++;
    await select.selectOption(value);
  }

  async signIn(username: string, password: string): Promise<void> {
    await this.page.goto('/clerk');
    const form = this.page.getByTestId('clerk-login');
    await form.getByLabel('Tên đăng nhập').fill(username);
    await form.getByLabel('Mật khẩu').fill(password);
    await this.click(form.getByRole('button', { name: 'Đăng nhập' }));
    await expect(this.page.getByTestId('clerk-dashboard')).toBeVisible();
  }

  nav(section: 'dashboard' | 'calendar' | 'cases' | 'sites' | 'accounts'): Locator {
    return this.page.getByTestId(`clerk-nav-${section}`);
  }

  async open(section: 'dashboard' | 'calendar' | 'cases' | 'sites' | 'accounts'): Promise<void> {
    await this.click(this.nav(section));
    await expect(this.nav(section)).toHaveAttribute('aria-current', 'page');
  }

  // ---- sites and devices ---------------------------------------------------------------------

  async addSite(name: string, kind: SiteKind, relayOnly = false): Promise<string> {
    const form = this.page.getByTestId('clerk-site-form');
    await form.getByLabel('Tên địa điểm').fill(name);
    await this.choose(form.getByLabel('Loại địa điểm'), kind);
    if (relayOnly) await this.click(form.getByLabel('Chỉ kết nối qua máy chủ chuyển tiếp (TURN)'));
    await this.click(form.getByRole('button', { name: 'Thêm địa điểm' }));
    const card = this.page.getByTestId('clerk-site').filter({ has: this.page.getByRole('heading', { name, exact: true }) });
    await expect(card).toBeVisible();
    return (await card.getAttribute('data-site-id')) ?? '';
  }

  site(name: string): Locator {
    return this.page.getByTestId('clerk-site').filter({ has: this.page.getByRole('heading', { name, exact: true }) });
  }

  /** Registers a display (no URL needed) at a site; the token it is shown once. */
  async registerDisplay(siteName: string, deviceName: string): Promise<string> {
    const form = this.site(siteName).getByRole('form', { name: `Đăng ký thiết bị tại ${siteName}` });
    await this.choose(form.getByLabel('Loại thiết bị'), 'display');
    await form.getByLabel('Tên thiết bị').fill(deviceName);
    await this.click(form.getByRole('button', { name: 'Đăng ký thiết bị' }));
    const secret = this.site(siteName).getByTestId('clerk-device-secret-value');
    await expect(secret).toBeVisible();
    return (await secret.textContent()) ?? '';
  }

  /** Registers a camera by its RTSP URL at a site; its id (the token is shown once, as for any device). */
  async registerCamera(siteName: string, deviceName: string, rtspUrl: string): Promise<string> {
    const form = this.site(siteName).getByRole('form', { name: `Đăng ký thiết bị tại ${siteName}` });
    await this.choose(form.getByLabel('Loại thiết bị'), 'camera');
    await form.getByLabel('Tên thiết bị').fill(deviceName);
    await form.getByLabel('Địa chỉ RTSP của camera').fill(rtspUrl);
    await this.click(form.getByRole('button', { name: 'Đăng ký thiết bị' }));
    await expect(this.site(siteName).getByTestId('clerk-device-secret-value')).toBeVisible();
    const device = this.device(deviceName);
    await expect(device).toBeVisible();
    return (await device.getAttribute('data-device-id')) ?? '';
  }

  device(name: string): Locator {
    return this.page.getByTestId('clerk-device').filter({ has: this.page.getByText(name, { exact: true }) });
  }

  /** A device's new token (the old one stops), through its confirmation; the new token. */
  async reissueDeviceToken(name: string): Promise<string> {
    const device = this.device(name);
    await this.click(device.getByTestId('clerk-device-token'));
    await expect(device.getByRole('alertdialog')).toContainText('Mã cũ ngừng hoạt động');
    await this.click(device.getByRole('alertdialog').getByRole('button', { name: 'Cấp lại mã truy cập' }));
    const secret = this.page.getByTestId('clerk-device-secret-value');
    await expect(secret).toBeVisible();
    return (await secret.textContent()) ?? '';
  }

  async revokeDevice(name: string): Promise<void> {
    const device = this.device(name);
    await this.click(device.getByTestId('clerk-device-revoke'));
    await expect(device.getByRole('alertdialog')).toContainText('Không thể hoàn tác');
    await this.click(device.getByRole('alertdialog').getByRole('button', { name: 'Thu hồi thiết bị' }));
    await expect(device).toHaveAttribute('data-revoked', 'true');
  }

  /** On a hearing's page: attaches a registered device to it. */
  async attachDevice(deviceId: string, deviceName: string): Promise<void> {
    const form = this.page.getByTestId('clerk-attach-device');
    await this.choose(form.getByLabel('Thiết bị cần gắn'), deviceId);
    await this.click(form.getByRole('button', { name: 'Gắn vào phiên tòa' }));
    // A device takes part as "<site> · <device>".
    await expect(this.page.getByTestId('clerk-person').filter({ hasText: deviceName })).toBeVisible();
  }

  // ---- cases and hearings ----------------------------------------------------------------------

  async newCase(number: string, title: string, kind: CaseKind): Promise<void> {
    await this.click(this.page.getByTestId('clerk-new-case'));
    const form = this.page.getByTestId('clerk-case-form');
    await form.getByLabel('Số vụ án').fill(number);
    await form.getByLabel('Tên vụ án').fill(title);
    if (kind !== 'criminal') await this.choose(form.getByLabel('Loại vụ án'), kind); // criminal is the default
    await this.click(form.getByRole('button', { name: 'Tạo vụ án' }));
    await expect(this.page.getByRole('heading', { name: `Vụ án số ${number}` })).toBeVisible();
  }

  /** Schedules a hearing of the open case (the day defaults to today in the court's zone); opens its page. */
  async newHearing(title: string, time: string, courtroomSiteId?: string): Promise<string> {
    const form = this.page.getByTestId('clerk-hearing-form');
    await form.getByLabel('Tên phiên tòa').fill(title);
    await form.getByLabel(/Giờ mở phiên tòa/).fill(time);
    if (courtroomSiteId) await this.choose(form.getByLabel('Phòng xử án'), courtroomSiteId);
    await this.click(form.getByRole('button', { name: 'Lên lịch phiên tòa' }));
    const page = this.page.getByTestId('clerk-hearing-page');
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    return (await page.getAttribute('data-hearing-id')) ?? '';
  }

  async addPerson(person: PersonEntry): Promise<void> {
    const form = this.page.getByTestId('clerk-add-person');
    await form.getByLabel('Họ và tên').fill(person.displayName);
    await this.choose(form.getByLabel('Tư cách tham gia tố tụng'), person.role);
    if (person.siteId) await this.choose(form.getByLabel('Địa điểm tham gia'), person.siteId);
    if (person.email) await form.getByLabel('Thư điện tử').fill(person.email);
    if (person.phone) await form.getByLabel('Số điện thoại').fill(person.phone);
    if (person.judgeAccountId) await this.choose(form.getByLabel('Tài khoản được phân công'), person.judgeAccountId);
    await this.click(form.getByRole('button', { name: 'Thêm', exact: true }));
    await expect(this.person(person.displayName)).toBeVisible();
  }

  person(displayName: string): Locator {
    return this.page.getByTestId('clerk-person').filter({ has: this.page.getByText(displayName, { exact: true }) });
  }

  async expectLink(displayName: string, state: LinkState, timeout?: number): Promise<void> {
    await expect(this.person(displayName).getByTestId('clerk-link-state')).toHaveAttribute('data-state', state, { timeout });
  }

  /** Sends every link not sent yet, confirming what will be sent. */
  async sendAll(): Promise<void> {
    await this.click(this.page.getByTestId('clerk-send-all'));
    const confirm = this.page.getByTestId('clerk-send-all-confirm');
    await expect(confirm).toBeVisible();
    await this.click(confirm.getByRole('button', { name: /^Gửi đường dẫn cho/ }));
    await expect(this.page.getByTestId('clerk-send-all-result')).toContainText('Đã gửi đường dẫn');
  }

  /** Withdraws a person who has not connected, through its confirmation. */
  async withdraw(displayName: string): Promise<void> {
    const row = this.person(displayName);
    await this.click(row.getByTestId('clerk-withdraw'));
    await expect(row.getByRole('alertdialog')).toContainText('Không thể hoàn tác');
    await this.click(row.getByRole('alertdialog').getByRole('button', { name: 'Rút khỏi phiên tòa' }));
    await expect(row).toHaveCount(0);
  }

  /** Renames a scheduled hearing (its details are editable until it opens). */
  async renameHearing(title: string): Promise<void> {
    await this.click(this.page.getByTestId('clerk-edit-hearing'));
    const form = this.page.getByRole('form', { name: 'Sửa thông tin phiên tòa' });
    await form.getByLabel('Tên phiên tòa').fill(title);
    await this.click(form.getByRole('button', { name: 'Lưu' }));
    await expect(form).toHaveCount(0);
    await expect(this.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  }

  /** Revokes one person's link, through its confirmation. */
  async revoke(displayName: string): Promise<void> {
    const row = this.person(displayName);
    await this.click(row.getByTestId('clerk-revoke'));
    await expect(row.getByRole('alertdialog')).toContainText('không còn dùng được');
    await this.click(row.getByRole('alertdialog').getByRole('button', { name: 'Thu hồi đường dẫn' }));
    await this.expectLink(displayName, 'revoked');
  }

  // ---- staff accounts (the administrator) --------------------------------------------------

  /** One account's card on the accounts screen, by its username. */
  account(username: string): Locator {
    return this.page.locator(`[data-testid="clerk-account"][data-username="${username}"]`);
  }

  /**
   * Creates an account through the form: with `password` typed, or else generated in the browser;
   * returns the password (the generated one as shown once).
   */
  async createAccount(entry: {
    displayName: string;
    username: string;
    role: CreateAccountBody['role'];
    siteId?: string;
    password?: string;
  }): Promise<string> {
    const form = this.page.getByTestId('clerk-account-form');
    await form.getByLabel('Họ và tên').fill(entry.displayName);
    await form.getByLabel('Tên đăng nhập').fill(entry.username);
    await this.choose(form.getByLabel('Vai trò'), entry.role);
    if (entry.siteId) await this.choose(form.getByLabel('Điểm cầu'), entry.siteId);
    if (entry.password) await form.getByLabel('Mật khẩu', { exact: true }).fill(entry.password);
    else await this.click(form.getByRole('button', { name: 'Tạo mật khẩu ngẫu nhiên' }));
    await this.click(form.getByRole('button', { name: 'Tạo tài khoản' }));
    await expect(this.account(entry.username)).toBeVisible();
    if (entry.password) return entry.password;
    const secret = form.getByTestId('clerk-account-created-secret-value');
    await expect(secret).toBeVisible();
    return (await secret.textContent()) ?? '';
  }

  /** Resets an account's password, through its confirmation; returns the generated one, shown once. */
  async resetAccountPassword(username: string): Promise<string> {
    const card = this.account(username);
    await this.click(card.getByTestId('clerk-account-reset-password'));
    await expect(card.getByRole('alertdialog')).toContainText('chỉ hiển thị một lần');
    await this.click(card.getByRole('alertdialog').getByRole('button', { name: 'Đặt lại mật khẩu' }));
    const secret = card.getByTestId('clerk-account-secret-value');
    await expect(secret).toBeVisible();
    return (await secret.textContent()) ?? '';
  }

  /** Gives an account another role (not a site officer's), through its confirmation. */
  async changeAccountRole(username: string, role: Exclude<CreateAccountBody['role'], 'site_officer'>, label: string): Promise<void> {
    const card = this.account(username);
    await this.click(card.getByTestId('clerk-account-role-open'));
    await this.choose(card.getByLabel('Vai trò mới'), role);
    await this.click(card.getByTestId('clerk-account-role-save'));
    await expect(card.getByRole('alertdialog')).toContainText(`thành ${label}?`);
    await this.click(card.getByRole('alertdialog').getByRole('button', { name: 'Đổi vai trò' }));
    await expect(card.getByTestId('clerk-account-role')).toHaveText(label);
  }

  /** Disables an account, through its confirmation (which says its sessions end). */
  async disableAccount(username: string): Promise<void> {
    const card = this.account(username);
    await this.click(card.getByTestId('clerk-account-disable'));
    await expect(card.getByRole('alertdialog')).toContainText('phiên đăng nhập của tài khoản kết thúc ngay');
    await this.click(card.getByRole('alertdialog').getByRole('button', { name: 'Vô hiệu hóa' }));
    await expect(card.getByTestId('clerk-account-state')).toHaveText('Đã vô hiệu hóa');
  }
}
