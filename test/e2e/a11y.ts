/**
 * The one accessibility check of the browser tests: axe (WCAG 2.0/2.1 A and AA rules) on the
 * page as it is, in the light and the dark colour scheme, failing on anything axe rates
 * serious or critical. `shot()` runs it on every screen it photographs.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/** Lets the page apply a colour-scheme change (the theme follows it on the next frames). */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

/** Axe in the colour scheme the page is showing now. */
export async function expectNoSeriousA11yIssuesNow(page: Page, where: string): Promise<void> {
  const { violations, passes } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  expect(passes.length, 'axe checked something').toBeGreaterThan(0);
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `accessibility problems on the ${where}`).toEqual([]);
}

/**
 * Axe in both colour schemes; leaves the page in light. A page whose theme setting is
 * "system" follows each scheme; one set to Light or Dark in Settings stays as chosen.
 */
export async function expectNoSeriousA11yIssues(page: Page, where: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await settle(page);
    await expectNoSeriousA11yIssuesNow(page, `${where} (${colorScheme})`);
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await settle(page);
}
