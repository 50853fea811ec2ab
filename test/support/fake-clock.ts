import type { Clock, TimerHandle } from '../../src/main/core/ports';

/**
 * A deterministic Clock for tests.
 *
 * Model: like real Node timers, timers run on a *monotonic* time line that is separate
 * from the wall clock returned by now().
 *  - advance(ms) moves both time lines together and fires every timer that becomes due,
 *    in time order (ties: creation order), including timers created by callbacks,
 *    letting pending promise chains settle between two timers.
 *  - jump(ms) moves only the wall clock (laptop sleep, NTP/manual clock change). No timer
 *    fires and no timer deadline moves; code must notice via now() (e.g. a recheck()).
 *  - runDue() synchronously fires the timers that are already due on the monotonic line
 *    (typically zero-delay timers) without moving time.
 */
interface FakeTimer {
  readonly due: number; // monotonic deadline
  readonly seq: number;
  readonly fn: () => void;
  live: boolean;
}

export class FakeClock implements Clock {
  private mono = 0;
  private wallOffset: number;
  private seq = 0;
  /** Sorted by (due, seq); cancelled timers are removed lazily. */
  private queue: FakeTimer[] = [];
  private live = 0;

  constructor(startMs: number = DEFAULT_START_MS) {
    this.wallOffset = startMs;
  }

  now(): number {
    return this.mono + this.wallOffset;
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    // Mirror Node: non-finite or negative delays behave like 0 (we do NOT emulate the
    // "> 2^31-1 fires at once" quirk; callers are required to clamp).
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    const timer: FakeTimer = { due: this.mono + delay, seq: this.seq++, fn, live: true };
    this.insert(timer);
    this.live++;
    return {
      cancel: () => {
        if (timer.live) {
          timer.live = false;
          this.live--;
        }
      },
    };
  }

  /** Number of timers that are armed and neither fired nor cancelled. */
  pendingTimers(): number {
    return this.live;
  }

  /** Milliseconds of monotonic time elapsed since construction (advance only). */
  elapsed(): number {
    return this.mono;
  }

  /** Monotonic deadline (relative to now) of the next live timer, or undefined. */
  nextTimerInMs(): number | undefined {
    this.compact();
    const head = this.queue[0];
    return head ? head.due - this.mono : undefined;
  }

  /**
   * Moves time forward by `ms`, firing due timers in order. Async: awaits microtasks
   * (and one macrotask turn) between timers so promise-based chains can progress.
   */
  async advance(ms: number): Promise<void> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`advance(${ms}): ms must be >= 0`);
    const target = this.mono + ms;
    await flushMicrotasks();
    for (;;) {
      this.compact();
      const head = this.queue[0];
      if (!head || head.due > target) break;
      this.queue.shift();
      if (head.due > this.mono) this.mono = head.due;
      this.fire(head);
      await flushMicrotasks();
    }
    this.mono = target;
    await flushMicrotasks();
  }

  /** Moves the wall clock only (may be negative). Fires nothing. */
  jump(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`jump(${ms}): ms must be finite`);
    this.wallOffset += ms;
  }

  /** Sets the wall clock to an absolute time (fires nothing). */
  setNow(wallMs: number): void {
    this.jump(wallMs - this.now());
  }

  /**
   * Synchronously fires timers already due at the current monotonic time (including
   * zero-delay timers created by those callbacks). Returns how many fired.
   */
  runDue(): number {
    let fired = 0;
    for (;;) {
      this.compact();
      const head = this.queue[0];
      if (!head || head.due > this.mono) return fired;
      this.queue.shift();
      this.fire(head);
      fired++;
    }
  }

  private fire(timer: FakeTimer): void {
    if (!timer.live) return;
    timer.live = false;
    this.live--;
    timer.fn();
  }

  private compact(): void {
    while (this.queue.length > 0 && !this.queue[0]!.live) this.queue.shift();
    // Keep the array from filling up with cancelled timers (e.g. heavy re-arming).
    if (this.queue.length > 64 && this.queue.length > this.live * 2) {
      this.queue = this.queue.filter((t) => t.live);
    }
  }

  private insert(timer: FakeTimer): void {
    const q = this.queue;
    // Upper bound binary search: after every timer with due <= timer.due (seq is increasing).
    let lo = 0;
    let hi = q.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (q[mid]!.due <= timer.due) lo = mid + 1;
      else hi = mid;
    }
    q.splice(lo, 0, timer);
  }
}

export const DEFAULT_START_MS = Date.UTC(2026, 10, 23, 9, 0, 0);

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}

export function createFakeClock(start: number = DEFAULT_START_MS): FakeClock {
  return new FakeClock(start);
}

export default createFakeClock;
