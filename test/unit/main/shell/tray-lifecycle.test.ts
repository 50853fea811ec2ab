import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { closeToTray, manageQuit } from '../../../../src/main/shell/tray-lifecycle';
import { buildTrayMenu } from '../../../../src/main/shell/tray-menu';

/** Electron-like: `quit()` emits before-quit, and really quits only if nobody prevented it. */
function fakeApp() {
  const app = Object.assign(new EventEmitter(), {
    exited: false,
    quit: vi.fn(() => {
      const event = { defaultPrevented: false, preventDefault: () => void (event.defaultPrevented = true) };
      app.emit('before-quit', event);
      if (!event.defaultPrevented) app.exited = true;
    }),
  });
  return app;
}

function fakeWindow() {
  const win = Object.assign(new EventEmitter(), { hidden: false, hide: vi.fn(() => void (win.hidden = true)) });
  /** Electron-like close: returns true when the window really closes. */
  const close = () => {
    const event = { defaultPrevented: false, preventDefault: () => void (event.defaultPrevented = true) };
    win.emit('close', event);
    return !event.defaultPrevented;
  };
  return { win, close };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('close to tray, quit from the tray', () => {
  it('closing the window hides it and the app keeps running', () => {
    const app = fakeApp();
    const quit = manageQuit(app, async () => undefined, () => undefined);
    const { win, close } = fakeWindow();
    closeToTray(win, quit);
    expect(close()).toBe(false);
    expect(win.hidden).toBe(true);
    app.emit('window-all-closed');
    expect(app.exited).toBe(false);
    expect(quit.isQuitting()).toBe(false);
  });

  it('"Quit TokenDesk" in the tray runs the clean-up once, then really quits and lets windows close', async () => {
    const app = fakeApp();
    const order: string[] = [];
    const cleanUp = vi.fn(async () => void order.push('clean-up'));
    const quit = manageQuit(app, cleanUp, () => undefined);
    const { win, close } = fakeWindow();
    closeToTray(win, quit);

    const menu = buildTrayMenu([], 'unlocked', 0, { copy: vi.fn(), open: vi.fn(), lock: vi.fn(), quit: () => app.quit() });
    const quitItem = menu.find((i) => i.label === 'Quit TokenDesk')!;
    (quitItem.click as () => void)();

    expect(app.exited).toBe(false); // held while cleaning up
    expect(quit.isQuitting()).toBe(true);
    await flush();
    expect(cleanUp).toHaveBeenCalledOnce();
    expect(app.quit).toHaveBeenCalledTimes(2);
    expect(app.exited).toBe(true);
    expect(close()).toBe(true);
    expect(win.hidden).toBe(false);
  });

  it('a failing clean-up is reported and the app still quits', async () => {
    const app = fakeApp();
    const onError = vi.fn();
    manageQuit(app, () => Promise.reject(new Error('disk gone')), onError);
    app.quit();
    await flush();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'disk gone' }));
    expect(app.exited).toBe(true);
  });

  it('a clean-up that never finishes does not keep the app alive past the limit', async () => {
    vi.useFakeTimers();
    try {
      const app = fakeApp();
      manageQuit(app, () => new Promise<void>(() => undefined), () => undefined, 3000);
      app.quit();
      await vi.advanceTimersByTimeAsync(2999);
      expect(app.exited).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(app.exited).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});
