// Accessibility and look, checked on real pages: axe-core's WCAG 2 A/AA rules (failing on serious
// and critical violations, printing all it found), and screenshots at a laptop's and a phone's size
// kept with the test's output as artifacts.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

/** The two sizes the courtroom is checked at: a common court laptop, a common phone. */
export const SCREEN_SIZES = [
  { name: 'laptop', width: 1366, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const;
export type ScreenSize = (typeof SCREEN_SIZES)[number];

const FAILING = new Set(['serious', 'critical']);

/**
 * Runs axe (wcag2a, wcag2aa) on the page as it is now; fails the test on serious or critical violations.
 * Everything found is printed and attached, so a moderate finding is seen even when it passes.
 */
export async function expectAccessible(page: Page, testInfo: TestInfo, what: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa'])
    .options({ resultTypes: ['violations'] })
    .analyze();
  const found = results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? 'unknown',
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ')}` : ''}`),
  }));
  if (found.length > 0) {
    const report = found.map((v) => `[${v.impact}] ${v.id}: ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
    console.log(`axe on ${what}:\n${report}`);
    await testInfo.attach(`axe-${slug(what)}.json`, { body: JSON.stringify(found, null, 2), contentType: 'application/json' });
  }
  const failing = found.filter((v) => FAILING.has(v.impact));
  // Soft: the walk goes on, so one run lists every screen's violations; the test still fails.
  expect.soft(failing, `serious or critical accessibility violations on ${what}`).toEqual([]);
}

/** A full-page screenshot of what is shown now, saved in the test's output and attached to its report. */
export async function screenshot(page: Page, testInfo: TestInfo, what: string): Promise<void> {
  const size = page.viewportSize();
  const name = `${slug(what)}-${size ? `${size.width}x${size.height}` : 'page'}.png`;
  const path = testInfo.outputPath(name);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * At each size in turn: resize, let the page settle on `ready`, check it with axe and keep a
 * screenshot; `check` asserts what must hold at that size. The page ends at the laptop size.
 */
export async function atBothSizes(
  page: Page,
  testInfo: TestInfo,
  what: string,
  check: (size: ScreenSize) => Promise<void> = async () => {},
): Promise<void> {
  for (const size of [...SCREEN_SIZES].reverse()) {
    await page.setViewportSize({ width: size.width, height: size.height });
    await check(size);
    await expectAccessible(page, testInfo, `${what} (${size.name})`);
    await screenshot(page, testInfo, what);
  }
}

function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
