/**
 * Composition root: the only file that builds Electron adapters and the core together.
 * Reads top to bottom: paths → adapters (log, persistence, key protector) → createCore →
 * shell (IPC, windows, tray, shortcut, power, notifications, login item) → quit.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, clipboard, ipcMain, net, Notification, powerMonitor, safeStorage, screen, session, shell } from 'electron';
import Store from 'electron-store';
import { eventNames, type EventName, type Events } from '../shared/contract';
import type { ConnectionView, Settings, VaultState } from '../shared/views';
import { DEFAULT_SETTINGS } from '../shared/views';
import { createCore, FilePersistence, PasswordKeyProtector, type Core } from './core';
import { ElectronStorePersistence } from './shell/electron-store-persistence';
import { registerIpc } from './shell/ipc';
import { applyLaunchAtLogin, startedAtLogin } from './shell/launch-at-login';
import { loggerFrom, setUpLogging } from './shell/log';
import { NeedsYouNotifier } from './shell/notifications';
import { openInBrowser } from './shell/open-external';
import { PaletteWindow } from './shell/palette-window';
import { watchOnline, watchPower } from './shell/power';
import { chooseKeyProtector, readVaultKeyKind } from './shell/safe-storage-key-protector';
import { ShortcutManager } from './shell/shortcut';
import { TrayController } from './shell/tray';
import { CONTENT_SECURITY_POLICY, mainWindowOptions } from './shell/window-options';
import { restoreBounds, trackWindowState, wasMaximized, type KeyValueStore } from './shell/window-state';

// Tests (test/electron) point the app at a throw-away folder. Must happen before anything
// reads userData, including the single-instance lock.
if (process.env['TOKENDESK_USER_DATA']) app.setPath('userData', process.env['TOKENDESK_USER_DATA']);

// electron-vite emits ES modules for main (package type: module).
const here = import.meta.dirname;
const rendererUrl = process.env['ELECTRON_RENDERER_URL'];
const rendererFile = join(here, '../renderer/index.html');
const preloadFile = join(here, '../preload/index.cjs');
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(here, '../../resources');
const trustedOrigins = rendererUrl ? [new URL(rendererUrl).origin] : [pathToFileURL(join(here, '../renderer/')).href];

let mainWindow: BrowserWindow | null = null;
/** True once the user really quits (tray "Quit", Cmd+Q, OS shutdown): closing then closes. */
let quitting = false;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => showMainWindow());
  app.setAppUserModelId('com.tokendesk.app');
  void app.whenReady().then(start);
}

function showMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

/** Same guards for every window: no new windows, no navigation away, no webviews. */
function harden(win: BrowserWindow): void {
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.on('will-attach-webview', (e) => e.preventDefault());
}

function loadPage(win: BrowserWindow, route?: string): Promise<void> {
  if (rendererUrl) return win.loadURL(route ? `${rendererUrl}#${route}` : rendererUrl);
  return win.loadFile(rendererFile, route ? { hash: route } : undefined);
}

/** Pushes a core event to every open TokenDesk window (main and palette). */
function broadcast<E extends EventName>(event: E, payload: Events[E]): void {
  for (const win of BrowserWindow.getAllWindows()) if (!win.isDestroyed()) win.webContents.send(event, payload);
}

function openStore(name: string, clearInvalidConfig: boolean) {
  return new Store<Record<string, unknown>>({ name, cwd: app.getPath('userData'), clearInvalidConfig });
}

