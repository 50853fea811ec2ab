/**
 * Keyboard-first and zoomed: everything on the dashboard is reachable with Tab in reading
 * order, works with Enter, shows where the focus is, and every dialog closes with Esc and
 * hands focus back; at 200 % zoom (a 1280×800 window shows 640×400 CSS pixels) nothing
 * needs sideways scrolling and every action is still there.
 */
import type { Locator, Page } from '@playwright/test';
import type { Core } from '../../src/main/core';
import { ACCOUNTS } from '../sim/fixture';
import { MASTER } from '../support/core-harness';
import { cogniacConnection } from '../support/fixture-connections';
import { settle } from './a11y';
import { expect, SCREENSHOT_DIR, test } from './fixtures';
import { openWizard } from './wizard-helpers';

const BASIC = 'Cohort Go — ops';
const COGNIAC = 'Cogniac — lab';

async function addTwo(core: Core, simUrl: string): Promise<void> {
  await core.vault.create({ password: MASTER });
  await core.connections.add({ providerId: 'cohortgo', label: BASIC, auth: { kind: 'basic', username: ACCOUNTS.cohortgo.username, password: ACCOUNTS.cohortgo.password } });
  await core.connections.add(cogniacConnection(simUrl, ['49wshskg', '12ir8sjgtl'], COGNIAC));
}

/** The accessible name of the focused element, as a screen reader would announce it. */
async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '(page)';
    const labelled = el.getAttribute('aria-labelledby');
    const name =
      el.getAttribute('aria-label') ??
      (labelled ? labelled.split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ') : null) ??
      (el.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : null) ??
      el.textContent;
    return (name ?? '').replace(/\s+/g, ' ').trim();
  });
}

async function tabNames(page: Page, count: number): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    names.push(await focusedName(page));
  }
  return names;
}

test('Tab reaches every control on the dashboard in reading order; Enter copies; Esc closes details and focus returns', async ({ page, core, sim, clipboard }) => {
  await addTwo(core, sim.url);
  const tenants = page.getByRole('list', { name: `Tenants of ${COGNIAC}` });
  await expect(tenants.getByText('Valid', { exact: true })).toHaveCount(2);

  await page.locator('body').focus();
  const names = await tabNames(page, 19);
  expect(names).toEqual([
    'Connections',
    'Settings',
    'Activity',
    'Add a connection',
    'Lock',
    'Search connections',
    // Services in A–Z order: Cogniac, then Cohort Go.
    COGNIAC,
    `Details and settings for ${COGNIAC}`,
    `Copy header for ${COGNIAC} — Internal Tenant 1`,
    `Copy token only for ${COGNIAC} — Internal Tenant 1`,
    `More ways to copy for ${COGNIAC} — Internal Tenant 1`,
    `Copy header for ${COGNIAC} — External Tenant 2`,
    `Copy token only for ${COGNIAC} — External Tenant 2`,
    `More ways to copy for ${COGNIAC} — External Tenant 2`,
    BASIC,
    `Details and settings for ${BASIC}`,
    `Copy header for ${BASIC}`,
    `Copy token only for ${BASIC}`,
    `More ways to copy for ${BASIC}`,
  ]);

  // The last one focused is "More" of the Basic connection; Shift+Tab twice is its Copy header.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  expect(await focusedName(page)).toBe(`Copy header for ${BASIC}`);
  await page.keyboard.press('Enter');
  await expect.poll(() => clipboard.text).toMatch(/^Authorization: Basic /);

  // Open the details from the keyboard, close with Esc: focus is back on the opener.
  await page.keyboard.press('Shift+Tab');
  expect(await focusedName(page)).toBe(`Details and settings for ${BASIC}`);
  await page.keyboard.press('Enter');
  const details = page.getByRole('dialog', { name: BASIC });
  await expect(details).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  await expect(page.getByRole('button', { name: `Details and settings for ${BASIC}` })).toBeFocused();
});

