/**
 * The vault's life: create, unlock, lock, change password, restore backup — and every
 * change to the document goes through `mutate`, which saves first and only then swaps the
 * in-memory copy, so a failed save (disk full, no permission) loses nothing. Changes run
 * one after another, each on top of the previous one, so two overlapping changes (a token
 * renewed while the person renames a connection) cannot undo each other.
 */
import type { VaultStatus } from '../../../shared/views';
import { CoreError, isCoreError } from '../errors';
import type { Clock, KeyProtector, Logger, Persistence, WrappedKey } from '../ports';
import { decryptField, encryptField, generateDataKey } from './crypto';
import { parseVaultDocument, VAULT_FORMAT, VAULT_VERSION, type StoredConnection, type VaultDocument } from './document';
import { copyVaultDocument } from './document-copy';
import { checksumMatches, coveredFromText, coveredText, documentText, integrityFor, macMatches } from './integrity';

type Problem = { code: string; message: string };

const MESSAGES = {
  checksum: 'The TokenDesk data file has been changed or damaged outside TokenDesk, so it cannot be opened safely. TokenDesk has not touched it.',
  tampered: 'The TokenDesk data file was changed outside TokenDesk, so it cannot be trusted. TokenDesk has not touched it.',
  missing: 'The TokenDesk data file is missing, but the backup from the previous save is still there.',
  missingNoBackup: 'The TokenDesk data file is missing.',
  withBackup: 'You can restore the backup from the previous save.',
  noBackup: 'There is no usable backup to restore.',
  /** What to do when there is nothing to restore: said with every failed restore. */
  startAgain: 'Your vault file has been left as it is. To start again, quit TokenDesk, move the vault file to another folder (keep it) and start TokenDesk again.',
  backupDamaged: 'The backup copy is damaged too, so it cannot be restored.',
  backupGone: 'The backup copy is no longer there (it was moved or deleted), so there is nothing to restore.',
  nothingToRestore: 'Your vault opened normally, so there is nothing to restore. The backup is only used when the vault file is damaged.',
};

export class VaultSession {
  private doc: VaultDocument | null = null;
  private dataKey: Buffer | null = null;
  private exists = false;
  private problem: Problem | null = null;
  private backupAvailable = false;
  /** The backup failed its MAC at the last unlock: it was edited outside TokenDesk too. */
  private backupFailedMac = false;
  private opened = false;
  /** Tail of the queue of document changes (see mutate); each waits for the one before it. */
  private changes: Promise<unknown> = Promise.resolve();
  /** The document exactly as read from disk and its covered text, kept until unlock checks its MAC. */
  private loaded: { doc: object; covered: string } | null = null;
  /** Connections of `doc` by id, built on first use after each change. */
  private byId: Map<string, StoredConnection> | null = null;

