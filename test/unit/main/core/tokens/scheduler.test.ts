import { describe, expect, it } from 'vitest';
import type { Clock, TimerHandle } from '../../../../../src/main/core/ports';
import { MAX_TIMER_DELAY_MS, RefreshScheduler } from '../../../../../src/main/core/tokens/scheduler';
import { createFakeClock, type FakeClock } from '../../../../support/fake-clock';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const SEC = 1000;
const MIN = 60 * SEC;
const DAY = 24 * 60 * MIN;

/** Wraps a FakeClock and counts live timers, the peak, and every setTimer call. */
function countingClock(inner: FakeClock) {
  const stats = { live: 0, peak: 0, created: 0, delays: [] as number[] };
  const clock: Clock = {
    now: () => inner.now(),
    setTimer(delayMs, fn): TimerHandle {
      stats.created++;
      stats.delays.push(delayMs);
      stats.live++;
      stats.peak = Math.max(stats.peak, stats.live);
      let live = true;
      const h = inner.setTimer(delayMs, () => {
        if (live) {
          live = false;
          stats.live--;
        }
        fn();
      });
      return {
        cancel() {
          if (live) {
            live = false;
            stats.live--;
          }
          h.cancel();
        },
      };
    },
  };
  return { clock, stats };
}

function setup() {
  const fake = createFakeClock(T0);
  const { clock, stats } = countingClock(fake);
  const fired: Array<{ key: string; at: number }> = [];
  const sched = new RefreshScheduler(clock, (key) => fired.push({ key, at: fake.now() }));
  return { fake, stats, fired, sched };
}