test('focus stays inside an open dialog; every dialog closes with Esc and gives focus back', async ({ page, core, sim }) => {
  await addTwo(core, sim.url);
  const opener = page.getByRole('button', { name: `Details and settings for ${COGNIAC}` });
  await opener.click();
  const details = page.getByRole('dialog', { name: COGNIAC });
  await expect(details).toBeVisible();

  // Tab all the way round from the first control: focus never leaves the dialog (not for the
  // page behind it, nor for the browser, which shows as <body>) and comes back to the first.
  const first = details.getByRole('button', { name: 'Close' });
  await first.focus();
  const tour: string[] = [];
  let back = false;
  for (let i = 0; i < 60 && !back; i++) {
    await page.keyboard.press('Tab');
    const inside = await page.evaluate(() => !!document.activeElement?.closest('dialog[open]'));
    expect(inside, `Tab #${i + 1} left the dialog (focus on "${await focusedName(page)}")`).toBe(true);
    back = await first.evaluate((el) => el === document.activeElement);
    if (!back) tour.push(await focusedName(page));
  }
  expect(back, `Tab never came back to Close; it went ${tour.join(' → ')}`).toBe(true);
  expect(tour.length, 'Tab visited the dialog\'s other controls on the way').toBeGreaterThan(3);
  // Shift+Tab from the first control goes to the last one the tour passed.
  await page.keyboard.press('Shift+Tab');
  expect(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]'))).toBe(true);
  expect(await focusedName(page)).toBe(tour[tour.length - 1]);
  await page.keyboard.press('Tab');
  await expect(first).toBeFocused();
  await page.screenshot({ path: `${SCREENSHOT_DIR}/details-tab-wrapped-light-1280x800.png`, animations: 'disabled', caret: 'hide' });

  // The remove confirmation: Esc closes only it, and focus goes back to "Remove…".
  const remove = details.getByRole('button', { name: 'Remove…' });
  await remove.focus();
  await page.keyboard.press('Enter');
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toBeVisible();
  await expect(confirm.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(details).toBeVisible();
  await expect(remove).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  await expect(opener).toBeFocused();

  // The "More" menu: Esc closes it and focus returns to its button.
  const more = page.getByRole('button', { name: `More ways to copy for ${BASIC}` });
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Copy as curl command' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'Copy as PowerShell command' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toHaveCount(0);
  await expect(more).toBeFocused();

  // The team-pack dialogs in Settings.
  await page.getByRole('link', { name: 'Settings' }).click();
  for (const name of ['Export team pack…', 'Import team pack…']) {
    const button = page.getByRole('button', { name });
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('dialog')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(button, `focus back on ${name}`).toBeFocused();
  }
});

test('a copy made inside an open dialog shows its message on top of the dialog, not hidden behind it', async ({ page, core, sim, clipboard, shot }) => {
  await addTwo(core, sim.url);
  await page.getByRole('button', { name: `Details and settings for ${COGNIAC}` }).click();
  const details = page.getByRole('dialog', { name: COGNIAC });
  await expect(details).toBeVisible();
  await details.getByRole('button', { name: `Copy header for ${COGNIAC} — External Tenant 2` }).click();
  await expect.poll(() => clipboard.text).toMatch(/^Authorization: Bearer /);

  const toast = page.getByRole('status').filter({ hasText: `Copied the header for ${COGNIAC} — External Tenant 2.` });
  await expect(toast).toBeVisible();
  await expect(toast).toContainText(/Clipboard clears in \d+ s\./);
  // Nothing covers it: the topmost element at the toast's centre (and near its corners) is the toast itself.
  const covered = await toast.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const points: Array<[number, number]> = [
      [r.left + r.width / 2, r.top + r.height / 2],
      [r.left + 4, r.top + 4],
      [r.right - 40, r.bottom - 4],
    ];
    return points
      .map(([x, y]) => ({ x, y, hit: document.elementFromPoint(x, y) }))
      .filter((p) => !p.hit || !el.contains(p.hit))
      .map((p) => `(${Math.round(p.x)}, ${Math.round(p.y)}) shows ${p.hit ? `${p.hit.tagName.toLowerCase()}.${p.hit.className}` : 'nothing'}`);
  });
  expect(covered, 'the message is covered').toEqual([]);
  // It can be dismissed from the keyboard without leaving the dialog.
  const dismiss = details.getByRole('button', { name: 'Dismiss message' });
  await expect(dismiss).toBeVisible();
  await shot('details-copy-message');

  await page.keyboard.press('Escape');
  await expect(details).toBeHidden();
  // With the dialog closed the message is back in the page, still readable.
  await expect(toast).toBeVisible();
  expect(await toast.evaluate((el) => el.closest('dialog'))).toBeNull();
});