  constructor(
    private readonly persistence: Persistence,
    private readonly protector: KeyProtector,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Reads the file once at start-up (and after a restore) to learn the vault's state. */
  async open(): Promise<void> {
    this.opened = true;
    this.problem = null;
    this.loaded = null;
    this.backupFailedMac = false;
    try {
      const raw = await this.persistence.load();
      if (raw === null) {
        this.setDoc(null);
        // No file but a good backup: the file was deleted or lost. Offer the backup rather
        // than a fresh vault, whose second save would overwrite that backup.
        this.exists = await this.hasValidBackup();
        if (this.exists) this.problem = { code: 'vault-missing', message: `${MESSAGES.missing} ${MESSAGES.withBackup}` };
        this.backupAvailable = this.exists;
        return;
      }
      this.exists = true;
      this.setDoc(parseVaultDocument(raw));
      // One covered text for both checks, the checksum now and the MAC at unlock: sliced from
      // the bytes just read when possible, else serialised once.
      const text = this.persistence.takeLoadedText?.() ?? null;
      const covered = (text !== null ? coveredFromText(text) : null) ?? coveredText(raw as object);
      if (!checksumMatches(raw as object, covered)) throw new CoreError('vault-corrupt', MESSAGES.checksum);
      this.loaded = { doc: raw as object, covered };
    } catch (e) {
      this.exists = true;
      this.setDoc(null);
      this.problem = isCoreError(e)
        ? { code: e.code, message: e.message }
        : { code: 'vault-corrupt', message: 'The TokenDesk data file could not be read. TokenDesk has not touched it.' };
      this.logger.error('vault unreadable', { code: this.problem.code });
    }
    this.backupAvailable = this.problem ? await this.hasValidBackup() : false;
    if (this.problem) this.problem.message = withBackupAdvice(this.problem.message, this.backupAvailable);
  }

  get isUnlocked(): boolean {
    return this.dataKey !== null && this.doc !== null;
  }

  status(): VaultStatus {
    let state: VaultStatus['state'];
    if (this.problem) state = 'damaged';
    else if (!this.exists) state = 'new';
    else state = this.isUnlocked ? 'unlocked' : 'locked';
    return {
      state,
      protection: { kind: this.protector.kind, label: this.protector.label, needsPassword: this.protector.needsPassword },
      location: this.persistence.location,
      problem: this.problem,
      backupAvailable: this.backupAvailable,
    };
  }

  async create(password: string | undefined): Promise<void> {
    await this.ensureOpen();
    if (this.exists) throw new CoreError('vault-exists', 'A vault already exists on this computer. Unlock it instead.');
    this.requirePasswordIfNeeded(password);
    const dataKey = generateDataKey();
    const doc: VaultDocument = {
      format: VAULT_FORMAT,
      version: VAULT_VERSION,
      createdAt: this.clock.now(),
      key: await this.protector.wrap(dataKey, password),
      connections: [],
    };
    const covered = coveredText(doc);
    doc.integrity = integrityFor(doc, dataKey, covered);
    await this.persistence.save(doc, documentText(covered, doc.integrity));
    this.setDoc(doc);
    this.dataKey = dataKey;
    this.exists = true;
  }

  /** Throws 'wrong-password' without touching the file when the password is wrong. */
  async unlock(password: string | undefined): Promise<void> {
    await this.ensureOpen();
    if (this.problem) throw new CoreError(this.problem.code as 'vault-corrupt', this.problem.message, { backupAvailable: this.backupAvailable });
    if (!this.exists || !this.doc) throw new CoreError('vault-missing', 'There is no vault yet. Create one first.');
    if (this.isUnlocked) return;
    this.requirePasswordIfNeeded(password);
    const key = await this.protector.unwrap(this.doc.key as WrappedKey, password);
    if (this.loaded && !macMatches(this.loaded.doc, key, this.loaded.covered)) {
      // The checksum was fine, so this is no accident: someone rewrote the file without the key.
      // The key is in hand, so check the backup's MAC too: a backup edited the same way would
      // otherwise be offered, restored, refused here again and offered again, for ever.
      this.backupAvailable = await this.hasValidBackup(key);
      this.backupFailedMac = !this.backupAvailable;
      key.fill(0);
      this.setDoc(null);
      this.loaded = null;
      this.problem = { code: 'vault-corrupt', message: withBackupAdvice(MESSAGES.tampered, this.backupAvailable) };
      this.logger.error('vault MAC mismatch', { code: 'vault-corrupt' });
      throw new CoreError('vault-corrupt', this.problem.message, { backupAvailable: this.backupAvailable });
    }
    this.loaded = null;
    this.dataKey = key;
  }

  lock(): void {
    // Overwrite the key bytes so they do not linger in memory until GC.
    this.dataKey?.fill(0);
    this.dataKey = null;
  }

  async changePassword(current: string, next: string): Promise<void> {
    const doc = this.requireDoc();
    const key = await this.protector.unwrap(doc.key as WrappedKey, current);
    const wrapped = await this.protector.wrap(key, next);
    await this.mutate((d) => {
      d.key = wrapped;
    });
  }

  /** Replaces a damaged vault with its backup; the damaged file is kept aside, never deleted. */
  async restoreBackup(): Promise<void> {
    await this.ensureOpen();
    // Offered only on the "damaged" screen: on a healthy vault it would throw away the last save.
    if (!this.problem) throw new CoreError('invalid-input', MESSAGES.nothingToRestore);
    const raw = await this.usableBackup();
    await this.persistence.setAsideCurrent?.();
    // Saved exactly as it was read, so its checksum and MAC still hold.
    await this.persistence.save(raw);
    this.lock();
    await this.open();
  }

  /** The unlocked document. Read-only by convention: change it through `mutate`. */
  requireDoc(): VaultDocument {
    if (!this.doc || !this.dataKey) throw new CoreError('vault-locked', 'TokenDesk is locked. Unlock it to continue.');
    return this.doc;
  }

  /**
   * Applies `change` to a copy, saves it, then makes it current. A failed save (or a
   * `change` that throws) changes nothing. Changes run one at a time, in call order, each on
   * the result of the one before: two overlapping changes (adding a connection while renewed
   * tokens are saved) must both be kept, not the later save overwrite the earlier one with a
   * copy taken before it.
   */
  mutate<T>(change: (doc: VaultDocument) => T): Promise<T> {
    const run = this.changes.then(() => this.mutateNow(change));
    // The next change waits for this one but must not inherit its failure.
    this.changes = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every change started so far has been saved (or has failed). */
  settled(): Promise<void> {
    return this.changes.then(() => undefined);
  }

  private async mutateNow<T>(change: (doc: VaultDocument) => T): Promise<T> {
    const next = copyVaultDocument(this.requireDoc());
    const result = change(next);
    // Serialised once: for the integrity record and as the file's text.
    const covered = coveredText(next);
    next.integrity = integrityFor(next, this.requireKey(), covered);
    await this.persistence.save(next, documentText(covered, next.integrity));
    this.setDoc(next);
    return result;
  }

  /**
   * The connection with this id in the unlocked document (read-only, like requireDoc), in
   * O(1): every copy looks one up, and a vault can hold thousands. The first one wins if a
   * hand-edited file repeats an id, as with a search from the start.
   */
  connection(id: string): StoredConnection | undefined {
    const doc = this.requireDoc();
    if (!this.byId) {
      this.byId = new Map();
      for (const c of doc.connections) if (!this.byId.has(c.id)) this.byId.set(c.id, c);
    }
    return this.byId.get(id);
  }

  seal(recordId: string, field: string, plaintext: string): string {
    return encryptField(this.requireKey(), recordId, field, plaintext);
  }

  unseal(recordId: string, field: string, sealed: string): string {
    return decryptField(this.requireKey(), recordId, field, sealed);
  }

  private setDoc(doc: VaultDocument | null): void {
    this.doc = doc;
    this.byId = null;
  }

  private requireKey(): Buffer {
    if (!this.dataKey) throw new CoreError('vault-locked', 'TokenDesk is locked. Unlock it to continue.');
    return this.dataKey;
  }

  private requirePasswordIfNeeded(password: string | undefined): void {
    if (this.protector.needsPassword && !password) throw new CoreError('wrong-password', 'Enter your master password.');
  }

  private async ensureOpen(): Promise<void> {
    if (!this.opened) await this.open();
  }

  /**
   * The backup, checked the way the vault file is checked at start-up (it reads, is a vault,
   * and its checksum holds). When it is not usable the error blames the backup, not the
   * vault file, says what to do next, and the backup is no longer offered.
   */
  private async usableBackup(): Promise<unknown> {
    const backup = await this.checkBackup();
    if ('raw' in backup) return backup.raw;
    this.backupAvailable = false;
    if (this.problem?.code === 'vault-missing') this.problem.message = `${MESSAGES.missingNoBackup} ${MESSAGES.noBackup}`;
    else if (this.problem) this.problem.message = withBackupAdvice(this.problem.message, false);
    this.logger.warn('vault backup not usable', { missing: backup.code === 'vault-missing' });
    throw new CoreError(backup.code, `${backup.why} ${MESSAGES.startAgain}`, { backupAvailable: false });
  }

  /** With `dataKey` (known after a password was checked) the backup's MAC must hold too. */
  private async hasValidBackup(dataKey?: Buffer): Promise<boolean> {
    return 'raw' in (await this.checkBackup(dataKey));
  }

  private async checkBackup(dataKey?: Buffer): Promise<{ raw: unknown } | { code: 'vault-missing' | 'vault-corrupt'; why: string }> {
    const damaged = { code: 'vault-corrupt' as const, why: MESSAGES.backupDamaged };
    if (this.backupFailedMac) return damaged;
    try {
      const raw = await this.persistence.loadBackup();
      if (raw === null) return { code: 'vault-missing', why: MESSAGES.backupGone };
      parseVaultDocument(raw);
      if (!checksumMatches(raw as object)) return damaged;
      return dataKey === undefined || macMatches(raw as object, dataKey) ? { raw } : damaged;
    } catch {
      // Unreadable, not JSON, not a vault: all the same to the person.
      return damaged;
    }
  }
}

/** Every "damaged" message ends by saying whether the backup can be restored. */
function withBackupAdvice(message: string, backupAvailable: boolean): string {
  // The file layer may already have said something about the backup; this layer checked it more closely.
  const bare = message.replace(MESSAGES.withBackup, '').replace(MESSAGES.noBackup, '').trim();
  if (/backup/i.test(bare)) return bare;
  return `${bare} ${backupAvailable ? MESSAGES.withBackup : MESSAGES.noBackup}`;
}
