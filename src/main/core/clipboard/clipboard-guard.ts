/**
 * Writes copied values to the clipboard and clears them later — but only if the
 * clipboard still holds exactly what TokenDesk wrote, so a person's own copy is never
 * wiped. Also cleared (same rule) on lock and quit.
 */
import type { ClipboardPort, Clock, TimerHandle } from '../ports';

export class ClipboardGuard {
  private lastWritten: string | null = null;
  private timer: TimerHandle | null = null;

  constructor(
    private readonly clipboard: ClipboardPort,
    private readonly clock: Clock,
  ) {}

  /** Writes `text`; returns when it will be cleared (epoch ms) or null when never. */
  write(text: string, clearAfterSeconds: number): number | null {
    this.timer?.cancel();
    this.timer = null;
    this.clipboard.writeText(text);
    this.lastWritten = text;
    if (clearAfterSeconds <= 0) return null;
    const delay = clearAfterSeconds * 1000;
    this.timer = this.clock.setTimer(delay, () => {
      this.timer = null;
      void this.clearIfUnchanged();
    });
    return this.clock.now() + delay;
  }

  /** Clears the clipboard only when it still holds our value. Returns whether it cleared. */
  async clearIfUnchanged(): Promise<boolean> {
    this.timer?.cancel();
    this.timer = null;
    const ours = this.lastWritten;
    this.lastWritten = null;
    if (ours === null) return false;
    if ((await this.clipboard.readText()) !== ours) return false;
    this.clipboard.writeText('');
    return true;
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
