/**
 * Team packs in the window: export from one core (the downloaded file is read and checked
 * for secrets), import into a fresh vault on a second core (preview lists what is new and
 * what is already here), finish setting up by typing the password, copy; and bad files
 * show their plain reason and change nothing.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { ACCOUNTS } from '../sim/fixture';
import { makeCore, MASTER, type Harness } from '../support/core-harness';
import { startBridge, type Bridge } from './bridge/server';
import { expect, test } from './fixtures';
import { rendererDir } from './global-setup';


const card = (page: Page, label: string) => page.getByRole('article', { name: label });

async function openSettings(page: Page): Promise<Locator> {
  await page.getByRole('link', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Team packs' });
  await expect(section).toBeVisible();
  return section;
}

/** A second core with its own bridge: "a colleague's computer". Closed by the caller. */
async function secondComputer(): Promise<{ harness: Harness; bridge: Bridge; close(): Promise<void> }> {
  const harness = await makeCore();
  const bridge = await startBridge({ core: harness.core, rendererDir });
  return {
    harness,
    bridge,
    async close() {
      await bridge.close();
      await harness.cleanup();
    },
  };
}

test('export a pack, import it on a fresh vault, finish setting up with a password, copy', async ({ page, core, sim, shot }) => {
  // A long story across two computers, with screenshots of seven screens (slow on a busy machine).
  test.setTimeout(180_000);
  // The sender's TokenDesk: real passwords, a Cogniac connection signed in to two tenants.
  await core.vault.create({ password: MASTER });
  await core.connections.add({
    providerId: 'cogniac',
    label: 'Cogniac — production',
    baseUrl: sim.url,
    auth: { kind: 'cogniac', username: ACCOUNTS.cogniac.email, password: ACCOUNTS.cogniac.password, tenantIds: ['49wshskg', '12ir8sjgtl'] },
  });
  await core.connections.add({
    providerId: 'cohortgo',
    label: 'Cohort Go — bookings',
    checkUrl: `${sim.url}/check/cohortgo`,
    auth: { kind: 'basic', username: ACCOUNTS.cohortgo.username, password: ACCOUNTS.cohortgo.password },
  });
  await core.connections.add({ providerId: 'custom', label: 'Scratch API', baseUrl: 'https://scratch.example.com', auth: { kind: 'bearer', token: 'scratch-token-1' } });
  await core.settings.update({ clipboardClearSeconds: 45, lockAfterIdleMinutes: 30 });
  await expect(card(page, 'Cogniac — production').getByText('Valid', { exact: true }).first()).toBeVisible({ timeout: 10_000 });

  // Export through the window, leaving one connection out.
  let section = await openSettings(page);
  await shot('packs-settings');
  await section.getByRole('button', { name: 'Export team pack…' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export a team pack' });
  await expect(exportDialog).toBeVisible();
  await expect(exportDialog.getByRole('checkbox')).toHaveCount(4);
  await exportDialog.getByRole('checkbox', { name: /Scratch API/ }).uncheck();
  await shot('packs-export');
  const downloading = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: 'Save team pack (2)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^TokenDesk team pack - \d{4}-\d{2}-\d{2}\.tokendesk-pack\.json$/);
  const json = await readFile((await download.path())!, 'utf8');
  await expect(exportDialog.getByRole('status')).toContainText(`Saved “${download.suggestedFilename()}” with 2 connections`);

  // The file: two connections, their tenants, and nothing secret.
  const doc = JSON.parse(json) as { format: string; connections: Array<{ label: string }> };
  expect(doc.format).toBe('tokendesk-team-pack');
  expect(doc.connections.map((c) => c.label)).toEqual(['Cogniac — production', 'Cohort Go — bookings']);
  const tokens = sim.issuedTokens().map((t) => t.token);
  expect(tokens.length).toBeGreaterThan(0);
  for (const secret of [ACCOUNTS.cogniac.password, ACCOUNTS.cohortgo.password, ACCOUNTS.cogniac.email, ACCOUNTS.cohortgo.username, 'scratch-token-1', ...tokens]) {
    expect(json).not.toContain(secret);
    expect(json).not.toContain(Buffer.from(secret).toString('base64'));
  }
  await exportDialog.getByRole('button', { name: 'Done' }).click();
  await expect(exportDialog).toBeHidden();

  // The colleague's TokenDesk: a fresh vault that already has the Cohort Go connection.
  const colleague = await secondComputer();
  const dir = await mkdtemp(join(tmpdir(), 'tokendesk-pack-'));
  try {
    const other = colleague.harness.core;
    await other.vault.create({ password: MASTER });
    await other.connections.add({
      providerId: 'cohortgo',
      label: 'My Cohort Go',
      checkUrl: `${sim.url}/check/cohortgo`,
      auth: { kind: 'basic', username: 'me@cohortgo.example', password: 'my-own-password' },
    });
    const packFile = join(dir, download.suggestedFilename());
    await writeFile(packFile, json);

    await page.goto(colleague.bridge.url);
    section = await openSettings(page);
    await section.getByRole('button', { name: 'Import team pack…' }).click();
    const importDialog = page.getByRole('dialog', { name: 'Import a team pack' });
    await importDialog.getByLabel('Team pack file').setInputFiles(packFile);

    const form = importDialog.getByRole('form', { name: 'Choose what to add from the team pack' });
    const adding = form.getByRole('group', { name: 'Will be added (1)' });
    await expect(adding).toBeVisible();
    await expect(adding.getByRole('checkbox', { name: /Cogniac — production/ })).toBeChecked();
    await expect(adding).toContainText('You will type your Cogniac email and your Cogniac password.');
    const skipped = form.getByRole('region', { name: 'Already here — will be skipped (1)' });
    await expect(skipped).toContainText('Cohort Go — bookings');
    await expect(skipped).toContainText('same as your “My Cohort Go”');
    // Only the settings that differ from the colleague's are offered, unticked.
    const settingsGroup = form.getByRole('group', { name: 'Settings in this pack that differ from yours' });
    const useSettings = settingsGroup.getByRole('checkbox', { name: 'Use these settings instead of mine' });
    await expect(useSettings).not.toBeChecked();
    await expect(settingsGroup.getByRole('listitem')).toHaveText(['Clear the clipboard 45 seconds after copying', 'Lock TokenDesk after 30 minutes idle']);
    await shot('packs-import-preview');
    expect(await other.connections.list()).toHaveLength(1);

    await useSettings.check();
    await form.getByRole('button', { name: 'Add 1 connection' }).click();
    const done = page.getByRole('dialog', { name: 'Team pack added' });
    await expect(done).toContainText('Added 1 connection. Skipped 1 you already have. The pack’s settings are now in use.');
    expect(await other.settings.get()).toMatchObject({ clipboardClearSeconds: 45, lockAfterIdleMinutes: 30 });
    await expect(done).toContainText('Finish setting up');
    await shot('packs-import-done');
    await done.getByRole('button', { name: 'Go to connections' }).click();

    // The dashboard says what is missing; nothing signs in for it yet.
    const waiting = card(page, 'Cogniac — production');
    await expect(waiting).toContainText('Waiting for your email and password');
    await expect(waiting.getByText('Needs you', { exact: true })).toBeVisible();
    await expect(waiting.getByRole('button', { name: /^Copy header/ })).toHaveCount(0);
    const signInsBefore = sim.count('cogniac.token');
    await shot('packs-dashboard-waiting');

    // Finish setting up: the form shows the provider's advice; the password is typed here.
    await waiting.getByRole('button', { name: 'Finish setting up Cogniac — production' }).click();
    const details = page.getByRole('dialog', { name: 'Cogniac — production' });
    const finish = details.getByRole('form', { name: 'Finish setting up' });
    await expect(finish).toBeVisible();
    await expect(details).toContainText('The email and password you use to sign in to the Cogniac web app.');
    await expect(finish.getByLabel('Cogniac email', { exact: true })).toBeFocused();
    await expect(details.getByRole('button', { name: 'Test connection' })).toHaveCount(0);
    await expect(details.getByRole('button', { name: 'Show header' })).toHaveCount(0);
    // Copying waits for the form, and says so once (not per tenant).
    await expect(details.getByRole('region', { name: 'Copy or show the header' })).toHaveText(/Finish setting up first: type your own sign-in details above\./);
    await expect(details.getByRole('button', { name: /^Copy header for / })).toHaveCount(0);
    await shot('packs-finish-setup');
    expect(sim.count('cogniac.token')).toBe(signInsBefore);

    await finish.getByLabel('Cogniac email', { exact: true }).fill(ACCOUNTS.cogniac.email);
    await finish.getByLabel('Cogniac password', { exact: true }).fill(ACCOUNTS.cogniac.password);
    await finish.getByRole('button', { name: 'Save and finish' }).click();
    await expect(details.getByRole('status').filter({ hasText: 'This connection is set up' })).toBeVisible();
    await expect(finish).toHaveCount(0);
    await expect(details.getByRole('button', { name: 'Test connection' })).toBeVisible();
    await page.keyboard.press('Escape');

    const tenant = card(page, 'Cogniac — production').getByRole('listitem').filter({ hasText: 'External Tenant 2' });
    await expect(tenant.getByText('Valid', { exact: true })).toBeVisible({ timeout: 10_000 });
    await tenant.getByRole('button', { name: 'Copy header for Cogniac — production — External Tenant 2' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toHaveText(/^Copied the header for Cogniac — production — External Tenant 2\. Clipboard clears in 4\d s\.$/);
    const issued = sim.issuedTokens('cogniac.token').filter((t) => t.tenantId === '12ir8sjgtl').map((t) => `Authorization: Bearer ${t.token}`);
    expect(issued).toContain(colleague.harness.clipboard.text);
    await shot('packs-after-setup');
  } finally {
    await rm(dir, { recursive: true, force: true });
    await colleague.close();
  }
});

test('a bad pack file shows its plain reason and changes nothing', async ({ page, core, harness, shot }) => {
  // Three files, an accessibility check and four screenshots: allow for a busy machine.
  test.setTimeout(90_000);
  await core.vault.create({ password: MASTER });
  await core.connections.add({ providerId: 'custom', label: 'Mine', auth: { kind: 'bearer', token: 'mine-1' } });
  const dir = await mkdtemp(join(tmpdir(), 'tokendesk-pack-'));
  try {
    const vaultBefore = await readFile(join(harness.dataDir, 'vault.json'), 'utf8');
    const withSecret = join(dir, 'leaky.tokendesk-pack.json');
    await writeFile(
      withSecret,
      JSON.stringify({
        format: 'tokendesk-team-pack',
        version: 1,
        createdAt: '2026-11-24T09:00:00Z',
        connections: [{ providerId: 'custom', label: 'Leaky', authKind: 'bearer', baseUrl: null, checkUrl: null, headerName: 'Authorization', scheme: 'Bearer', token: 'abc' }],
      }),
    );
    const notAPack = join(dir, 'notes.json');
    await writeFile(notAPack, JSON.stringify({ shopping: ['milk'] }));
    const newer = join(dir, 'newer.tokendesk-pack.json');
    await writeFile(newer, JSON.stringify({ format: 'tokendesk-team-pack', version: 3, createdAt: '2030-01-01T00:00:00Z', connections: [] }));

    const section = await openSettings(page);
    await section.getByRole('button', { name: 'Import team pack…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import a team pack' });
    const file = dialog.getByLabel('Team pack file');

    await file.setInputFiles(withSecret);
    await expect(dialog.getByRole('alert')).toContainText('This pack contains a secret (the “token” field of connection 1). Team packs never carry passwords, keys or tokens');
    await expect(file).toHaveAttribute('aria-describedby', /error/);
    await shot('packs-import-error');

    await file.setInputFiles(notAPack);
    await expect(dialog.getByRole('alert')).toContainText('This file is not a TokenDesk team pack. Choose the file whose name ends in .tokendesk-pack.json.');

    await file.setInputFiles(newer);
    await expect(dialog.getByRole('alert')).toContainText('made by a newer TokenDesk (pack version 3). Update TokenDesk');

    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    expect(await readFile(join(harness.dataDir, 'vault.json'), 'utf8')).toBe(vaultBefore);
    expect((await core.connections.list()).map((c) => c.label)).toEqual(['Mine']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
