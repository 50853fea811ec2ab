/**
 * The real Electron app, end to end (global-setup.ts builds out/ first when it is stale):
 * launched with a throw-away user-data folder, it creates the vault, locks and unlocks it
 * from the window, adds a Basic connection against the provider simulator (127.0.0.1),
 * copies its header in main and reads the system clipboard back. Calls go through the real
 * preload (`window.tokendesk`) and the real IPC handlers.
 *
 * Runs where the Electron binary is installed (on Linux without a display, under
 * `xvfb-run`); otherwise every test skips with one line saying why.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { Channel, RequestOf, ResponseOf, TokenDeskApi } from '../../src/shared/contract';
import { startSimulator, type Simulator } from '../sim/server';
import { electronBinary, repoRoot, SKIP_REASON } from './electron-binary';

const executablePath = electronBinary();
test.skip(executablePath === null, SKIP_REASON);
test.describe.configure({ mode: 'serial' });

const MASTER = 'correct horse battery staple 42';
const USER = 'api-user@cohortgo.example';
const PASSWORD = 'generated-Pa55';
const LABEL = 'Cohort Go — Electron test';
const HEADER = `Authorization: Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

let sim: Simulator;
let app: ElectronApplication;
let page: Page;
let userData: string;

test.beforeAll(async () => {
  sim = await startSimulator();
  userData = mkdtempSync(join(tmpdir(), 'tokendesk-electron-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'ELECTRON_RENDERER_URL' && k !== 'ELECTRON_RUN_AS_NODE') env[k] = v;
  app = await electron.launch({
    executablePath: executablePath!,
    // The app folder: Electron reads package.json (name, version, "main": out/main/index.js).
    args: [repoRoot],
    cwd: repoRoot,
    env: { ...env, TOKENDESK_USER_DATA: userData, NODE_ENV: 'test' },
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

test.afterAll(async () => {
  await app?.close();
  await sim?.close();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

/** Calls the real preload bridge in the window, like the renderer does. */
function invoke<C extends Channel>(channel: C, request?: RequestOf<C>): Promise<ResponseOf<C>> {
  return page.evaluate(
    ([c, r]) => (window as unknown as { tokendesk: TokenDeskApi }).tokendesk.invoke(c as never, r as never) as Promise<unknown>,
    [channel, request] as const,
  ) as Promise<ResponseOf<C>>;
}

const readClipboard = () => app.evaluate(({ clipboard }) => clipboard.readText());

test('creates the vault, locks and unlocks it, adds a Basic connection and copies its header to the system clipboard', async () => {
  expect(await app.evaluate(({ app: a }) => a.getPath('userData'))).toBe(userData);

  // First run. The OS keyring protects the key where there is a real one; otherwise a master password.
  const first = await invoke('vault:status');
  expect(first.state).toBe('new');
  const needsPassword = first.protection.needsPassword;
  const created = await invoke('vault:create', needsPassword ? { password: MASTER } : {});
  expect(created.state).toBe('unlocked');
  const lockButton = page.getByRole('button', { name: 'Lock', exact: true });
  await expect(lockButton).toBeVisible();

  // Lock from the window, then unlock from the lock screen.
  await lockButton.click();
  await expect(page.getByRole('heading', { name: 'TokenDesk is locked' })).toBeVisible();
  expect((await invoke('vault:status')).state).toBe('locked');
  if (needsPassword) await page.getByLabel('Master password').fill(MASTER);
  await page.getByRole('button', { name: 'Unlock', exact: true }).click();
  await expect(lockButton).toBeVisible();
  expect((await invoke('vault:status')).state).toBe('unlocked');

  // A Basic connection against the simulator on 127.0.0.1; Test connection reaches it through net.fetch.
  const conn = await invoke('connections:add', {
    providerId: 'cohortgo',
    label: LABEL,
    baseUrl: sim.url,
    checkUrl: `${sim.url}/check/cohortgo`,
    auth: { kind: 'basic', username: USER, password: PASSWORD },
  });
  await expect(page.getByText(LABEL).first()).toBeVisible();
  const tested = await invoke('connections:test', { id: conn.id });
  expect(tested.ok).toBe(true);
  expect(sim.count('check.cohortgo')).toBeGreaterThan(0);

  // Copy in main; read the real system clipboard back from main.
  const copied = await invoke('tokens:copy', { connectionId: conn.id, format: 'header' });
  expect(copied.description).toContain(LABEL);
  expect(await readClipboard()).toBe(HEADER);

  // Locking clears what TokenDesk put on the clipboard (it is unchanged).
  await lockButton.click();
  await expect(page.getByRole('heading', { name: 'TokenDesk is locked' })).toBeVisible();
  await expect.poll(readClipboard).toBe('');
});

test('the page has no Node.js and window.open is refused', async () => {
  // contextIsolation + sandbox + no nodeIntegration (asserted option by option in
  // test/unit/main/shell/window-options.test.ts): the page sees neither require nor process.
  expect(await page.evaluate(() => [typeof (window as unknown as { require?: unknown }).require, typeof (window as unknown as { process?: unknown }).process])).toEqual([
    'undefined',
    'undefined',
  ]);
  const countWindows = () => app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length);
  const pagesBefore = app.windows().length;
  const windowsBefore = await countWindows();
  expect(await page.evaluate(() => window.open('about:blank') === null)).toBe(true);
  expect(app.windows()).toHaveLength(pagesBefore);
  expect(await countWindows()).toBe(windowsBefore);
});

test('closing the window keeps the app running in the tray', async () => {
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
  const state = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => ({ visible: w.isVisible(), destroyed: w.isDestroyed() })));
  expect(state[0]).toEqual({ visible: false, destroyed: false });
});
