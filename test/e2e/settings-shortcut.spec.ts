/**
 * Settings → keyboard shortcut when the shell cannot use the one typed: the core asks the
 * shell (its SystemSettingsPort) to register it before saving, the shell refuses, and the
 * page says why right under the field while the previous, working shortcut stays.
 * The harness is rebuilt here with a stand-in for the Electron shell's port, in which
 * Ctrl+Alt+K belongs to another app and "Ctrl+Banana" is not a key combination.
 */
import { CoreError, type SystemSettingsPort } from '../../src/main/core';
import { makeCore, MASTER } from '../support/core-harness';
import { expect, test as base } from './fixtures';

const TAKEN = 'Ctrl+Alt+K is already used by another app. Choose another shortcut in Settings.';
const NOT_KEYS = 'Ctrl+Banana is not a shortcut TokenDesk can use. Choose another shortcut in Settings.';

const registered: string[] = [];
const shell: SystemSettingsPort = {
  async applyShortcut(accelerator) {
    if (accelerator === 'Ctrl+Alt+K') throw new CoreError('setting-not-applied', TAKEN);
    if (accelerator === 'Ctrl+Banana') throw new CoreError('setting-not-applied', NOT_KEYS);
    registered.push(accelerator);
  },
  async applyLaunchAtLogin() {},
};

const test = base.extend({
  // eslint-disable-next-line no-empty-pattern
  harness: async ({}, use) => {
    const h = await makeCore({ systemSettings: shell });
    await use(h);
    await h.cleanup();
  },
});

test('a shortcut another app owns is refused next to the field, and the working one stays', async ({ page, core, shot }) => {
  test.slow();
  registered.length = 0;
  await core.vault.create({ password: MASTER });
  await page.getByRole('link', { name: 'Settings' }).click();
  const field = page.getByLabel('Keyboard shortcut to open TokenDesk');
  await expect(field).toHaveValue('CommandOrControl+Shift+Space');

  await field.fill('Ctrl+Alt+K');
  await field.press('Enter');
  const problem = page.locator('#shortcut-error');
  await expect(problem).toHaveText(TAKEN);
  await expect(problem).toHaveAttribute('role', 'alert');
  // The field shows the shortcut that still works, and says it is not valid as typed.
  await expect(field).toHaveValue('CommandOrControl+Shift+Space');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveAttribute('aria-describedby', 'shortcut-error shortcut-help');
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toHaveCount(0);
  expect((await core.settings.get()).shortcut).toBe('CommandOrControl+Shift+Space');
  expect(registered).toEqual([]);

  await shot('settings-shortcut-taken'); // axe-checked in both themes by shot()

  await field.fill('Ctrl+Banana');
  await field.press('Enter');
  await expect(problem).toHaveText(NOT_KEYS);

  // A free shortcut is registered, saved, and the message goes away.
  await field.fill('Ctrl+Alt+J');
  await field.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toHaveText('Saved: keyboard shortcut.');
  await expect(problem).toHaveCount(0);
  await expect(field).not.toHaveAttribute('aria-invalid');
  await expect(field).toHaveValue('Ctrl+Alt+J');
  expect(registered).toEqual(['Ctrl+Alt+J']);
  expect((await core.settings.get()).shortcut).toBe('Ctrl+Alt+J');
});
