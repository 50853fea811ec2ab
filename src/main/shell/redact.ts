/**
 * Scrubs anything that could be a credential out of a value before it reaches a log line.
 * Pure and dependency-free so it is unit tested on its own; `log.ts` runs it on every
 * message (the Logger adapter and an electron-log hook, so direct `log.*` calls are
 * covered too).
 *
 * What goes: Authorization / Cookie header values, `Basic …` / `Bearer …` credentials,
 * JSON / form / query fields named like secrets (password, token, secret, api key…),
 * JWT-like strings and long base64/hex blobs, and whole values of object keys named like
 * secrets. What stays: plain messages, numbers, UUIDs (connection ids), URLs' hosts and paths.
 */

export const REDACTED = '[redacted]';

/** Object keys whose values are always secret, whatever they hold. */
const SECRET_KEY =
  /^(?:.*(?:pass(?:word|wd|phrase)?|secret|token|authorization|cookie|api[-_]?key|credential|private[-_]?key|sealed|salt|mfa|otp)).*$/i;
/** The same names inside text (`"password":"…"`, `password=…`, `password: …`). */
const SECRET_NAME =
  '(?:[A-Za-z_-]*(?:pass(?:word|wd|phrase)?|secret|token|api[-_]?key|apikey|credential|authorization|cookie|session[-_]?id|mfa[-_]?code|otp))';

const TEXT_RULES: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  // Header lines: `Authorization: Basic abc`, `Cookie: a=b; c=d`, `X-API-Key: …`, `Proxy-Authorization=…`.
  [/\b((?:proxy-)?authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token)(\s*[:=]\s*)(?:"[^"]*"|'[^']*'|[^\r\n,;}]+)/gi, (_m, name, sep) => `${name}${sep}${REDACTED}`],
  // JSON-ish `"password": "…"` (any quotes, also numbers and escaped quotes inside).
  [new RegExp(`(["']?${SECRET_NAME}["']?\\s*:\\s*)(?!"?\\[redacted\\])("(?:[^"\\\\]|\\\\.)*"|'(?:[^'\\\\]|\\\\.)*'|[^\\s,}\\]]+)`, 'gi'), (_m, head) => `${head}"${REDACTED}"`],
  // Form / query `password=…&`, `access_token=…`.
  [new RegExp(`(\\b${SECRET_NAME}=)([^&\\s"']+)`, 'gi'), (_m, head) => `${head}${REDACTED}`],
  // Scheme + credential anywhere: `Basic dXNlcjpwYXNz`, `Bearer eyJ…`, `token abc`.
  // A run of only lower-case letters is a word ("Basic connection"), not a credential.
  [/\b(Basic|Bearer|Digest|Negotiate|NTLM|ApiKey)(\s+)([A-Za-z0-9._~+/=:-]{4,})/g, (m, scheme, sp, cred) => (/^[a-z]+$/.test(cred) ? m : `${scheme}${sp}${REDACTED}`)],
  // Credentials in URLs: https://user:pass@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, (_m, scheme) => `${scheme}${REDACTED}@`],
  // JWT-like: three base64url parts starting with eyJ.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}(?:\.[A-Za-z0-9_-]*)?/g, REDACTED],
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Candidate blobs: runs of base64 / base64url / hex characters. */
const BLOB = /[A-Za-z0-9+/_=-]{24,}/g;

function isSecretLookingBlob(s: string): boolean {
  if (UUID.test(s)) return false;
  const core = s.replace(/=+$/, '');
  if (core.length >= 48 && !/^[a-z_-]+$/i.test(core)) return true;
  // Shorter runs only when they mix letters and digits the way random keys do; plain
  // words joined by dashes or slashes (`/usr/lib/node_modules`) stay readable.
  return /[0-9]/.test(core) && /[A-Za-z]/.test(core) && !/^[a-z]+(?:[-_/][a-z]+)*$/i.test(core);
}

export function redactText(text: string): string {
  let out = text;
  for (const [re, replacement] of TEXT_RULES) {
    out = out.replace(re, replacement as (...m: string[]) => string);
  }
  return out.replace(BLOB, (m) => (m.includes(REDACTED.slice(1, -1)) || !isSecretLookingBlob(m) ? m : REDACTED));
}

const MAX_DEPTH = 8;

/** Returns a copy of `value` with every secret-looking part replaced by `[redacted]`. */
export function redact(value: unknown): unknown {
  return walk(value, 0, new WeakSet());
}

function walk(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') {
    return typeof value === 'function' ? '[function]' : typeof value === 'symbol' ? String(value) : value;
  }
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[…]';
  seen.add(value);
  if (value instanceof Error) return redactError(value, depth, seen);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array || value instanceof ArrayBuffer) {
    return `[binary ${value.byteLength} bytes]`;
  }
  if (value instanceof Date) return value;
  if (value instanceof Map) return walk(Object.fromEntries(value), depth, seen);
  if (value instanceof Set) return walk([...value], depth, seen);
  if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1, seen));
  if (isHeaders(value)) return walk(Object.fromEntries(value.entries()), depth, seen);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) && v !== null && v !== undefined && typeof v !== 'boolean' ? REDACTED : walk(v, depth + 1, seen);
  }
  return out;
}

function isHeaders(v: object): v is { entries(): IterableIterator<[string, string]> } {
  return typeof Headers !== 'undefined' && v instanceof Headers;
}

function redactError(e: Error, depth: number, seen: WeakSet<object>): Error {
  const copy = new Error(redactText(e.message));
  copy.name = e.name;
  copy.stack = e.stack ? redactText(e.stack) : undefined;
  const extra = e as unknown as Record<string, unknown>;
  for (const key of ['code', 'cause', 'details', 'response', 'request', 'config'] as const) {
    if (key in extra && extra[key] !== undefined) {
      (copy as unknown as Record<string, unknown>)[key] = SECRET_KEY.test(key) ? REDACTED : walk(extra[key], depth + 1, seen);
    }
  }
  return copy;
}
