import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { claimSingleInstance, revealWindow, type RevealableWindow } from '../../../../src/main/shell/single-instance';

function fakeApp(gotLock: boolean) {
  return Object.assign(new EventEmitter(), { requestSingleInstanceLock: vi.fn(() => gotLock), quit: vi.fn() });
}

function fakeWindow(state: { minimized?: boolean; destroyed?: boolean } = {}) {
  const calls: string[] = [];
  const win: RevealableWindow = {
    isDestroyed: () => state.destroyed ?? false,
    isMinimized: () => state.minimized ?? false,
    restore: () => void calls.push('restore'),
    show: () => void calls.push('show'),
    focus: () => void calls.push('focus'),
  };
  return { win, calls };
}

describe('claimSingleInstance', () => {
  it('the first copy keeps running and a second launch reveals its window', () => {
    const app = fakeApp(true);
    const reveal = vi.fn();
    expect(claimSingleInstance(app, reveal)).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
    app.emit('second-instance', {}, ['tokendesk'], '/home/me');
    expect(reveal).toHaveBeenCalledOnce();
  });

  it('a second copy quits at once and listens to nothing', () => {
    const app = fakeApp(false);
    const reveal = vi.fn();
    expect(claimSingleInstance(app, reveal)).toBe(false);
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.listenerCount('second-instance')).toBe(0);
  });
});

describe('revealWindow', () => {
  it('restores a minimised window, shows and focuses it', () => {
    const { win, calls } = fakeWindow({ minimized: true });
    revealWindow(win);
    expect(calls).toEqual(['restore', 'show', 'focus']);
  });

  it('shows and focuses a hidden (closed-to-tray) window without restoring', () => {
    const { win, calls } = fakeWindow();
    revealWindow(win);
    expect(calls).toEqual(['show', 'focus']);
  });

  it('does nothing for a missing or destroyed window', () => {
    const { win, calls } = fakeWindow({ destroyed: true });
    revealWindow(win);
    revealWindow(null);
    expect(calls).toEqual([]);
  });
});
