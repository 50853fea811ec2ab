/**
 * Team packs must never carry a secret. Before anything else reads a pack, this walks the
 * whole parsed file — every key and every string, at any depth — and reports the first
 * place that looks like a password, key or token, so the import can refuse it by name.
 * Export runs the same check on what it is about to write.
 */

/** Key names (compared without case, `-` or `_`) that only ever hold a secret. */
const SECRET_KEYS = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'token',
  'apikey',
  'clientsecret',
  'refreshtoken',
  'accesstoken',
  'idtoken',
  'sessiontoken',
  'authorization',
  'bearer',
  'credential',
  'credentials',
  'privatekey',
  'mfacode',
]);
/** Endings that make any key a secret's key: userPassword, mySecret, oauthToken, xApiKey. */
const SECRET_ENDINGS = ['password', 'passwd', 'secret', 'token', 'apikey', 'privatekey'];

/** "Basic <base64 of user:password>" — decoded, it must hold a colon to count as credentials. */
const BASIC = /\bbasic\s+([A-Za-z0-9+/]{4,}={0,2})(?![A-Za-z0-9+/=])/i;
/** "Bearer <token>": a long token with both letters and digits (so "Bearer tokens" in a name is not one). */
const BEARER = /\bbearer\s+([A-Za-z0-9\-._~+/]{16,}=*)/i;

export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[^a-z0-9]/g, '');
  return SECRET_KEYS.has(k) || SECRET_ENDINGS.some((end) => k.endsWith(end));
}

/** True when a value reads like an Authorization header value (Basic credentials or a Bearer token). */
export function looksLikeAuthHeader(value: string): boolean {
  const basic = BASIC.exec(value);
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    // eslint-disable-next-line no-control-regex -- credentials are printable text around a colon
    if (decoded.includes(':') && !/[\u0000-\u001f\u007f\ufffd]/.test(decoded)) return true;
  }
  const bearer = BEARER.exec(value);
  return !!bearer && /[0-9]/.test(bearer[1]!) && /[A-Za-z]/.test(bearer[1]!);
}

export interface SecretFinding {
  /** Where it is, for the message: `connections[0].password`. */
  path: string;
  /** A key named like a secret, or a value that looks like an Authorization header. */
  reason: 'key' | 'value';
}

/**
 * The first secret-looking key or value in `root`, or null. Iterative (not recursive) so a
 * maliciously deep file cannot overflow the stack; `maxDepth` bounds the walk as well.
 */
export function findSecret(root: unknown, maxDepth = 64): SecretFinding | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (looksLikeAuthHeader(value)) return { path: path || '(the whole file)', reason: 'value' };
      continue;
    }
    if (value === null || typeof value !== 'object' || depth >= maxDepth) continue;
    // Pushed in reverse so the walk reports the first finding in reading order.
    const children: Array<{ value: unknown; path: string; depth: number }> = [];
    if (Array.isArray(value)) {
      value.forEach((v, i) => children.push({ value: v, path: `${path}[${i}]`, depth: depth + 1 }));
    } else {
      for (const [k, v] of Object.entries(value)) {
        const at = path ? `${path}.${k}` : k;
        if (isSecretKey(k)) return { path: at, reason: 'key' };
        children.push({ value: v, path: at, depth: depth + 1 });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return null;
}

/** How deep a parsed JSON value nests (iteratively); real packs are 4 levels deep. */
export function depthOf(root: unknown, limit: number): number {
  let max = 0;
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (depth > max) max = depth;
    if (max > limit) return max;
    if (value !== null && typeof value === 'object') {
      for (const v of Object.values(value)) stack.push({ value: v, depth: depth + 1 });
    }
  }
  return max;
}
