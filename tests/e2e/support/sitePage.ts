// Attendance and identity in the browser: the site officer's page (/site), the bench's attendance
// panel in the courtroom, and the set-up a court's administrator does through the API (a site, a
// site officer account, a participant appearing from that site).
import { expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import type { Role } from '../../../core/protocol/model.js';
import type { ClerkApi, Invitee } from './api.js';

export interface SiteOfficerAccount {
  username: string;
  password: string;
  displayName: string;
  siteId: string;
  siteName: string;
}

/** A detention facility (or another component site) and a site officer account bound to it. */
export async function createSiteOfficer(clerk: ClerkApi, siteName: string, displayName: string): Promise<SiteOfficerAccount> {
  const { site } = await clerk.post<{ site: { id: string } }>('/api/sites', { name: siteName, kind: 'detention' });
  const username = `officer-${randomBytes(4).toString('hex')}`;
  const password = `Cb-${randomBytes(18).toString('base64url')}`;
  await clerk.post('/api/accounts', { username, displayName, role: 'site_officer', siteId: site.id, password });
  return { username, password, displayName, siteId: site.id, siteName };
}

/** A participant who appears from `siteId`, and their link. */
export async function addParticipantAt(
  clerk: ClerkApi,
  hearingId: string,
  person: { displayName: string; role: Role },
  siteId: string,
): Promise<Invitee> {
  const { participant, invitation } = await clerk.post<{ participant: { id: string }; invitation: { url: string } }>(
    `/api/hearings/${hearingId}/participants`,
    { ...person, siteId },
  );
  return { id: participant.id, ...person, url: invitation.url };
}

/**
 * The clerk of the hearing, as a court seats them: a clerk account, a seat bound to it, and the link
 * from the clerk's own sign-in (POST /api/bench/hearings/:id/join, as /bench gives it).
 */
export async function addClerkSeat(clerk: ClerkApi, request: APIRequestContext, hearingId: string, displayName: string): Promise<Invitee> {
  const username = `clerk-${randomBytes(4).toString('hex')}`;
  const password = `Tk-${randomBytes(18).toString('base64url')}`;
  const { account } = await clerk.post<{ account: { id: string } }>('/api/accounts', { username, displayName, role: 'clerk', password });
  const { participant } = await clerk.post<{ participant: { id: string } }>(`/api/hearings/${hearingId}/participants`, {
    displayName,
    role: 'clerk',
    accountId: account.id,
  });
  const login = await request.post('/api/auth/login', { data: { username, password } });
  if (!login.ok()) throw new Error(`clerk sign-in: ${login.status()} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  const join = await request.post(`/api/bench/hearings/${hearingId}/join`, { headers: { authorization: `Bearer ${token}` } });
  if (!join.ok()) throw new Error(`clerk link: ${join.status()} ${await join.text()}`);
  const { invitation } = (await join.json()) as { invitation: { url: string } };
  return { id: participant.id, displayName, role: 'clerk', url: invitation.url };
}

/** The site officer's page: sign in, see the hearings at the site, attest who is in front of the camera. */
export class SitePage {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {}

  static async open(browser: Browser): Promise<SitePage> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/site');
    return new SitePage(context, page);
  }

  async signIn(officer: SiteOfficerAccount): Promise<void> {
    const form = this.page.getByTestId('site-login');
    await form.getByLabel('Tên đăng nhập').fill(officer.username);
    await form.getByLabel('Mật khẩu').fill(officer.password);
    await form.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(this.page.getByTestId('site-hearings')).toBeVisible();
  }

  participant(hearingId: string, who: Invitee) {
    return this.page.locator(
      `[data-testid="site-hearing"][data-hearing-id="${hearingId}"] [data-testid="site-participant"][data-participant-id="${who.id}"]`,
    );
  }

  /** Checks the identity document in hand and attests it. */
  async attest(hearingId: string, who: Invitee, document: { kind: 'cccd' | 'cmnd' | 'passport'; number: string }, note?: string) {
    const entry = this.participant(hearingId, who);
    await entry.getByTestId('site-id-kind').selectOption(document.kind);
    await entry.getByTestId('site-id-number').fill(document.number);
    if (note) await entry.getByTestId('site-note').fill(note);
    await entry.getByTestId('site-attest').click();
    await expect(entry.getByTestId('site-saved')).toBeVisible();
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** The bench's attendance panel in a courtroom page (the clerk's or the judge's). */
export class AttendancePanel {
  constructor(readonly page: Page) {}

  get panel() {
    return this.page.getByTestId('attendance-panel');
  }

  entry(who: Invitee) {
    return this.panel.locator(`[data-testid="attendance-entry"][data-participant-id="${who.id}"]`);
  }

  async expectVisible(): Promise<void> {
    await expect(this.panel).toBeVisible();
    if ((await this.panel.getByTestId('attendance-entry').count()) === 0) await this.panel.getByTestId('attendance-toggle').click();
  }

  /** Present: the document typed, or (none given) the one on file confirmed. */
  async markPresent(who: Invitee, document?: { kind: 'cccd' | 'cmnd' | 'passport'; number: string }): Promise<void> {
    const entry = this.entry(who);
    await entry.getByTestId('attendance-present').click();
    if (document) {
      await entry.getByTestId('attendance-id-kind').selectOption(document.kind);
      await entry.getByTestId('attendance-id-number').fill(document.number);
    }
    await entry.getByTestId('attendance-save').click();
    await expect(entry).toHaveAttribute('data-status', 'present');
  }

  async markAbsent(who: Invitee, reason: string): Promise<void> {
    const entry = this.entry(who);
    await entry.getByTestId('attendance-absent').click();
    await entry.getByTestId('attendance-reason-input').fill(reason);
    await entry.getByTestId('attendance-save').click();
    await expect(entry).toHaveAttribute('data-status', 'absent');
  }
}
