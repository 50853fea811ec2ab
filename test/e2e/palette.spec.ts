/**
 * The quick-copy palette (the small window the global shortcut opens), in the browser: the
 * built renderer's `#/palette` route — the same page main loads into the palette window
 * (src/main/index.ts `loadPage(win, '/palette')`) — against a real core and the simulator.
 * `window.close()` is what the page calls to close its window (main turns it into hiding
 * the palette); here it is replaced by a counter before the app starts, so the test can
 * assert the call.
 */
import type { Page } from '@playwright/test';
import type { Core } from '../../src/main/core';
import { MASTER } from '../support/core-harness';
import type { Bridge } from './bridge/server';
import { expect, test } from './fixtures';

// axe runs twice per state (light and dark) and the screenshots are 4 per state.
test.slow();

const COGNIAC = { email: 'ops@example.com', password: 'cogniac-pass' };
const TENANT_1 = { id: '49wshskg', name: 'Internal Tenant 1' };
const TENANT_2 = { id: '12ir8sjgtl', name: 'External Tenant 2' };
const COHORT = { user: 'api-user@cohortgo.example', password: 'generated-Pa55' };
const NEXUDUS = { user: 'desk@nexudus.example', password: 'nexudus-Pa55' };
const basic = (user: string, password: string) => `Authorization: Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;


/** Loads the palette route from scratch (the app picks the palette by the address at start). */
async function openPalette(page: Page, bridge: Bridge): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { paletteCloseCalls: number };
    w.paletteCloseCalls = 0;
    window.close = () => void (w.paletteCloseCalls += 1);
  });
  // about:blank first: going from "/#bridge=…" to "/#/palette" alone would only change the hash.
  await page.goto('about:blank');
  await page.goto(`${bridge.origin}/#/palette`);
  await expect(combobox(page)).toBeFocused();
}

const combobox = (page: Page) => page.getByRole('combobox', { name: 'Find a connection to copy its header' });
const listbox = (page: Page) => page.getByRole('listbox', { name: 'Connections' });
const options = (page: Page) => listbox(page).getByRole('option');
const closeCalls = (page: Page) => page.evaluate(() => (window as unknown as { paletteCloseCalls: number }).paletteCloseCalls);

async function addConnections(core: Core, simUrl: string): Promise<void> {
  await core.connections.add({ providerId: 'cohortgo', label: 'Cohort Go — production', auth: { kind: 'basic', username: COHORT.user, password: COHORT.password } });
  await core.connections.add({ providerId: 'nexudus', label: 'Nexudus — HQ', auth: { kind: 'basic', username: NEXUDUS.user, password: NEXUDUS.password } });
  await core.connections.add({
    providerId: 'cogniac',
    label: 'Cogniac',
    baseUrl: simUrl,
    auth: { kind: 'cogniac', username: COGNIAC.email, password: COGNIAC.password, tenantIds: [TENANT_1.id, TENANT_2.id] },
  });
}

