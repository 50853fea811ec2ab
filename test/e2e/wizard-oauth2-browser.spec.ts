/**
 * The add-integration wizard for "OAuth2 — sign in with your browser" against a real OAuth2 /
 * OpenID Connect server (oidc-provider on 127.0.0.1). Test connection checks the client without
 * opening a browser; after saving, "Sign in" opens the server's sign-in page — here the core's
 * openExternal port hands the address to the server's own login and consent pages, driven like
 * a person would (PKCE and the loopback redirect are the real ones) — and the connection then
 * copies a token the server accepts.
 */
import { OIDC_CLIENTS, startOidcServer, type OidcSim } from '../sim/oidc';
import { makeCore, MASTER } from '../support/core-harness';
import { expect, test as base } from './fixtures';
import { chooseService, expectStep, next, openWizard, runTest, testVerdictOk } from './wizard-helpers';

const test = base.extend<{ oidc: OidcSim; opened: string[] }>({
  // eslint-disable-next-line no-empty-pattern
  oidc: async ({}, use) => {
    const oidc = await startOidcServer();
    await use(oidc);
    await oidc.close();
  },
  // eslint-disable-next-line no-empty-pattern
  opened: async ({}, use) => use([]),
  harness: async ({ oidc, opened }, use) => {
    const browsing: Array<Promise<unknown>> = [];
    const h = await makeCore({
      // Like shell.openExternal: resolves once the browser is launched, not when the person is done.
      openExternal: async (url) => {
        opened.push(url);
        browsing.push(oidc.browse(url));
      },
    });
    await use(h);
    await Promise.allSettled(browsing);
    await h.cleanup();
  },
});

test('OAuth2 with the browser: the test checks the client, saving leads to one browser sign-in, then it copies a token the server accepts', async ({ page, core, oidc, opened, clipboard, shot }) => {
  test.slow();
  await core.vault.create({ password: MASTER });
  const form = await openWizard(page);
  await chooseService(page, 'oauth', 'Other HTTP API');
  await form.getByRole('radio', { name: /^OAuth2 — sign in with your browser/ }).check();
  await next(page);
  await form.getByLabel('Issuer address (optional)').fill(oidc.issuer);
  await form.getByLabel('Client ID').fill(OIDC_CLIENTS.app.id);
  await form.getByLabel('Client secret (optional)', { exact: true }).fill(OIDC_CLIENTS.app.secret);
  await form.getByLabel('Scope (optional)').fill('openid offline_access api:read');
  await next(page);
  await expectStep(page, 4, 'Test connection', 'Test the connection');
  await expect(form).toContainText('TokenDesk checks that the sign-in server knows this client.');

  // The test asks the server about the client without opening the browser on its own.
  await runTest(page);
  await expect(testVerdictOk(page)).toContainText(`it knows client “${OIDC_CLIENTS.app.id}”`);
  expect(opened).toEqual([]);
  await shot('wizard-4-test-oauth2-browser');

  await next(page);
  await form.getByLabel('Name', { exact: true }).fill('Reports');
  await form.getByRole('button', { name: 'Save' }).click();
  // Saved, it has no token yet: the one step left is signing in with the browser.
  await expect(form.getByRole('button', { name: 'Copy header for Reports' })).toHaveCount(0);
  await shot('wizard-6-done-browser-sign-in');
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
  const copy = form.getByRole('button', { name: 'Copy header for Reports' });
  await expect(copy).toBeVisible({ timeout: 15_000 });

  // The browser was sent to the server's authorization endpoint with PKCE and a loopback redirect.
  expect(opened).toHaveLength(1);
  const authorize = new URL(opened[0]!);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(new URL(authorize.searchParams.get('redirect_uri')!).hostname).toBe('127.0.0.1');

  await copy.click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  const token = /^Authorization: Bearer (\S+)$/.exec(clipboard.text)?.[1];
  expect(token, 'a Bearer header was copied').toBeTruthy();
  expect(await oidc.accessTokenActive(token!)).toBe(true);
  const [saved] = await core.connections.list();
  expect(saved).toMatchObject({ authKind: 'oauth2-auth-code', status: { state: 'valid' }, oauth2: { issuer: oidc.issuer, clientId: OIDC_CLIENTS.app.id } });
});
