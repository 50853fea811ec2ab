/**
 * What a person can do from a connection's details: copy the header (per tenant for
 * Cogniac) through the same copy as the dashboard, see why a copy is not possible yet and
 * fix it, test the connection and be told what to do when it fails, rename, and remove after
 * confirming. Copies are checked on the clipboard main wrote to, not on a toast.
 */
import type { Core } from '../../src/main/core';
import { ACCOUNTS } from '../sim/fixture';
import { MASTER } from '../support/core-harness';
import { cogniacConnection, resolverConnection } from '../support/fixture-connections';
import { addCohortGo, basicHeader, card, openDetails } from './connection-helpers';
import { expect, test } from './fixtures';

const COHORT = 'Cohort Go — payroll';

async function stateOf(core: Core, id: string, tenantId?: string): Promise<string | undefined> {
  const c = await core.connections.get({ id });
  return tenantId ? c.tenants.find((t) => t.id === tenantId)?.status.state : c.status.state;
}

test('details: "Copy header" and "Token only" put the Basic header and its token on the clipboard, and the dialog stays open', async ({
  page,
  core,
  sim,
  clipboard,
  shot,
}) => {
  await core.vault.create({ password: MASTER });
  await addCohortGo(core, sim.url, COHORT);
  const details = await openDetails(page, COHORT);
  const expected = basicHeader(ACCOUNTS.cohortgo.username, ACCOUNTS.cohortgo.password);
  expect(clipboard.text).toBe('');

  const section = details.getByRole('region', { name: 'Copy or show the header' });
  await expect(section.getByRole('button', { name: `Copy header for ${COHORT}` })).toBeEnabled();
  await shot('details-copy');

  await section.getByRole('button', { name: `Copy header for ${COHORT}` }).click();
  await expect.poll(() => clipboard.text).toBe(expected);
  await expect(details).toBeVisible();

  await section.getByRole('button', { name: `Copy token only for ${COHORT}` }).click();
  await expect.poll(() => clipboard.text).toBe(expected.slice('Authorization: Basic '.length));

  await section.getByRole('button', { name: `More ways to copy for ${COHORT}` }).click();
  await details.getByRole('menuitem', { name: 'Copy as curl command' }).click();
  await expect.poll(() => clipboard.text).toContain(`curl`);
  expect(clipboard.text).toContain(expected);

  // The copy went through main: the page never held the header.
  expect(await page.content()).not.toContain(expected.slice('Authorization: Basic '.length));
});

test('details: each ticked Cogniac tenant has its own copy, and the clipboard gets that tenant’s token', async ({ page, core, sim, clipboard }) => {
  await core.vault.create({ password: MASTER });
  const c = await core.connections.add(cogniacConnection(sim.url, ['49wshskg', '12ir8sjgtl'], 'Cogniac — lab'));
  await expect.poll(() => stateOf(core, c.id, '49wshskg')).toBe('valid');
  await expect.poll(() => stateOf(core, c.id, '12ir8sjgtl')).toBe('valid');
  const details = await openDetails(page, 'Cogniac — lab');
  const section = details.getByRole('region', { name: 'Copy or show the header' });
  await expect(section.getByRole('button', { name: /^Copy header for / })).toHaveCount(2);

  await section.getByRole('button', { name: 'Copy header for Cogniac — lab — External Tenant 2' }).click();
  await expect.poll(() => clipboard.text).toMatch(/^Authorization: Bearer \S+$/);
  const second = sim.lookup(clipboard.text.slice('Authorization: Bearer '.length));
  expect(second?.tenantId).toBe('12ir8sjgtl');

  await section.getByRole('button', { name: 'Copy header for Cogniac — lab — Internal Tenant 1' }).click();
  await expect.poll(() => sim.lookup(clipboard.text.slice('Authorization: Bearer '.length))?.tenantId).toBe('49wshskg');
});

test('details: while a sign-in is needed the copy is disabled and says why; after signing in it copies', async ({ page, core, sim, clipboard, shot }) => {
  await core.vault.create({ password: MASTER });
  sim.setFault('resolver.login', 'mfa-required');
  const c = await core.connections.add(resolverConnection(sim.url, 'Resolver — finance'));
  await expect.poll(() => stateOf(core, c.id)).toBe('needs-you');

  const details = await openDetails(page, 'Resolver — finance');
  const copy = details.getByRole('button', { name: 'Copy header for Resolver — finance' });
  await expect(copy).toBeDisabled();
  await expect(details.getByRole('button', { name: 'Copy token only for Resolver — finance' })).toBeDisabled();
  await expect(details.getByRole('button', { name: 'More ways to copy for Resolver — finance' })).toBeDisabled();
  // The reason is on screen and tied to the button for screen readers.
  const reason = 'Sign in first: type the 6-digit code from your authenticator app above, then press “Sign in”.';
  await expect(details.getByText(reason)).toBeVisible();
  await expect(copy).toHaveAccessibleDescription(reason);
  await copy.click({ force: true });
  expect(clipboard.text).toBe('');
  await shot('details-copy-disabled');

  await details.getByLabel('6-digit code from your authenticator app').fill(ACCOUNTS.resolverMfaCode);
  await details.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(details.getByRole('status').filter({ hasText: 'Signed in' })).toBeVisible();
  await expect(copy).toBeEnabled();
  await expect(details.getByText(reason)).toHaveCount(0);
  await copy.click();
  await expect.poll(() => clipboard.text).toMatch(/^Authorization: Bearer \S+$/);
  expect(sim.lookup(clipboard.text.slice('Authorization: Bearer '.length))?.provider).toBe('resolver');
});

