import type { Clock, TimerHandle } from '../ports';

/** Longest delay setTimeout honours; a longer one fires at once. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** Heap index of an entry that was popped for the batch being fired right now. */
const IN_BATCH = -1;
/** Heap index of an entry that is dead (fired, cancelled or replaced). */
const DEAD = -2;

/** One scheduled item. A plain class (no closures) keeps each entry small. */
class Entry {
  constructor(
    readonly key: string,
    readonly at: number,
    readonly seq: number,
    /** Position in the heap array, or IN_BATCH / DEAD. */
    public index: number,
  ) {}
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/**
 * Serves every token with ONE OS timer.
 *
 * Entries live in a binary min-heap ordered by (at, seq) with index tracking, plus a
 * Map key → entry, so schedule/cancel are O(log n). The single timer is armed for the
 * earliest entry (delay clamped to 2^31-1 ms); when it fires, wall-clock time is
 * re-checked, everything due is handed to `onDue` synchronously in time order, and the
 * timer is re-armed. After sleep or a clock change call `recheck()`.
 *
 * Callbacks may schedule/cancel freely. An entry that becomes due while a batch is being
 * fired (e.g. re-scheduled in the past) fires on the next timer turn, never in a
 * synchronous loop. After `close()` the scheduler is inert: schedule() is ignored.
 */
export class RefreshScheduler {
  private readonly heap: Entry[] = [];
  private readonly byKey = new Map<string, Entry>();
  private seq = 0;
  private timer: TimerHandle | null = null;
  /** The `at` the armed timer was computed for. */
  private armedAt = 0;
  private firing = false;
  private rerun = false;
  private closed = false;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: (key: string) => void,
    /** Receives exceptions thrown by onDue (default: ignored after logging nothing). */
    private readonly onError: (err: unknown, key: string) => void = () => {},
  ) {}

  /** Schedules `key` at wall-clock time `atMs`, replacing any existing entry for it. */
  schedule(key: string, atMs: number): void {
    if (typeof atMs !== 'number' || Number.isNaN(atMs)) {
      throw new RangeError(`RefreshScheduler.schedule(${key}): invalid time ${String(atMs)}`);
    }
    if (this.closed) return;
    const old = this.byKey.get(key);
    if (old) {
      if (old.at === atMs && old.index >= 0) return; // unchanged
      this.kill(old);
    }
    const entry = new Entry(key, atMs, this.seq++, this.heap.length);
    this.heap.push(entry);
    this.siftUp(entry.index);
    this.byKey.set(key, entry);
    this.arm();
  }

  /** Removes `key`; returns true when it was scheduled. */
  cancel(key: string): boolean {
    const entry = this.byKey.get(key);
    if (!entry) return false;
    this.kill(entry);
    this.arm();
    return true;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** The time `key` is scheduled for, or undefined. */
  dueAt(key: string): number | undefined {
    return this.byKey.get(key)?.at;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** Earliest scheduled time, or undefined when nothing is scheduled. */
  nextDueAt(): number | undefined {
    return this.heap[0]?.at;
  }

  /**
   * Fires everything whose time is <= clock.now(), then re-arms the timer from scratch.
   * Use after resume from sleep, unlock, network-online, a watchdog, or a clock change.
   */
  recheck(): void {
    if (this.closed) return;
    this.disarm();
    this.fireDue();
  }

  /** Cancels the OS timer and drops every entry. Idempotent. */
  close(): void {
    this.closed = true;
    this.disarm();
    for (const entry of this.heap) entry.index = DEAD;
    this.heap.length = 0;
    for (const entry of this.byKey.values()) entry.index = DEAD;
    this.byKey.clear();
  }

  /** Number of OS timers currently armed by this scheduler (0 or 1). */
  timersArmed(): 0 | 1 {
    return this.timer ? 1 : 0;
  }

  // ---------------------------------------------------------------------------------

  private readonly onTimer = (): void => {
    this.timer = null;
    if (this.closed) return;
    // If the timer fired early (clamped delay, clock set back) nothing is due: fireDue
    // simply re-arms.
    this.fireDue();
  };

  private fireDue(): void {
    if (this.firing) {
      this.rerun = true;
      return;
    }
    this.firing = true;
    try {
      do {
        this.rerun = false;
        const now = this.clock.now();
        const batch: Entry[] = [];
        for (let head = this.heap[0]; head && head.at <= now; head = this.heap[0]) {
          this.removeAt(0);
          head.index = IN_BATCH; // still in byKey: has() stays true until it fires
          batch.push(head);
        }
        for (const entry of batch) {
          if (entry.index !== IN_BATCH) continue; // cancelled or replaced meanwhile
          entry.index = DEAD;
          this.byKey.delete(entry.key);
          if (this.closed) break;
          try {
            this.onDue(entry.key);
          } catch (err) {
            try {
              this.onError(err, entry.key);
            } catch {
              /* never let error reporting break the scheduler */
            }
          }
        }
      } while (this.rerun && !this.closed);
    } finally {
      this.firing = false;
    }
    this.arm();
  }

  /** Arms the single timer for the heap head; no-op when it is already armed for it. */
  private arm(): void {
    if (this.firing || this.closed) return;
    const head = this.heap[0];
    if (!head) {
      this.disarm();
      return;
    }
    if (this.timer && this.armedAt === head.at) return;
    this.disarm();
    const delay = Math.min(Math.max(head.at - this.clock.now(), 0), MAX_TIMER_DELAY_MS);
    this.armedAt = head.at;
    this.timer = this.clock.setTimer(delay, this.onTimer);
  }

  private disarm(): void {
    if (this.timer) {
      this.timer.cancel();
      this.timer = null;
    }
  }

  private kill(entry: Entry): void {
    if (entry.index >= 0) this.removeAt(entry.index);
    entry.index = DEAD;
    if (this.byKey.get(entry.key) === entry) this.byKey.delete(entry.key);
  }

  // Binary heap with index tracking ---------------------------------------------------

  private removeAt(i: number): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (i === heap.length) return; // removed the last element
    heap[i] = last;
    last.index = i;
    if (i > 0 && before(last, heap[(i - 1) >> 1]!)) this.siftUp(i);
    else this.siftDown(i);
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const entry = heap[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = heap[p]!;
      if (!before(entry, parent)) break;
      heap[i] = parent;
      parent.index = i;
      i = p;
    }
    heap[i] = entry;
    entry.index = i;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const entry = heap[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let c = l;
      if (r < n && before(heap[r]!, heap[l]!)) c = r;
      const child = heap[c]!;
      if (!before(child, entry)) break;
      heap[i] = child;
      child.index = i;
      i = c;
    }
    heap[i] = entry;
    entry.index = i;
  }
}