/**
 * Records, each time the button's busy marking changes, whether it is marked busy and
 * whether it still has keyboard focus; `busyLog` reads the records back.
 */
async function watchBusy(button: Locator): Promise<void> {
  await button.evaluate((el) => {
    const log: Array<{ busy: boolean; focused: boolean }> = [];
    (window as unknown as { busyLog: typeof log }).busyLog = log;
    new MutationObserver(() => log.push({ busy: el.getAttribute('aria-busy') === 'true', focused: document.activeElement === el })).observe(el, {
      attributes: true,
      attributeFilter: ['aria-busy'],
    });
  });
}
const busyLog = (page: Page) => page.evaluate(() => (window as unknown as { busyLog: Array<{ busy: boolean; focused: boolean }> }).busyLog);

test('a button pressed with Enter keeps keyboard focus while its work runs and after', async ({ page, core, sim, shot }) => {
  // Unlock with a wrong password: the button is busy, then the error shows; focus never leaves it.
  await core.vault.create({ password: MASTER });
  await core.vault.lock();
  await page.reload();
  await page.getByLabel('Master password').fill('not the master password');
  const unlock = page.getByRole('button', { name: 'Unlock' });
  await page.keyboard.press('Tab');
  await expect(unlock).toBeFocused();
  await watchBusy(unlock);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(unlock).toBeFocused();
  await expect(unlock).not.toHaveAttribute('aria-busy');
  let log = await busyLog(page);
  expect(log.filter((r) => r.busy), 'the button was marked busy while unlocking').not.toEqual([]);
  expect(log.filter((r) => !r.focused), 'focus left the button while it worked').toEqual([]);

  // Test connection in the details, against a slow server so it is busy long enough to look at.
  await page.getByLabel('Master password').fill(MASTER);
  await unlock.press('Enter');
  await core.connections.add(cogniacConnection(sim.url, ['49wshskg'], COGNIAC));
  await page.getByRole('button', { name: `Details and settings for ${COGNIAC}` }).click();
  const details = page.getByRole('dialog', { name: COGNIAC });
  await expect(details.getByText('Valid', { exact: true }).first()).toBeVisible();
  sim.setFault('cogniac.tenants', 'slow');
  const test = details.getByRole('button', { name: 'Test connection' });
  await test.focus();
  await watchBusy(test);
  await page.keyboard.press('Enter');
  const busy = details.getByRole('button', { name: 'Testing…' });
  await expect(busy).toHaveAttribute('aria-busy', 'true');
  await expect(busy).toBeFocused();
  // The other actions wait, but stay in the Tab order; pressing one does nothing meanwhile.
  const renew = details.getByRole('button', { name: 'Renew now' });
  await expect(renew).toHaveAttribute('aria-disabled', 'true');
  await page.screenshot({ path: `${SCREENSHOT_DIR}/details-busy-test-light-1280x800.png`, animations: 'disabled', caret: 'hide' });
  await expect(test).not.toHaveAttribute('aria-busy', { timeout: 15_000 });
  await expect(test).toBeFocused();
  await expect(renew).not.toHaveAttribute('aria-disabled');
  log = await busyLog(page);
  expect(log.filter((r) => r.busy), 'Test connection was marked busy').not.toEqual([]);
  expect(log.filter((r) => !r.focused), 'focus left Test connection while it worked').toEqual([]);
  sim.clearFaults();
  await shot('details-after-test');
});

