import { describe, expect, it } from 'vitest';
import createFakeClockDefault, { createFakeClock, DEFAULT_START_MS, FakeClock } from '../../support/fake-clock';

describe('FakeClock', () => {
  it('starts at the default time and the default export is createFakeClock', () => {
    expect(createFakeClock().now()).toBe(Date.UTC(2026, 10, 23, 9, 0, 0));
    expect(DEFAULT_START_MS).toBe(Date.UTC(2026, 10, 23, 9, 0, 0));
    expect(createFakeClockDefault(5).now()).toBe(5);
    expect(new FakeClock(1000).now()).toBe(1000);
  });

  it('fires timers in time order, ties in creation order, with now() at the deadline', async () => {
    const clock = createFakeClock(0);
    const log: string[] = [];
    clock.setTimer(300, () => log.push(`c@${clock.now()}`));
    clock.setTimer(100, () => log.push(`a@${clock.now()}`));
    clock.setTimer(100, () => log.push(`b@${clock.now()}`));
    clock.setTimer(1000, () => log.push('late'));
    await clock.advance(500);
    expect(log).toEqual(['a@100', 'b@100', 'c@300']);
    expect(clock.now()).toBe(500);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('fires timers scheduled by callbacks within the same advance', async () => {
    const clock = createFakeClock(0);
    const log: number[] = [];
    const tick = () => {
      log.push(clock.now());
      if (log.length < 5) clock.setTimer(10, tick);
    };
    clock.setTimer(10, tick);
    await clock.advance(1000);
    expect(log).toEqual([10, 20, 30, 40, 50]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('lets async chains progress between timers', async () => {
    const clock = createFakeClock(0);
    const log: number[] = [];
    const sleep = (ms: number) => new Promise<void>((r) => clock.setTimer(ms, r));
    const chain = (async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(100);
        await Promise.resolve();
        log.push(clock.now());
      }
    })();
    await clock.advance(1000);
    await chain;
    expect(log).toEqual([100, 200, 300]);
  });

  it('cancel() prevents firing and updates pendingTimers', async () => {
    const clock = createFakeClock(0);
    let fired = 0;
    const t = clock.setTimer(50, () => fired++);
    expect(clock.pendingTimers()).toBe(1);
    t.cancel();
    t.cancel();
    expect(clock.pendingTimers()).toBe(0);
    await clock.advance(100);
    expect(fired).toBe(0);
  });

  it('jump() moves the wall clock without firing or moving timers', async () => {
    const clock = createFakeClock(0);
    let fired = 0;
    clock.setTimer(1000, () => fired++);
    clock.jump(10 * 60_000);
    expect(clock.now()).toBe(600_000);
    expect(fired).toBe(0);
    expect(clock.runDue()).toBe(0);
    await clock.advance(999);
    expect(fired).toBe(0);
    await clock.advance(1);
    expect(fired).toBe(1);
    expect(clock.now()).toBe(601_000);
    clock.jump(-700_000);
    expect(clock.now()).toBe(-99_000);
    expect(clock.elapsed()).toBe(1000);
  });

  it('runDue() fires zero-delay timers synchronously without moving time', () => {
    const clock = createFakeClock(0);
    const log: string[] = [];
    clock.setTimer(0, () => {
      log.push('a');
      clock.setTimer(0, () => log.push('b'));
    });
    clock.setTimer(5, () => log.push('later'));
    expect(clock.runDue()).toBe(2);
    expect(log).toEqual(['a', 'b']);
    expect(clock.now()).toBe(0);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('rejects negative advance', async () => {
    await expect(createFakeClock().advance(-1)).rejects.toThrow(RangeError);
  });
});
