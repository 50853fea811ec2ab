/**
 * Everyday work in the window, past the first setup: a connection that needs the person (an
 * MFA code) and how the details fix it; every way to copy; Test connection passing and
 * failing in plain words; the activity log with its filters; every setting through the
 * window; and the details panel in a small window.
 */
import type { Core } from '../../src/main/core';
import { ACCOUNTS } from '../sim/fixture';
import { MASTER } from '../support/core-harness';
import { cogniacConnection, resolverConnection } from '../support/fixture-connections';
import { card, openDetails } from './connection-helpers';
import { expect, test } from './fixtures';

async function stateOf(core: Core, id: string): Promise<string> {
  return (await core.connections.get({ id })).status.state;
}

test('a connection that needs an MFA code says so on the dashboard; typing the code in the details fixes it', async ({ page, core, sim, shot }) => {
  await core.vault.create({ password: MASTER });
  sim.setFault('resolver.login', 'mfa-required');
  const c = await core.connections.add(resolverConnection(sim.url, 'Resolver — finance'));
  await expect.poll(() => stateOf(core, c.id)).toBe('needs-you');

  const row = card(page, 'Resolver — finance');
  await expect(row.getByText('Needs you', { exact: true })).toBeVisible();
  await expect(row).toContainText('6-digit code');
  // A copy would fail: the row offers the fix instead.
  await expect(row.getByRole('button', { name: 'Copy header for Resolver — finance' })).toHaveCount(0);
  await shot('dashboard-needs-you');

  await row.getByRole('button', { name: 'Fix Resolver — finance' }).click();
  const details = page.getByRole('dialog', { name: 'Resolver — finance' });
  await expect(details).toBeVisible();
  await expect(details.getByRole('note', { name: 'What went wrong' })).toContainText('What to do:');
  // The code box and its button sit right under "What to do".
  await details.getByLabel('6-digit code from your authenticator app').fill('000000');
  await details.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(details.getByRole('alert')).toBeVisible();
  expect(await stateOf(core, c.id)).toBe('needs-you');
  await shot('details-needs-you');

  await details.getByLabel('6-digit code from your authenticator app').fill(ACCOUNTS.resolverMfaCode);
  await details.getByLabel('6-digit code from your authenticator app').press('Tab');
  await expect(details.getByRole('button', { name: 'Sign in', exact: true })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(details.getByRole('status').filter({ hasText: 'Signed in' })).toBeVisible();
  await expect(details.getByRole('note', { name: 'What went wrong' })).toHaveCount(0);
  expect(await stateOf(core, c.id)).toBe('valid');
  await page.keyboard.press('Escape');
  await expect(row.getByText('Valid', { exact: true })).toBeVisible();
  await expect(row.getByRole('button', { name: 'Copy header for Resolver — finance' })).toBeVisible();
});

test('copy the header, the token only and a curl command; the toast says what and when the clipboard clears; the page never holds the token', async ({
  page,
  core,
  sim,
  clipboard,
}) => {
  await core.vault.create({ password: MASTER });
  const c = await core.connections.add(resolverConnection(sim.url, 'Resolver — ops'));
  await expect.poll(() => stateOf(core, c.id)).toBe('valid');
  const row = card(page, 'Resolver — ops');
  await expect(row.getByText('Valid', { exact: true })).toBeVisible();
  const toast = page.locator('.toast-area').getByRole('status');

  await row.getByRole('button', { name: 'Copy header for Resolver — ops' }).click();
  await expect(toast).toContainText('Copied the header for Resolver — ops. Clipboard clears in');
  const header = clipboard.text;
  expect(header).toMatch(/^Authorization: Bearer \S+$/);
  const token = header.slice('Authorization: Bearer '.length);
  expect(sim.issuedTokens().map((t) => t.token)).toContain(token);

  await row.getByRole('button', { name: 'Copy token only for Resolver — ops' }).click();
  await expect(toast).toContainText('Copied the token for Resolver — ops.');
  expect(clipboard.text).toBe(token);

  await row.getByRole('button', { name: 'More ways to copy for Resolver — ops' }).click();
  await page.getByRole('menuitem', { name: 'Copy as curl command' }).click();
  await expect(toast).toContainText('Copied the curl command for Resolver — ops.');
  expect(clipboard.text).toContain('curl');
  expect(clipboard.text).toContain(`Authorization: Bearer ${token}`);
  // The menu closed and focus went back to its button.
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(row.getByRole('button', { name: 'More ways to copy for Resolver — ops' })).toBeFocused();

  // Copies go through main: the token never reached the page.
  expect(await page.content()).not.toContain(token);
});

test('Test connection in the details: a pass and a failure, each in plain words', async ({ page, core, sim, shot }) => {
  await core.vault.create({ password: MASTER });
  const c = await core.connections.add(cogniacConnection(sim.url, ['12ir8sjgtl'], 'Cogniac — lab'));
  await expect.poll(async () => (await core.connections.get({ id: c.id })).tenants.find((t) => t.selected)?.status.state).toBe('valid');
  const details = await openDetails(page, 'Cogniac — lab');

  await details.getByRole('button', { name: 'Test connection' }).click();
  await expect(details.getByRole('status').filter({ hasText: 'External Tenant 2' })).toBeVisible();

  sim.setFault('cogniac.tenants', 'http-500');
  await details.getByRole('button', { name: 'Test connection' }).click();
  const failure = details.getByRole('alert');
  await expect(failure).toContainText('having a problem right now (HTTP 500)');
  await shot('details-test-failed');
});

test('the activity log lists what happened; the kind filter and the search narrow it, and no match is said in words', async ({ page, core, sim, clipboard, shot }) => {
  await core.vault.create({ password: MASTER });
  const c = await core.connections.add(resolverConnection(sim.url, 'Resolver — audit'));
  await expect.poll(() => stateOf(core, c.id)).toBe('valid');
  await card(page, 'Resolver — audit').getByRole('button', { name: 'Copy header for Resolver — audit' }).click();
  await expect.poll(() => clipboard.text).toContain('Authorization: Bearer');
  await core.tokens.refresh({ connectionId: c.id });
  await core.settings.update({ clipboardClearSeconds: 45 });

  await page.getByRole('link', { name: 'Activity' }).click();
  const log = page.getByRole('list', { name: 'Activity log' });
  for (const what of ['Vault created', 'Connection added', 'Copied', 'Renewed', 'Settings changed']) {
    await expect(log.getByText(what, { exact: true }).first(), what).toBeVisible();
  }
  await expect(log.locator('time').first()).toBeVisible();
  // In the Settings screen's words, not the program's.
  await expect(log).toContainText('Settings — Changed clipboard clearing');
  await shot('activity');

  const show = page.getByLabel('Show');
  await show.selectOption({ label: 'Copies and reveals' });
  await expect(log.getByRole('listitem')).toHaveCount(1);
  await expect(log.getByRole('listitem')).toContainText('Copied');
  await expect(page.getByText('1 of', { exact: false })).toBeVisible();
  await shot('activity-filtered');

  await show.selectOption({ label: 'All activity' });
  await page.getByLabel('Search activity').fill('renewed');
  await expect(log.getByRole('listitem').first()).toContainText('Renewed');
  for (const item of await log.getByRole('listitem').all()) await expect(item).toContainText(/renew/i);

  await page.getByLabel('Search activity').fill('nothing like this');
  await expect(page.getByText('Nothing matches “nothing like this”. Clear the search or choose All activity.')).toBeVisible();
  await shot('activity-no-match');
});

test('every setting can be changed in the window and reaches main; a bad value is explained and changes nothing', async ({ page, core, shot }) => {
  await core.vault.create({ password: MASTER });
  await page.getByRole('link', { name: 'Settings' }).click();
  const saved = page.locator('.settings-feedback');

  await page.getByLabel('Clear the clipboard after copying').selectOption('120');
  await expect(saved).toContainText('Saved');
  const idle = page.getByLabel('Lock TokenDesk after this many idle minutes');
  await idle.fill('25');
  await idle.press('Enter');
  await expect(saved).toContainText('Saved: idle lock.');

  const checks = page.locator('.settings label.check input[type="checkbox"]');
  const before = await core.settings.get();
  for (const box of await checks.all()) {
    const was = await box.isChecked();
    await box.setChecked(!was);
    await expect(saved).toContainText('Saved');
  }
  const after = await core.settings.get();
  expect(after.lockOnScreenLock).toBe(!before.lockOnScreenLock);
  expect(after.launchAtLogin).toBe(!before.launchAtLogin);

  const shortcut = page.getByLabel('Keyboard shortcut to open TokenDesk');
  await shortcut.fill('CommandOrControl+Alt+T');
  await shortcut.press('Enter');
  await expect(saved).toContainText('Saved');
  await page.getByLabel('Light').check();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByLabel('A copied token must still work for at least').selectOption({ label: '2 minutes' });
  await expect(saved).toContainText('Saved: minimum validity.');
  const good = await core.settings.get();
  expect(good).toMatchObject({ clipboardClearSeconds: 120, lockAfterIdleMinutes: 25, shortcut: 'CommandOrControl+Alt+T', theme: 'light', minValiditySeconds: 120 });

  // Out of range, or not a whole number: main's message under the field, what was typed
  // stays there to be corrected, and the saved value does not change.
  for (const bad of ['99999', '2.5', '-1']) {
    await idle.fill(bad);
    await idle.press('Enter');
    await expect(page.locator('#idle-error')).toHaveText('Enter the minutes as a whole number from 0 (never) to 1440 (24 hours).');
    await expect(idle).toHaveValue(bad);
    await expect(idle).toHaveAttribute('aria-invalid', 'true');
    expect((await core.settings.get()).lockAfterIdleMinutes).toBe(25);
  }
  await shot('settings-error');
  await idle.fill('30');
  await idle.press('Enter');
  await expect(page.locator('#idle-error')).toHaveCount(0);
  await expect(saved).toContainText('Saved: idle lock.');
  expect((await core.settings.get()).lockAfterIdleMinutes).toBe(30);
});

test('in a small window the details panel fits and scrolls inside itself down to Remove', async ({ page, core, sim, shot }) => {
  await core.vault.create({ password: MASTER });
  await core.connections.add(cogniacConnection(sim.url, ['49wshskg', '12ir8sjgtl'], 'Cogniac — small'));
  await page.setViewportSize({ width: 420, height: 680 });
  const details = await openDetails(page, 'Cogniac — small');
  const box = await details.boundingBox();
  expect(box, 'the panel is on screen').not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.y).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(420);
  expect(box!.y + box!.height).toBeLessThanOrEqual(680);

  const remove = details.getByRole('button', { name: 'Remove…' });
  await remove.scrollIntoViewIfNeeded();
  await expect(remove).toBeInViewport();
  // The page behind did not scroll sideways, and keyboard focus reaches Remove too.
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  await remove.focus();
  await expect(remove).toBeFocused();
  await shot('details-small');
});
