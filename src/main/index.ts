/**
 * Composition root: the only file that builds Electron adapters and the core together.
 * Reads top to bottom: single instance + web guards → paths → adapters (log, persistence,
 * key protector, session) → createCore → shell (IPC, tray, palette, shortcut, power,
 * notifications) → quit handling → main window.
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
import { isTrustedUrl, registerIpc } from './shell/ipc';
import { applyLaunchAtLogin, currentLinuxTarget, startedAtLogin, type LaunchAtLoginDeps } from './shell/launch-at-login';
import { loggerFrom, setUpLogging } from './shell/log';
import { NeedsYouNotifier } from './shell/notifications';
import { openInBrowser } from './shell/open-external';
import { PaletteWindow } from './shell/palette-window';
import { watchOnline, watchPower } from './shell/power';
import { chooseKeyProtector, readVaultKeyKind } from './shell/safe-storage-key-protector';
import { ShortcutManager } from './shell/shortcut';
import { claimSingleInstance, revealWindow } from './shell/single-instance';
import { TrayController } from './shell/tray';
import { closeToTray, manageQuit } from './shell/tray-lifecycle';
import { guardWebContents, secureSession } from './shell/web-security';
import { mainWindowOptions } from './shell/window-options';
import { restoreBounds, trackWindowState, wasMaximized, type KeyValueStore } from './shell/window-state';

// Tests (test/electron) point an unpackaged build at a throw-away folder. Must happen before
// anything reads userData, including the single-instance lock. Ignored in the packaged app.
if (!app.isPackaged && process.env['TOKENDESK_USER_DATA']) app.setPath('userData', process.env['TOKENDESK_USER_DATA']);

// electron-vite emits ES modules for main (package type: module).
const here = import.meta.dirname;
const rendererUrl = process.env['ELECTRON_RENDERER_URL'];
const rendererFile = join(here, '../renderer/index.html');
const preloadFile = join(here, '../preload/index.cjs');
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(here, '../../resources');
const trustedOrigins = rendererUrl ? [new URL(rendererUrl).origin] : [pathToFileURL(join(here, '../renderer/')).href];

let mainWindow: BrowserWindow | null = null;
const showMainWindow = () => revealWindow(mainWindow);

if (claimSingleInstance(app, showMainWindow)) {
  app.setAppUserModelId('com.tokendesk.app');
  // Every web contents (main window, palette, anything later) gets the same guards.
  app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, { isAppUrl: (url) => isTrustedUrl(url, trustedOrigins), openExternal: (url) => void shell.openExternal(url) }),
  );
  app.on('activate', showMainWindow);
  void app.whenReady().then(start);
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
  // The vault stays on FilePersistence, not electron-store: conf (electron-store's base)
  // writes synchronously on the main thread, falls back to an in-place, non-atomic write
  // (under Snap, or on EXDEV), keeps no backup file and does not fsync the folder. See
  // shell/electron-store-persistence.ts for the evidence. electron-store holds settings.
  const vaultPersistence = new FilePersistence(join(userData, 'vault.json'));
  const settingsPersistence = new ElectronStorePersistence(() => openStore('settings', false), join(userData, 'settings.json'));
  const keyProtector = chooseKeyProtector(safeStorage, process.platform, () => new PasswordKeyProtector(), await readVaultKeyKind(vaultPersistence));
  logger.info('starting', { version: app.getVersion(), protection: keyProtector.kind });
  secureSession(session.defaultSession);

  // The shortcut and the login item are applied by the shell before the core saves them.
  let vaultState: VaultState = 'locked';
  const shortcut = new ShortcutManager(() => {
    // Locked: the palette could not list anything, so show the unlock screen instead.
    if (vaultState === 'unlocked') void palette.toggle();
    else showMainWindow();
  });
  const loginItem: LaunchAtLoginDeps = { platform: process.platform, loginItems: app, linux: currentLinuxTarget(app.isPackaged, app.getAppPath()) };

  // ---- the core -------------------------------------------------------------------------
  const core = await createCore({
    dataDir: userData,
    keyProtector,
    fetch: (input, init) => net.fetch(input, init),
    logger,
    clipboard: { writeText: (t) => clipboard.writeText(t), readText: () => clipboard.readText() },
    openExternal: openInBrowser,
    persistence: { vault: vaultPersistence, settings: settingsPersistence },
    systemSettings: {
      applyShortcut: (accelerator) => shortcut.apply(accelerator),
      applyLaunchAtLogin: (enabled) => applyLaunchAtLogin(enabled, loginItem),
    },
  });
  registerIpc(ipcMain, core, trustedOrigins);
  for (const event of eventNames) core.on(event, (payload) => broadcast(event, payload));

  let settings: Settings = { ...DEFAULT_SETTINGS, ...(await core.settings.get()) };
  core.on('settings:changed', (next) => (settings = next));
  const notice = (message: string) => broadcast('ui:notice', { kind: 'error', message });

  // ---- tray, notifications, palette -----------------------------------------------------
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
  vaultState = (await core.vault.status()).state;
  core.on('vault:changed', (v) => {
    vaultState = v.state;
    void refreshShellViews(v.state);
  });
  core.on('connections:changed', (views) => void refreshShellViews(vaultState, views));
  void refreshShellViews(vaultState);
  const palette = new PaletteWindow({ preloadPath: preloadFile, load: (win) => loadPage(win, '/palette'), isQuitting: () => quit.isQuitting() });

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

  // ---- quit: only explicitly; clear our clipboard value (if unchanged) and flush first --
  const quit = manageQuit(
    app,
    async () => {
      shortcut.clear();
      stopPower();
      tray.destroy();
      palette.destroy();
      await core.close();
    },
    (err) => logger.error('closing failed', { error: String(err) }),
  );

  // ---- main window ----------------------------------------------------------------------
  const windowState = openWindowStateStore(logger.warn);
  const saved = windowState.get('mainWindow');
  const win = new BrowserWindow(mainWindowOptions(preloadFile, restoreBounds(saved, screen.getAllDisplays())));
  mainWindow = win;
  trackWindowState(win, windowState);
  closeToTray(win, quit);
  const hiddenStart = startedAtLogin(process.argv, app, process.platform);
  win.once('ready-to-show', () => {
    if (hiddenStart) return;
    if (wasMaximized(saved)) win.maximize();
    win.show();
  });
  // The saved shortcut and login item are applied once the window can show what went wrong.
  win.webContents.once('did-finish-load', () => {
    const registered = shortcut.set(settings.shortcut);
    if (!registered.ok) {
      logger.warn('shortcut not registered', { shortcut: settings.shortcut });
      notice(registered.message);
    }
    applyLaunchAtLogin(settings.launchAtLogin, loginItem).catch((e: unknown) => notice(e instanceof Error ? e.message : String(e)));
  });

  await loadPage(win);
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
