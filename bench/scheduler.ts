/**
 * Refresh scheduler: 10,000 tokens scheduled on one RefreshScheduler. Runs in a child
 * process with --expose-gc. Reports OS timers armed (counted through the Clock port),
 * heap per entry above the key string itself (keys are created before the baseline
 * snapshot: they belong to the token), and the time to schedule all of them.
 * Baseline: the same 10,000 (key, time) pairs put into a bare Map.
 */
import { performance } from 'node:perf_hooks';
import type { Clock } from '../src/main/core/ports';
import { systemClock } from '../src/main/core/ports';
import { RefreshScheduler } from '../src/main/core/tokens/scheduler';
import { gcHeap, isMain, runChild } from './lib/child';
import { type FigureResult, bytes, ms, ratio, summarise } from './lib/stats';

const N = 10_000;
const ROUNDS = 15;

interface ChildOut {
  timersArmed: number;
  setTimerCalls: number;
  liveTimers: number;
  heapPerEntry: number;
  mapHeapPerEntry: number;
  scheduleMs: number[];
  mapMs: number[];
}

function child(): ChildOut {
  let setTimerCalls = 0;
  let live = 0;
  const clock: Clock = {
    now: () => Date.now(),
    setTimer(delay, fn) {
      setTimerCalls++;
      live++;
      let done = false;
      const h = systemClock.setTimer(delay, () => {
        if (!done) live--;
        done = true;
        fn();
      });
      return {
        cancel() {
          if (!done) live--;
          done = true;
          h.cancel();
        },
      };
    },
  };
  const base = Date.now() + 3_600_000;
  const keys = Array.from({ length: N }, (_, i) => `connection-${i.toString(36)}-${'x'.repeat(8)}/tenant`);
  const times = keys.map((_, i) => base + ((i * 7919) % N) * 1000); // shuffled times

  // Timing: fresh scheduler each round.
  const scheduleMs: number[] = [];
  const mapMs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const s = new RefreshScheduler(clock, () => {});
    const t0 = performance.now();
    for (let i = 0; i < N; i++) s.schedule(keys[i]!, times[i]!);
    scheduleMs.push(performance.now() - t0);
    s.close();
    const m = new Map<string, number>();
    const t1 = performance.now();
    for (let i = 0; i < N; i++) m.set(keys[i]!, times[i]!);
    mapMs.push(performance.now() - t1);
  }

  // Heap: one scheduler holding all N entries.
  setTimerCalls = 0;
  const h0 = gcHeap();
  const s = new RefreshScheduler(clock, () => {});
  for (let i = 0; i < N; i++) s.schedule(keys[i]!, times[i]!);
  const h1 = gcHeap();
  const timersArmed = s.timersArmed();
  const liveTimers = live;
  const calls = setTimerCalls;
  const m0 = gcHeap();
  const m = new Map<string, number>();
  for (let i = 0; i < N; i++) m.set(keys[i]!, times[i]!);
  const m1 = gcHeap();
  const out = { timersArmed, setTimerCalls: calls, liveTimers, heapPerEntry: (h1 - h0) / N, mapHeapPerEntry: (m1 - m0) / N, scheduleMs, mapMs };
  s.close();
  if (m.size !== N) throw new Error('map');
  return out;
}

export async function run(): Promise<FigureResult[]> {
  const o = await runChild<ChildOut>('bench/scheduler.ts', ['--child']);
  const t = summarise(o.scheduleMs);
  const b = summarise(o.mapMs);
  return [
    {
      figure: 'refresh scheduler: 10,000 tokens scheduled',
      value: `${o.liveTimers} OS timer; ${bytes(o.heapPerEntry)}/token; ${ms(t.median)} (p95 ${ms(t.p95)})`,
      baseline: `Map.set: ${bytes(o.mapHeapPerEntry)}/token; ${ms(b.median)}`,
      ratio: `${ratio(t.median, b.median)} time`,
      target: '1 timer; ≤ 200 B/token; ≤ 50 ms',
      pass: o.liveTimers === 1 && o.timersArmed === 1 && o.heapPerEntry <= 200 && t.p95 <= 50,
      note: `${ROUNDS} rounds of ${N} schedule() calls with shuffled times, fresh scheduler each; heap after forced GC in a child process (--expose-gc), key strings allocated before the snapshot. setTimer calls while scheduling: ${o.setTimerCalls}.`,
      data: { ...o, schedule: t, map: b },
    },
  ];
}

if (isMain(import.meta.url) && process.argv.includes('--child')) {
  console.log(JSON.stringify(child()));
}