test('ticking a tenant from the keyboard keeps focus on its box while TokenDesk signs it in', async ({ page, core, sim }) => {
  await addTwo(core, sim.url);
  await page.getByRole('button', { name: `Details and settings for ${COGNIAC}` }).click();
  const details = page.getByRole('dialog', { name: COGNIAC });
  const qa = details.getByRole('checkbox', { name: 'QA Tenant 3' });
  const internal = details.getByRole('checkbox', { name: /Internal Tenant 1/ });
  await expect(qa).not.toBeChecked();
  // A slow token answer keeps the picker busy long enough to look at it.
  sim.setFault('cogniac.token', 'slow');
  await qa.focus();
  await page.keyboard.press('Space');
  await expect(qa).toBeChecked({ timeout: 15_000 });
  await expect(qa, 'focus stayed on the tick box').toBeFocused();
  // Once done, the other boxes are usable again and keep their ticks.
  await expect(details.locator('fieldset.tenant-picker')).not.toHaveAttribute('aria-busy', 'true', { timeout: 15_000 });
  await expect(internal).not.toHaveAttribute('aria-disabled');
  await expect(internal).toBeChecked();
  sim.clearFaults();
  await page.keyboard.press('Space');
  await expect(qa).not.toBeChecked({ timeout: 15_000 });
  await expect(qa).toBeFocused();
});

test('the focused control always shows a clear focus ring, in light and dark', async ({ page, core, sim }) => {
  await addTwo(core, sim.url);
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  const controls: Array<[string, Locator]> = [
    ['link', page.getByRole('link', { name: 'Activity' })],
    ['button', page.getByRole('button', { name: 'Lock' })],
    ['select', page.getByLabel('Clear the clipboard after copying')],
    ['number box', page.getByLabel('Lock TokenDesk after this many idle minutes')],
    ['text box', page.getByLabel('Keyboard shortcut to open TokenDesk')],
    ['checkbox', page.getByLabel('Lock TokenDesk when I lock my computer')],
    // Tab enters a radio group on its chosen button.
    ['radio button', page.getByLabel('Same as my computer')],
  ];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await settle(page);
    for (const [kind, control] of controls) {
      // Reach it with the keyboard (Tab from the control before it) so :focus-visible applies.
      await control.focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      await expect(control, `${kind} focused`).toBeFocused();
      const ring = await control.evaluate((el) => {
        const s = getComputedStyle(el);
        return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor, shadow: s.boxShadow };
      });
      const visible = (ring.style !== 'none' && ring.width >= 2 && !/rgba\(.*, 0\)$/.test(ring.color)) || ring.shadow !== 'none';
      expect(visible, `${kind} shows no focus ring in ${colorScheme} (${JSON.stringify(ring)})`).toBe(true);
    }
  }
});

/** 1280×800 at 200 % zoom. */
const ZOOMED = { width: 640, height: 400 };

