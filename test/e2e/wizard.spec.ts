/**
 * The add-integration wizard, end to end: one scenario per seed provider against the
 * simulator (Cohort Go, Nexudus, Cogniac, Resolver with an API key and with a password and
 * MFA), "Other HTTP API" with a bearer token and with an API key in a query parameter, and
 * the wizard's own rules: Back keeps what was typed, leaving asks first, a bad field stops
 * Next. Every step is checked with axe and photographed (light and dark, two sizes).
 */
import type { Page } from '@playwright/test';
import { ACCOUNTS } from '../sim/fixture';
import { OIDC_CLIENTS, startOidcServer } from '../sim/oidc';
import { MASTER } from '../support/core-harness';
import { expect, test } from './fixtures';
import {
  chooseService,
  expectStep,
  next,
  openWizard,
  runTest,
  stepHeading,
  testVerdictFailed,
  testVerdictOk,
} from './wizard-helpers';

// Each scenario walks every step with axe checks and four screenshots per step: give it room.
test.describe.configure({ timeout: 180_000 });

const basic = (user: string, password: string) => `Authorization: Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
const card = (page: Page, label: string) => page.getByRole('article', { name: label });

test('Cohort Go: every step, from choosing the service to copying the first header', async ({ page, core, sim, clipboard, shot }) => {
  await core.vault.create({ password: MASTER });
  const form = await openWizard(page);

  // 1. Choose a service: a searchable list, focus on the heading, typing goes to the search.
  await expectStep(page, 1, 'Choose a service', 'Which service do you want to connect?');
  await expect(form.getByRole('option')).toHaveCount(5);
  await shot('wizard-1-provider');
  await page.keyboard.type('coh');
  await expect(form.getByRole('combobox', { name: 'Search services' })).toHaveValue('coh');
  // Other HTTP API always stays, so there is always a way on.
  await expect(form.getByRole('option')).toHaveCount(2);
  await expect(form.getByRole('option').first()).toContainText('Cohort Go');
  await page.keyboard.press('Enter');

  // 2. What you need: the recipe's steps, the docs link, the sign-in modes.
  await expectStep(page, 2, 'What you need', 'What you need for Cohort Go');
  await expect(form.getByRole('listitem').filter({ hasText: 'Settings → API Users' })).toHaveCount(1);
  await expect(form).toContainText('it is shown only once');
  const docs = form.getByRole('link', { name: 'https://cohortgo.dev/guides/authentication/' });
  await expect(docs).toHaveAttribute('target', '_blank');
  const modes = form.getByRole('group', { name: 'How do you want to sign in?' });
  await expect(modes.getByRole('radio', { name: /API user \(email and password\)/ })).toBeChecked();
  await expect(modes.getByRole('radio', { name: /OAuth2 — on request from Cohort Go/ })).not.toBeChecked();
  await expect(modes.getByText('Recommended')).toHaveCount(1);
  await expect(form.getByText('TokenDesk will hand out:')).toContainText('Authorization: Basic …');
  await shot('wizard-2-needs');
  // Enter on the step (focus is on its heading) goes on.
  await page.keyboard.press('Enter');

  // 3. Details: fields from the recipe with help under each; the known address is shown.
  await expectStep(page, 3, 'Your details', 'Sign-in details for Cohort Go');
  await expect(form.getByText('Address: https://portal.cohortgo.com/api/v1')).toBeVisible();
  const email = form.getByLabel('API user’s email');
  await expect(email).toHaveAttribute('aria-describedby', 'wz-field-username-help');
  await expect(form.locator('#wz-field-username-help')).toHaveText(/not your own sign-in/);
  await email.fill(ACCOUNTS.cohortgo.username);
  const password = form.getByLabel('API user’s password', { exact: true });
  await password.fill(ACCOUNTS.cohortgo.password);
  await expect(password).toHaveAttribute('type', 'password');
  // The toggle shows a word, and its name starts with that word.
  const reveal = form.getByRole('button', { name: 'Show API user’s password' });
  await expect(reveal).toHaveText('Show');
  await reveal.click();
  await expect(password).toHaveAttribute('type', 'text');
  const hide = form.getByRole('button', { name: 'Hide API user’s password' });
  await expect(hide).toHaveText('Hide');
  await expect(hide).toBeFocused();
  await hide.click();
  await expect(password).toHaveAttribute('type', 'password');
  await expect(reveal).toHaveText('Show');
  await form.getByLabel('Check address (optional)').fill(`${sim.url}/check/cohortgo`);
  await shot('wizard-3-details');
  await form.getByLabel('Check address (optional)').press('Enter');

  // 4. Test connection: a real request; what it proved, in green.
  await expectStep(page, 4, 'Test connection', 'Test the connection');
  await expect(form).toContainText(`TokenDesk opens ${sim.url}/check/cohortgo with the API user’s email and password and checks that Cohort Go accepts them.`);
  await shot('wizard-4-test');
  const checksBefore = sim.count('check.cohortgo');
  await runTest(page);
  await expect(testVerdictOk(page)).toContainText('It works');
  await expect(testVerdictOk(page)).toContainText(`Connected: Cohort Go accepted these credentials at ${sim.url}/check/cohortgo (HTTP 200).`);
  expect(sim.count('check.cohortgo')).toBe(checksBefore + 1);
  expect(await core.connections.list()).toEqual([]);
  await shot('wizard-4-test-ok');
  await next(page);

  // 5. Name it: prefilled, with a summary of what will be saved.
  await expectStep(page, 5, 'Name it', 'Name this connection');
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('Cohort Go');
  await expect(form.getByRole('definition').filter({ hasText: ACCOUNTS.cohortgo.username })).toHaveCount(1);
  await shot('wizard-5-name');
  await form.getByRole('button', { name: 'Save' }).click();

  // Done: the first header one click away.
  await expect(stepHeading(page)).toHaveText('“Cohort Go” is ready');
  await expect(stepHeading(page)).toBeFocused();
  await expect(form.getByText('Done — the connection is saved')).toBeVisible();
  await shot('wizard-6-done');
  await form.getByRole('button', { name: 'Copy header for Cohort Go' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toHaveText(/^Copied the header for Cohort Go\. Clipboard clears in (30|29) s\.$/);
  expect(clipboard.text).toBe(basic(ACCOUNTS.cohortgo.username, ACCOUNTS.cohortgo.password));
  await form.getByRole('button', { name: 'Go to dashboard' }).click();
  await expect(form).toHaveCount(0);
  await expect(card(page, 'Cohort Go')).toContainText(`Cohort Go · ${ACCOUNTS.cohortgo.username}`);
  const [saved] = await core.connections.list();
  expect(saved).toMatchObject({ providerId: 'cohortgo', authKind: 'basic', checkUrl: `${sim.url}/check/cohortgo`, baseUrl: 'https://portal.cohortgo.com/api/v1' });
});

test('Nexudus: a 401 explains how to turn on API Access; after turning it on, the test passes', async ({ page, core, sim, shot }) => {
  await core.vault.create({ password: MASTER });
  const form = await openWizard(page);
  // Arrow keys move through the list; Enter chooses.
  await form.getByRole('combobox', { name: 'Search services' }).focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(form.getByRole('option', { name: /^Nexudus/ })).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Enter');
  await expectStep(page, 2, 'What you need', 'What you need for Nexudus');
  await expect(form.getByRole('listitem').filter({ hasText: 'go to the Status tab and turn on “API Access”' })).toHaveCount(1);
  // One way to sign in: no choice to make.
  await expect(form.getByRole('radio')).toHaveCount(0);
  await next(page);

  // The docs' check address is suggested; here it points at the simulator instead.
  const check = form.getByLabel('Check address (optional)');
  await expect(check).toHaveValue('https://spaces.nexudus.com/api/sys/coworkers');
  await check.fill(`${sim.url}/check/nexudus`);
  await form.getByLabel('Nexudus email').fill(ACCOUNTS.nexudusNoApi.username);
  await form.getByLabel('Nexudus password', { exact: true }).fill(ACCOUNTS.nexudusNoApi.password);
  await next(page);
  await runTest(page);
  const failed = testVerdictFailed(page);
  await expect(failed).toContainText('That did not work: Your user needs “API Access” in Nexudus');
  await expect(failed).toContainText('Nexudus rejected the email or password (HTTP 401).');
  await expect(failed).toContainText('go to the Status tab and turn on "API Access"');
  // What to do next, in the wizard's words: the password stays, test again.
  await expect(failed.getByRole('listitem')).toHaveText([/^Ask a Nexudus administrator/, 'Your password stays the same: there is nothing to change here.', 'Then press “Test again”.']);
  await expect(form.getByRole('button', { name: 'Change details' })).toBeVisible();
  await expect(form.getByRole('button', { name: 'Next', exact: true })).toHaveCount(0);
  await shot('wizard-4-test-failed');

  // The administrator turns on API Access in Nexudus; testing again now passes.
  sim.fixture.basic.nexudus.find((u) => u.username === ACCOUNTS.nexudusNoApi.username)!.apiAccess = true;
  await runTest(page, 'Test again');
  await expect(testVerdictOk(page)).toContainText('Connected: Nexudus accepted these credentials');
  await expect(failed).toHaveCount(0);
  await next(page);
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('Nexudus');
  await form.getByLabel('Name', { exact: true }).fill('Nexudus — front desk');
  await form.getByLabel('Name', { exact: true }).press('Enter');
  await expect(stepHeading(page)).toHaveText('“Nexudus — front desk” is ready');
  const [saved] = await core.connections.list();
  expect(saved).toMatchObject({ label: 'Nexudus — front desk', providerId: 'nexudus', username: ACCOUNTS.nexudusNoApi.username });
  expect((await core.connections.test({ id: saved!.id })).ok).toBe(true);
});

test('Cogniac: the test finds the tenants, at least one must be ticked, both ticked tenants become valid', async ({ page, core, sim, clipboard, shot }) => {
  await core.vault.create({ password: MASTER });
  const form = await openWizard(page);
  await chooseService(page, 'cogniac', 'Cogniac');
  await expect(form.getByRole('listitem').filter({ hasText: 'lists the tenants' })).toHaveCount(1);
  await next(page);

  // The known address is shown; the simulator needs a different one.
  await expect(form.getByText('Address: https://api.cogniac.io')).toBeVisible();
  await expect(form.getByLabel('Cogniac API address (optional)')).toHaveCount(0);
  await form.getByRole('button', { name: 'Use a different address' }).click();
  await form.getByLabel('Cogniac API address (optional)').fill(sim.url);
  await form.getByLabel('Cogniac email').fill(ACCOUNTS.cogniac.email);
  await form.getByLabel('Cogniac password', { exact: true }).fill(ACCOUNTS.cogniac.password);
  await next(page);
  await expect(form).toContainText(`TokenDesk signs in to Cogniac at ${sim.url} and lists the tenants you can use.`);
  await runTest(page);
  await expect(testVerdictOk(page)).toContainText('Connected to Cogniac as ops@example.com. Found 3 tenants.');
  const tenants = form.getByRole('group', { name: 'Tenants to use' });
  await expect(tenants.getByRole('checkbox')).toHaveCount(3);

  // Next with nothing ticked is refused, in words.
  await next(page);
  await expect(tenants.getByRole('alert')).toHaveText('Tick at least one to continue.');
  await expect(tenants.getByRole('checkbox').first()).toBeFocused();
  await expect(form.getByText('Step 4 of 5 — Test connection')).toBeVisible();
  await shot('wizard-4-test-tenants');
  await tenants.getByLabel(/Internal Tenant 1/).check();
  await tenants.getByLabel(/External Tenant 2/).check();
  await expect(tenants.getByRole('alert')).toHaveCount(0);
  await next(page);
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('Cogniac');
  await expect(form.getByRole('definition').filter({ hasText: 'Internal Tenant 1, External Tenant 2' })).toHaveCount(1);
  await form.getByRole('button', { name: 'Save' }).click();

  // Done: one copy button per ticked tenant, each tenant signs in by itself.
  await expect(stepHeading(page)).toHaveText('“Cogniac” is ready');
  const targets = form.getByRole('listitem');
  await expect(targets).toHaveCount(2);
  for (const name of ['Internal Tenant 1', 'External Tenant 2']) {
    await expect(targets.filter({ hasText: name }).getByText('Valid', { exact: true })).toBeVisible({ timeout: 10_000 });
  }
  await shot('wizard-6-done-tenants');
  await form.getByRole('button', { name: 'Copy header for Cogniac — External Tenant 2' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toContainText('Copied the header for Cogniac — External Tenant 2.');
  const issued = sim.issuedTokens('cogniac.token').filter((t) => t.tenantId === '12ir8sjgtl');
  expect(issued.map((t) => `Authorization: Bearer ${t.token}`)).toContain(clipboard.text);
  const [saved] = await core.connections.list();
  expect(saved!.tenants.filter((t) => t.selected).map((t) => t.id).sort()).toEqual(['12ir8sjgtl', '49wshskg']);
  expect(saved!.baseUrl).toBe(sim.url);
});

test('Resolver Core with an API key: the password mode explains why not, and switching keeps the address', async ({ page, core, sim, clipboard, shot }) => {
  await core.vault.create({ password: MASTER });
  const form = await openWizard(page);
  await chooseService(page, 'resolver', 'Resolver Core');
  const modes = form.getByRole('group', { name: 'How do you want to sign in?' });
  await expect(modes.getByRole('radio', { name: /^API key/ })).toBeChecked();
  await expect(form.getByRole('note')).toHaveCount(0);

  // Choosing the password: the notice explains API keys and offers to switch.
  await modes.getByRole('radio', { name: /^Email, password and org ID/ }).check();
  const notice = form.getByRole('note', { name: 'Resolver recommends an API key instead' });
  await expect(notice).toContainText('15 minutes');
  await expect(notice).toContainText('password policy');
  await expect(form.getByRole('listitem').filter({ hasText: 'Locating an Org’s ID' })).toHaveCount(1);
  await shot('wizard-2-needs-resolver-password');
  await next(page);
  await form.getByLabel('Resolver Core address').fill(sim.url);
  await form.getByLabel('Resolver Core email').fill(ACCOUNTS.resolver.email);
  await form.getByRole('button', { name: 'Back' }).click();

  await notice.getByRole('button', { name: 'Use an API key instead' }).click();
  await expect(modes.getByRole('radio', { name: /^API key/ })).toBeChecked();
  await expect(modes.getByRole('radio', { name: /^API key/ })).toBeFocused();
  await expect(notice).toHaveCount(0);
  await expect(form.getByText('TokenDesk will hand out:')).toContainText('Authorization: ApiKey …');
  await next(page);
  await expect(form.getByLabel('Resolver Core address')).toHaveValue(sim.url);
  await form.getByLabel('API key', { exact: true }).fill(ACCOUNTS.resolverApiKey);
  await form.getByLabel('Check address (optional)').fill(`${sim.url}/user/apikey-check`);
  // Header name and prefix are tucked away with their usual values.
  const more = form.locator('details.more-settings');
  await expect(more).not.toHaveAttribute('open', '');
  await more.locator('summary').click();
  await expect(form.getByLabel('Header name (optional)')).toHaveValue('Authorization');
  await expect(form.getByLabel('Text before the key (optional)')).toHaveValue('ApiKey ');
  await shot('wizard-3-details-more');
  await next(page);
  await runTest(page);
  await expect(testVerdictOk(page)).toContainText('Connected: Resolver Core accepted these credentials');
  await next(page);
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('Resolver Core');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByRole('button', { name: 'Copy header for Resolver Core' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  expect(clipboard.text).toBe(`Authorization: ApiKey ${ACCOUNTS.resolverApiKey}`);
  const [saved] = await core.connections.list();
  expect(saved).toMatchObject({ authKind: 'resolver-api-key', baseUrl: sim.url, username: null });
});

test('Resolver Core with a password: MFA asks for a code, the org is confirmed, the name says which org', async ({ page, core, sim, shot }) => {
  await core.vault.create({ password: MASTER });
  sim.setFault('resolver.login', 'mfa-required');
  const form = await openWizard(page);
  await chooseService(page, 'resol', 'Resolver Core');
  await form.getByRole('radio', { name: /^Email, password and org ID/ }).check();
  await expect(form.getByRole('note', { name: 'Resolver recommends an API key instead' }).getByRole('button', { name: 'Use an API key instead' })).toBeVisible();
  await next(page);
  await form.getByLabel('Resolver Core address').fill(sim.url);
  await form.getByLabel('Resolver Core email').fill(ACCOUNTS.resolver.email);
  await form.getByLabel('Resolver Core password', { exact: true }).fill(ACCOUNTS.resolver.password);
  await form.getByLabel('Org ID').fill('101');
  await next(page);
  await expect(form).toContainText(`TokenDesk signs in to Resolver Core at ${sim.url} as ${ACCOUNTS.resolver.email} for org 101, then signs out again.`);
  await runTest(page);
  await expect(testVerdictFailed(page)).toContainText('A code from your authenticator app is needed');
  await expect(testVerdictFailed(page)).toContainText('Resolver Core needs the 6-digit code from your authenticator app.');
  const code = form.getByLabel('6-digit code from your authenticator app');
  await expect(code).toBeFocused();
  await shot('wizard-4-test-mfa');
  await code.fill(ACCOUNTS.resolverMfaCode);
  await code.press('Enter');
  await expect(testVerdictOk(page)).toContainText('Signed in to Resolver Core as Ana Lyst (analyst@example.com) in org 101.', { timeout: 15_000 });
  await expect(form.getByRole('definition')).toHaveText('Org 101 — confirmed by Resolver Core');
  await shot('wizard-4-test-org');
  await next(page);
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('Resolver Core — Org 101');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(stepHeading(page)).toHaveText('“Resolver Core — Org 101” is ready');
  // The first sign-in used the code too: the connection is valid, not waiting for a code.
  await expect(form.getByRole('listitem').getByText('Valid', { exact: true })).toBeVisible({ timeout: 10_000 });
  const [saved] = await core.connections.list();
  expect(saved).toMatchObject({ authKind: 'resolver-password', username: ACCOUNTS.resolver.email, baseUrl: sim.url });
  expect(JSON.stringify(saved)).not.toContain(ACCOUNTS.resolverMfaCode);
});

test('Other HTTP API with a bearer token: tested against a check address, named after its host', async ({ page, core, sim, clipboard }) => {
  await core.vault.create({ password: MASTER });
  // A real token from the simulator's Resolver API, whose /object/ping accepts it.
  const login = await fetch(`${sim.url}/user/authenticate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ACCOUNTS.resolver.email, password: ACCOUNTS.resolver.password, selectedOrg: 101, client: 'core-client' }),
  });
  const { token } = (await login.json()) as { token: string };

  const form = await openWizard(page);
  await chooseService(page, 'other', 'Other HTTP API');
  const modes = form.getByRole('group', { name: 'How do you want to sign in?' });
  await expect(modes.getByRole('radio')).toHaveCount(6);
  await modes.getByRole('radio', { name: /^Token \(Bearer\)/ }).check();
  await next(page);
  await form.getByLabel('Token', { exact: true }).fill(token);
  await form.getByLabel('Check address (optional)').fill(`${sim.url}/object/ping`);
  await next(page);
  await runTest(page);
  await expect(testVerdictOk(page)).toContainText(`Connected: 127.0.0.1:${sim.port} accepted these credentials`);
  await next(page);
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue(`127.0.0.1:${sim.port}`);
  await form.getByLabel('Name', { exact: true }).fill('Reports API');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByRole('button', { name: 'Copy header for Reports API' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  expect(clipboard.text).toBe(`Authorization: Bearer ${token}`);
});