test('palette: every connection and ticked tenant is listed; typing filters; Enter copies the chosen header and closes', async ({
  page,
  core,
  sim,
  bridge,
  clipboard,
  shot,
}) => {
  await core.vault.create({ password: MASTER });
  await addConnections(core, sim.url);
  await openPalette(page, bridge);

  await expect(options(page)).toHaveText([
    /^Cohort Go — production/,
    /^Nexudus — HQ/,
    new RegExp(`^Cogniac — ${TENANT_1.name}`),
    new RegExp(`^Cogniac — ${TENANT_2.name}`),
  ]);
  // The combobox points at the chosen option, which starts at the first one.
  await expect(options(page).first()).toHaveAttribute('aria-selected', 'true');
  await expect(combobox(page)).toHaveAttribute('aria-activedescendant', (await options(page).first().getAttribute('id'))!);
  await expect(combobox(page)).toHaveAttribute('aria-controls', (await listbox(page).getAttribute('id'))!);
  await shot('palette');

  // Words in any order, any case.
  await page.keyboard.type('PROD cohort');
  await expect(options(page)).toHaveText([/^Cohort Go — production/]);
  await page.keyboard.press('Control+A');
  await page.keyboard.type('tenant');
  await expect(options(page)).toHaveCount(2);
  await page.keyboard.type(' 2');
  await expect(options(page)).toHaveText([new RegExp(`^Cogniac — ${TENANT_2.name}`)]);
  await expect(options(page).first()).toHaveAttribute('aria-selected', 'true');
  await expect(combobox(page)).toHaveAttribute('aria-activedescendant', (await options(page).first().getAttribute('id'))!);
  await shot('palette-filtered');

  // Enter copies this tenant's header (a real token the simulator issued for it) and closes.
  expect(clipboard.text).toBe('');
  await page.keyboard.press('Enter');
  await expect.poll(() => closeCalls(page)).toBe(1);
  const issued = sim.issuedTokens('cogniac.token').filter((t) => t.tenantId === TENANT_2.id);
  expect(issued.map((t) => `Authorization: Bearer ${t.token}`)).toContain(clipboard.text);
  expect((await core.audit.list({})).filter((e) => e.action === 'copied')).toHaveLength(1);
});

test('palette: arrow keys choose, a click copies, Esc closes without copying', async ({ page, core, sim, bridge, clipboard }) => {
  await core.vault.create({ password: MASTER });
  await addConnections(core, sim.url);
  await openPalette(page, bridge);
  await expect(options(page)).toHaveCount(4);

  await page.keyboard.press('ArrowDown');
  await expect(options(page).nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('[role="option"][aria-selected="true"]')).toHaveCount(1);
  await expect(combobox(page)).toHaveAttribute('aria-activedescendant', (await options(page).nth(1).getAttribute('id'))!);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowUp'); // wraps round to the last one
  await expect(options(page).nth(3)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown'); // and back to the first
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect.poll(() => clipboard.text).toBe(basic(NEXUDUS.user, NEXUDUS.password));
  // The page closes itself once main's answer arrives, a moment after the clipboard changed.
  await expect.poll(() => closeCalls(page)).toBe(1);

  clipboard.writeText('something the person copied');
  await page.keyboard.press('Escape');
  await expect.poll(() => closeCalls(page)).toBe(2);
  expect(clipboard.text).toBe('something the person copied');

  await options(page).filter({ hasText: 'Cohort Go — production' }).click();
  await expect.poll(() => clipboard.text).toBe(basic(COHORT.user, COHORT.password));
  await expect.poll(() => closeCalls(page)).toBe(3);
});

test('palette: no match and no connections are said in words, outside the list', async ({ page, core, sim, bridge, shot }) => {
  await core.vault.create({ password: MASTER });
  await openPalette(page, bridge);
  const status = page.getByRole('status');
  await expect(status).toHaveText('No connections yet. Open TokenDesk from the tray to add one.');
  await expect(options(page)).toHaveCount(0);
  await shot('palette-empty');

  await addConnections(core, sim.url);
  // The palette reads the list again whenever its window comes back.
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(options(page)).toHaveCount(4);
  await expect(status).toHaveText('');

  await combobox(page).fill('zendesk');
  await expect(options(page)).toHaveCount(0);
  await expect(status).toHaveText('Nothing matches “zendesk”. Check the spelling, or clear the box to see every connection.');
  await shot('palette-no-match');

  // Enter with nothing to choose does nothing.
  await page.keyboard.press('Enter');
  expect(await closeCalls(page)).toBe(0);
});

test('palette: a copy that fails says why and stays open', async ({ page, core, sim, bridge, clipboard }) => {
  await core.vault.create({ password: MASTER });
  sim.setFault('cogniac.token', 'http-401');
  await addConnections(core, sim.url);
  await openPalette(page, bridge);
  await combobox(page).fill('tenant 1');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toContainText('Cogniac');
  expect(await closeCalls(page)).toBe(0);
  expect(clipboard.text).toBe('');
});
