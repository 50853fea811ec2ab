/**
 * Writes copied values to the clipboard and clears them later — but only if the
 * clipboard still holds exactly what TokenDesk wrote, so a person's own copy is never
 * wiped. Also cleared (same rule) on lock and quit.
 */
import type { ClipboardPort, Clock, TimerHandle } from '../ports';

export class ClipboardGuard {
  private lastWritten: string | null = null;
  private timer: TimerHandle | null = null;
  /** Wall-clock time the armed timer fires at. */
  private timerAt = 0;
  /** When the clipboard should be cleared (wall clock), and the delay that set it. */
  private clearAt: number | null = null;
  private clearDelay = 0;

  constructor(
    private readonly clipboard: ClipboardPort,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes `text`; returns when it will be cleared (epoch ms) or null when never.
   * A run of copies shares one timer: a copy only moves `clearAt` later, and the timer,
   * when it fires early, waits the rest. Cancelling and creating an OS timer on every copy
   * was a third of the copy path's cost.
   */
  write(text: string, clearAfterSeconds: number): number | null {
    this.clipboard.writeText(text);
    this.lastWritten = text;
    if (clearAfterSeconds <= 0) {
      this.cancelTimer();
      this.clearAt = null;
      return null;
    }
    const delay = clearAfterSeconds * 1000;
    const clearAt = this.clock.now() + delay;
    this.clearAt = clearAt;
    this.clearDelay = delay;
    // A shorter clear time than the armed timer's (the setting was lowered) re-arms it.
    if (!this.timer || this.timerAt > clearAt) this.arm(delay);
    return clearAt;
  }

  /** Clears the clipboard only when it still holds our value. Returns whether it cleared. */
  async clearIfUnchanged(): Promise<boolean> {
    this.cancelTimer();
    this.clearAt = null;
    const ours = this.lastWritten;
    this.lastWritten = null;
    if (ours === null) return false;
    if ((await this.clipboard.readText()) !== ours) return false;
    this.clipboard.writeText('');
    return true;
  }

  private arm(delay: number): void {
    this.timer?.cancel();
    this.timerAt = this.clock.now() + delay;
    this.timer = this.clock.setTimer(delay, () => {
      this.timer = null;
      if (this.clearAt === null) return;
      const left = this.clearAt - this.clock.now();
      // More than a full delay left means the wall clock was set back: the time cannot be
      // trusted, so clear now (the safe side for a secret) rather than wait.
      if (left > 0 && left <= this.clearDelay) this.arm(left);
      else void this.clearIfUnchanged();
    });
  }

  private cancelTimer(): void {
    this.timer?.cancel();
    this.timer = null;
  }
}

/** An in-memory clipboard for tests, the CLI and the E2E bridge. */
export class MemoryClipboard implements ClipboardPort {
  text = '';
  writeText(text: string): void {
    this.text = text;
  }
  readText(): string {
    return this.text;
  }
}