test('Other HTTP API with an API key in a query parameter: no check address means "nothing to test", and it saves', async ({ page, core, shot }) => {
  await core.vault.create({ password: MASTER });
  const form = await openWizard(page);
  await chooseService(page, 'api', 'Other HTTP API');
  await form.getByRole('radio', { name: /^API key in the address \(query parameter\)/ }).check();
  await expect(form.getByText('TokenDesk will hand out:')).toContainText('…?api_key=…');
  await next(page);
  await expect(form.getByLabel('Parameter name')).toHaveValue('api_key');
  await form.getByLabel('Parameter name').fill('key');
  await form.getByLabel('API key', { exact: true }).fill('abc123');
  await next(page);
  const nothing = form.getByRole('note', { name: 'Nothing to test against' });
  await expect(nothing).toContainText('You left the check address empty');
  await expect(form.getByRole('button', { name: 'Test connection' })).toHaveCount(0);
  await shot('wizard-4-test-nothing');
  await next(page);
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue('Other HTTP API');
  await form.getByLabel('Name', { exact: true }).fill('Weather feed');
  await form.getByRole('button', { name: 'Save' }).click();
  await expect(stepHeading(page)).toHaveText('“Weather feed” is ready');
  const [saved] = await core.connections.list();
  expect(saved).toMatchObject({ label: 'Weather feed', providerId: 'custom', authKind: 'api-key', headerName: 'key', checkUrl: null });
});

