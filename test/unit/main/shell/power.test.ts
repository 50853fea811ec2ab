import { describe, expect, it, vi } from 'vitest';
import { idleShouldLock, IDLE_POLL_MS, watchPower, type PowerMonitorLike } from '../../../../src/main/shell/power';

function fakeMonitor(idleSeconds = 0) {
  const listeners = new Map<string, () => void>();
  const monitor: PowerMonitorLike & { emit(e: string): void; idle: number } = {
    idle: idleSeconds,
    on: (e, fn) => listeners.set(e, fn),
    removeListener: (e) => listeners.delete(e),
    getSystemIdleTime: () => monitor.idle,
    emit: (e) => listeners.get(e)?.(),
  };
  return { monitor, listeners };
}

describe('watchPower', () => {
  it('feeds resume / unlock-screen / online to the core and locks on screen lock and suspend when set', () => {
    const { monitor, listeners } = fakeMonitor();
    const notify = vi.fn();
    const lock = vi.fn();
    let online: () => void = () => undefined;
    const settings = { lockOnScreenLock: true, lockAfterIdleMinutes: 0 };
    const stop = watchPower({ powerMonitor: monitor, notify, lock, settings: () => settings, onOnline: (fn) => ((online = fn), () => undefined), setInterval: () => 1, clearInterval: () => undefined });
    monitor.emit('resume');
    monitor.emit('unlock-screen');
    online();
    expect(notify.mock.calls.map((c) => c[0])).toEqual(['resume', 'unlock-screen', 'online']);
    monitor.emit('lock-screen');
    monitor.emit('suspend');
    expect(lock.mock.calls.map((c) => c[0])).toEqual(['screen-lock', 'suspend']);
    settings.lockOnScreenLock = false;
    monitor.emit('lock-screen');
    expect(lock).toHaveBeenCalledTimes(2);
    stop();
    expect(listeners.size).toBe(0);
  });

  it('polls idle time once a minute and locks after the configured minutes', () => {
    const { monitor } = fakeMonitor(0);
    const lock = vi.fn();
    let tick: () => void = () => undefined;
    const every = vi.fn((fn: () => void) => ((tick = fn), 1));
    watchPower({ powerMonitor: monitor, notify: vi.fn(), lock, settings: () => ({ lockOnScreenLock: false, lockAfterIdleMinutes: 15 }), setInterval: every, clearInterval: () => undefined });
    expect(every).toHaveBeenCalledWith(expect.any(Function), IDLE_POLL_MS);
    monitor.idle = 14 * 60;
    tick();
    expect(lock).not.toHaveBeenCalled();
    monitor.idle = 15 * 60;
    tick();
    expect(lock).toHaveBeenCalledWith('idle');
    expect(idleShouldLock(10_000, 0)).toBe(false);
  });
});
