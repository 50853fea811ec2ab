/**
 * One 1 Hz clock for every countdown in the window. The single setInterval starts when the
 * first component subscribes and stops when the last one leaves, so nothing ticks while
 * no countdown is on screen. Only components that call `useNow()` re-render on a tick.
 */
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function tick(): void {
  now = Date.now();
  listeners.forEach((l) => l());
}

/**
 * A hidden window's timers are throttled (Chromium: about once a minute), so a window
 * brought back into view would show a minute-old countdown until the next tick. Tick at once.
 */
function onVisibilityChange(): void {
  if (document.visibilityState === 'visible') tick();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(tick, 1000);
    if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisibilityChange);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisibilityChange);
    }
  };
}

/**
 * React reads the snapshot while rendering, before it subscribes. While the clock is idle
 * `now` is the time the last countdown left the screen — possibly hours ago — so refresh it
 * then; while it runs, the tick keeps it current and every read in a render agrees.
 */
function snapshot(): number {
  if (timer === null) {
    const current = Date.now();
    if (current - now >= 1000) now = current;
  }
  return now;
}

/** The current time (epoch ms), updated once per second while anything uses it. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/** For tests and diagnostics: how many components are listening, and whether the timer runs. */
export function clockStats(): { subscribers: number; running: boolean } {
  return { subscribers: listeners.size, running: timer !== null };
}
