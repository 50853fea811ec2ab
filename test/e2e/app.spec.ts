/**
 * What a person sees and does in the TokenDesk window, end to end: the built renderer in
 * Chromium, a real core behind the test bridge, and the provider simulator.
 */
import type { Page } from '@playwright/test';
import type { TokenDeskApi } from '../../src/shared/contract';
import { MASTER } from '../support/core-harness';
import { expect, test } from './fixtures';
import { chooseService, next, openWizard, runTest } from './wizard-helpers';

const COHORT_USER = 'api-user@cohortgo.example';
const COHORT_PASSWORD = 'generated-Pa55';
const LABEL = 'Cohort Go — production';

const lockedHeading = (page: Page) => page.getByRole('heading', { name: 'TokenDesk is locked' });
const emptyState = (page: Page) => page.getByRole('heading', { name: 'No connections yet' });

test('first run: creating the vault explains bad passwords, then shows the empty dashboard', async ({ page, core, shot }) => {
  await expect(page.getByRole('heading', { name: 'Welcome to TokenDesk' })).toBeVisible();
  await expect(page.getByText('At least 10 characters. There is no way to recover it if you forget it.')).toBeVisible();
  await shot('lock-first-run');

  const password = page.getByLabel('Choose a master password');
  const again = page.getByLabel('Type it again');
  const create = page.getByRole('button', { name: 'Create vault' });

  // Too short: the core's rule, in plain words.
  await password.fill('short');
  await again.fill('short');
  await create.click();
  await expect(page.getByRole('alert')).toHaveText('Use at least 10 characters for the master password.');
  expect((await core.vault.status()).state).toBe('new');

  // The two boxes differ.
  await password.fill(MASTER);
  await again.fill(MASTER + 'x');
  await create.click();
  await expect(page.getByRole('alert')).toHaveText('The two passwords are not the same. Type them again.');
  expect((await core.vault.status()).state).toBe('new');

  await again.fill(MASTER);
  await create.click();
  await expect(emptyState(page)).toBeVisible();
  await expect(page.getByText('Add the first service you need a header for.', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add a connection' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Lock' })).toBeVisible();
  expect((await core.vault.status()).state).toBe('unlocked');
  await shot('dashboard-empty');
});

test('unlock: a wrong password says so in plain words, the right one opens the dashboard', async ({ page, core, shot }) => {
  await core.vault.create({ password: MASTER });
  await core.vault.lock();
  await page.reload();

  await expect(lockedHeading(page)).toBeVisible();
  await expect(page.getByLabel('Type it again')).toHaveCount(0);
  await shot('unlock');

  const password = page.getByLabel('Master password');
  await password.fill('not the password');
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('alert')).toHaveText('That master password is not right. Check Caps Lock and try again.');
  expect((await core.vault.status()).state).toBe('locked');
  await shot('unlock-wrong-password');

  await password.fill(MASTER);
  await password.press('Enter');
  await expect(emptyState(page)).toBeVisible();
  expect((await core.vault.status()).state).toBe('unlocked');
});

test('add a Cohort Go connection, copy its header, then lock clears the clipboard', async ({ page, core, clipboard, sim, shot }) => {
  // Five wizard steps before the dashboard checks and screenshots.
  test.slow();
  await core.vault.create({ password: MASTER });
  await expect(emptyState(page)).toBeVisible();

  // The wizard (covered step by step in wizard.spec.ts) replaces the list while it is open.
  const form = await openWizard(page);
  await expect(page.getByRole('button', { name: 'Add a connection' })).toBeHidden();
  await chooseService(page, 'cohort', 'Cohort Go');
  await next(page);
  await form.getByLabel('API user’s email').fill(COHORT_USER);
  await form.getByLabel('API user’s password', { exact: true }).fill(COHORT_PASSWORD);
  await form.getByLabel('Check address (optional)').fill(`${sim.url}/check/cohortgo`);
  await next(page);
  await runTest(page);
  await next(page);
  await form.getByLabel('Name', { exact: true }).fill(LABEL);
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByRole('button', { name: 'Go to dashboard' }).click();

  await expect(form).toBeHidden();
  const list = page.getByRole('region', { name: 'Connections' });
  const row = list.getByRole('listitem').filter({ has: page.getByRole('heading', { name: LABEL }) });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`Cohort Go · ${COHORT_USER}`);
  const [saved] = await core.connections.list();
  expect(saved).toMatchObject({ label: LABEL, providerId: 'cohortgo' });
  // What was saved really signs in at the (simulated) provider.
  expect((await core.connections.test({ id: saved!.id })).ok).toBe(true);
  expect(sim.count('check.cohortgo')).toBeGreaterThanOrEqual(2);
  await shot('dashboard-connection');

  await row.getByRole('button', { name: `Copy header for ${LABEL}` }).click();
  await expect(page.getByRole('status')).toHaveText(
    `Copied the header for ${LABEL}. Clipboard clears in 30 s.`,
  );
  const expected = `Authorization: Basic ${Buffer.from(`${COHORT_USER}:${COHORT_PASSWORD}`, 'utf8').toString('base64')}`;
  expect(clipboard.text).toBe(expected);
  await shot('dashboard-copied');

  await page.getByRole('button', { name: 'Lock' }).click();
  await expect(lockedHeading(page)).toBeVisible();
  await expect(page.getByRole('heading', { name: LABEL })).toHaveCount(0);
  expect(clipboard.text).toBe('');
  expect((await core.vault.status()).state).toBe('locked');
});

test('bad input in the wizard: a colon in the user name is explained, Next is refused and nothing is added', async ({ page, core }) => {
  await core.vault.create({ password: MASTER });
  const form = await openWizard(page);
  await chooseService(page, 'cohort', 'Cohort Go');
  await next(page);

  await form.getByLabel('API user’s email').fill('api:user');
  await form.getByLabel('API user’s password', { exact: true }).fill(COHORT_PASSWORD);
  await next(page);

  await expect(form.getByText(
    'The user name cannot contain a colon (:). Basic sign-in uses the colon to separate the user name from the password.',
  )).toBeVisible();
  await expect(form.getByText('Step 3 of 5 — Your details')).toBeVisible();
  expect(await core.connections.list()).toEqual([]);

  // Something was typed, so leaving asks first.
  await form.getByRole('button', { name: 'Cancel', exact: true }).click();
  await page.getByRole('alertdialog', { name: 'Discard this new connection?' }).getByRole('button', { name: 'Discard' }).click();
  await expect(emptyState(page)).toBeVisible();
  expect(await core.connections.list()).toEqual([]);
});

test('the bridge refuses a page or socket without the token', async ({ context, bridge }) => {
  // A page on the same server but without #bridge=… in its address cannot reach the core.
  // (Uses its own page: the app on it is expected to log the failed connection.)
  const page = await context.newPage();
  await page.goto(bridge.origin + '/');
  const outcome = await page.evaluate(() =>
    (window as unknown as { tokendesk: TokenDeskApi }).tokendesk.invoke('vault:status').then(
      () => 'answered',
      (e: Error & { code?: string }) => e.code,
    ),
  );
  expect(outcome).toBe('bridge-closed');
  const wrongToken = await page.evaluate(
    (url) =>
      new Promise<string>((done) => {
        const ws = new WebSocket(url);
        ws.onopen = () => done('opened');
        ws.onerror = () => done('refused');
      }),
    bridge.origin.replace('http', 'ws') + '/__bridge?token=wrong',
  );
  expect(wrongToken).toBe('refused');
  expect(bridge.clients).toBe(0);
  await page.close();
});
