import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PasswordKeyProtector } from '../../../../src/main/core/vault/password-key-protector';
import {
  chooseKeyProtector,
  keychainLabel,
  readVaultKeyKind,
  SafeStorageKeyProtector,
  type SafeStorageLike,
} from '../../../../src/main/shell/safe-storage-key-protector';

/** A stand-in for Electron's safeStorage: XOR with a per-"machine" pad, marked so tests can tell. */
function fakeSafeStorage(opts: { available?: boolean; backend?: string; machine?: number } = {}): SafeStorageLike & { calls: number } {
  const pad = opts.machine ?? 7;
  const fake = {
    calls: 0,
    isEncryptionAvailable: () => opts.available ?? true,
    encryptString(s: string) {
      fake.calls++;
      return Buffer.concat([Buffer.from('SS', 'utf8'), Buffer.from([pad]), Buffer.from(s, 'utf8').map((b) => b ^ pad)]);
    },
    decryptString(b: Buffer) {
      if (b.subarray(0, 2).toString() !== 'SS' || b[2] !== pad) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return Buffer.from(b.subarray(3).map((x) => x ^ pad)).toString('utf8');
    },
    ...(opts.backend !== undefined ? { getSelectedStorageBackend: () => opts.backend! } : {}),
  };
  return fake;
}

const password = () => new PasswordKeyProtector({ cost: { N: 2 ** 10, r: 8, p: 1 } });

describe('SafeStorageKeyProtector', () => {
  it('round-trips the data key without a password and never stores it in the clear', async () => {
    const p = new SafeStorageKeyProtector(fakeSafeStorage(), 'darwin');
    const key = randomBytes(32);
    const wrapped = await p.wrap(key);
    expect(wrapped.kind).toBe('os-keychain');
    expect(JSON.stringify(wrapped)).not.toContain(key.toString('base64'));
    expect(JSON.stringify(wrapped)).not.toContain(key.toString('hex'));
    expect((await p.unwrap(JSON.parse(JSON.stringify(wrapped)))).equals(key)).toBe(true);
    expect(p.needsPassword).toBe(false);
  });

  it('names the store per platform', () => {
    expect(keychainLabel('darwin')).toBe('the macOS Keychain');
    expect(keychainLabel('win32')).toBe('Windows (DPAPI)');
    expect(keychainLabel('linux')).toBe('your desktop keyring');
    expect(new SafeStorageKeyProtector(fakeSafeStorage(), 'win32').label).toBe('Windows (DPAPI)');
  });

  it('reports plainly when the key came from another machine or the keyring is unavailable', async () => {
    const wrapped = await new SafeStorageKeyProtector(fakeSafeStorage({ machine: 1 }), 'linux').wrap(randomBytes(32));
    await expect(new SafeStorageKeyProtector(fakeSafeStorage({ machine: 2 }), 'linux').unwrap(wrapped)).rejects.toMatchObject({ code: 'vault-corrupt' });
    await expect(new SafeStorageKeyProtector(fakeSafeStorage({ available: false }), 'linux').unwrap(wrapped)).rejects.toMatchObject({ code: 'unsupported' });
    await expect(new SafeStorageKeyProtector(fakeSafeStorage(), 'linux').unwrap({ kind: 'os-keychain' })).rejects.toMatchObject({ code: 'vault-corrupt' });
  });
});

describe('chooseKeyProtector', () => {
  it('uses a master password when Linux falls back to basic_text or an unknown backend', () => {
    expect(chooseKeyProtector(fakeSafeStorage({ backend: 'basic_text' }), 'linux', password).kind).toBe('password-scrypt');
    expect(chooseKeyProtector(fakeSafeStorage({ backend: 'unknown' }), 'linux', password).kind).toBe('password-scrypt');
  });

  it('uses a master password when encryption is unavailable', () => {
    expect(chooseKeyProtector(fakeSafeStorage({ available: false }), 'darwin', password).kind).toBe('password-scrypt');
  });

  it('uses the OS keychain when it is real', () => {
    expect(chooseKeyProtector(fakeSafeStorage({ backend: 'gnome_libsecret' }), 'linux', password).kind).toBe('os-keychain');
    expect(chooseKeyProtector(fakeSafeStorage(), 'darwin', password).label).toBe('the macOS Keychain');
    expect(chooseKeyProtector(fakeSafeStorage(), 'win32', password).kind).toBe('os-keychain');
  });

  it('keeps an existing vault on the protection it was created with', () => {
    // A password vault stays a password vault even when a keyring appears later.
    expect(chooseKeyProtector(fakeSafeStorage(), 'darwin', password, 'password-scrypt').kind).toBe('password-scrypt');
    // A keychain vault is never asked for a password it never had.
    expect(chooseKeyProtector(fakeSafeStorage({ backend: 'basic_text' }), 'linux', password, 'os-keychain').kind).toBe('os-keychain');
  });

  it('reads the stored kind without unlocking, falling back to the backup when damaged', async () => {
    const doc = { format: 'tokendesk-vault', key: { kind: 'password-scrypt', salt: 'x' } };
    expect(await readVaultKeyKind({ load: async () => doc, loadBackup: async () => null })).toBe('password-scrypt');
    expect(await readVaultKeyKind({ load: async () => null, loadBackup: async () => null })).toBeNull();
    const damaged = { load: async () => Promise.reject(new Error('bad json')), loadBackup: async () => ({ key: { kind: 'os-keychain' } }) };
    expect(await readVaultKeyKind(damaged)).toBe('os-keychain');
  });
});
