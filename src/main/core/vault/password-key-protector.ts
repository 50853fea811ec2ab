/**
 * Wraps the vault's data key with a key derived from the master password (scrypt), then
 * AES-256-GCM. The scrypt parameters are stored next to the wrapped key, so unlocking
 * always uses the cost the key was wrapped with; the default cost can be raised in a later
 * release and existing vaults still open (and get re-wrapped, see `needsRewrap`).
 */
import { randomBytes, scrypt } from 'node:crypto';
import { CoreError } from '../errors';
import type { KeyProtector, WrappedKey } from '../ports';
import { fromB64url, openBytes, sealBytes } from './crypto';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** OWASP-level interactive cost: about 128 MiB and a few hundred ms on a laptop. */
export const DEFAULT_SCRYPT: Readonly<ScryptCost> = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });

export const PASSWORD_KIND = 'password-scrypt';
const KDF = 'scrypt';
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const WRAP_AAD = Buffer.from('tokendesk-data-key', 'utf8');
const SEALED_VERSION = 'v1';

/**
 * Upper bounds for params read from the file. A tampered file must not be able to make
 * unlock allocate gigabytes or spin for minutes; these still leave room to raise the
 * default several times.
 */
const MAX_N = 2 ** 22;
const MAX_R = 32;
const MAX_P = 16;

const CORRUPT_MESSAGE =
  'The protected key in the TokenDesk data file is damaged, so the vault cannot be unlocked. You can restore the backup from the previous save.';

export interface PasswordKeyProtectorOptions {
  cost?: ScryptCost;
}

export interface PasswordWrappedKey extends WrappedKey {
  kind: typeof PASSWORD_KIND;
  kdf: typeof KDF;
  N: number;
  r: number;
  p: number;
  /** base64url */
  salt: string;
  /** `v1.<iv>.<ciphertext>.<tag>`, each base64url */
  sealed: string;
}

function isPowerOfTwo(n: number): boolean {
  return Number.isSafeInteger(n) && n > 1 && (n & (n - 1)) === 0;
}

function validCost(c: ScryptCost): boolean {
  return (
    isPowerOfTwo(c.N) &&
    c.N <= MAX_N &&
    Number.isSafeInteger(c.r) &&
    c.r >= 1 &&
    c.r <= MAX_R &&
    Number.isSafeInteger(c.p) &&
    c.p >= 1 &&
    c.p <= MAX_P
  );
}

/**
 * Node refuses scrypt when 128*N*r exceeds maxmem (default 32 MiB). Allow twice that plus
 * slack for the p-dependent buffers, rather than a fixed figure that a raised cost would
 * silently outgrow.
 */
function maxmemFor(c: ScryptCost): number {
  return 128 * c.N * c.r * 2 + 128 * c.r * c.p + 16 * 1024 * 1024;
}

function deriveKey(password: string, salt: Buffer, c: ScryptCost): Promise<Buffer> {
  // NFC so the same password typed on macOS (often NFD input) and Windows derives the same key.
  const secret = Buffer.from(password.normalize('NFC'), 'utf8');
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, KEY_BYTES, { N: c.N, r: c.r, p: c.p, maxmem: maxmemFor(c) }, (err, key) => {
      secret.fill(0);
      if (err) reject(err);
      else resolve(key);
    });
  });
}

interface ParsedWrap {
  cost: ScryptCost;
  salt: Buffer;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

function parseWrapped(wrapped: unknown): ParsedWrap | null {
  if (typeof wrapped !== 'object' || wrapped === null) return null;
  const w = wrapped as Record<string, unknown>;
  if (w.kind !== PASSWORD_KIND || w.kdf !== KDF) return null;
  const { N, r, p, salt, sealed } = w;
  if (typeof N !== 'number' || typeof r !== 'number' || typeof p !== 'number') return null;
  const cost = { N, r, p };
  if (!validCost(cost)) return null;
  if (typeof salt !== 'string' || typeof sealed !== 'string') return null;
  const saltBuf = fromB64url(salt);
  if (!saltBuf || saltBuf.length < SALT_BYTES) return null;
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== SEALED_VERSION) return null;
  const iv = fromB64url(parts[1] ?? '');
  const ciphertext = fromB64url(parts[2] ?? '');
  const tag = fromB64url(parts[3] ?? '');
  if (!iv || !ciphertext || !tag || ciphertext.length !== KEY_BYTES) return null;
  return { cost, salt: saltBuf, iv, ciphertext, tag };
}

/**
 * True when the stored wrap is cheaper than `cost` in any parameter, so the caller should
 * re-wrap after a successful unlock (the only moment the password is at hand).
 */
export function needsRewrap(wrapped: WrappedKey, cost: ScryptCost = DEFAULT_SCRYPT): boolean {
  const parsed = parseWrapped(wrapped);
  // A malformed wrap cannot be unlocked to re-wrap it; unwrap reports the damage instead.
  if (!parsed) return false;
  return parsed.cost.N < cost.N || parsed.cost.r < cost.r || parsed.cost.p < cost.p;
}

export class PasswordKeyProtector implements KeyProtector {
  readonly kind = PASSWORD_KIND;
  readonly label = 'your master password';
  readonly needsPassword = true;
  readonly cost: Readonly<ScryptCost>;

  constructor(options: PasswordKeyProtectorOptions = {}) {
    const cost = options.cost ?? DEFAULT_SCRYPT;
    if (!validCost(cost)) {
      throw new TypeError('scrypt cost must have N a power of two (2..2^22), r in 1..32 and p in 1..16');
    }
    this.cost = Object.freeze({ N: cost.N, r: cost.r, p: cost.p });
  }

  async wrap(dataKey: Buffer, password?: string): Promise<PasswordWrappedKey> {
    if (!Buffer.isBuffer(dataKey) || dataKey.length !== KEY_BYTES) {
      throw new TypeError(`the data key must be ${KEY_BYTES} bytes`);
    }
    if (typeof password !== 'string' || password.length === 0) {
      throw new CoreError('invalid-input', 'Choose a master password.');
    }
    const salt = randomBytes(SALT_BYTES);
    const kek = await deriveKey(password, salt, this.cost);
    try {
      const { iv, ciphertext, tag } = sealBytes(kek, WRAP_AAD, dataKey);
      return {
        kind: PASSWORD_KIND,
        kdf: KDF,
        N: this.cost.N,
        r: this.cost.r,
        p: this.cost.p,
        salt: salt.toString('base64url'),
        sealed: [SEALED_VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), tag.toString('base64url')].join('.'),
      };
    } finally {
      kek.fill(0);
    }
  }

  async unwrap(wrapped: WrappedKey, password?: string): Promise<Buffer> {
    const parsed = parseWrapped(wrapped);
    if (!parsed) throw new CoreError('vault-corrupt', CORRUPT_MESSAGE);
    if (typeof password !== 'string' || password.length === 0) {
      throw new CoreError('wrong-password', 'Enter your master password.');
    }
    // Deliberately the stored cost, not this.cost: see the file comment.
    const kek = await deriveKey(password, parsed.salt, parsed.cost);
    try {
      return openBytes(kek, WRAP_AAD, { iv: parsed.iv, ciphertext: parsed.ciphertext, tag: parsed.tag });
    } catch {
      // With a valid shape, a failed tag almost always means a wrong password; GCM cannot
      // tell that apart from a flipped bit in the file.
      throw new CoreError('wrong-password', 'That master password is not right. Check Caps Lock and try again.');
    } finally {
      kek.fill(0);
    }
  }
}