async function expectFitsZoomed(page: Page, screen: string, actions: Locator[]): Promise<void> {
  await settle(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${screen} scrolls sideways at 200 % zoom`).toBeLessThanOrEqual(0);
  for (const action of actions) {
    await action.scrollIntoViewIfNeeded();
    const box = await action.boundingBox();
    expect(box, `${screen}: ${String(action)} is shown`).not.toBeNull();
    expect(box!.x, `${screen}: ${String(action)} starts on screen`).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width, `${screen}: ${String(action)} is cut off on the right`).toBeLessThanOrEqual(ZOOMED.width + 0.5);
  }
  // Text may wrap but not be clipped: no element with text is wider than its own content box allows.
  const clipped = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, a, label, h1, h2, h3, p, span')]
      // Visually hidden labels (1 px boxes for screen readers) are clipped on purpose.
      .filter((el) => el.offsetParent !== null && el.clientWidth > 1 && el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'hidden')
      .map((el) => el.textContent?.trim().slice(0, 40)),
  );
  expect(clipped, `${screen}: text cut off at 200 % zoom`).toEqual([]);
  // A box's hint text (its placeholder, e.g. "Search activity, e.g. copied or a connection
  // name") must fit inside the empty box, not stop mid-sentence.
  const cutHints = await page.evaluate(() => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    return [...document.querySelectorAll<HTMLInputElement>('input[placeholder]')]
      .filter((el) => el.offsetParent !== null && el.value === '')
      .flatMap((el) => {
        const s = getComputedStyle(el);
        ctx.font = `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
        const room = el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
        const need = ctx.measureText(el.placeholder).width;
        return need > room ? [`"${el.placeholder}" needs ${Math.ceil(need)}px, has ${Math.floor(room)}px`] : [];
      });
  });
  expect(cutHints, `${screen}: hint text cut off at 200 % zoom`).toEqual([]);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await settle(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/zoom200-${screen}-${colorScheme}.png`, fullPage: false, animations: 'disabled', caret: 'hide' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

test('at 200 % zoom every screen fits the width and keeps its actions', async ({ page, core, sim }) => {
  test.slow();
  await page.setViewportSize(ZOOMED);
  await core.vault.create({ password: MASTER });
  await core.vault.lock();
  await page.reload();
  await expectFitsZoomed(page, 'unlock', [page.getByRole('button', { name: 'Unlock' })]);
  await page.getByLabel('Master password').fill(MASTER);
  await page.getByRole('button', { name: 'Unlock' }).click();
  await expect(page.getByRole('button', { name: 'Add a connection' })).toBeVisible();
  await expectFitsZoomed(page, 'dashboard-empty', [page.getByRole('button', { name: 'Add a connection' }), page.getByRole('button', { name: 'Lock' })]);

  await core.connections.add({ providerId: 'cohortgo', label: BASIC, auth: { kind: 'basic', username: ACCOUNTS.cohortgo.username, password: ACCOUNTS.cohortgo.password } });
  await core.connections.add(cogniacConnection(sim.url, ['49wshskg', '12ir8sjgtl'], COGNIAC));
  await expect(page.getByRole('list', { name: `Tenants of ${COGNIAC}` }).getByText('Valid', { exact: true })).toHaveCount(2);
  await expectFitsZoomed(page, 'dashboard', [
    page.getByRole('button', { name: `Copy header for ${BASIC}` }),
    page.getByRole('button', { name: `More ways to copy for ${BASIC}` }),
    page.getByRole('button', { name: `More ways to copy for ${COGNIAC} — External Tenant 2` }),
    page.getByRole('button', { name: `Details and settings for ${COGNIAC}` }),
  ]);

  await page.getByRole('button', { name: `Details and settings for ${COGNIAC}` }).click();
  const details = page.getByRole('dialog', { name: COGNIAC });
  await expectFitsZoomed(page, 'details', [details.getByRole('button', { name: 'Close' }), details.getByRole('button', { name: 'Test connection' }), details.getByRole('button', { name: 'Remove…' })]);
  await page.keyboard.press('Escape');

  await page.getByRole('link', { name: 'Settings' }).click();
  await expectFitsZoomed(page, 'settings', [page.getByLabel('Keyboard shortcut to open TokenDesk'), page.getByRole('button', { name: 'Import team pack…' })]);
  await page.getByRole('link', { name: 'Activity' }).click();
  await expectFitsZoomed(page, 'activity', [page.getByLabel('Search activity'), page.getByLabel('Show')]);

  await page.getByRole('link', { name: 'Connections' }).click();
  const wizard = await openWizard(page);
  await expectFitsZoomed(page, 'wizard', [wizard.getByRole('button', { name: /Next/ }).first()]);
});
