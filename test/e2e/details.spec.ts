/**
 * The master-password strength meter on first run, and the details panel's reveal and edit:
 * a header shown on request (and hidden again), renaming, and a rejected http address.
 */
import { MASTER } from '../support/core-harness';
import { basicHeader, card, openDetails } from './connection-helpers';
import { expect, test } from './fixtures';

const LABEL = 'Cohort Go — test';
const USER = 'api-user';
const PASSWORD = 'pw-123';

test('first run: the strength meter goes from "Too short" to "Strong" as a passphrase is typed', async ({ page, core, shot }) => {
  const password = page.getByLabel('Choose a master password');
  const meter = page.getByRole('meter', { name: 'Password strength' });
  await expect(meter).toHaveAttribute('aria-valuenow', '0');
  await expect(page.locator('#strength-text')).toContainText('Too short.');
  await expect(password).toHaveAttribute('aria-describedby', 'strength-text');

  await password.fill('short');
  await expect(page.locator('#strength-text')).toContainText('Too short.');
  await password.fill('password12');
  await expect(page.locator('#strength-text')).toContainText('Weak.');
  await expect(meter).toHaveAttribute('aria-valuetext', 'Weak');

  await password.fill('');
  await password.pressSequentially('copper lantern drifts over quiet fields');
  await expect(page.locator('#strength-text')).toContainText('Strong.');
  await expect(meter).toHaveAttribute('aria-valuenow', '4');
  await page.getByLabel('Type it again').fill('copper lantern drifts over quiet fields');
  await shot('first-run-strength');

  // The meter is advice: the vault is created as before.
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('heading', { name: 'No connections yet' })).toBeVisible();
  expect((await core.vault.status()).state).toBe('unlocked');
});

test('details: "Show header" reveals the Basic header, and "Hide" hides it', async ({ page, core, shot }) => {
  await core.vault.create({ password: MASTER });
  await core.connections.add({ providerId: 'cohortgo', label: LABEL, auth: { kind: 'basic', username: USER, password: PASSWORD } });

  const details = await openDetails(page, LABEL);
  await expect(details.getByRole('textbox', { name: 'The header' })).toHaveCount(0);
  await details.getByRole('button', { name: 'Show header' }).click();
  const value = details.getByRole('textbox', { name: 'The header' });
  const expected = basicHeader(USER, PASSWORD);
  await expect(value).toHaveValue(expected);
  await expect(value).toHaveAttribute('readonly', '');
  await expect(details.getByText('Hidden again in 30 seconds.')).toBeVisible();
  await shot('details-reveal');

  const hide = details.getByRole('button', { name: 'Hide header' });
  await hide.click();
  await expect(value).toHaveCount(0);
  await expect(details).not.toContainText(expected);
  await expect(details.getByRole('button', { name: 'Show header' })).toBeFocused();

  // Closing the panel forgets it too.
  await details.getByRole('button', { name: 'Show header' }).click();
  await expect(value).toHaveValue(expected);
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  const again = await openDetails(page, LABEL);
  await expect(again.getByRole('textbox', { name: 'The header' })).toHaveCount(0);
  await expect(page.locator('body')).not.toContainText(expected);
});

test('details: renaming updates the card; an http address is refused in plain words and changes nothing', async ({ page, core, shot }) => {
  await core.vault.create({ password: MASTER });
  const added = await core.connections.add({ providerId: 'cohortgo', label: LABEL, auth: { kind: 'basic', username: USER, password: PASSWORD } });

  let details = await openDetails(page, LABEL);
  await details.getByRole('button', { name: 'Edit' }).click();
  const form = details.getByRole('form', { name: 'Edit connection' });
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue(LABEL);
  await expect(form.getByLabel('User name')).toHaveValue(USER);
  await shot('details-edit');

  // An http address: main's message is shown inline and nothing is saved.
  await form.getByLabel('Address', { exact: true }).fill('http://example.com');
  await form.getByLabel('Name', { exact: true }).fill('Renamed but not saved');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form.getByRole('alert')).toContainText('https://');
  await expect(form).toBeVisible();
  let saved = (await core.connections.list()).find((c) => c.id === added.id)!;
  expect(saved.label).toBe(LABEL);
  expect(saved.baseUrl).toBe(added.baseUrl);
  await expect(card(page, LABEL)).toHaveCount(1);

  // Cancel restores what is saved.
  await form.getByRole('button', { name: 'Cancel' }).click();
  await expect(form).toHaveCount(0);
  await expect(details.getByText('Renamed but not saved')).toHaveCount(0);
  await details.getByRole('button', { name: 'Edit' }).click();
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue(LABEL);
  await expect(form.getByLabel('Address', { exact: true })).toHaveValue(added.baseUrl ?? '');

  // Renaming only sends the name, and the card follows.
  await form.getByLabel('Name', { exact: true }).fill('Cohort Go — staging');
  await form.getByRole('button', { name: 'Save changes' }).click();
  details = page.getByRole('dialog', { name: 'Cohort Go — staging' });
  await expect(details).toBeVisible();
  await expect(details.getByRole('status').filter({ hasText: 'Changes saved.' })).toBeVisible();
  await expect(card(page, 'Cohort Go — staging')).toHaveCount(1);
  await expect(card(page, LABEL)).toHaveCount(0);
  saved = (await core.connections.list()).find((c) => c.id === added.id)!;
  expect(saved).toMatchObject({ label: 'Cohort Go — staging', baseUrl: added.baseUrl, username: USER });
});
