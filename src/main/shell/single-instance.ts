/**
 * One TokenDesk per user session. Two copies would each hold the vault, each renew the
 * same tokens and fight over the global shortcut and the tray; so a second launch only
 * brings the first one's window forward and exits.
 */

/** The part of Electron's `app` used here. */
export interface SingleInstanceApp {
  requestSingleInstanceLock(): boolean;
  quit(): void;
  on(event: 'second-instance', listener: () => void): unknown;
}

/** The part of `BrowserWindow` needed to bring a window forward. */
export interface RevealableWindow {
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
}

/** Shows, un-minimises and focuses a window (the tray's "Open", a second launch, the dock icon). */
export function revealWindow(win: RevealableWindow | null | undefined): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/**
 * Takes the single-instance lock. Returns false (and asks this copy to quit) when another
 * TokenDesk already runs; otherwise a later launch calls `reveal` in this, the first, copy.
 */
export function claimSingleInstance(app: SingleInstanceApp, reveal: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => reveal());
  return true;
}
