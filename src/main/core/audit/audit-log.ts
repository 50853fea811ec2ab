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
  private writing: Promise<void> = Promise.resolve();
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
    const trim = this.entries.length > this.maxEntries * 1.1;
    if (trim) this.entries = this.entries.slice(-this.maxEntries);
    // Appends are chained so lines never interleave; a failed write is logged, not thrown,
    // because losing an audit line must not block copying a header.
    this.writing = this.writing
      .then(() => (trim ? this.rewrite() : this.append(entry)))
      .catch((err: NodeJS.ErrnoException) => this.logger.warn('audit write failed', { code: err.code }));
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

  private async append(entry: AuditEntry): Promise<void> {
    await mkdir(dirname(this.filePath), { recursive: true });
    const line = (this.needsNewline ? '\n' : '') + JSON.stringify(entry) + '\n';
    await appendFile(this.filePath, line, { mode: 0o600 });
    this.needsNewline = false;
  }

  private async rewrite(): Promise<void> {
    const tmp = `${this.filePath}.tmp`;
    await writeFile(tmp, this.entries.map((e) => JSON.stringify(e)).join('\n') + '\n', { mode: 0o600 });
    await rename(tmp, this.filePath);
    this.needsNewline = false;
  }
}