test('details: Test connection passes in plain words; each failure says what to do next', async ({ page, core, sim, shot }) => {
  await core.vault.create({ password: MASTER });
  const c = await addCohortGo(core, sim.url, COHORT);
  const details = await openDetails(page, COHORT);
  const testButton = details.getByRole('button', { name: 'Test connection' });
  const failed = details.getByRole('alert', { name: 'Test connection failed' });

  await testButton.click();
  await expect(details.getByRole('status').filter({ hasText: 'Connected: Cohort Go accepted these credentials' })).toBeVisible();
  await expect(failed).toHaveCount(0);

  // Wrong password: check it, replace it here, test again.
  sim.setFault('check.cohortgo', 'http-401');
  await testButton.click();
  await expect(failed).toContainText('Cohort Go did not accept the password');
  await expect(failed).toContainText('Cohort Go rejected the email or password (HTTP 401).');
  await expect(failed.getByRole('listitem')).toHaveText([
    'Check that the password is right: sign in to Cohort Go in your web browser with it, or ask the person who gave it to you.',
    'Press “Replace” next to Password below and type the password again, carefully (check Caps Lock, and that nothing is missing at the start or end).',
    'Then press “Test connection” again.',
  ]);
  await shot('details-test-advice-password');

  // The service's own problem: the details may be fine, wait.
  sim.setFault('check.cohortgo', 'http-500');
  await testButton.click();
  await expect(failed).toContainText('Cohort Go has a problem on its side');
  await expect(failed).toContainText('the problem is at the service, not on this computer');
  await expect(failed).not.toContainText('did not accept the password');

  // Forbidden: who to ask.
  sim.setFault('check.cohortgo', 'http-403');
  await testButton.click();
  await expect(failed).toContainText('Ask your Cohort Go administrator to give this account access');

  // A server that does not exist: check the address, the internet, the VPN.
  sim.setFault('check.cohortgo', null);
  await core.connections.update({ id: c.id, patch: { checkUrl: 'https://tokendesk-e2e.invalid/check' } });
  await testButton.click();
  await expect(failed).toContainText('TokenDesk could not find Cohort Go’s server');
  await expect(failed).toContainText('Press “Edit” below and check the address');
  await expect(failed).toContainText('VPN');

  // Working again: the advice goes away.
  await core.connections.update({ id: c.id, patch: { checkUrl: `${sim.url}/check/cohortgo` } });
  await testButton.click();
  await expect(details.getByRole('status').filter({ hasText: 'Connected: Cohort Go accepted' })).toBeVisible();
  await expect(failed).toHaveCount(0);
});

test('details: a Nexudus user without API Access is told to turn it on in Nexudus', async ({ page, core, sim, shot }) => {
  await core.vault.create({ password: MASTER });
  await core.connections.add({
    providerId: 'nexudus',
    label: 'Nexudus — front desk',
    checkUrl: `${sim.url}/check/nexudus`,
    auth: { kind: 'basic', username: ACCOUNTS.nexudusNoApi.username, password: ACCOUNTS.nexudusNoApi.password },
  });
  const details = await openDetails(page, 'Nexudus — front desk');
  await details.getByRole('button', { name: 'Test connection' }).click();
  const failed = details.getByRole('alert', { name: 'Test connection failed' });
  await expect(failed).toContainText('Your user needs “API Access” in Nexudus');
  await expect(failed).toContainText('go to the Status tab and turn on “API Access”');
  await expect(failed).toContainText('Your password stays the same');
  await shot('details-test-advice-api-access');

  // Turned on at Nexudus: the same test now passes.
  sim.fixture.basic.nexudus.find((u) => u.username === ACCOUNTS.nexudusNoApi.username)!.apiAccess = true;
  await details.getByRole('button', { name: 'Test connection' }).click();
  await expect(details.getByRole('status').filter({ hasText: 'Connected: Nexudus accepted' })).toBeVisible();
  await expect(failed).toHaveCount(0);
});

test('details: rename, then remove — "Keep it" keeps the connection, "Remove" forgets it', async ({ page, core, sim }) => {
  await core.vault.create({ password: MASTER });
  const c = await addCohortGo(core, sim.url, COHORT);

  const details = await openDetails(page, COHORT);
  await details.getByRole('button', { name: 'Edit' }).click();
  const form = details.getByRole('form', { name: 'Edit connection' });
  await form.getByLabel('Name', { exact: true }).fill('Cohort Go — payroll (EU)');
  await form.getByRole('button', { name: 'Save changes' }).click();
  const renamed = page.getByRole('dialog', { name: 'Cohort Go — payroll (EU)' });
  await expect(renamed).toBeVisible();
  await expect(card(page, 'Cohort Go — payroll (EU)')).toHaveCount(1);
  await expect(page.getByRole('article', { name: COHORT, exact: true })).toHaveCount(0);
  expect((await core.connections.get({ id: c.id })).label).toBe('Cohort Go — payroll (EU)');

  await renamed.getByRole('button', { name: 'Remove…' }).click();
  let confirm = page.getByRole('alertdialog', { name: 'Remove “Cohort Go — payroll (EU)”?' });
  await expect(confirm).toContainText('The account at Cohort Go is not changed.');
  await confirm.getByRole('button', { name: 'Keep it' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(renamed).toBeVisible();
  expect((await core.connections.list()).map((x) => x.id)).toEqual([c.id]);

  await renamed.getByRole('button', { name: 'Remove…' }).click();
  confirm = page.getByRole('alertdialog', { name: 'Remove “Cohort Go — payroll (EU)”?' });
  await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(renamed).toHaveCount(0);
  await expect(card(page, 'Cohort Go — payroll (EU)')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'No connections yet' })).toBeVisible();
  expect(await core.connections.list()).toEqual([]);
});
