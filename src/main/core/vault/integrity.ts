/**
 * Whole-file integrity for the vault document. Secrets are sealed one by one (AES-GCM, see
 * crypto.ts), but names, addresses, tenant choices and token times are plain JSON: without
 * a check over the whole document, one flipped byte in an address, or an edit pointing a
 * connection at another server, would open silently as a mix of what was saved and what
 * was not. Two checks, stored in the document's `integrity` field:
 *
 *  - `sha256` over the document's text and the MAC: catches damage (a disk error, a bad copy, a
 *    truncated sync) as soon as the file is read, before unlocking, so the person is told
 *    the file is damaged and offered the backup, instead of "wrong password".
 *  - `mac`, HMAC-SHA256 with a key derived (HKDF) from the vault's data key: catches a
 *    deliberate edit that also recomputed the checksum. Checked when unlocking.
 *
 * Neither can tell an older genuine copy of the file (a rollback) from the current one:
 * that would need a counter kept outside the file.
 *
 * Both are computed over one text: the document (without `integrity`) as JSON.stringify
 * writes it, in the document's own key order. TokenDesk is the only writer, and what it
 * saves is exactly that text plus the record, so a reload gives the same bytes; a file
 * rewritten by another tool (keys reordered) reads as damaged and the backup is offered.
 * Sorting keys instead (canonical JSON) cost ~60 ms per save and per unlock for a
 * 10,000-connection vault — the whole save budget — for a case that does not happen.
 */
import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export const INTEGRITY_VERSION = 1;
const MAC_INFO = 'tokendesk-vault-document-mac';

export interface IntegrityRecord {
  v: typeof INTEGRITY_VERSION;
  /** Hex SHA-256 of the covered text followed by the MAC. */
  sha256: string;
  /** Hex HMAC-SHA256 of the covered text, keyed from the data key. */
  mac: string;
}

/**
 * The text both checks cover: the whole document except its `integrity` field, as
 * JSON.stringify writes it. Compute it once and pass it to the checks that follow.
 */
export function coveredText(doc: object): string {
  const { integrity: _ignored, ...rest } = doc as Record<string, unknown>;
  return JSON.stringify(rest);
}

/** `,"integrity":{…}}` closing a document as documentText writes it. */
const RECORD_AT_END = /,"integrity":\{"v":1,"sha256":"[0-9a-f]{64}","mac":"[0-9a-f]{64}"\}\}$/;

/**
 * The covered text straight from a file's text, when the file ends with the integrity
 * record as documentText writes it — a slice instead of serialising a large document
 * again. Null otherwise (then use coveredText on the parsed document). The checksum is
 * checked over these exact bytes, so a file that passes is byte for byte what was saved.
 */
export function coveredFromText(text: string): string | null {
  const m = RECORD_AT_END.exec(text);
  return m ? `${text.slice(0, m.index)}}` : null;
}

/** The document's JSON text: the covered text with the integrity record as its last member. */
export function documentText(covered: string, record: IntegrityRecord): string {
  const members = covered.slice(1, -1);
  return `{${members}${members ? ',' : ''}"integrity":${JSON.stringify({ v: record.v, sha256: record.sha256, mac: record.mac })}}`;
}

/** The checksum covers the MAC as well, so damage to any byte but the checksum's own reads as damage. */
export function checksumOf(covered: string, mac: string): string {
  return createHash('sha256').update(covered, 'utf8').update(mac, 'utf8').digest('hex');
}

function macKey(dataKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), MAC_INFO, 32));
}

function macOf(covered: string, dataKey: Buffer): string {
  const key = macKey(dataKey);
  try {
    return createHmac('sha256', key).update(covered, 'utf8').digest('hex');
  } finally {
    key.fill(0);
  }
}

/** Computes the integrity record for `doc` (its own `integrity` field is ignored). */
export function integrityFor(doc: object, dataKey: Buffer, covered = coveredText(doc)): IntegrityRecord {
  const mac = macOf(covered, dataKey);
  return { v: INTEGRITY_VERSION, sha256: checksumOf(covered, mac), mac };
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
export function checksumMatches(doc: object, covered = coveredText(doc)): boolean {
  const r = record(doc);
  return r !== null && sameHex(r.sha256, checksumOf(covered, r.mac));
}

/** With the data key: was this document written by someone holding the key? */
export function macMatches(doc: object, dataKey: Buffer, covered = coveredText(doc)): boolean {
  const r = record(doc);
  return r !== null && sameHex(r.mac, macOf(covered, dataKey));
}
