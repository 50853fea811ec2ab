/**
 * The core's `Persistence` port over electron-store — used for SETTINGS only.
 *
 * Why the vault stays on FilePersistence (src/main/core/vault/file-persistence.ts):
 * - electron-store (conf 16) writes atomically (temp + rename via `atomically`), but the
 *   vault's promise is stronger: fsync of the file AND of its folder, a backup file that is
 *   itself written durably, saves serialised so two overlapping saves cannot interleave,
 *   and plain-language errors for a full disk / read-only folder / file locked by antivirus.
 * - A backup kept *inside* the same store (a `backup` key) shares the file's fate: one torn
 *   or damaged file loses the document and its backup together, so it is no backup at all.
 * - conf reads the whole file on every `get`/`set`; with `clearInvalidConfig: true` a
 *   damaged file is silently reset to defaults — for the vault that would delete every
 *   encrypted secret. Even with it off (the default, which we also pass explicitly), a
 *   damaged file makes every read throw a bare SyntaxError that would have to be mapped
 *   back to the vault's damaged/restore-backup flow FilePersistence already implements.
 * So the vault document lives in `<userData>/vault.json` (+ `.bak`) through FilePersistence,
 * and electron-store holds what can be rebuilt: settings and the window's position.
 *
 * This adapter still honours the port: the document sits under `document`, the previous
 * save under `backup` (best effort, see above), and a damaged settings file is moved aside
 * (never deleted) before the next save instead of being reset silently.
 */
import { rename } from 'node:fs/promises';
import { CoreError } from '../core/errors';
import type { Persistence } from '../core/ports';

/** The part of electron-store (or its base class `conf`) used here. */
export interface DocumentStore {
  get(key: string): unknown;
  /** Sets several keys in one (atomic) write of the file. */
  set(values: Record<string, unknown>): void;
  readonly path: string;
  /** The whole file (electron-store's `store` getter); used to read a pre-electron-store settings file. */
  readonly store?: Record<string, unknown>;
}

const DOC_KEY = 'document';
const BACKUP_KEY = 'backup';

function isUnreadable(e: unknown): boolean {
  return e instanceof SyntaxError || (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'SyntaxError');
}

export class ElectronStorePersistence implements Persistence {
  private store: DocumentStore | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  /**
   * @param open creates the store; called lazily (and again after a damaged file is moved
   *   aside), because electron-store reads — and may throw on — the file in its constructor.
   * @param location the file path, for messages, before the store is first opened.
   */
  constructor(
    private readonly open: () => DocumentStore,
    readonly location: string,
  ) {}

  async load(): Promise<unknown | null> {
    try {
      const store = this.opened();
      const doc = store.get(DOC_KEY);
      if (doc !== undefined) return doc;
      // A file written before this adapter holds the document itself at the top level.
      const legacy = { ...(store.store ?? {}) };
      delete legacy[BACKUP_KEY];
      return Object.keys(legacy).length > 0 ? legacy : null;
    } catch (e) {
      throw this.damaged(e);
    }
  }

  async loadBackup(): Promise<unknown | null> {
    try {
      return this.opened().get(BACKUP_KEY) ?? null;
    } catch {
      return null;
    }
  }

  save(doc: unknown): Promise<void> {
    const run = this.queue.then(() => this.saveNow(doc));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async setAsideCurrent(): Promise<string | null> {
    const target = `${this.location}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      await rename(this.location, target);
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOENT') return null;
      throw new CoreError('save-failed', 'TokenDesk could not move the damaged settings file aside. Check the folder’s permissions and try again.');
    }
    this.store = null;
    return target;
  }

  private opened(): DocumentStore {
    this.store ??= this.open();
    return this.store;
  }

  private async saveNow(doc: unknown): Promise<void> {
    if (JSON.stringify(doc) === undefined) throw new TypeError('save() needs a JSON-serialisable document');
    let previous: unknown = null;
    try {
      previous = this.opened().get(DOC_KEY) ?? null;
    } catch (e) {
      if (!isUnreadable(e)) throw this.saveFailed(e);
      // Keep the damaged file beside the new one rather than overwriting it.
      await this.setAsideCurrent();
    }
    try {
      // One write for both keys, so the file never holds the new document without its backup.
      this.opened().set(previous === null ? { [DOC_KEY]: doc } : { [BACKUP_KEY]: previous, [DOC_KEY]: doc });
    } catch (e) {
      throw this.saveFailed(e);
    }
  }

  private damaged(e: unknown): CoreError {
    return new CoreError('vault-corrupt', `The TokenDesk file ${this.location} could not be read. It has not been changed.`, {
      cause: isUnreadable(e) ? 'invalid-json' : ((e as { code?: string }).code ?? 'read-error'),
    });
  }

  private saveFailed(e: unknown): CoreError {
    const code = (e as { code?: string }).code;
    return new CoreError('save-failed', `TokenDesk could not save ${this.location}${code ? ` (${code})` : ''}. Nothing was lost: the previous version is still there.`);
  }
}
