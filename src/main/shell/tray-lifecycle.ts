/**
 * TokenDesk lives in the tray: closing its window only hides it (tokens keep renewing and
 * the tray and shortcut keep working), and only an explicit quit — the tray's "Quit",
 * Cmd+Q, the OS logging out — ends the app. Quitting first clears TokenDesk's value from the
 * clipboard (if unchanged) and flushes the vault and log, with a time limit so a stuck
 * save never keeps a zombie app around.
 */

/** The part of `BrowserWindow` used here. */
export interface HideableWindow {
  hide(): void;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
}

/** The part of Electron's `app` used here. */
export interface QuittableApp {
  quit(): void;
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
}

export interface QuitControl {
  /** True once a real quit has started: windows may close for good. */
  isQuitting(): boolean;
}

/** How long quitting waits for the clean-up before exiting anyway. */
export const QUIT_CLEANUP_LIMIT_MS = 3000;

/**
 * Handles quitting: the first `before-quit` is held while `cleanUp` runs (at most
 * `limitMs`), then the app quits for real. Also keeps the app alive when every window is
 * closed (Electron's default would quit on Windows and Linux).
 */
export function manageQuit(
  app: QuittableApp,
  cleanUp: () => Promise<void>,
  onError: (error: unknown) => void,
  limitMs: number = QUIT_CLEANUP_LIMIT_MS,
): QuitControl {
  let quitting = false;
  let cleaned = false;
  app.on('window-all-closed', () => {
    // Stay in the tray.
  });
  app.on('before-quit', (event) => {
    quitting = true;
    if (cleaned) return;
    cleaned = true;
    event.preventDefault();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, limitMs);
      timer.unref?.();
    });
    void Promise.race([Promise.resolve().then(cleanUp), limit])
      .catch(onError)
      .finally(() => {
        clearTimeout(timer);
        app.quit();
      });
  });
  return { isQuitting: () => quitting };
}

/** Closing the window hides it, unless the app is really quitting. */
export function closeToTray(win: HideableWindow, quit: QuitControl): void {
  win.on('close', (event) => {
    if (quit.isQuitting()) return;
    event.preventDefault();
    win.hide();
  });
}
