/**
 * Saves one JSON document so that a crash, a full disk or a power cut at any moment
 * leaves either the old or the new version on disk, never a half-written mix, and keeps
 * the previous committed version as `<file>.bak`.
 */
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CoreError } from '../errors';
import type { Persistence } from '../ports';

/** The part of a FileHandle we use. */
export interface FileHandleLike {
  write(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The part of node:fs/promises we use; tests pass a faulty one to simulate disk errors. */
export interface FsLike {
  open(path: string, flags: string, mode?: number): Promise<FileHandleLike>;
  rename(oldPath: string, newPath: string): Promise<void>;
  readFile(path: string, encoding: 'utf8'): Promise<string>;
  copyFile(src: string, dest: string): Promise<void>;
  link(existingPath: string, newPath: string): Promise<void>;
  stat(path: string): Promise<FileIdentity>;
  rm(path: string, options: { force: boolean }): Promise<void>;
  mkdir(path: string, options: { recursive: true; mode?: number }): Promise<string | undefined>;
  readdir(path: string): Promise<string[]>;
}

/**
 * What tells one version of a file from another without reading it: a replaced file has
 * another inode, a rewritten one another size or change time (ctime cannot be set back).
 */
export interface FileIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

const NOTHING_LOST = 'Nothing was lost: your previous data is still there.';

function errCode(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const code = (e as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function saveFailed(e: unknown, filePath: string): CoreError {
  if (e instanceof CoreError) return e;
  const code = errCode(e);
  let reason: string;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      reason = 'the disk is full. Free some space and try again.';
      break;
    case 'EACCES':
    case 'EPERM':
      reason = `it is not allowed to write to the folder ${dirname(filePath)}. Check that folder's permissions and try again.`;
      break;
    case 'EROFS':
      reason = 'the disk is read-only. Make it writable and try again.';
      break;
    case 'EBUSY':
    case 'ETXTBSY':
      reason =
        'another program (often antivirus or file-sync software) is using the file. Wait a moment and try again.';
      break;
    default:
      reason = `of an unexpected disk error${code ? ` (${code})` : ''}. Try again.`;
  }
  return new CoreError('save-failed', `TokenDesk could not save your changes because ${reason} ${NOTHING_LOST}`, {
    cause: code ?? 'unknown',
  });
}

type ReadResult = { kind: 'missing' } | { kind: 'ok'; doc: unknown; text: string } | { kind: 'bad'; cause: string };

function parseDoc(text: string): ReadResult {
  // Strip a BOM an editor such as Notepad may have added; the content is still ours.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { kind: 'bad', cause: 'empty' };
  try {
    const doc: unknown = JSON.parse(body);
    // We never save null; a file holding it would otherwise read as "no vault yet" and
    // invite the user to create a new one over it.
    if (doc === null) return { kind: 'bad', cause: 'null' };
    return { kind: 'ok', doc, text: body };
  } catch {
    return { kind: 'bad', cause: 'invalid-json' };
  }
}

export class FilePersistence implements Persistence {
  readonly location: string;
  private readonly backupPath: string;
  /** Saves are serialised so two overlapping saves cannot interleave their backup and rename. */
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * The file this instance last loaded or committed at `filePath` (known good), by inode,
   * size and modification time: while they match, the next save can back it up without
   * reading and parsing it again (5 MB and ~20 ms for a 10,000-connection vault).
   */
  private committed: FileIdentity | null = null;
  /** Text of the document the last load() returned, until takeLoadedText() hands it over. */
  private loadedText: string | null = null;

  constructor(
    private readonly filePath: string,
    private readonly fs: FsLike = fsp,
  ) {
    this.location = filePath;
    this.backupPath = `${filePath}.bak`;
  }

  async load(): Promise<unknown | null> {
    await this.removeStaleTemps();
    this.loadedText = null;
    const before = await this.identity(this.filePath);
    const result = await this.read(this.filePath);
    if (result.kind === 'missing') return null;
    if (result.kind === 'ok') {
      // Known good only if nothing replaced or rewrote the file while it was being read.
      const after = await this.identity(this.filePath);
      this.committed = before && after && sameFile(before, after) ? after : null;
      this.loadedText = result.text;
      return result.doc;
    }
    const backup = await this.read(this.backupPath);
    throw this.damaged(result.cause, backup.kind === 'ok');
  }

  async loadBackup(): Promise<unknown | null> {
    const result = await this.read(this.backupPath);
    if (result.kind === 'missing') return null;
    if (result.kind === 'ok') return result.doc;
    throw new CoreError(
      'vault-corrupt',
      'The TokenDesk backup file is damaged too (it could not be read), so it cannot be restored.',
      { backupAvailable: false, cause: result.cause },
    );
  }

  takeLoadedText(): string | null {
    const text = this.loadedText;
    this.loadedText = null;
    return text;
  }

  save(doc: unknown, text?: string): Promise<void> {
    const run = this.queue.then(() => this.saveNow(doc, text));
    // The next save waits for this one but must not inherit its failure.
    this.queue = run.catch(() => undefined);
    return run;
  }

  async setAsideCurrent(): Promise<string | null> {
    const target = `${this.filePath}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
    try {
      await this.fs.rename(this.filePath, target);
      this.committed = null;
      return target;
    } catch (e) {
      if (errCode(e) === 'ENOENT') return null;
      throw saveFailed(e, this.filePath);
    }
  }

  private damaged(cause: string, backupAvailable: boolean): CoreError {
    return new CoreError(
      'vault-corrupt',
      backupAvailable
        ? 'The TokenDesk data file is damaged (it could not be read). TokenDesk has not touched it. You can restore the backup from the previous save.'
        : 'The TokenDesk data file is damaged (it could not be read). TokenDesk has not touched it. There is no usable backup to restore.',
      { backupAvailable, cause },
    );
  }

  private async read(path: string): Promise<ReadResult> {
    let text: string;
    try {
      text = await this.fs.readFile(path, 'utf8');
    } catch (e) {
      const code = errCode(e);
      if (code === 'ENOENT') return { kind: 'missing' };
      // Unreadable (permissions, I/O error) is reported like damage: the UI offers the
      // backup, and restoring moves this file aside rather than deleting it.
      return { kind: 'bad', cause: code ?? 'read-error' };
    }
    return parseDoc(text);
  }

  /** The file's identity, or null when it does not exist or cannot be examined. */
  private async identity(path: string): Promise<FileIdentity | null> {
    try {
      const { ino, size, mtimeMs, ctimeMs } = await this.fs.stat(path);
      return { ino, size, mtimeMs, ctimeMs };
    } catch {
      return null;
    }
  }

  private async saveNow(doc: unknown, given?: string): Promise<void> {
    // Compact JSON: the vault is machine-read, and pretty-printing doubles the bytes to sync.
    const text = given ?? JSON.stringify(doc);
    if (text === undefined) throw new TypeError('save() needs a JSON-serialisable document');
    const temps: string[] = [];
    try {
      await this.fs.mkdir(dirname(this.filePath), { recursive: true, mode: DIR_MODE });

      const temp = this.tempPath(this.filePath);
      temps.push(temp);
      await this.writeDurably(temp, text);

      await this.backUpCurrent(temps);

      // The commit point. If anything failed before here, the file on disk is the old one;
      // the backup may already hold a copy of it, which is still the previous committed state.
      await this.fs.rename(temp, this.filePath);
      temps.length = 0;
      this.committed = await this.identity(this.filePath);
    } catch (e) {
      await Promise.all(temps.map((t) => this.fs.rm(t, { force: true }).catch(() => undefined)));
      throw saveFailed(e, this.filePath);
    }
    await this.syncDir();
  }

  /**
   * Makes the current committed file the backup, via a temp name + rename so `.bak` is
   * never half-written and `filePath` exists at every moment. Usually a hard link: the
   * file is never changed in place (every save writes a new file and renames it over),
   * so the old file's bytes, fsynced when they were committed, can simply stay on disk
   * under the backup's name; the directory fsync after the commit makes the link durable.
   * Where links are not supported (FAT/exFAT drives, some network shares) it writes a copy.
   */
  private async backUpCurrent(temps: string[]): Promise<void> {
    let current: FileIdentity;
    try {
      current = await this.fs.stat(this.filePath);
    } catch (e) {
      if (errCode(e) === 'ENOENT') return; // first save: nothing to back up
      // Replacing a file we cannot examine would leave no backup of it; refuse instead.
      throw e;
    }
    // Reading and parsing a large vault again is the slow part; skip it when the file is
    // exactly the one this instance last loaded or committed. Anything else is checked.
    let text: string | null | undefined;
    if (!this.committed || !sameFile(current, this.committed)) {
      text = await this.readCurrentChecked();
      if (text === null) return;
    }
    const bakTemp = this.tempPath(this.backupPath);
    temps.push(bakTemp);
    try {
      await this.fs.link(this.filePath, bakTemp);
    } catch {
      // No hard links here. The bytes must be read now anyway, so check them too: the
      // identity test is weaker on such file systems (FAT keeps 2-second times, no ctime).
      text ??= await this.readCurrentChecked();
      if (text === null) {
        temps.splice(temps.indexOf(bakTemp), 1);
        return;
      }
      // Written through our own handle (not copyFile) so it can be fsynced before the rename.
      await this.writeDurably(bakTemp, text);
    }
    await this.fs.rename(bakTemp, this.backupPath);
    // If `.bak` already was this very file (a save interrupted between link and commit),
    // POSIX rename does nothing and leaves the temp name behind: remove it.
    await this.fs.rm(bakTemp, { force: true });
    temps.splice(temps.indexOf(bakTemp), 1);
  }

  /**
   * A save interrupted by a crash or power cut leaves its temp file behind (the rename never
   * happened). Each holds a whole encrypted vault; remove them at start-up, before any save
   * of this instance can be running (the app runs one instance at a time).
   */
  private async removeStaleTemps(): Promise<void> {
    const stale = new RegExp(`^${escapeRegExp(basename(this.filePath))}(?:\\.bak)?\\.tmp-[0-9a-f]{12}$`);
    try {
      const dir = dirname(this.filePath);
      for (const name of await this.fs.readdir(dir)) {
        if (stale.test(name)) await this.fs.rm(join(dir, name), { force: true }).catch(() => undefined);
      }
    } catch {
      // No folder yet, or not listable: nothing to clean.
    }
  }

  /**
   * The current file's text when it is fit to become the backup; null when there is none
   * or it is damaged. Never overwrite a good backup with a damaged file: a damaged one is
   * kept beside it instead, so the user loses neither.
   */
  private async readCurrentChecked(): Promise<string | null> {
    let text: string;
    try {
      text = await this.fs.readFile(this.filePath, 'utf8');
    } catch (e) {
      if (errCode(e) === 'ENOENT') return null;
      throw e;
    }
    if (parseDoc(text).kind === 'ok') return text;
    await this.fs.copyFile(this.filePath, `${this.filePath}.damaged-${Date.now()}-${randomBytes(3).toString('hex')}`);
    return null;
  }

  private tempPath(base: string): string {
    return `${base}.tmp-${randomBytes(6).toString('hex')}`;
  }

  private async writeDurably(path: string, text: string): Promise<void> {
    // 'wx': never follow or reuse something already at a temp path.
    const handle = await this.fs.open(path, 'wx', FILE_MODE);
    try {
      // One write call for the whole buffer: FileHandle.writeFile splits it into 512 kB
      // writes, one thread-pool round trip each, which a busy machine makes slow.
      const data = Buffer.from(text, 'utf8');
      for (let done = 0; done < data.length; ) {
        const { bytesWritten } = await handle.write(data, done, data.length - done, done);
        // A regular file only writes nothing when it cannot: never spin on it.
        if (bytesWritten <= 0) throw Object.assign(new Error('the disk accepted no data'), { code: 'EIO' });
        done += bytesWritten;
      }
      // Without fsync, a power cut after the rename can leave an empty file on some file systems.
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  /**
   * Makes the rename itself durable. Best effort: Windows refuses to open directories
   * (EISDIR/EPERM), and once the rename has happened the new data is the current file, so
   * reporting "save failed" here would make the app's view disagree with the disk.
   */
  private async syncDir(): Promise<void> {
    let handle: FileHandleLike | undefined;
    try {
      handle = await this.fs.open(dirname(this.filePath), 'r');
      await handle.sync();
    } catch {
      // See above: EISDIR, EPERM, EINVAL, ENOTSUP on platforms that refuse.
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
