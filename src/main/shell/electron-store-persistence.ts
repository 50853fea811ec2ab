/**
 * The core's `Persistence` port over electron-store — used for SETTINGS only.
 *
 * Why the encrypted vault is NOT in electron-store (it stays on FilePersistence,
 * src/main/core/vault/file-persistence.ts, as `<userData>/vault.json` + `.bak`):
 * electron-store 12 writes through conf 16 and `atomically`, and that loses guarantees
 * the vault makes (checked against the installed sources, and by the test
 * "why the vault is not in conf" in test/unit/main/shell/electron-store-persistence.test.ts):
 * 1. Not always atomic. conf writes the file IN PLACE, with a plain writeFileSync over the
 *    only copy, when `process.env.SNAP` is set or the rename fails with EXDEV
 *    (conf/dist/source/index.js `#writeFile` → `#writeInPlace`). A crash or full disk
 *    during that write leaves a truncated vault and no previous version.
 * 2. No backup. conf keeps one file. A backup under another key of the same file shares
 *    its fate; a second store would mean re-writing FilePersistence's ordering on top of
 *    conf, keeping nothing of it but the temp-file write.
 * 3. The rename is not made durable: atomically fsyncs the temp file but never the folder.
 * 4. It blocks the main process. Every write is synchronous (write + fsync on the main
 *    thread, so the tray, IPC and renewals stall on a slow disk), and on EACCES, EPERM,
 *    EBUSY or EMFILE stubborn-fs retries in a busy `while (true)` loop for up to 1 s per
 *    call (stubborn-utils retryify_sync.js, atomically DEFAULT_TIMEOUT_SYNC) — exactly
 *    the antivirus / permission cases where the vault must fail fast with a plain message.
 * What conf does keep (temp + fsync + rename on the normal path; a damaged file reported
 * rather than reset when `clearInvalidConfig` is false; the old file left on a failed
 * write) is not enough for the one file that holds every secret. Settings can be rebuilt
 * from defaults, so for them electron-store is fine.
 *
 * This adapter still honours the port: the document sits under `document`, the previous
 * save under `backup` (best effort, see 2.), and a damaged settings file is moved aside
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
    return new CoreError('vault-corrupt', `The TokenDesk file ${this.location} could not be read. TokenDesk has not touched it.`, {
      cause: isUnreadable(e) ? 'invalid-json' : ((e as { code?: string }).code ?? 'read-error'),
    });
  }

  private saveFailed(e: unknown): CoreError {
    const code = (e as { code?: string }).code;
    return new CoreError('save-failed', `TokenDesk could not save ${this.location}${code ? ` (${code})` : ''}. Nothing was lost: the previous version is still there.`);
  }
}