describe('RefreshScheduler', () => {
  it('fires entries in time order at the right wall-clock time', async () => {
    const { fake, fired, sched } = setup();
    sched.schedule('c', T0 + 30 * SEC);
    sched.schedule('a', T0 + 10 * SEC);
    sched.schedule('b', T0 + 20 * SEC);
    sched.schedule('b2', T0 + 20 * SEC);
    expect(sched.size).toBe(4);
    expect(sched.nextDueAt()).toBe(T0 + 10 * SEC);
    await fake.advance(60 * SEC);
    expect(fired).toEqual([
      { key: 'a', at: T0 + 10 * SEC },
      { key: 'b', at: T0 + 20 * SEC },
      { key: 'b2', at: T0 + 20 * SEC },
      { key: 'c', at: T0 + 30 * SEC },
    ]);
    expect(sched.size).toBe(0);
    expect(sched.nextDueAt()).toBeUndefined();
    expect(sched.timersArmed()).toBe(0);
    expect(fake.pendingTimers()).toBe(0);
  });

  it('schedule() replaces the existing entry for a key', async () => {
    const { fake, fired, sched } = setup();
    sched.schedule('a', T0 + 10 * SEC);
    sched.schedule('b', T0 + 20 * SEC);
    sched.schedule('a', T0 + 30 * SEC);
    expect(sched.size).toBe(2);
    expect(sched.nextDueAt()).toBe(T0 + 20 * SEC);
    await fake.advance(60 * SEC);
    expect(fired.map((f) => f.key)).toEqual(['b', 'a']);
    expect(fired[1]!.at).toBe(T0 + 30 * SEC);
  });

  it('cancel() removes an entry; has() reflects state', async () => {
    const { fake, fired, sched } = setup();
    sched.schedule('a', T0 + 10 * SEC);
    sched.schedule('b', T0 + 20 * SEC);
    expect(sched.has('a')).toBe(true);
    expect(sched.cancel('a')).toBe(true);
    expect(sched.cancel('a')).toBe(false);
    expect(sched.has('a')).toBe(false);
    expect(sched.nextDueAt()).toBe(T0 + 20 * SEC);
    await fake.advance(60 * SEC);
    expect(fired.map((f) => f.key)).toEqual(['b']);
    expect(sched.has('b')).toBe(false);
  });

  it('cancelling the last entry disarms the timer', () => {
    const { fake, sched } = setup();
    sched.schedule('a', T0 + 10 * SEC);
    expect(sched.timersArmed()).toBe(1);
    sched.cancel('a');
    expect(sched.timersArmed()).toBe(0);
    expect(fake.pendingTimers()).toBe(0);
  });

  it('keeps exactly one OS timer for 10,000 tokens and fires them all in order', async () => {
    const { fake, stats, fired, sched } = setup();
    const N = 10_000;
    // Deterministic pseudo-random spread over 10 hours.
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const expected = new Map<string, number>();
    for (let i = 0; i < N; i++) {
      const at = T0 + MIN + Math.floor(rnd() * 10 * 60 * MIN);
      sched.schedule(`tok-${i}`, at);
      expected.set(`tok-${i}`, at);
      expect(stats.live).toBeLessThanOrEqual(1);
    }
    // Replace and cancel a few hundred.
    for (let i = 0; i < N; i += 37) {
      const at = T0 + 2 * MIN + Math.floor(rnd() * 10 * 60 * MIN);
      sched.schedule(`tok-${i}`, at);
      expected.set(`tok-${i}`, at);
    }
    for (let i = 5; i < N; i += 101) {
      sched.cancel(`tok-${i}`);
      expected.delete(`tok-${i}`);
    }
    expect(sched.size).toBe(expected.size);
    expect(sched.timersArmed()).toBe(1);
    expect(fake.pendingTimers()).toBe(1);
    // Schedules that do not change the head do not recreate the OS timer.
    expect(stats.created).toBeLessThan(200);

    await fake.advance(11 * 60 * MIN);
    expect(stats.peak).toBe(1);
    expect(fired.length).toBe(expected.size);
    for (let i = 1; i < fired.length; i++) {
      expect(fired[i]!.at).toBeGreaterThanOrEqual(fired[i - 1]!.at);
    }
    for (const f of fired) expect(f.at).toBe(expected.get(f.key));
    expect(sched.size).toBe(0);
    expect(stats.live).toBe(0);
  });

  it('does not recreate the OS timer when the head is unchanged', () => {
    const { stats, sched } = setup();
    sched.schedule('head', T0 + MIN);
    for (let i = 0; i < 100; i++) sched.schedule(`k${i}`, T0 + 2 * MIN + i);
    sched.schedule('head', T0 + MIN); // same time: no-op
    expect(stats.created).toBe(1);
    sched.schedule('earlier', T0 + 30 * SEC);
    expect(stats.created).toBe(2);
    expect(stats.live).toBe(1);
  });

  it('clamps a 30-day delay, does not fire early, fires after 30 days', async () => {
    const { fake, stats, fired, sched } = setup();
    sched.schedule('cogniac', T0 + 30 * DAY);
    expect(stats.delays[0]).toBe(MAX_TIMER_DELAY_MS);
    expect(stats.delays.every((d) => d <= MAX_TIMER_DELAY_MS)).toBe(true);
    await fake.advance(SEC);
    expect(fired).toEqual([]);
    await fake.advance(MAX_TIMER_DELAY_MS); // the clamped timer fires early and re-arms
    expect(fired).toEqual([]);
    expect(sched.timersArmed()).toBe(1);
    await fake.advance(30 * DAY - MAX_TIMER_DELAY_MS - SEC - 1);
    expect(fired).toEqual([]);
    await fake.advance(1);
    expect(fired).toEqual([{ key: 'cogniac', at: T0 + 30 * DAY }]);
    expect(stats.delays.every((d) => d >= 0 && d <= MAX_TIMER_DELAY_MS)).toBe(true);
    expect(stats.peak).toBe(1);
  });

  it('recheck() after a jump forward (sleep) fires overdue items in order', async () => {
    const { fake, fired, sched } = setup();
    sched.schedule('a', T0 + 10 * MIN);
    sched.schedule('b', T0 + 5 * MIN);
    sched.schedule('later', T0 + 5 * DAY);
    fake.jump(2 * 60 * MIN); // laptop slept two hours; no timer fired
    expect(fired).toEqual([]);
    sched.recheck();
    expect(fired.map((f) => f.key)).toEqual(['b', 'a']);
    expect(sched.has('later')).toBe(true);
    expect(sched.timersArmed()).toBe(1);
    expect(fake.pendingTimers()).toBe(1);
    await fake.advance(5 * DAY - 2 * 60 * MIN);
    expect(fired.map((f) => f.key)).toEqual(['b', 'a', 'later']);
  });

  it('recheck() re-arms with the delay measured from the new wall-clock time', async () => {
    const { fake, stats, fired, sched } = setup();
    sched.schedule('a', T0 + 60 * MIN);
    fake.jump(50 * MIN);
    sched.recheck();
    expect(fired).toEqual([]);
    expect(stats.delays.at(-1)).toBe(10 * MIN);
    await fake.advance(10 * MIN);
    expect(fired).toEqual([{ key: 'a', at: T0 + 60 * MIN }]);
  });

  it('a jump back never fires anything early and still fires at the right wall time', async () => {
    const { fake, fired, sched } = setup();
    sched.schedule('a', T0 + 10 * MIN);
    fake.jump(-60 * MIN);
    sched.recheck();
    expect(fired).toEqual([]);
    await fake.advance(10 * MIN); // wall clock is now T0 - 50 min
    expect(fired).toEqual([]);
    expect(sched.has('a')).toBe(true);
    expect(sched.timersArmed()).toBe(1);
    await fake.advance(60 * MIN - 1);
    expect(fired).toEqual([]);
    await fake.advance(1);
    expect(fired).toEqual([{ key: 'a', at: T0 + 10 * MIN }]);
  });

  it('a jump back without recheck: the timer fires early, re-checks wall time and re-arms', async () => {
    const { fake, fired, sched } = setup();
    sched.schedule('a', T0 + 10 * MIN);
    fake.jump(-5 * MIN);
    await fake.advance(10 * MIN);
    expect(fired).toEqual([]);
    expect(sched.timersArmed()).toBe(1);
    await fake.advance(5 * MIN);
    expect(fired).toEqual([{ key: 'a', at: T0 + 10 * MIN }]);
  });

  it('close() leaves zero pending timers and ignores later schedules', async () => {
    const { fake, fired, sched } = setup();
    for (let i = 0; i < 100; i++) sched.schedule(`k${i}`, T0 + i * SEC);
    expect(fake.pendingTimers()).toBe(1);
    sched.close();
    sched.close();
    expect(fake.pendingTimers()).toBe(0);
    expect(sched.timersArmed()).toBe(0);
    expect(sched.size).toBe(0);
    sched.schedule('x', T0 + SEC);
    sched.recheck();
    expect(fake.pendingTimers()).toBe(0);
    await fake.advance(DAY);
    expect(fired).toEqual([]);
  });

  it('an exception in onDue does not stop the others or the scheduler', async () => {
    const fake = createFakeClock(T0);
    const seen: string[] = [];
    const errors: string[] = [];
    const sched = new RefreshScheduler(
      fake,
      (key) => {
        seen.push(key);
        if (key === 'bad') throw new Error('boom');
      },
      (_err, key) => errors.push(key),
    );
    sched.schedule('a', T0 + SEC);
    sched.schedule('bad', T0 + SEC);
    sched.schedule('c', T0 + SEC);
    sched.schedule('d', T0 + 2 * SEC);
    await fake.advance(5 * SEC);
    expect(seen).toEqual(['a', 'bad', 'c', 'd']);
    expect(errors).toEqual(['bad']);
    sched.schedule('e', T0 + 10 * SEC);
    await fake.advance(5 * SEC);
    expect(seen.at(-1)).toBe('e');

    // Without an onError handler the exception is swallowed too.
    const s2 = new RefreshScheduler(fake, () => {
      throw new Error('boom');
    });
    s2.schedule('x', fake.now() + 1);
    s2.schedule('y', fake.now() + 2);
    await fake.advance(10);
    expect(s2.size).toBe(0);
  });

  it('callbacks may reschedule and cancel; past-due reschedules fire on the next turn, not in a loop', async () => {
    const fake = createFakeClock(T0);
    const seen: string[] = [];
    let count = 0;
    const sched: RefreshScheduler = new RefreshScheduler(fake, (key) => {
      seen.push(key);
      if (key === 'a') sched.cancel('b'); // b is due in the same batch: must not fire
      if (key === 'loop' && ++count < 3) sched.schedule('loop', fake.now() - 1);
      if (key === 'c') sched.schedule('c2', fake.now() + MIN);
    });
    sched.schedule('a', T0 + SEC);
    sched.schedule('b', T0 + SEC);
    sched.schedule('c', T0 + SEC);
    sched.schedule('loop', T0 + SEC);
    fake.jump(SEC);
    sched.recheck();
    expect(seen).toEqual(['a', 'c', 'loop']);
    expect(sched.timersArmed()).toBe(1);
    await fake.advance(0);
    expect(seen).toEqual(['a', 'c', 'loop', 'loop', 'loop']);
    expect(sched.has('c2')).toBe(true);
    await fake.advance(MIN);
    expect(seen.at(-1)).toBe('c2');
  });

  it('rejects NaN times', () => {
    const { sched } = setup();
    expect(() => sched.schedule('a', Number.NaN)).toThrow(RangeError);
  });
});
