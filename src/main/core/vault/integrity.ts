/**
 * Whole-file integrity for the vault document. Secrets are sealed one by one (AES-GCM, see
 * crypto.ts), but names, addresses, tenant choices and token times are plain JSON: without
 * a check over the whole document, one flipped byte in an address, or an edit pointing a
 * connection at another server, would open silently as a mix of what was saved and what
 * was not. Two checks, stored in the document's `integrity` field:
 *
 *  - `sha256` over the canonical document (MAC included): catches damage (a disk error, a bad copy, a
 *    truncated sync) as soon as the file is read, before unlocking, so the person is told
 *    the file is damaged and offered the backup, instead of "wrong password".
 *  - `mac`, HMAC-SHA256 with a key derived (HKDF) from the vault's data key: catches a
 *    deliberate edit that also recomputed the checksum. Checked when unlocking.
 *
 * Neither can tell an older genuine copy of the file (a rollback) from the current one:
 * that would need a counter kept outside the file.
 */
import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export const INTEGRITY_VERSION = 1;
const MAC_INFO = 'tokendesk-vault-document-mac';

export interface IntegrityRecord {
  v: typeof INTEGRITY_VERSION;
  /** Hex SHA-256 of the canonical document, including `mac` but not this checksum. */
  sha256: string;
  /** Hex HMAC-SHA256 of the canonical document without `integrity`, keyed from the data key. */
  mac: string;
}

/**
 * JSON with object keys sorted at every level, so the same document always gives the same
 * bytes whatever order its keys were written or read in. `undefined` members are dropped as
 * JSON.stringify drops them, so a document and its saved-and-reloaded copy agree.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** The bytes the MAC covers: the whole document except its `integrity` field. */
function coveredBytes(doc: object): Buffer {
  const { integrity: _ignored, ...rest } = doc as Record<string, unknown>;
  return Buffer.from(canonicalJson(rest), 'utf8');
}

/** The checksum covers the MAC as well, so damage to any byte but the checksum's own reads as damage. */
function checksumOf(doc: object, mac: string): string {
  const { integrity: _ignored, ...rest } = doc as Record<string, unknown>;
  return createHash('sha256').update(canonicalJson({ ...rest, integrity: { v: INTEGRITY_VERSION, mac } }), 'utf8').digest('hex');
}

function macKey(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), MAC_INFO, 32));
}

/** Computes the integrity record for `doc` (its own `integrity` field is ignored). */
export function integrityFor(doc: object, dataKey: Buffer): IntegrityRecord {
  const key = macKey(dataKey);
  try {
    const mac = createHmac('sha256', key).update(coveredBytes(doc)).digest('hex');
    return { v: INTEGRITY_VERSION, sha256: checksumOf(doc, mac), mac };
  } finally {
    key.fill(0);
  }
}

function record(doc: object): IntegrityRecord | null {
  const r = (doc as { integrity?: unknown }).integrity;
  if (typeof r !== 'object' || r === null) return null;
  const { v, sha256, mac } = r as Record<string, unknown>;
  if (v !== INTEGRITY_VERSION || typeof sha256 !== 'string' || typeof mac !== 'string') return null;
  if (!/^[0-9a-f]{64}$/.test(sha256) || !/^[0-9a-f]{64}$/.test(mac)) return null;
  return { v, sha256, mac };
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Without the key: is the record present and does the checksum match the content? */
export function checksumMatches(doc: object): boolean {
  const r = record(doc);
  return r !== null && sameHex(r.sha256, checksumOf(doc, r.mac));
}

/** With the data key: was this document written by someone holding the key? */
export function macMatches(doc: object, dataKey: Buffer): boolean {
  const r = record(doc);
  if (!r) return false;
  const key = macKey(dataKey);
  try {
    return sameHex(r.mac, createHmac('sha256', key).update(coveredBytes(doc)).digest('hex'));
  } finally {
    key.fill(0);
  }
}
