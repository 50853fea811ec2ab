/**
 * The real Electron app, end to end: create the vault, add a Basic connection against the
 * provider simulator, copy its header from main, and read the system clipboard back.
 * Calls go through the real preload bridge (`window.tokendesk`) and IPC handlers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { TokenDeskApi } from '../../src/shared/contract';
import { startSimulator, type Simulator } from '../sim/server';
import { electronBinary, repoRoot, SKIP_REASON } from './electron-binary';

const executablePath = electronBinary();
test.skip(executablePath === null, SKIP_REASON);

const MASTER = 'correct horse battery staple 42';
const USER = 'api-user@cohortgo.example';
const PASSWORD = 'generated-Pa55';

let sim: Simulator;
let app: ElectronApplication;
let page: Page;
let userData: string;

test.beforeAll(async () => {
  sim = await startSimulator();
  userData = mkdtempSync(join(tmpdir(), 'tokendesk-electron-'));
  app = await electron.launch({
    executablePath: executablePath!,
    args: [join(repoRoot, 'out/main/index.js')],
    cwd: repoRoot,
    env: { ...process.env, TOKENDESK_USER_DATA: userData, NODE_ENV: 'test' },
  });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  await app?.close();
  await sim?.close();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

function invoke<T>(channel: string, request?: unknown): Promise<T> {
  return page.evaluate(
    ([c, r]) => (window as unknown as { tokendesk: TokenDeskApi }).tokendesk.invoke(c as never, r as never) as Promise<unknown>,
    [channel, request] as const,
  ) as Promise<T>;
}

test('creates the vault, adds a Basic connection and copies its header to the system clipboard', async () => {
  expect(await app.evaluate(({ app: a }) => a.getPath('userData'))).toBe(userData);

  const created = await invoke<{ state: string }>('vault:create', { password: MASTER });
  expect(created.state).toBe('unlocked');

  const conn = await invoke<{ id: string; label: string }>('connections:add', {
    providerId: 'cohortgo',
    label: 'Cohort Go — Electron test',
    baseUrl: sim.url,
    checkUrl: `${sim.url}/check/cohortgo`,
    auth: { kind: 'basic', username: USER, password: PASSWORD },
  });
  await expect(page.getByText('Cohort Go — Electron test')).toBeVisible();

  const tested = await invoke<{ ok: boolean }>('connections:test', { id: conn.id });
  expect(tested.ok).toBe(true);
  expect(sim.count('check.cohortgo')).toBeGreaterThan(0);

  await invoke('tokens:copy', { connectionId: conn.id, format: 'header' });
  const copied = await app.evaluate(({ clipboard }) => clipboard.readText());
  expect(copied).toBe(`Authorization: Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`);
});

test('closing the window keeps the app running in the tray', async () => {
  await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.close());
  const state = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => ({ visible: w.isVisible(), destroyed: w.isDestroyed() })));
  expect(state[0]).toEqual({ visible: false, destroyed: false });
});