test('Back keeps everything typed, secrets included; leaving asks first, and discarding forgets it', async ({ page, core, shot }) => {
  await core.vault.create({ password: MASTER });
  let form = await openWizard(page);

  // Nothing typed yet: Esc closes at once.
  await page.keyboard.press('Escape');
  await expect(form).toHaveCount(0);
  form = await openWizard(page);
  await chooseService(page, 'coh', 'Cohort Go');
  await next(page);
  await form.getByLabel('API user’s email').fill('someone@example.com');
  await form.getByLabel('API user’s password', { exact: true }).fill('typed-secret-1');
  await form.getByLabel('Check address (optional)').fill('https://api.example.com/me');

  // All the way back to the list and forward again.
  await form.getByRole('button', { name: 'Back' }).click();
  await expectStep(page, 2, 'What you need', 'What you need for Cohort Go');
  await form.getByRole('button', { name: 'Back' }).click();
  await expectStep(page, 1, 'Choose a service', 'Which service do you want to connect?');
  await expect(form.getByRole('option', { name: /^Cohort Go/ })).toHaveAttribute('aria-selected', 'true');
  await next(page);
  await next(page);
  await expect(form.getByLabel('API user’s email')).toHaveValue('someone@example.com');
  await expect(form.getByLabel('API user’s password', { exact: true })).toHaveValue('typed-secret-1');
  await expect(form.getByLabel('Check address (optional)')).toHaveValue('https://api.example.com/me');

  // Esc asks; "Keep editing" keeps it all.
  await page.keyboard.press('Escape');
  const ask = page.getByRole('alertdialog', { name: 'Discard this new connection?' });
  await expect(ask).toBeVisible();
  await expect(ask.getByRole('button', { name: 'Keep editing' })).toBeFocused();
  await shot('wizard-discard');
  await ask.getByRole('button', { name: 'Keep editing' }).click();
  await expect(ask).toHaveCount(0);
  await expect(form.getByLabel('API user’s password', { exact: true })).toHaveValue('typed-secret-1');

  // The × and the top navigation ask too; "Discard" leaves and forgets.
  await form.getByRole('button', { name: 'Cancel adding this connection' }).click();
  await expect(ask).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(ask).toHaveCount(0);
  await expect(form).toBeVisible();
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(ask).toBeVisible();
  await ask.getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await expect(form).toHaveCount(0);
  expect(await core.connections.list()).toEqual([]);

  await page.getByRole('link', { name: 'Connections' }).click();
  form = await openWizard(page);
  await chooseService(page, 'coh', 'Cohort Go');
  await next(page);
  await expect(form.getByLabel('API user’s email')).toHaveValue('');
  await expect(form.getByLabel('API user’s password', { exact: true })).toHaveValue('');
});

