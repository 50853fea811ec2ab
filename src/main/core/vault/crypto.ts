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

const B64URL = /^[A-Za-z0-9_-]*$/;
/** Value of each base64url character by char code; -1 for anything else. */
const B64URL_VALUE = new Int8Array(128).fill(-1);
[...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'].forEach((c, i) => (B64URL_VALUE[c.charCodeAt(0)] = i));

/**
 * Whether base64url text (valid characters, no padding) is the one canonical spelling of
 * its bytes: no dangling single character, and the unused low bits of the last character
 * are zero. Checked from the length and the last character instead of re-encoding.
 */
function isCanonicalB64url(text: string): boolean {
  const rest = text.length & 3;
  if (rest === 0) return true;
  if (rest === 1) return false;
  const last = B64URL_VALUE[text.charCodeAt(text.length - 1)] ?? -1;
  return last >= 0 && (last & (rest === 2 ? 0x0f : 0x03)) === 0;
}

/** Bytes that canonical base64url text of this length decodes to. */
function decodedLength(chars: number): number {
  const rest = chars & 3;
  return (chars >> 2) * 3 + (rest === 0 ? 0 : rest - 1);
}

/** Strict base64url decoding: Buffer.from silently skips invalid characters. */
export function fromB64url(text: string): Buffer | null {
  if (!B64URL.test(text)) return null;
  // Reject non-canonical encodings so one sealed value has exactly one spelling.
  return isCanonicalB64url(text) ? Buffer.from(text, 'base64url') : null;
}

function fieldAad(recordId: string, field: string): Buffer {
  // NUL cannot appear in ids or field names we generate, so ("a", "b\0c") and ("a\0b", "c")
  // never collide.
  return Buffer.from(`${recordId}\u0000${field}`, 'utf8');
}

/** A sealed field: version, then IV (12 bytes = 16 chars), ciphertext, tag (16 bytes = 22 chars). */
const SEALED_FIELD = /^v1\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]*)\.([A-Za-z0-9_-]{22})$/;

export function encryptField(dataKey: Buffer, recordId: string, field: string, plaintext: string): string {
  const { iv, ciphertext, tag } = sealBytes(dataKey, fieldAad(recordId, field), Buffer.from(plaintext, 'utf8'));
  return [FIELD_VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), tag.toString('base64url')].join(
    '.',
  );
}

/**
 * Decoded IV, tag, ciphertext and AAD of the field being opened. decryptField is
 * synchronous and OpenSSL copies its inputs during the calls, so one buffer can serve
 * every call: allocating per field (three Buffer.from decodes plus the AAD, or one
 * buffer of its own) was what made 10,000 fields cost ~2× raw AES-GCM at unlock. It holds
 * nothing secret — the same bytes are in the vault file.
 */
let scratch = Buffer.allocUnsafeSlow(2048);
/** Fields larger than this get a buffer of their own rather than growing the shared one for good. */
const SCRATCH_MAX = 64 * 1024;

/**
 * Opens one sealed field. This runs for every stored token at unlock, so it parses the
 * text with one regular expression (which also fixes the IV and tag lengths), checks the
 * canonical spelling from lengths and last characters, and decodes into `scratch`.
 */
export function decryptField(dataKey: Buffer, recordId: string, field: string, sealed: string): string {
  assertKey(dataKey);
  const m = typeof sealed === 'string' ? SEALED_FIELD.exec(sealed) : null;
  if (!m) throw corrupt(recordId, field);
  const ivText = m[1]!;
  const ctText = m[2]!;
  const tagText = m[3]!;
  if (!isCanonicalB64url(ctText) || !isCanonicalB64url(tagText)) throw corrupt(recordId, field);
  const ctEnd = IV_BYTES + TAG_BYTES + decodedLength(ctText.length);
  const aadEnd = ctEnd + Buffer.byteLength(recordId, 'utf8') + 1 + Buffer.byteLength(field, 'utf8');
  if (aadEnd > scratch.length && aadEnd <= SCRATCH_MAX) scratch = Buffer.allocUnsafeSlow(Math.max(aadEnd, scratch.length * 2));
  const buf = aadEnd <= scratch.length ? scratch : Buffer.allocUnsafe(aadEnd);
  let at = buf.write(ivText, 0, 'base64url');
  at += buf.write(tagText, at, 'base64url');
  at += buf.write(ctText, at, 'base64url');
  if (at !== ctEnd) throw corrupt(recordId, field);
  // AAD: record id, NUL, field name — the same bytes as fieldAad().
  at += buf.write(recordId, at, 'utf8');
  buf[at++] = 0;
  at += buf.write(field, at, 'utf8');
  if (at !== aadEnd) throw corrupt(recordId, field);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv(ALGORITHM, dataKey, buf.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(buf.subarray(ctEnd, aadEnd));
    decipher.setAuthTag(buf.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    plain = decipher.update(buf.subarray(IV_BYTES + TAG_BYTES, ctEnd));
    decipher.final();
  } catch {
    throw corrupt(recordId, field);
  }
  return plain.toString('utf8');
}

function corrupt(recordId: string, field: string): CoreError {
  return new CoreError('vault-corrupt', CORRUPT_MESSAGE, { recordId, field });
}
