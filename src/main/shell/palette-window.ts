/**
 * The quick-copy palette: a small frameless window on top of everything, opened by the
 * global shortcut, showing the main renderer's `#/palette` route. Same locked-down web
 * preferences as the main window (one source: `mainWindowOptions`); the navigation and
 * window-open guards reach it like every web contents (web-security.ts). It hides when it
 * loses focus, and the page's `window.close()` (Esc, or after a copy) hides it too rather
 * than destroying it, so the next shortcut press shows it at once, already loaded.
 */
import { BrowserWindow, screen, type BrowserWindowConstructorOptions } from 'electron';
import { mainWindowOptions } from './window-options';

export const PALETTE_SIZE = { width: 560, height: 380 } as const;

/** Pure: the palette's options, centred in the upper third of the given work area. */
export function paletteWindowOptions(preloadPath: string, workArea?: { x: number; y: number; width: number; height: number }): BrowserWindowConstructorOptions {
  const base = mainWindowOptions(preloadPath, { ...PALETTE_SIZE });
  const position = workArea
    ? { x: Math.round(workArea.x + (workArea.width - PALETTE_SIZE.width) / 2), y: Math.round(workArea.y + workArea.height / 5) }
    : {};
  return {
    ...base,
    ...position,
    minWidth: 320,
    minHeight: 200,
    title: 'TokenDesk quick copy',
    frame: false,
    resizable: false,
    movable: true,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    show: false,
    webPreferences: { ...base.webPreferences, devTools: false },
  };
}

export interface PaletteDeps {
  preloadPath: string;
  /** Loads the palette page into the window (`…/index.html#/palette`). */
  load(win: BrowserWindow): Promise<void>;
  /** True while the app is really quitting: then closing the window is not turned into hiding it. */
  isQuitting(): boolean;
}

export class PaletteWindow {
  private win: BrowserWindow | null = null;

  constructor(private readonly deps: PaletteDeps) {}

  /** Shows the palette (creating it on first use) or hides it when it is already showing. */
  async toggle(): Promise<void> {
    if (this.win && !this.win.isDestroyed() && this.win.isVisible()) {
      this.win.hide();
      return;
    }
    await this.show();
  }

  async show(): Promise<void> {
    if (!this.win || this.win.isDestroyed()) {
      const display = screen.getDisplayNearestPoint(screen.getCursorScreenPoint());
      const win = new BrowserWindow(paletteWindowOptions(this.deps.preloadPath, display.workArea));
      win.on('blur', () => {
        if (!win.isDestroyed()) win.hide();
      });
      win.on('close', (event) => {
        if (this.deps.isQuitting()) return;
        event.preventDefault();
        win.hide();
      });
      win.on('closed', () => {
        if (this.win === win) this.win = null;
      });
      this.win = win;
      await this.deps.load(win);
    }
    // The page re-reads the connections on its window's `focus` event, so a reopened palette is current.
    this.win.show();
    this.win.focus();
  }

  hide(): void {
    if (this.win && !this.win.isDestroyed()) this.win.hide();
  }

  destroy(): void {
    if (this.win && !this.win.isDestroyed()) this.win.destroy();
    this.win = null;
  }
}
