/**
 * Local, append-only audit log: one JSON line per event in `audit.jsonl`. It records
 * what happened and to which connection — never a secret. Entries are kept in memory
 * for the window (newest first) and the file is trimmed when it grows past a cap.
 */
import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditAction, AuditEntry } from '../../../shared/views';
import type { Clock, Logger } from '../ports';

const MAX_ENTRIES = 20_000;

export interface AuditLogOptions {
  /** Entries kept; the file is rewritten with the newest this many when it grows 10 % past it. */
  maxEntries?: number;
}

export class AuditLog {
  private entries: AuditEntry[] = [];
  private loaded = false;
  /** Settles when the current drain has written everything recorded before it ended. */
  private writing: Promise<void> = Promise.resolve();
  private draining = false;
  /** Recorded, not yet written. A burst (a wake-up storm, a person copying in a hurry) goes out in one append. */
  private pending: AuditEntry[] = [];
  /** The in-memory list was trimmed: the next write replaces the file with it. */
  private rewriteDue = false;
  private folderReady = false;
  private readonly listeners = new Set<(e: AuditEntry) => void>();
  private readonly maxEntries: number;
  /** The file ends in a torn line (crash mid-append): the next append starts a new line. */
  private needsNewline = false;

  constructor(
    private readonly filePath: string,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: AuditLogOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? MAX_ENTRIES;
  }

  async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.warn('audit log unreadable', { code: (e as NodeJS.ErrnoException).code });
      return;
    }
    this.needsNewline = text.length > 0 && !text.endsWith('\n');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const e = JSON.parse(line) as AuditEntry;
        if (typeof e.at === 'number' && typeof e.action === 'string') this.entries.push(e);
      } catch {
        // A torn last line (crash mid-append) is skipped; the rest of the log stays useful.
      }
    }
  }

  onAppend(fn: (e: AuditEntry) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  record(action: AuditAction, subject: string, detail = ''): AuditEntry {
    const entry: AuditEntry = { at: this.clock.now(), action, subject, detail };
    this.entries.push(entry);
    if (this.entries.length > this.maxEntries * 1.1) {
      this.entries = this.entries.slice(-this.maxEntries);
      // The rewrite writes the whole trimmed list, this entry and the pending ones included.
      this.rewriteDue = true;
      this.pending = [];
    } else if (!this.rewriteDue) {
      this.pending.push(entry);
    }
    this.startDrain();
    for (const fn of this.listeners) fn(entry);
    return entry;
  }

  list(search?: string, limit = 500): AuditEntry[] {
    const q = search?.trim().toLowerCase();
    const out: AuditEntry[] = [];
    for (let i = this.entries.length - 1; i >= 0 && out.length < limit; i--) {
      const e = this.entries[i]!;
      if (!q || `${e.action} ${e.subject} ${e.detail}`.toLowerCase().includes(q)) out.push(e);
    }
    return out;
  }

  /**
   * How many `action` entries came in a row most recently, counting back until one of
   * `resetBy` (e.g. failed unlocks since the last successful one). Survives restarts.
   */
  countInARow(action: AuditAction, resetBy: AuditAction[]): number {
    let n = 0;
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const a = this.entries[i]!.action;
      if (resetBy.includes(a)) break;
      if (a === action) n++;
    }
    return n;
  }

  /** Resolves when every pending write has reached the file. */
  flush(): Promise<void> {
    return this.writing;
  }

  /**
   * One writer at a time, so lines never interleave; it writes whatever piled up since its
   * last write in one go, until nothing is left. A failed write is logged, not thrown,
   * because losing an audit line must not block copying a header.
   */
  private startDrain(): void {
    if (this.draining) return;
    this.draining = true;
    this.writing = this.writing.then(() => this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (this.rewriteDue || this.pending.length > 0) {
        try {
          if (this.rewriteDue) {
            this.rewriteDue = false;
            this.pending = [];
            // Snapshot now: entries recorded while it is written go to `pending`, once.
            await this.rewrite(lines(this.entries));
          } else {
            const batch = this.pending;
            this.pending = [];
            await this.append(batch);
          }
        } catch (e) {
          this.folderReady = false;
          this.logger.warn('audit write failed', { code: (e as NodeJS.ErrnoException).code });
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async ensureFolder(): Promise<void> {
    if (this.folderReady) return;
    await mkdir(dirname(this.filePath), { recursive: true });
    this.folderReady = true;
  }

  private async append(batch: AuditEntry[]): Promise<void> {
    await this.ensureFolder();
    // After a torn last line (crash mid-append) the batch starts on a new line.
    await appendFile(this.filePath, (this.needsNewline ? '\n' : '') + lines(batch), { mode: 0o600 });
    this.needsNewline = false;
  }

  private async rewrite(text: string): Promise<void> {
    await this.ensureFolder();
    const tmp = `${this.filePath}.tmp`;
    await writeFile(tmp, text, { mode: 0o600 });
    await rename(tmp, this.filePath);
    this.needsNewline = false;
  }
}

function lines(entries: AuditEntry[]): string {
  let out = '';
  for (const e of entries) out += `${JSON.stringify(e)}\n`;
  return out;
}