test('a bad field shows its message and Next is refused until it is fixed', async ({ page, core, shot }) => {
  await core.vault.create({ password: MASTER });
  const form = await openWizard(page);
  await chooseService(page, 'coh', 'Cohort Go');
  await next(page);
  const email = form.getByLabel('API user’s email');
  const password = form.getByLabel('API user’s password', { exact: true });
  const check = form.getByLabel('Check address (optional)');

  // Leaving a field shows its problem, in the words main would use.
  await email.fill('api:user');
  await email.blur();
  await expect(form.locator('#wz-field-username-error')).toHaveText(
    'The user name cannot contain a colon (:). Basic sign-in uses the colon to separate the user name from the password.',
  );
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAttribute('aria-describedby', 'wz-field-username-error wz-field-username-help');
  await check.fill('http://api.example.com/me');

  // Next shows every problem, stays on the step and puts the cursor on the first one.
  await next(page);
  await expect(form.getByText('Step 3 of 5 — Your details')).toBeVisible();
  await expect(email).toBeFocused();
  await expect(form.locator('#wz-field-password-error')).toHaveText('Enter the password.');
  await expect(form.locator('#wz-field-checkUrl-error')).toContainText('Use an address that starts with https://');
  await shot('wizard-3-details-errors');
  await password.press('Enter');
  await expect(form.getByText('Step 3 of 5 — Your details')).toBeVisible();

  await email.fill('api-user@cohortgo.example');
  await password.fill('generated-Pa55');
  await check.fill('');
  await expect(form.locator('.field-error')).toHaveCount(0);
  await next(page);
  await expectStep(page, 4, 'Test connection', 'Test the connection');
  expect(await core.connections.list()).toEqual([]);
});