async function start(): Promise<void> {
  const userData = app.getPath('userData');

  // ---- adapters -------------------------------------------------------------------------
  const logger = loggerFrom(setUpLogging(userData));
  // The vault stays on FilePersistence (fsync + durable .bak + damage detection); see
  // shell/electron-store-persistence.ts for why electron-store holds only settings.
  const vaultPersistence = new FilePersistence(join(userData, 'vault.json'));
  const settingsPersistence = new ElectronStorePersistence(() => openStore('settings', false), join(userData, 'settings.json'));
  const keyProtector = chooseKeyProtector(safeStorage, process.platform, () => new PasswordKeyProtector(), await readVaultKeyKind(vaultPersistence));
  logger.info('starting', { version: app.getVersion(), protection: keyProtector.kind });

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  // ---- the core -------------------------------------------------------------------------
  const core = await createCore({
    dataDir: userData,
    keyProtector,
    fetch: (input, init) => net.fetch(input, init),
    logger,
    clipboard: { writeText: (t) => clipboard.writeText(t), readText: () => clipboard.readText() },
    openExternal: openInBrowser,
    persistence: { vault: vaultPersistence, settings: settingsPersistence },
  });
  registerIpc(ipcMain, core, trustedOrigins);
  for (const event of eventNames) core.on(event, (payload) => broadcast(event, payload));

  let settings: Settings = { ...DEFAULT_SETTINGS, ...(await core.settings.get()) };
  const notice = (message: string) => broadcast('ui:notice', { kind: 'error', message });

  // ---- main window ----------------------------------------------------------------------
  const windowState = openWindowStateStore(logger.warn);
  const saved = windowState.get('mainWindow');
  mainWindow = new BrowserWindow(mainWindowOptions(preloadFile, restoreBounds(saved, screen.getAllDisplays())));
  harden(mainWindow);
  trackWindowState(mainWindow, windowState);
  // Closing the window hides it: the tray keeps TokenDesk (and its renewals) running.
  mainWindow.on('close', (e) => {
    if (!quitting) {
      e.preventDefault();
      mainWindow?.hide();
    }
  });
  const hiddenStart = startedAtLogin();
  mainWindow.once('ready-to-show', () => {
    if (hiddenStart) return;
    if (wasMaximized(saved)) mainWindow?.maximize();
    mainWindow?.show();
  });

  // ---- tray, notifications --------------------------------------------------------------
  const tray = new TrayController(resourcesDir, {
    copy: (connectionId, tenantId) => void copyFromShell(core, connectionId, tenantId),
    open: showMainWindow,
    lock: () => void core.vault.lock(),
    quit: () => app.quit(),
  });
  tray.create();
  const notifier = new NeedsYouNotifier(() => showMainWindow());
  const refreshShellViews = async (state: VaultState, views?: ConnectionView[]) => {
    if (state !== 'unlocked') return tray.update(null, state);
    const list = views ?? (await core.connections.list().catch(() => null));
    tray.update(list, state);
    if (list) notifier.update(list);
  };
  let vaultState: VaultState = (await core.vault.status()).state;
  core.on('vault:changed', (v) => {
    vaultState = v.state;
    void refreshShellViews(v.state);
  });
  core.on('connections:changed', (views) => void refreshShellViews(vaultState, views));
  void refreshShellViews(vaultState);

  // ---- quick-copy palette on the global shortcut ----------------------------------------
  const palette = new PaletteWindow({ preloadPath: preloadFile, harden, load: (win) => loadPage(win, '/palette') });
  const shortcut = new ShortcutManager(() => {
    // Locked: the palette could not list anything, so show the unlock screen instead.
    if (vaultState === 'unlocked') void palette.toggle();
    else showMainWindow();
  });

  // ---- settings that live in the OS: shortcut, login item --------------------------------
  const applySettings = (next: Settings) => {
    const result = shortcut.set(next.shortcut);
    if (!result.ok) {
      logger.warn('shortcut not registered', { shortcut: next.shortcut });
      notice(result.message);
    }
    const login = applyLaunchAtLogin(next.launchAtLogin);
    if (!login.ok) notice(login.message);
  };
  core.on('settings:changed', (next) => {
    const changed = next.shortcut !== settings.shortcut || next.launchAtLogin !== settings.launchAtLogin;
    settings = next;
    if (changed) applySettings(next);
  });
  mainWindow.webContents.once('did-finish-load', () => applySettings(settings));

  // ---- power: resume / unlock / online → re-check; lock on screen lock, suspend, idle ----
  const stopPower = watchPower({
    powerMonitor,
    notify: (event) => core.notify(event),
    lock: (reason) => {
      if (vaultState !== 'unlocked') return;
      logger.info('locking', { reason });
      palette.hide();
      void core.vault.lock();
    },
    settings: () => settings,
    onOnline: (listener) => watchOnline(() => net.isOnline(), listener),
  });

  // ---- quit: clear our clipboard value (if unchanged) and flush before exiting ----------
  let closed = false;
  app.on('before-quit', (e) => {
    quitting = true;
    if (closed) return;
    e.preventDefault();
    closed = true;
    shortcut.clear();
    stopPower();
    tray.destroy();
    palette.destroy();
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 3000).unref());
    void Promise.race([core.close(), timeout])
      .catch((err: unknown) => logger.error('closing failed', { error: String(err) }))
      .finally(() => app.quit());
  });

  await loadPage(mainWindow);
}

/** Tray clicks copy in main; a failure is shown as a notification (there may be no window). */
async function copyFromShell(core: Core, connectionId: string, tenantId?: string): Promise<void> {
  try {
    await core.tokens.copy({ connectionId, ...(tenantId !== undefined ? { tenantId } : {}), format: 'header' });
  } catch (e) {
    const message = e instanceof Error && e.message ? e.message : 'TokenDesk could not copy the header. Open TokenDesk to see why.';
    if (Notification.isSupported()) new Notification({ title: 'Could not copy', body: message }).show();
  }
}

/** Window position lives in electron-store; a damaged file there is simply reset (nothing precious). */
function openWindowStateStore(warn: (msg: string) => void): KeyValueStore {
  try {
    const store = openStore('window-state', true);
    return { get: (k) => store.get(k), set: (k, v) => store.set(k, v) };
  } catch {
    warn('window state unavailable; using defaults');
    const memory = new Map<string, unknown>();
    return { get: (k) => memory.get(k), set: (k, v) => void memory.set(k, v) };
  }
}

// The tray keeps TokenDesk running with no window open; quitting is explicit.
app.on('window-all-closed', () => {
  /* stay in the tray */
});
app.on('activate', () => showMainWindow());
