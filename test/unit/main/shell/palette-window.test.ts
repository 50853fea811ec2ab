import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** A BrowserWindow stand-in: records its options and the calls made on it. */
class FakeWindow extends EventEmitter {
  static created: FakeWindow[] = [];
  visible = false;
  destroyed = false;
  focused = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeWindow.created.push(this);
  }
  isDestroyed = () => this.destroyed;
  isVisible = () => this.visible;
  show = () => void (this.visible = true);
  hide = () => void (this.visible = false);
  focus = () => void (this.focused = true);
  destroy = () => void (this.destroyed = true);
  /** Electron-like close (what the page's window.close() triggers): true when it really closes. */
  close(): boolean {
    const event = { defaultPrevented: false, preventDefault: () => void (event.defaultPrevented = true) };
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroyed = true;
    this.emit('closed');
    return true;
  }
}

vi.mock('electron', () => ({
  BrowserWindow: FakeWindow,
  screen: {
    getCursorScreenPoint: () => ({ x: 2000, y: 300 }),
    getDisplayNearestPoint: () => ({ workArea: { x: 1920, y: 0, width: 1920, height: 1040 } }),
  },
}));

const { PaletteWindow, paletteWindowOptions, PALETTE_SIZE } = await import('../../../../src/main/shell/palette-window');
const { mainWindowOptions } = await import('../../../../src/main/shell/window-options');

beforeEach(() => {
  FakeWindow.created = [];
});

describe('paletteWindowOptions', () => {
  const o = paletteWindowOptions('/app/preload.cjs', { x: 1920, y: 0, width: 1920, height: 1040 });

  it('is a small frameless window on top of everything, not in the taskbar', () => {
    expect(o).toMatchObject({ frame: false, alwaysOnTop: true, skipTaskbar: true, resizable: false, minimizable: false, maximizable: false, fullscreenable: false, show: false });
    expect(o.width).toBe(PALETTE_SIZE.width);
    expect(o.height).toBe(PALETTE_SIZE.height);
    expect(PALETTE_SIZE.width).toBeLessThanOrEqual(640);
    expect(PALETTE_SIZE.height).toBeLessThanOrEqual(480);
  });

  it('sits centred in the upper part of the display under the pointer', () => {
    expect(o.x).toBe(1920 + (1920 - PALETTE_SIZE.width) / 2);
    expect(o.y).toBe(208);
  });

  it('has the main window’s locked-down web preferences (and no devtools)', () => {
    expect(o.webPreferences).toEqual({ ...mainWindowOptions('/app/preload.cjs').webPreferences, devTools: false });
    expect(o.webPreferences).toMatchObject({ preload: '/app/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
  });
});

describe('PaletteWindow', () => {
  function palette(quitting = false) {
    const load = vi.fn(async () => undefined);
    const p = new PaletteWindow({ preloadPath: '/app/preload.cjs', load, isQuitting: () => quitting });
    return { p, load };
  }

  it('is created and loaded on first use, then reused', async () => {
    const { p, load } = palette();
    await p.show();
    expect(FakeWindow.created).toHaveLength(1);
    const win = FakeWindow.created[0]!;
    expect(win.options).toMatchObject({ frame: false, alwaysOnTop: true });
    expect(load).toHaveBeenCalledExactlyOnceWith(win);
    expect(win.visible && win.focused).toBe(true);
    await p.toggle(); // showing → hide
    expect(win.visible).toBe(false);
    await p.toggle(); // hidden → show, same window, no reload
    expect(win.visible).toBe(true);
    expect(FakeWindow.created).toHaveLength(1);
    expect(load).toHaveBeenCalledOnce();
  });

  it('hides when it loses focus', async () => {
    const { p } = palette();
    await p.show();
    const win = FakeWindow.created[0]!;
    win.emit('blur');
    expect(win.visible).toBe(false);
    expect(win.destroyed).toBe(false);
  });

  it('the page closing it (Esc, after a copy) only hides it, ready for the next shortcut', async () => {
    const { p } = palette();
    await p.show();
    const win = FakeWindow.created[0]!;
    expect(win.close()).toBe(false);
    expect(win.visible).toBe(false);
    expect(win.destroyed).toBe(false);
    await p.show();
    expect(FakeWindow.created).toHaveLength(1);
  });

  it('closes for real while the app quits, and a new one is made next time', async () => {
    let quitting = true;
    const load = vi.fn(async () => undefined);
    const p = new PaletteWindow({ preloadPath: '/p', load, isQuitting: () => quitting });
    await p.show();
    expect(FakeWindow.created[0]!.close()).toBe(true);
    quitting = false;
    await p.show();
    expect(FakeWindow.created).toHaveLength(2);
  });

  it('hide() and destroy() are safe before the window exists and after', async () => {
    const { p } = palette();
    p.hide();
    p.destroy();
    await p.show();
    p.destroy();
    expect(FakeWindow.created[0]!.destroyed).toBe(true);
    p.hide();
  });
});