test('Other HTTP API with OAuth2: the form asks for the client details and checks them like main does', async ({ page, core, shot }) => {
  // Only the form: the OAuth2 sign-in itself is tested where its flow lives.
  await core.vault.create({ password: MASTER });
  const form = await openWizard(page);
  await chooseService(page, 'oauth', 'Other HTTP API');
  await form.getByRole('radio', { name: /^OAuth2 — app to app \(client credentials\)/ }).check();
  await expect(form.getByText('TokenDesk will hand out:')).toContainText('Authorization: Bearer …');
  await next(page);
  await form.getByLabel('Token address (optional)').fill('login.example.com/token');
  await form.getByLabel('Client ID').fill('reports-app');
  await form.getByLabel('Scope (optional)').fill('read "all"');
  await next(page);
  await expect(form.locator('#wz-field-tokenUrl-error')).toHaveText('That is not a web address. It should look like https://api.example.com.');
  await expect(form.locator('#wz-field-clientSecret-error')).toHaveText('Enter the client secret.');
  await expect(form.locator('#wz-field-scope-error')).toHaveText('The scope is a list of words separated by spaces, for example "read write".');
  await expect(form.getByLabel('Token address (optional)')).toBeFocused();
  await shot('wizard-3-details-oauth2');
  await form.getByLabel('Token address (optional)').fill('https://login.example.com/token');
  await form.getByLabel('Client secret', { exact: true }).fill('s3cret');
  await form.getByLabel('Scope (optional)').fill('read write');
  await next(page);
  await expectStep(page, 4, 'Test connection', 'Test the connection');
  expect(await core.connections.list()).toEqual([]);
});

