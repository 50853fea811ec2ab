/** Driving the add-integration wizard from the browser tests, the way a person would. */
import type { Locator, Page } from '@playwright/test';
import { expect } from './fixtures';

export { expectNoSeriousA11yIssues } from './a11y';


export const wizard = (page: Page): Locator => page.getByRole('form', { name: 'Add a connection' });
export const stepHeading = (page: Page): Locator => wizard(page).getByRole('heading', { level: 2 });

/** Opens the wizard from the empty state or the top bar. */
export async function openWizard(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Add a connection' }).first().click();
  const form = wizard(page);
  await expect(form.getByText('Step 1 of 5 — Choose a service')).toBeVisible();
  return form;
}

/** Step 1: type to filter, then Enter chooses the highlighted service. */
export async function chooseService(page: Page, search: string, name: string): Promise<void> {
  const form = wizard(page);
  await form.getByRole('combobox', { name: 'Search services' }).fill(search);
  await expect(form.getByRole('option', { name: new RegExp(`^${name}`) })).toHaveAttribute('aria-selected', 'true');
  await form.getByRole('combobox', { name: 'Search services' }).press('Enter');
  await expect(form.getByText('Step 2 of 5 — What you need')).toBeVisible();
}

export async function expectStep(page: Page, n: number, title: string, heading: string | RegExp): Promise<void> {
  const form = wizard(page);
  await expect(form.getByText(`Step ${n} of 5 — ${title}`)).toBeVisible();
  await expect(stepHeading(page)).toHaveText(heading);
  // Focus moves to the heading of each step.
  await expect(stepHeading(page)).toBeFocused();
}

export async function next(page: Page): Promise<void> {
  await wizard(page).getByRole('button', { name: 'Next', exact: true }).click();
}

/** Step 4: presses Test connection / Test again and waits for a verdict. */
export async function runTest(page: Page, button: 'Test connection' | 'Test again' = 'Test connection'): Promise<void> {
  const form = wizard(page);
  await form.getByRole('button', { name: button, exact: true }).click();
  await expect(form.getByRole('button', { name: 'Testing…' })).toHaveCount(0, { timeout: 15_000 });
}

export const testVerdictOk = (page: Page): Locator => wizard(page).locator('.verdict-ok');
export const testVerdictFailed = (page: Page): Locator => wizard(page).getByRole('alert').filter({ has: page.locator('strong') });
