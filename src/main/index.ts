/**
 * Composition root: the only file that builds Electron adapters and the core together.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, clipboard, ipcMain, net, session, shell } from 'electron';
import { eventNames } from '../shared/contract';
import { createCore, PasswordKeyProtector } from './core';
import { registerIpc } from './shell/ipc';
import { CONTENT_SECURITY_POLICY, mainWindowOptions } from './shell/window-options';

// electron-vite emits ES modules for main (package type: module), so no here.
const here = import.meta.dirname;
const rendererUrl = process.env['ELECTRON_RENDERER_URL'];
const rendererFile = join(here, '../renderer/index.html');
const trustedOrigins = rendererUrl ? [new URL(rendererUrl).origin] : [pathToFileURL(join(here, '../renderer/')).href];

let mainWindow: BrowserWindow | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.show();
      mainWindow.focus();
    }
  });
  void app.whenReady().then(start);
}

async function start(): Promise<void> {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });

  const core = await createCore({
    dataDir: app.getPath('userData'),
    keyProtector: new PasswordKeyProtector(),
    fetch: (input, init) => net.fetch(input, init),
    clipboard: { writeText: (t) => clipboard.writeText(t), readText: () => clipboard.readText() },
  });
  registerIpc(ipcMain, core, trustedOrigins);
  for (const event of eventNames) {
    core.on(event, (payload) => mainWindow?.webContents.send(event, payload));
  }

  mainWindow = new BrowserWindow(mainWindowOptions(join(here, '../preload/index.cjs')));
  mainWindow.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  mainWindow.webContents.on('will-navigate', (e) => e.preventDefault());
  mainWindow.webContents.on('will-attach-webview', (e) => e.preventDefault());
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  if (rendererUrl) await mainWindow.loadURL(rendererUrl);
  else await mainWindow.loadFile(rendererFile);

  app.on('before-quit', () => void core.close());
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