test('Other HTTP API with OAuth2 client credentials against a real OAuth2 server: found from its issuer, tested, saved, copied', async ({ page, core, clipboard, shot }) => {
  test.slow();
  const oidc = await startOidcServer();
  try {
    await core.vault.create({ password: MASTER });
    const form = await openWizard(page);
    await chooseService(page, 'oauth', 'Other HTTP API');
    await form.getByRole('radio', { name: /^OAuth2 — app to app \(client credentials\)/ }).check();
    await next(page);
    await form.getByLabel('Issuer address (optional)').fill(oidc.issuer);
    await form.getByLabel('Client ID').fill(OIDC_CLIENTS.machine.id);
    await form.getByLabel('Client secret', { exact: true }).fill(OIDC_CLIENTS.machine.secret);
    await form.getByLabel('Scope (optional)').fill('api:read');
    await next(page);
    await expectStep(page, 4, 'Test connection', 'Test the connection');
    await runTest(page);
    await expect(testVerdictOk(page)).toBeVisible();
    await shot('wizard-4-test-oauth2');
    // The test signed in for real, and nothing was saved by it.
    expect(oidc.issued.filter((t) => t.kind === 'ClientCredentials')).toHaveLength(1);
    expect(await core.connections.list()).toEqual([]);

    await next(page);
    await form.getByLabel('Name', { exact: true }).fill('Billing API');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByRole('button', { name: 'Copy header for Billing API' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
    const token = /^Authorization: Bearer (\S+)$/.exec(clipboard.text)?.[1];
    expect(token, 'a Bearer header was copied').toBeTruthy();
    expect(await oidc.accessTokenActive(token!)).toBe(true);
    const [saved] = await core.connections.list();
    expect(saved).toMatchObject({ authKind: 'oauth2-client-credentials', storedSecretFields: ['clientSecret'], oauth2: { issuer: oidc.issuer, clientId: OIDC_CLIENTS.machine.id } });
  } finally {
    await oidc.close();
  }
});
