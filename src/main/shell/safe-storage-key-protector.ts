/**
 * Protects the vault's data key with the operating system's own secret store through
 * Electron's `safeStorage` (macOS Keychain, Windows DPAPI, a Linux desktop keyring), so
 * nobody has to type a master password. `chooseKeyProtector` decides between this and
 * the master-password protector: a weak Linux backend (`basic_text`, which is a
 * hard-coded key) or no encryption at all means a master password; an existing vault
 * always keeps the protection it was created with.
 */
import { CoreError } from '../core/errors';
import type { KeyProtector, Persistence, WrappedKey } from '../core/ports';

export const OS_KEYCHAIN_KIND = 'os-keychain';
const KEY_BYTES = 32;

/** The part of Electron's `safeStorage` used here (tests pass a fake). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: which keyring backs safeStorage. */
  getSelectedStorageBackend?(): string;
}

export interface OsKeychainWrappedKey extends WrappedKey {
  kind: typeof OS_KEYCHAIN_KIND;
  platform: string;
  /** base64 of safeStorage.encryptString(base64(dataKey)) */
  sealed: string;
}

export function keychainLabel(platform: NodeJS.Platform | string): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'Windows (DPAPI)';
  return 'your desktop keyring';
}

export class SafeStorageKeyProtector implements KeyProtector {
  readonly kind = OS_KEYCHAIN_KIND;
  readonly label: string;
  readonly needsPassword = false;

  constructor(
    private readonly safeStorage: SafeStorageLike,
    private readonly platform: NodeJS.Platform | string = process.platform,
  ) {
    this.label = keychainLabel(platform);
  }

  async wrap(dataKey: Buffer): Promise<OsKeychainWrappedKey> {
    if (!Buffer.isBuffer(dataKey) || dataKey.length !== KEY_BYTES) throw new TypeError(`the data key must be ${KEY_BYTES} bytes`);
    this.requireAvailable();
    const sealed = this.safeStorage.encryptString(dataKey.toString('base64'));
    return { kind: OS_KEYCHAIN_KIND, platform: String(this.platform), sealed: sealed.toString('base64') };
  }

  async unwrap(wrapped: WrappedKey): Promise<Buffer> {
    const sealed = wrapped.kind === OS_KEYCHAIN_KIND && typeof wrapped['sealed'] === 'string' ? wrapped['sealed'] : null;
    if (!sealed) {
      throw new CoreError('vault-corrupt', 'The protected key in the TokenDesk data file is damaged, so the vault cannot be unlocked. You can restore the backup from the previous save.');
    }
    this.requireAvailable();
    let text: string;
    try {
      text = this.safeStorage.decryptString(Buffer.from(sealed, 'base64'));
    } catch {
      throw new CoreError(
        'vault-corrupt',
        `${capitalise(this.label)} could not open TokenDesk’s key. This happens when the vault was copied from another computer or user account, or the keyring was reset. Restore the backup, or set TokenDesk up again.`,
      );
    }
    const key = Buffer.from(text, 'base64');
    if (key.length !== KEY_BYTES) {
      throw new CoreError('vault-corrupt', 'The key kept in the system keyring is not the one this vault needs. Restore the backup, or set TokenDesk up again.');
    }
    return key;
  }

  private requireAvailable(): void {
    if (!this.safeStorage.isEncryptionAvailable()) {
      throw new CoreError(
        'unsupported',
        `${capitalise(this.label)} is not available right now, so TokenDesk cannot open its key. Sign in to your desktop session (or unlock the keyring) and try again.`,
      );
    }
  }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Linux backends that are not real OS protection (`basic_text` uses a hard-coded key). */
const WEAK_BACKENDS = new Set(['basic_text', 'unknown']);

/** True when safeStorage gives real OS-backed protection on this machine. */
export function osKeychainUsable(safeStorage: SafeStorageLike, platform: NodeJS.Platform | string): boolean {
  try {
    if (!safeStorage.isEncryptionAvailable()) return false;
  } catch {
    return false;
  }
  if (platform === 'linux' || typeof safeStorage.getSelectedStorageBackend === 'function') {
    let backend: string | undefined;
    try {
      backend = safeStorage.getSelectedStorageBackend?.();
    } catch {
      backend = 'unknown';
    }
    if (platform === 'linux' && (backend === undefined || WEAK_BACKENDS.has(backend))) return false;
    if (backend !== undefined && WEAK_BACKENDS.has(backend)) return false;
  }
  return true;
}

/**
 * Picks the key protector. `existingKind` is the `key.kind` of the vault already on disk
 * (null when there is none or it cannot be read): an existing vault keeps its protector,
 * so a machine whose keyring appears later does not lock out a password vault, and a
 * keychain vault is never asked for a password it never had.
 */
export function chooseKeyProtector(
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform | string,
  passwordFactory: () => KeyProtector,
  existingKind: string | null = null,
): KeyProtector {
  if (existingKind === OS_KEYCHAIN_KIND) return new SafeStorageKeyProtector(safeStorage, platform);
  if (existingKind !== null) return passwordFactory();
  return osKeychainUsable(safeStorage, platform) ? new SafeStorageKeyProtector(safeStorage, platform) : passwordFactory();
}

/**
 * Reads `key.kind` from the stored vault without unlocking it; null when there is none.
 * A damaged vault is judged by its backup, since restoring the backup is what comes next.
 */
export async function readVaultKeyKind(persistence: Pick<Persistence, 'load' | 'loadBackup'>): Promise<string | null> {
  const kindOf = (doc: unknown) => {
    const kind = (doc as { key?: { kind?: unknown } } | null)?.key?.kind;
    return typeof kind === 'string' ? kind : null;
  };
  try {
    return kindOf(await persistence.load());
  } catch {
    return kindOf(await persistence.loadBackup().catch(() => null));
  }
}
