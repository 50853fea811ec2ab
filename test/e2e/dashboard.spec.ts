/**
 * The dashboard for everyday use: Cogniac tenants with live countdowns and copy buttons,
 * connection details (errors in plain words, replace a password, sign in again, remove),
 * settings that persist, the activity log, and a 500-connection list that stays quick.
 */
import type { Page } from '@playwright/test';
import type { Core } from '../../src/main/core';
import { MASTER } from '../support/core-harness';
import { card, openDetails } from './connection-helpers';
import { expect, test } from './fixtures';
import { chooseService, next, openWizard, runTest } from './wizard-helpers';

const COGNIAC = { email: 'ops@example.com', password: 'cogniac-pass' };
const TENANT_1 = { id: '49wshskg', name: 'Internal Tenant 1' };
const TENANT_2 = { id: '12ir8sjgtl', name: 'External Tenant 2' };

const dashboard = (page: Page) => page.getByRole('region', { name: 'Connections' });
const tenantRow = (page: Page, label: string, tenant: string) =>
  card(page, label).getByRole('list', { name: `Tenants of ${label}` }).getByRole('listitem').filter({ hasText: tenant });

/** "renews in 13:29" → 809; "valid for 3:00" → 180. */
function secondsIn(text: string): number {
  const m = /(\d+):(\d\d)/.exec(text);
  if (!m) throw new Error(`no m:ss countdown in "${text}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

async function addCogniacThroughCore(core: Core, baseUrl: string, label: string, tenantIds: string[]) {
  return core.connections.add({
    providerId: 'cogniac',
    label,
    baseUrl,
    auth: { kind: 'cogniac', username: COGNIAC.email, password: COGNIAC.password, tenantIds },
  });
}

test('Cogniac: find tenants, tick two, both show Valid with a countdown; copying a tenant header uses its real token', async ({
  page,
  core,
  sim,
  clipboard,
  shot,
}) => {
  // Five wizard steps, then the dashboard checks and screenshots: a long walk on a busy machine.
  test.slow();
  await core.vault.create({ password: MASTER });
  // Through the wizard (each of its steps is covered in wizard.spec.ts).
  const form = await openWizard(page);
  await chooseService(page, 'cogniac', 'Cogniac');
  await next(page);
  await form.getByRole('button', { name: 'Use a different address' }).click();
  await form.getByLabel('Cogniac API address (optional)').fill(sim.url);
  await form.getByLabel('Cogniac email').fill(COGNIAC.email);
  await form.getByLabel('Cogniac password', { exact: true }).fill(COGNIAC.password);
  await next(page);
  await runTest(page);
  const picker = form.getByRole('group', { name: 'Tenants to use' });
  await expect(picker.getByRole('checkbox')).toHaveCount(3);
  await picker.getByLabel(new RegExp(TENANT_1.name)).check();
  await picker.getByLabel(new RegExp(TENANT_2.name)).check();
  await next(page);
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByRole('button', { name: 'Go to dashboard' }).click();
  await expect(form).toBeHidden();

  // Both ticked tenants sign in by themselves; the third is not shown.
  for (const t of [TENANT_1, TENANT_2]) {
    const row = tenantRow(page, 'Cogniac', t.name);
    await expect(row).toHaveCount(1);
    await expect(row.getByText('Valid', { exact: true })).toBeVisible({ timeout: 10_000 });
    await expect(row.getByTestId('countdown')).toHaveText(/^(valid for|renews in) /);
  }
  await expect(card(page, 'Cogniac')).not.toContainText('QA Tenant 3');
  await expect(dashboard(page).getByRole('heading', { name: /^Cogniac/, level: 2 })).toBeVisible();

  // Copy the header of tenant 2: the real token the simulator issued for that tenant.
  await tenantRow(page, 'Cogniac', TENANT_2.name).getByRole('button', { name: `Copy header for Cogniac — ${TENANT_2.name}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toHaveText(
    /^Copied the header for Cogniac — External Tenant 2\. Clipboard clears in (30|29) s\.$/,
  );
  const issued = sim.issuedTokens('cogniac.token').filter((t) => t.tenantId === TENANT_2.id);
  expect(issued.length).toBeGreaterThanOrEqual(1);
  expect(issued.map((t) => `Authorization: Bearer ${t.token}`)).toContain(clipboard.text);

  // "More" offers the code snippets, and Esc closes the menu.
  const more = tenantRow(page, 'Cogniac', TENANT_1.name).getByRole('button', { name: /^More ways to copy/ });
  await more.click();
  await expect(page.getByRole('menu')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toBeHidden();
  await expect(more).toBeFocused();
  await more.click();
  await page.getByRole('menuitem', { name: 'Copy as curl command' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toContainText('Copied the curl command for Cogniac — Internal Tenant 1.');
  expect(clipboard.text).toContain('curl');
  await shot('dashboard-tenants');

  // Search by tenant name.
  await page.getByLabel('Search connections').fill('external');
  await expect(tenantRow(page, 'Cogniac', TENANT_1.name)).toHaveCount(0);
  await expect(tenantRow(page, 'Cogniac', TENANT_2.name)).toHaveCount(1);
  await page.getByLabel('Search connections').fill('');

  // The activity log shows the copy, newest first, and can be searched.
  await page.getByRole('link', { name: 'Activity' }).click();
  const log = page.getByRole('list', { name: 'Activity log' });
  await expect(log.getByRole('listitem').first()).toContainText('Copied');
  await expect(log.getByRole('listitem').filter({ hasText: 'Copied the header' })).toHaveCount(1);
  await page.getByLabel('Search activity').fill('copied');
  await expect(log.getByRole('listitem')).toHaveCount(2);
  await page.getByLabel('Search activity').fill('');
  await shot('activity');
});

test('a countdown goes down by itself', async ({ page, core, sim }) => {
  await core.vault.create({ password: MASTER });
  await core.connections.add({
    providerId: 'resolver',
    label: 'Resolver — reports',
    baseUrl: sim.url,
    auth: { kind: 'resolver-password', username: 'analyst@example.com', password: 'resolver-pass', orgId: 101 },
  });
  const countdown = card(page, 'Resolver — reports').getByTestId('countdown');
  await expect(countdown).toHaveText(/^renews in \d+:\d\d$/, { timeout: 10_000 });
  const first = secondsIn((await countdown.textContent()) ?? '');
  await page.waitForTimeout(2_200);
  const second = secondsIn((await countdown.textContent()) ?? '');
  expect(second).toBeLessThan(first);
  expect(first - second).toBeLessThanOrEqual(4);
});

test('a rejected password is explained in plain words; replacing it and signing in again fixes it', async ({ page, core, sim, shot }) => {
  await core.vault.create({ password: MASTER });
  await addCogniacThroughCore(core, sim.url, 'Cogniac ops', [TENANT_2.id]);
  await expect(tenantRow(page, 'Cogniac ops', TENANT_2.name).getByText('Valid', { exact: true })).toBeVisible({ timeout: 10_000 });

  const details = await openDetails(page, 'Cogniac ops');
  await expect(details.getByText('ops@example.com')).toBeVisible();
  await expect(details.getByText('saved', { exact: false })).toBeVisible();
  // The secret itself never comes back to the window.
  await expect(details).not.toContainText(COGNIAC.password);

  // The password is changed at Cogniac: renewing now fails with a 401.
  sim.fixture.cogniac.users[0]!.password = 'new-cogniac-pass';
  await details.getByRole('button', { name: 'Renew now' }).click();
  await expect(details.getByRole('alert')).toBeVisible({ timeout: 10_000 });
  const problem = details.getByRole('note', { name: 'What went wrong' });
  await expect(problem).toBeVisible();
  await expect(problem).toContainText('What to do:');
  await expect(problem).toContainText('Cogniac rejected the email or password');
  await expect(problem).toContainText('press “Sign in again”');
  await expect(details.getByText('Needs you', { exact: true }).first()).toBeVisible();
  await shot('details');

  // Replace the password, then sign in again.
  await details.getByRole('button', { name: 'Replace password' }).click();
  await details.getByLabel('New password').fill('new-cogniac-pass');
  await details.getByRole('button', { name: 'Save password' }).click();
  await expect(details.getByLabel('New password')).toHaveCount(0);
  await details.getByRole('button', { name: 'Sign in again' }).click();
  await expect(details.getByRole('status').filter({ hasText: 'Signed in' })).toBeVisible({ timeout: 10_000 });
  await expect(problem).toHaveCount(0);
  await expect(details.getByText('Valid', { exact: true }).first()).toBeVisible();

  // Esc closes the panel and focus goes back to the card title.
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  await expect(card(page, 'Cogniac ops').getByRole('button', { name: 'Cogniac ops', exact: true })).toBeFocused();
  await expect(tenantRow(page, 'Cogniac ops', TENANT_2.name).getByText('Valid', { exact: true })).toBeVisible();
});

test('remove a connection only after confirming', async ({ page, core, shot }) => {
  await core.vault.create({ password: MASTER });
  await core.connections.add({ providerId: 'cohortgo', label: 'Cohort Go — test', auth: { kind: 'basic', username: 'api-user', password: 'pw-123' } });
  await core.connections.add({ providerId: 'nexudus', label: 'Nexudus — front desk', auth: { kind: 'basic', username: 'admin', password: 'pw-456' } });

  const details = await openDetails(page, 'Cohort Go — test');
  await details.getByRole('button', { name: 'Remove…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Remove “Cohort Go — test”?' });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await shot('details-remove-confirm');

  await confirm.getByRole('button', { name: 'Keep it' }).click();
  await expect(confirm).toBeHidden();
  await expect(details).toBeVisible();
  expect(await core.connections.list()).toHaveLength(2);

  await details.getByRole('button', { name: 'Remove…' }).click();
  await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(details).toBeHidden();
  await expect(card(page, 'Cohort Go — test')).toHaveCount(0);
  await expect(card(page, 'Nexudus — front desk')).toHaveCount(1);
  await expect(page.getByRole('status')).toHaveText('Removed “Cohort Go — test”.');
  expect((await core.connections.list()).map((c) => c.label)).toEqual(['Nexudus — front desk']);
});

test('settings are saved and survive a reload; the theme is applied to the page', async ({ page, core, shot }) => {
  await core.vault.create({ password: MASTER });
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');
  await shot('settings');

  const clear = page.getByLabel('Clear the clipboard after copying');
  await clear.selectOption('60');
  await expect(page.getByText('Saved: clipboard clearing.')).toBeVisible();
  await page.getByLabel('Lock TokenDesk after this many idle minutes').fill('5');
  await page.getByLabel('Lock TokenDesk after this many idle minutes').press('Enter');
  await expect(page.getByText('Saved: idle lock.')).toBeVisible();
  await page.getByLabel('Dark').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await core.settings.get()).toMatchObject({ clipboardClearSeconds: 60, lockAfterIdleMinutes: 5, theme: 'dark' });

  await page.reload();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(page.getByLabel('Clear the clipboard after copying')).toHaveValue('60');
  await expect(page.getByLabel('Lock TokenDesk after this many idle minutes')).toHaveValue('5');
  await expect(page.getByLabel('Dark')).toBeChecked();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  // "Same as my computer" follows the system setting, live.
  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByLabel('Same as my computer').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('500 connections: the list is virtualized, searchable and scrolls to the end', async ({ page, core, bridge, shot }) => {
  await core.vault.create({ password: MASTER });
  // Leave the page while adding, so it does not receive 500 list updates.
  await page.goto('about:blank');
  for (let i = 0; i < 500; i++) {
    const n = String(i).padStart(3, '0');
    await core.connections.add({
      providerId: i % 2 ? 'cohortgo' : 'nexudus',
      label: `Office ${n}`,
      auth: { kind: 'basic', username: `user${n}`, password: 'pw' },
    });
  }
  await page.goto(bridge.url);
  await expect(page.getByText('500 connections')).toBeVisible({ timeout: 10_000 });
  const rendered = await page.getByRole('article').count();
  expect(rendered, 'only the visible cards are in the page').toBeGreaterThan(0);
  expect(rendered).toBeLessThan(60);

  await shot('dashboard-500');
  // How fast the search answers is measured by the benchmarks, not asserted here.
  await page.getByLabel('Search connections').fill('Office 421');
  await expect(page.getByRole('article')).toHaveCount(1);
  await expect(card(page, 'Office 421')).toBeVisible();

  await page.getByLabel('Search connections').fill('');
  await expect(page.getByText('500 connections')).toBeVisible();
  // Scrolling far down shows later cards.
  // (Cohort Go's group comes first, so the last card is Nexudus's "Office 498".)
  await expect(async () => {
    await page.locator('.virtual-scroller').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect(card(page, 'Office 498')).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 5_000 });
  expect(await page.getByRole('article').count()).toBeLessThan(60);
});
