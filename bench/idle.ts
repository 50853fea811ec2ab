/**
 * Core idle: 1,000 signed-in tokens with long lifetimes (stored valid in the vault, so no
 * network), unlocked through the real core on the real system clock; then nothing
 * happens for a 45 s window (BENCH_IDLE_MS; it holds at least one 30 s watchdog turn and
 * keeps the figure, set-up included, under a minute). Wake-ups are counted two ways: timer fires through a
 * wrapping Clock port passed to createCore, and every Node setTimeout/setInterval fire in
 * the process. Expected: the watchdog (every 30 s) and refreshes due in the window (0).
 * Runs in a child process, in parallel with the other figures (it is idle, by design).
 */
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../src/main/core/ports';
import { systemClock } from '../src/main/core/ports';
import { makeCore, MASTER } from '../test/support/core-harness';
import { isMain, runChild } from './lib/child';
import { makeBigVault } from './lib/fixtures';
import type { FigureResult } from './lib/stats';

const TOKENS = 1_000;
export const WINDOW_MS = Number(process.env.BENCH_IDLE_MS ?? 45_000);
const WATCHDOG_MS = 30_000;

interface ChildOut {
  windowMs: number;
  clockFires: number;
  clockFiresByDelay: Record<string, number>;
  setTimerCalls: number;
  nodeTimerFires: number;
  timersArmed: number;
  tracked: number;
  expectedWatchdog: number;
  firstWatchdogInMs: number;
}

async function child(): Promise<ChildOut> {
  // Count every Node timer fire (anything that wakes the process), not just the core's.
  const realSetTimeout = globalThis.setTimeout;
  const realSetInterval = globalThis.setInterval;
  let counting = false;
  let nodeTimerFires = 0;
  const wrap = <A extends unknown[]>(fn: (...a: A) => void) => (...a: A) => {
    if (counting) nodeTimerFires++;
    fn(...a);
  };
  (globalThis as { setTimeout: unknown }).setTimeout = ((fn: (...a: unknown[]) => void, ms?: number, ...rest: unknown[]) =>
    realSetTimeout(wrap(fn), ms, ...rest)) as typeof setTimeout;
  (globalThis as { setInterval: unknown }).setInterval = ((fn: (...a: unknown[]) => void, ms?: number, ...rest: unknown[]) =>
    realSetInterval(wrap(fn), ms, ...rest)) as typeof setInterval;

  let clockFires = 0;
  let setTimerCalls = 0;
  const byDelay: Record<string, number> = {};
  let watchdogArmedAt = Number.NaN;
  const clock: Clock = {
    now: () => Date.now(),
    setTimer(delay, fn) {
      if (counting) setTimerCalls++;
      if (delay === WATCHDOG_MS) watchdogArmedAt = performance.now();
      return systemClock.setTimer(delay, () => {
        if (counting) {
          clockFires++;
          const k = delay === WATCHDOG_MS ? 'watchdog (30 s)' : `other (${Math.round(delay)} ms)`;
          byDelay[k] = (byDelay[k] ?? 0) + 1;
        }
        fn();
      });
    },
  };

  const dir = await makeBigVault({ connections: TOKENS, tenants: 0, lifetimeMs: 7 * 24 * 3_600_000 });
  const h = await makeCore({ clock }, dir);
  await h.core.vault.unlock({ password: MASTER });
  await h.core.connections.list();
  // Let the unlock's own work (audit write, view push timer) settle, then watch.
  await new Promise((r) => realSetTimeout(r, 500));
  const tracked = (await h.core.connections.list()).filter((c) => c.status.state === 'valid').length;
  const start = performance.now();
  const firstWatchdogInMs = watchdogArmedAt + WATCHDOG_MS - start;
  counting = true;
  await new Promise((r) => realSetTimeout(r, WINDOW_MS));
  counting = false;
  const windowMs = performance.now() - start;
  // Watchdog fires expected inside [start, start + window].
  const expectedWatchdog = firstWatchdogInMs > windowMs ? 0 : 1 + Math.floor((windowMs - firstWatchdogInMs) / WATCHDOG_MS);
  const out: ChildOut = {
    windowMs,
    clockFires,
    clockFiresByDelay: byDelay,
    setTimerCalls,
    nodeTimerFires,
    timersArmed: h.core.timersArmed(),
    tracked,
    expectedWatchdog,
    firstWatchdogInMs,
  };
  await h.core.close();
  await rm(dir, { recursive: true, force: true });
  return out;
}

/** Starts the child now; await the returned function's result later. */
export function start(): () => Promise<FigureResult[]> {
  const pending = runChild<ChildOut>('bench/idle.ts', ['--child'], WINDOW_MS + 120_000).then(
    (o) => o,
    (e: unknown) => e as Error,
  );
  return async () => {
    const o = await pending;
    if (o instanceof Error) throw o;
    const unexpected = o.clockFires - o.expectedWatchdog;
    return [
      {
        figure: `core idle: ${Math.round(o.windowMs / 1000)} s, 1,000 tokens`,
        value: `${o.clockFires} wake-ups (${Object.entries(o.clockFiresByDelay).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}); ${o.nodeTimerFires} Node timer fires`,
        baseline: `expected ${o.expectedWatchdog} watchdog + 0 refreshes`,
        ratio: '—',
        target: 'nothing but watchdog + due refreshes',
        pass: unexpected <= 0 && o.nodeTimerFires <= o.expectedWatchdog && o.tracked === TOKENS,
        note: `Real system clock, ${Math.round(o.windowMs)} ms window after unlock settled; ${o.tracked} of ${TOKENS} tokens valid; core timers armed: ${o.timersArmed}; Clock.setTimer calls in the window: ${o.setTimerCalls} (watchdog re-arms + scheduler re-arm after recheck).`,
        data: { ...o },
      },
    ];
  };
}

if (isMain(import.meta.url) && process.argv.includes('--child')) {
  console.log(JSON.stringify(await child()));
}
