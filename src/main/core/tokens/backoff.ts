/**
 * Retry delays for transient failures (network errors, 5xx, 429): full-jitter
 * exponential backoff, or the server's Retry-After when it sent one. Pure functions.
 */

export const DEFAULT_BACKOFF_BASE_MS = 1_000;
export const DEFAULT_BACKOFF_CAP_MS = 5 * 60 * 1_000;

export interface BackoffOptions {
  /** Delay ceiling for attempt 0 (default 1 s). */
  baseMs?: number;
  /** Upper bound for any delay, Retry-After included (default 5 min). */
  capMs?: number;
  /** Source of randomness in [0, 1) (default Math.random). */
  random?: () => number;
}

/**
 * Full jitter: random() * min(cap, base * 2^attempt), as an integer number of ms.
 * `attempt` counts from 0 (the first retry).
 */
export function backoffDelayMs(attempt: number, opts: BackoffOptions = {}): number {
  const base = nonNegative(opts.baseMs, DEFAULT_BACKOFF_BASE_MS);
  const cap = nonNegative(opts.capMs, DEFAULT_BACKOFF_CAP_MS);
  const random = opts.random ?? Math.random;
  const n = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0;
  // 2 ** 1100 is Infinity, which min() handles fine.
  const ceiling = Math.min(cap, base * 2 ** n);
  let r = random();
  if (!Number.isFinite(r) || r < 0) r = 0;
  if (r > 1) r = 1;
  return Math.floor(r * ceiling);
}

/**
 * Parses a Retry-After header value: delta-seconds ("120") or an HTTP-date
 * ("Wed, 21 Oct 2015 07:28:00 GMT", RFC 850 and asctime forms too). Returns ms from
 * `nowMs`, clamped to [0, capMs]; undefined for a missing or unparseable value.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number,
  capMs: number = DEFAULT_BACKOFF_CAP_MS,
): number | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (v === '' || v.length > 64) return undefined;
  let ms: number | undefined;
  if (/^\d+(?:\.\d+)?$/.test(v)) {
    ms = Number(v) * 1_000;
  } else {
    const at = parseHttpDate(v);
    if (at !== undefined) ms = at - nowMs;
  }
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  return Math.round(Math.min(Math.max(ms, 0), Math.max(capMs, 0)));
}

/** Retry-After when present and valid (capped), else full-jitter backoff. */
export function nextRetryDelayMs(
  attempt: number,
  retryAfterHeader: string | null | undefined,
  nowMs: number,
  opts: BackoffOptions = {},
): number {
  const cap = nonNegative(opts.capMs, DEFAULT_BACKOFF_CAP_MS);
  return parseRetryAfter(retryAfterHeader, nowMs, cap) ?? backoffDelayMs(attempt, opts);
}

// -----------------------------------------------------------------------------------

function nonNegative(v: number | undefined, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
// IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
const IMF = new RegExp(`^${DAY},\\s*(\\d{1,2})\\s+([a-z]{3})\\s+(\\d{4})\\s+${TIME}\\s+(?:GMT|UTC)$`, 'i');
// RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
const RFC850 = new RegExp(`^${DAY},\\s*(\\d{1,2})-([a-z]{3})-(\\d{2}|\\d{4})\\s+${TIME}\\s+(?:GMT|UTC)$`, 'i');
// asctime: Sun Nov  6 08:49:37 1994
const ASCTIME = new RegExp(`^${DAY}\\s+([a-z]{3})\\s+(\\d{1,2})\\s+${TIME}\\s+(\\d{4})$`, 'i');

/** Parses the three HTTP-date forms of RFC 9110 §5.6.7 (always UTC). */
export function parseHttpDate(value: string): number | undefined {
  let m = IMF.exec(value);
  if (m) return utc(m[3], m[2], m[1], m[4], m[5], m[6]);
  m = RFC850.exec(value);
  if (m) {
    let year = Number(m[3]);
    if (m[3]!.length === 2) year += year < 70 ? 2000 : 1900;
    return utc(String(year), m[2], m[1], m[4], m[5], m[6]);
  }
  m = ASCTIME.exec(value);
  if (m) return utc(m[6], m[1], m[2], m[3], m[4], m[5]);
  return undefined;
}

function utc(
  year: string | undefined,
  mon: string | undefined,
  day: string | undefined,
  h: string | undefined,
  min: string | undefined,
  s: string | undefined,
): number | undefined {
  const month = MONTHS.indexOf((mon ?? '').toLowerCase());
  const y = Number(year);
  const d = Number(day);
  const hh = Number(h);
  const mm = Number(min);
  const ss = Number(s);
  if (month < 0 || d < 1 || d > 31 || hh > 23 || mm > 59 || ss > 60) return undefined;
  const ms = Date.UTC(y, month, d, hh, mm, ss);
  // Reject rolled-over dates such as 31 Feb.
  if (new Date(ms).getUTCDate() !== d) return undefined;
  return ms;
}
