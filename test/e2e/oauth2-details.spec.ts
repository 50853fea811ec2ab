/**
 * An OAuth2 connection's client settings in the details panel: shown (nothing secret), and
 * changed when an administrator rotates the client — after which the next copy is a token
 * issued to the new client. An incomplete server setting is refused in plain words.
 */
import { ACCOUNTS } from '../sim/fixture';
import { MASTER } from '../support/core-harness';
import { expect, test } from './fixtures';

const LABEL = 'Billing API';

test('details: OAuth2 client settings are shown, can be changed, and the next copy uses the new client', async ({ page, core, sim, clipboard, shot }) => {
  await core.vault.create({ password: MASTER });
  const tokenUrl = `${sim.url}/oauth/token`;
  const c = await core.connections.add({
    providerId: 'custom',
    label: LABEL,
    baseUrl: sim.url,
    auth: { kind: 'oauth2-client-credentials', tokenUrl, clientId: ACCOUNTS.oauth.clientId, clientSecret: ACCOUNTS.oauth.clientSecret, scope: 'api:read' },
  });
  await expect.poll(async () => (await core.connections.get({ id: c.id })).status.state).toBe('valid');

  const row = page.getByRole('article', { name: LABEL });
  await row.getByRole('button', { name: LABEL, exact: true }).click();
  const details = page.getByRole('dialog', { name: LABEL });
  await expect(details.getByText(ACCOUNTS.oauth.clientId)).toBeVisible();
  await expect(details.getByText(tokenUrl)).toBeVisible();
  await expect(details).not.toContainText(ACCOUNTS.oauth.clientSecret);
  await shot('details-oauth2');

  await details.getByRole('button', { name: 'Edit' }).click();
  const form = details.getByRole('form', { name: 'Edit connection' });
  await expect(form.getByLabel('Client ID')).toHaveValue(ACCOUNTS.oauth.clientId);
  await expect(form.getByLabel('Sign-in page address', { exact: true })).toHaveCount(0); // client credentials: no browser sign-in

  // Incomplete: neither an issuer nor a token address.
  await form.getByLabel('Token address', { exact: true }).fill('');
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(form.getByRole('alert')).toHaveText('Enter the sign-in server’s address (issuer) or its token address. The service’s OAuth2 documentation lists them.');
  expect((await core.connections.get({ id: c.id })).oauth2?.tokenUrl).toBe(tokenUrl);
  await shot('details-oauth2-edit-error');

  await form.getByLabel('Token address', { exact: true }).fill(tokenUrl);
  await form.getByLabel('Client ID').fill(ACCOUNTS.oauthRotated.clientId);
  await form.getByRole('button', { name: 'Save changes' }).click();
  await expect(details.getByRole('status').filter({ hasText: 'Changes saved.' })).toBeVisible();
  await details.getByRole('button', { name: 'Replace client secret' }).click();
  await details.getByLabel('New client secret').fill(ACCOUNTS.oauthRotated.clientSecret);
  await details.getByRole('button', { name: 'Save client secret' }).click();
  await expect(details.getByText(ACCOUNTS.oauthRotated.clientId)).toBeVisible();
  await expect.poll(async () => (await core.connections.get({ id: c.id })).status.state).toBe('valid');

  await page.keyboard.press('Escape');
  await row.getByRole('button', { name: `Copy token only for ${LABEL}` }).click();
  await expect.poll(() => clipboard.text).not.toBe('');
  expect(sim.lookup(clipboard.text)?.subject).toBe(ACCOUNTS.oauthRotated.clientId);
});
