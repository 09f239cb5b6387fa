// The courtroom TV page object: a kiosk browser context whose getUserMedia calls are counted (it
// must never make one).
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { received, TRACK_PEER_CONNECTIONS } from './rtcStats.js';

/** Installed before any page script: counts every request for a camera or microphone. */
const COUNT_GET_USER_MEDIA = () => {
  const w = window as unknown as { __getUserMediaCalls: number };
  w.__getUserMediaCalls = 0;
  const devices = navigator.mediaDevices;
  if (!devices) return;
  const original = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints?: MediaStreamConstraints) => {
    w.__getUserMediaCalls++;
    return original(constraints);
  };
};

export class KioskPage {
  /** The page's console, printed when the test fails. */
  readonly console: string[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
  ) {
    page.on('console', (m) => this.console.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => this.console.push(`[pageerror] ${e.message}`));
  }

  static async open(browser: Browser, base: string, displayToken: string): Promise<KioskPage> {
    // The permission is granted, never used: Chromium gathers ICE candidates on every interface only
    // for an origin holding a media permission, and otherwise on the default route alone, which
    // this loopback-only test namespace lacks. getUserMedia stays uncalled (counted below).
    const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
    await context.addInitScript(TRACK_PEER_CONNECTIONS);
    await context.addInitScript(COUNT_GET_USER_MEDIA);
    const page = await context.newPage();
    await page.goto(`${base}/tv#token=${encodeURIComponent(displayToken)}`);
    return new KioskPage(context, page);
  }

  get wall() {
    return this.page.getByTestId('tv-wall');
  }

  tile(participantId: string, source: 'camera' | 'screen' = 'camera') {
    return this.page.locator(`[data-testid="tv-tile"][data-participant-id="${participantId}"][data-source="${source}"]`);
  }

  mainTile() {
    return this.page.locator('[data-testid="tv-tile"][data-main="true"]');
  }

  /** Video frames decoded from `participantId` keep rising (read through getStats). */
  async expectVideoFrom(participantId: string, what: string): Promise<void> {
    await expect(this.tile(participantId)).toBeVisible();
    const frames = async () => (await received(this.page)).videoFramesDecoded[participantId] ?? 0;
    const first = await frames();
    await expect
      .poll(async () => (await frames()) - first, { message: `the TV decodes video from ${what}`, timeout: 45_000 })
      .toBeGreaterThan(10);
  }

  getUserMediaCalls(): Promise<number> {
    return this.page.evaluate(() => (window as unknown as { __getUserMediaCalls: number }).__getUserMediaCalls);
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
