/**
 * A fast check of the vault document's shape, for the unlock path. The zod schema in
 * document.ts is the definition; running it over a 10,000-connection vault costs ~35 ms
 * (it rebuilds every object and record), more than parsing the JSON. This check walks the
 * parsed JSON once with plain type tests and says yes only when zod would accept the
 * document AND return it unchanged (no key zod would strip), so the parsed object can be
 * used as it is. Anything else — damage, an unknown key, an odd value — gets "no" and goes
 * to zod, which has the last word. Property tests (document-shape.test.ts) check the two
 * agree on generated documents, valid and damaged.
 */
import type { VaultDocument } from './document';

/** A sealed field: `v1.<iv>.<ciphertext>.<tag>`, base64url parts (see crypto.ts). */
export const SEALED_PATTERN = /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/;

export function isCanonicalVaultDocument(raw: unknown, format: string, version: number): raw is VaultDocument {
  if (!isObject(raw)) return false;
  const d = raw as Record<string, unknown>;
  if (!optional(d, 'integrity', isIntegrity, 5)) return false;
  if (d.format !== format || d.version !== version || !isNumber(d.createdAt)) return false;
  const key = d.key;
  if (!isObject(key) || typeof (key as { kind?: unknown }).kind !== 'string' || Object.prototype.hasOwnProperty.call(key, '__proto__')) return false;
  const connections = d.connections;
  if (!Array.isArray(connections)) return false;
  for (let i = 0; i < connections.length; i++) if (!isConnection(connections[i])) return false;
  return true;
}

function isConnection(v: unknown): boolean {
  if (!isObject(v) || countKeys(v) !== 15) return false;
  const c = v as Record<string, unknown>;
  return (
    typeof c.id === 'string' &&
    typeof c.providerId === 'string' &&
    typeof c.label === 'string' &&
    typeof c.authKind === 'string' &&
    isStringOrNull(c.baseUrl) &&
    isStringOrNull(c.checkUrl) &&
    isStringOrNull(c.username) &&
    typeof c.headerName === 'string' &&
    typeof c.scheme === 'string' &&
    isNumber(c.createdAt) &&
    isNumber(c.updatedAt) &&
    isRecordOf(c.options, isOptionValue) &&
    isRecordOf(c.secrets, isSealed) &&
    isTenantList(c.tenants) &&
    isRecordOf(c.tokens, isToken)
  );
}

/** The document's integrity record (see integrity.ts): exactly v 1, sha256 and mac strings. */
function isIntegrity(v: unknown): boolean {
  if (!isObject(v) || countKeys(v) !== 3) return false;
  const r = v as Record<string, unknown>;
  return r.v === 1 && typeof r.sha256 === 'string' && typeof r.mac === 'string';
}

function isTenantList(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (let i = 0; i < v.length; i++) {
    const t: unknown = v[i];
    if (!isObject(t)) return false;
    const o = t as Record<string, unknown>;
    if (typeof o.id !== 'string' || typeof o.name !== 'string' || typeof o.selected !== 'boolean') return false;
    if (!optional(o, 'kind', (k) => typeof k === 'string', 3)) return false;
  }
  return true;
}

function isToken(v: unknown): boolean {
  if (!isObject(v)) return false;
  const t = v as Record<string, unknown>;
  return isSealed(t.sealed) && isNumber(t.issuedAt) && isNumber(t.expiresAt) && optional(t, 'refreshSealed', isSealed, 3);
}

/** `key` is absent or valid, and the object has exactly `required` keys besides it. */
function optional(o: Record<string, unknown>, key: string, valid: (v: unknown) => boolean, required: number): boolean {
  const v = o[key];
  if (v === undefined) return !(key in o) && countKeys(o) === required;
  return valid(v) && countKeys(o) === required + 1;
}

function isRecordOf(v: unknown, valid: (value: unknown) => boolean): boolean {
  // Plain objects only (what JSON.parse makes), and no `__proto__` key, which zod's
  // output would turn into a prototype rather than a property.
  if (!isObject(v) || Object.getPrototypeOf(v) !== Object.prototype) return false;
  const r = v as Record<string, unknown>;
  for (const k in r) {
    if (k === '__proto__' || !valid(r[k])) return false;
  }
  return true;
}

function isOptionValue(v: unknown): boolean {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || isNumber(v);
}

function isSealed(v: unknown): boolean {
  return typeof v === 'string' && SEALED_PATTERN.test(v);
}

function isStringOrNull(v: unknown): boolean {
  return v === null || typeof v === 'string';
}

/** zod's z.number(): finite numbers only. */
function isNumber(v: unknown): boolean {
  return typeof v === 'number' && Number.isFinite(v);
}

function isObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function countKeys(o: object): number {
  let n = 0;
  for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k)) n++;
  return n;
}
