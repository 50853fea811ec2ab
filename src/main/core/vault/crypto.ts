/**
 * Envelope-encryption primitives. One random 256-bit data key encrypts every secret
 * field with AES-256-GCM; the data key itself is wrapped by a KeyProtector. Each field
 * is bound to its record id and field name through the GCM additional data, so a
 * ciphertext copied into another record or field fails to decrypt instead of quietly
 * revealing the wrong secret.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { CoreError } from '../errors';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
/** 96-bit IVs are the size GCM is designed for; other sizes get hashed and lose margin. */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const FIELD_VERSION = 'v1';

const CORRUPT_MESSAGE =
  'A saved secret could not be decrypted: the vault file was changed outside TokenDesk or is damaged.';

/** The three parts of an AES-GCM sealed value. */
export interface SealedBytes {
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export function generateDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

function assertKey(key: Buffer): void {
  // A wrong-sized key is a programming error, not a damaged file, so it is not a CoreError.
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new TypeError(`AES-256-GCM needs a ${KEY_BYTES}-byte key`);
  }
}

/** Encrypts `plain` with a fresh random IV. */
export function sealBytes(key: Buffer, aad: Buffer, plain: Buffer): SealedBytes {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

/**
 * Decrypts and authenticates. Throws the underlying crypto error on any mismatch; callers
 * translate it, because the right message depends on context (damaged file versus wrong
 * password).
 */
export function openBytes(key: Buffer, aad: Buffer, sealed: SealedBytes): Buffer {
  assertKey(key);
  if (sealed.iv.length !== IV_BYTES) throw new Error('bad iv length');
  // Node accepts truncated tags unless told otherwise; a short tag would weaken authentication.
  if (sealed.tag.length !== TAG_BYTES) throw new Error('bad tag length');
  const decipher = createDecipheriv(ALGORITHM, key, sealed.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.tag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
}

/** Strict base64url decoding: Buffer.from silently skips invalid characters. */
export function fromB64url(text: string): Buffer | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  const buf = Buffer.from(text, 'base64url');
  // Reject non-canonical encodings so one sealed value has exactly one spelling.
  return buf.toString('base64url') === text ? buf : null;
}

function fieldAad(recordId: string, field: string): Buffer {
  // NUL cannot appear in ids or field names we generate, so ("a", "b\0c") and ("a\0b", "c")
  // never collide.
  return Buffer.from(`${recordId}\u0000${field}`, 'utf8');
}

export function encryptField(dataKey: Buffer, recordId: string, field: string, plaintext: string): string {
  const { iv, ciphertext, tag } = sealBytes(dataKey, fieldAad(recordId, field), Buffer.from(plaintext, 'utf8'));
  return [FIELD_VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), tag.toString('base64url')].join(
    '.',
  );
}

export function decryptField(dataKey: Buffer, recordId: string, field: string, sealed: string): string {
  assertKey(dataKey);
  const corrupt = (): CoreError => new CoreError('vault-corrupt', CORRUPT_MESSAGE, { recordId, field });
  if (typeof sealed !== 'string') throw corrupt();
  const parts = sealed.split('.');
  if (parts.length !== 4 || parts[0] !== FIELD_VERSION) throw corrupt();
  const iv = fromB64url(parts[1] ?? '');
  const ciphertext = fromB64url(parts[2] ?? '');
  const tag = fromB64url(parts[3] ?? '');
  if (!iv || !ciphertext || !tag) throw corrupt();
  let plain: Buffer;
  try {
    plain = openBytes(dataKey, fieldAad(recordId, field), { iv, ciphertext, tag });
  } catch {
    throw corrupt();
  }
  return plain.toString('utf8');
}
