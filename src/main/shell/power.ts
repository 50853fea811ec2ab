/**
 * Tells the core about the machine: resume, unlock-screen and network back make it
 * re-check every token against wall-clock time; screen lock, suspend and idle lock the
 * vault when the settings say so. Idle is polled at most once a minute.
 */
import type { Settings } from '../../shared/views';
import type { SystemEvent } from '../core';

export interface PowerMonitorLike {
  on(event: 'resume' | 'suspend' | 'lock-screen' | 'unlock-screen', listener: () => void): unknown;
  removeListener(event: 'resume' | 'suspend' | 'lock-screen' | 'unlock-screen', listener: () => void): unknown;
  getSystemIdleTime(): number;
}

export interface PowerDeps {
  powerMonitor: PowerMonitorLike;
  notify(event: SystemEvent): void;
  lock(reason: 'screen-lock' | 'suspend' | 'idle'): void;
  settings(): Pick<Settings, 'lockOnScreenLock' | 'lockAfterIdleMinutes'>;
  /** Subscribe to the OS saying the network is back; returns unsubscribe. */
  onOnline?(listener: () => void): () => void;
  /** For tests. */
  setInterval?: (fn: () => void, ms: number) => { unref?(): void } | number;
  clearInterval?: (handle: unknown) => void;
}

export const IDLE_POLL_MS = 60_000;

/** Pure: should the idle poll lock now? */
export function idleShouldLock(idleSeconds: number, lockAfterIdleMinutes: number): boolean {
  return lockAfterIdleMinutes > 0 && idleSeconds >= lockAfterIdleMinutes * 60;
}

export function watchPower(deps: PowerDeps): () => void {
  const { powerMonitor } = deps;
  const handlers: Array<['resume' | 'suspend' | 'lock-screen' | 'unlock-screen', () => void]> = [
    ['resume', () => deps.notify('resume')],
    ['unlock-screen', () => deps.notify('unlock-screen')],
    ['lock-screen', () => deps.settings().lockOnScreenLock && deps.lock('screen-lock')],
    ['suspend', () => deps.settings().lockOnScreenLock && deps.lock('suspend')],
  ];
  for (const [event, fn] of handlers) powerMonitor.on(event, fn);
  const offOnline = deps.onOnline?.(() => deps.notify('online'));

  const every = deps.setInterval ?? setInterval;
  const stop = deps.clearInterval ?? ((h: unknown) => clearInterval(h as ReturnType<typeof setInterval>));
  const timer = every(() => {
    const { lockAfterIdleMinutes } = deps.settings();
    if (lockAfterIdleMinutes > 0 && idleShouldLock(powerMonitor.getSystemIdleTime(), lockAfterIdleMinutes)) deps.lock('idle');
  }, IDLE_POLL_MS);
  if (typeof timer === 'object' && timer && typeof timer.unref === 'function') timer.unref();

  return () => {
    for (const [event, fn] of handlers) powerMonitor.removeListener(event, fn);
    offOnline?.();
    stop(timer);
  };
}

/**
 * Electron's main process has no "online" event, so poll `net.isOnline()` (a cheap local
 * check, no traffic) and report each offline → online change.
 */
export function watchOnline(isOnline: () => boolean, listener: () => void, everyMs = 15_000): () => void {
  let was = isOnline();
  const timer = setInterval(() => {
    const now = isOnline();
    if (now && !was) listener();
    was = now;
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
