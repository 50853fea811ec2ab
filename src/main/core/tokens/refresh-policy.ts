/**
 * When to refresh a token, and how far to trust the expiry a server reports.
 * Pure functions: no clock, no I/O.
 */

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const MIN_LEAD_MS = 60 * SECOND_MS;
const MAX_SHORT_LEAD_MS = 5 * MINUTE_MS;
const JITTER_FRACTION = 0.1;
/** expiresAt values above this are epoch milliseconds, below it epoch seconds. */
const MS_THRESHOLD = 1e12;

/**
 * How long before expiry to refresh.
 *  - lifetime < 1 day: max(60 s, min(5 min, 10 % of lifetime)), never more than the lifetime;
 *  - lifetime >= 1 day: half the lifetime (a copied token always has a long life left).
 */
export function refreshLeadMs(lifetimeMs: number): number {
  if (!Number.isFinite(lifetimeMs) || lifetimeMs <= 0) return 0;
  if (lifetimeMs >= DAY_MS) return lifetimeMs / 2;
  const lead = Math.max(MIN_LEAD_MS, Math.min(MAX_SHORT_LEAD_MS, lifetimeMs * 0.1));
  return Math.min(lead, lifetimeMs);
}

/**
 * Absolute time at which to refresh: expiresAt - lead, with ±10 % jitter on the lead so
 * many tokens issued together do not refresh together. The result is an integer in
 * [issuedAt, expiresAt) (or issuedAt when the lifetime is not positive).
 */
export function refreshAt(
  issuedAtMs: number,
  expiresAtMs: number,
  random: () => number = Math.random,
): number {
  const lifetime = expiresAtMs - issuedAtMs;
  if (!(lifetime > 0)) return issuedAtMs;
  const r = clamp01(random());
  const lead = refreshLeadMs(lifetime) * (1 + (2 * r - 1) * JITTER_FRACTION);
  const at = Math.floor(expiresAtMs - lead);
  // Strictly before expiry, never before issue.
  return Math.max(issuedAtMs, Math.min(at, Math.ceil(expiresAtMs) - 1));
}

export interface NormaliseExpiryInput {
  /** Wall-clock now (ms). */
  now: number;
  /** OAuth-style `expires_in`, seconds (number or numeric string). */
  expiresIn?: unknown;
  /** Absolute expiry: epoch seconds or ms (values > 1e12 are ms), or an ISO date string. */
  expiresAt?: unknown;
  /** Lifetime the provider documents; used when the reported one cannot be trusted. */
  documentedLifetimeMs: number;
  /** Anything expiring later than now + this is implausible. */
  maxPlausibleMs: number;
}

export interface NormalisedExpiry {
  expiresAtMs: number;
  /** False when the reported expiry was missing or implausible and the fallback was used. */
  trusted: boolean;
  /** Why the reported value was not used (for the log). Never contains secrets. */
  reason?: string;
}

/**
 * Turns whatever the server said about expiry into an absolute time. `expiresIn` wins
 * when valid, else `expiresAt`; anything missing, non-numeric, <= 0, in the past or
 * beyond now + maxPlausibleMs falls back to now + documentedLifetimeMs.
 */
export function normaliseExpiry(input: NormaliseExpiryInput): NormalisedExpiry {
  const { now, expiresIn, expiresAt, documentedLifetimeMs, maxPlausibleMs } = input;
  const limit = now + maxPlausibleMs;
  const reasons: string[] = [];

  if (expiresIn !== undefined && expiresIn !== null && expiresIn !== '') {
    const seconds = toNumber(expiresIn);
    if (seconds === undefined) {
      reasons.push(`expires_in is not a number (${describe(expiresIn)})`);
    } else if (seconds <= 0) {
      reasons.push(`expires_in is not positive (${seconds})`);
    } else if (seconds < 1) {
      // Rounds to "expired already": no server issues a token for less than a second.
      reasons.push(`expires_in of ${seconds} s is less than a second`);
    } else {
      const at = now + seconds * SECOND_MS;
      if (at > limit) reasons.push(`expires_in of ${seconds} s is beyond the plausible maximum`);
      else return { expiresAtMs: Math.round(at), trusted: true };
    }
  }

  if (expiresAt !== undefined && expiresAt !== null && expiresAt !== '') {
    const exact = toEpochMs(expiresAt);
    const at = exact === undefined ? undefined : Math.round(exact);
    if (at === undefined) {
      reasons.push(`expiresAt is not a time (${describe(expiresAt)})`);
    } else if (at <= 0) {
      reasons.push(`expiresAt is not positive (${describe(expiresAt)})`);
    } else if (at <= now) {
      reasons.push(`expiresAt ${safeIso(at)} is in the past`);
    } else if (at > limit) {
      reasons.push(
        `expiresAt ${safeIso(at)} is beyond the plausible maximum (${safeIso(limit)})`,
      );
    } else {
      return { expiresAtMs: Math.round(at), trusted: true };
    }
  }

  if (reasons.length === 0) reasons.push('no expiry reported');
  return {
    expiresAtMs: now + documentedLifetimeMs,
    trusted: false,
    reason: `${reasons.join('; ')}; using the documented lifetime of ${formatDuration(documentedLifetimeMs)}`,
  };
}

// -----------------------------------------------------------------------------------

function clamp01(x: number): number {
  if (!Number.isFinite(x) || x < 0) return 0;
  return x >= 1 ? 1 : x;
}

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function toNumber(v: unknown): number | undefined {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && NUMERIC.test(v.trim())) n = Number(v.trim());
  else return undefined;
  return Number.isFinite(n) ? n : undefined;
}

function toEpochMs(v: unknown): number | undefined {
  const n = toNumber(v);
  if (n !== undefined) return n > MS_THRESHOLD ? n : n * SECOND_MS;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v.trim())) {
    const ms = Date.parse(v.trim());
    return Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  return typeof v;
}

function safeIso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}

function formatDuration(ms: number): string {
  if (ms % DAY_MS === 0) return `${ms / DAY_MS} d`;
  if (ms % HOUR_MS === 0) return `${ms / HOUR_MS} h`;
  if (ms % MINUTE_MS === 0) return `${ms / MINUTE_MS} min`;
  return `${Math.round(ms / SECOND_MS)} s`;
}
