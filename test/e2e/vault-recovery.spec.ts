/**
 * A damaged vault file, as the person meets it: the window says what happened and where the
 * file is; restoring the backup brings back the previous save (and keeps the damaged file);
 * with no usable backup, or when the restore fails, it says what to do next — and nothing is
 * deleted. The data folder is prepared before the app opens it, as after a crash or a bad
 * disk.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { ACCOUNTS } from '../sim/fixture';
import { makeCore, MASTER } from '../support/core-harness';
import { expect, test as base } from './fixtures';

const FIRST = 'Cohort Go — first';
const SECOND = 'Cohort Go — second';

type Damage = 'vault' | 'vault-and-backup';

/** Two saves (so the backup holds the first), then the damage, before the app starts. */
async function prepare(dir: string, damage: Damage): Promise<void> {
  const h = await makeCore({}, dir);
  await h.core.vault.create({ password: MASTER });
  const basic = { kind: 'basic' as const, username: ACCOUNTS.cohortgo.username, password: ACCOUNTS.cohortgo.password };
  await h.core.connections.add({ providerId: 'cohortgo', label: FIRST, auth: basic });
  await h.core.connections.add({ providerId: 'cohortgo', label: SECOND, auth: basic });
  await h.core.close();
  await flipLabel(join(dir, 'vault.json'), SECOND);
  if (damage === 'vault-and-backup') await writeFile(join(dir, 'vault.json.bak'), '{"format":"tokendesk-vault", trunc');
}

/** Changes one letter of a connection's name in the file: what a bad disk sector does. */
async function flipLabel(file: string, label: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const at = text.indexOf(JSON.stringify(label).slice(1, -1));
  expect(at, `"${label}" is in the vault file`).toBeGreaterThan(0);
  await writeFile(file, text.slice(0, at) + 'X' + text.slice(at + 1));
}

const test = base.extend<{ damage: Damage }>({
  damage: ['vault', { option: true }],
  harness: async ({ damage }, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'tokendesk-e2e-damaged-'));
    await prepare(dir, damage);
    const h = await makeCore({}, dir);
    await use(h);
    await h.cleanup();
  },
});

const title = (page: Page) => page.getByRole('heading', { name: 'TokenDesk could not open your vault' });
const restoreButton = (page: Page) => page.getByRole('button', { name: 'Restore the last backup' });

test('a damaged vault: the reason and the file are shown; restoring the backup brings back the previous save', async ({ page, harness, shot }) => {
  await expect(title(page)).toBeVisible();
  await expect(page.getByRole('alert').first()).toContainText('The TokenDesk data file has been changed or damaged outside TokenDesk');
  await expect(page.getByRole('alert').first()).not.toContainText('checksum');
  await expect(page.getByText(join(harness.dataDir, 'vault.json'))).toBeVisible();
  await expect(page.getByRole('heading', { name: 'What you can do' })).toHaveCount(0);
  await shot('vault-damaged');

  await restoreButton(page).click();
  await expect(page.getByRole('heading', { name: 'TokenDesk is locked' })).toBeVisible();
  await page.getByLabel('Master password').fill(MASTER);
  await page.getByRole('button', { name: 'Unlock' }).click();
  // The backup is the save before the second connection was added.
  await expect(page.getByRole('article', { name: FIRST })).toBeVisible();
  await expect(page.getByRole('article', { name: SECOND })).toHaveCount(0);
  // The damaged file was set aside, not deleted.
  expect((await readdir(harness.dataDir)).some((f) => f.startsWith('vault.json.damaged-'))).toBe(true);
});

test('a restore that fails says why, stops offering it, and says what to do next', async ({ page, harness, shot }) => {
  await expect(restoreButton(page)).toBeVisible();
  // The backup disappears after the screen offered it (another program moved it, say).
  await rm(join(harness.dataDir, 'vault.json.bak'));
  await restoreButton(page).click();

  await expect(page.getByText('The backup copy is no longer there (it was moved or deleted), so there is nothing to restore.', { exact: false })).toBeVisible();
  // Said once: the core's message already names the backup.
  await expect(page.getByText('could not be restored', { exact: false })).toHaveCount(0);
  await expect(restoreButton(page)).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'What you can do' })).toBeVisible();
  await expect(page.getByText('Move the vault file above to another folder', { exact: false })).toBeVisible();
  expect((await harness.core.vault.status()).state).toBe('damaged');
  // Nothing was thrown away.
  expect((await readdir(harness.dataDir)).filter((f) => f.startsWith('vault.json'))).toEqual(['vault.json']);
  await shot('vault-restore-failed');
});

test.describe('with the backup damaged too', () => {
  test.use({ damage: 'vault-and-backup' });

  test('no restore is offered; the next steps are', async ({ page, harness, shot }) => {
    await expect(title(page)).toBeVisible();
    await expect(page.getByRole('alert').first()).toContainText('There is no usable backup to restore.');
    await expect(restoreButton(page)).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'What you can do' })).toBeVisible();
    expect((await readdir(harness.dataDir)).filter((f) => f.startsWith('vault.json')).sort()).toEqual(['vault.json', 'vault.json.bak']);
    await shot('vault-damaged-no-backup');
  });
});
