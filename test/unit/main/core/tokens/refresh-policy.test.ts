import { describe, expect, it } from 'vitest';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  normaliseExpiry,
  refreshAt,
  refreshLeadMs,
} from '../../../../../src/main/core/tokens/refresh-policy';

const SEC = 1000;
const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);

describe('refreshLeadMs', () => {
  it('Resolver 15 min -> 90 s', () => {
    expect(refreshLeadMs(15 * MINUTE_MS)).toBe(90 * SEC);
  });
  it('1 h -> 5 min (cap)', () => {
    expect(refreshLeadMs(HOUR_MS)).toBe(5 * MINUTE_MS);
  });
  it('2 min -> 60 s (floor)', () => {
    expect(refreshLeadMs(2 * MINUTE_MS)).toBe(60 * SEC);
  });
  it('never more than the lifetime', () => {
    expect(refreshLeadMs(30 * SEC)).toBe(30 * SEC);
  });
  it('Cogniac 5 days -> half-life; exactly 1 day -> 12 h', () => {
    expect(refreshLeadMs(5 * DAY_MS)).toBe(2.5 * DAY_MS);
    expect(refreshLeadMs(DAY_MS)).toBe(12 * HOUR_MS);
    expect(refreshLeadMs(DAY_MS - 1)).toBe(5 * MINUTE_MS);
  });
  it('non-positive or invalid lifetimes -> 0', () => {
    expect(refreshLeadMs(0)).toBe(0);
    expect(refreshLeadMs(-5)).toBe(0);
    expect(refreshLeadMs(Number.NaN)).toBe(0);
  });
});

describe('refreshAt', () => {
  it('Resolver 15 min: 90 s before expiry ±10 %', () => {
    const exp = NOW + 15 * MINUTE_MS;
    expect(refreshAt(NOW, exp, () => 0.5)).toBe(exp - 90 * SEC);
    expect(refreshAt(NOW, exp, () => 0)).toBe(exp - 81 * SEC);
    expect(refreshAt(NOW, exp, () => 0.999999)).toBeGreaterThanOrEqual(exp - 99 * SEC);
    expect(refreshAt(NOW, exp, () => 0.999999)).toBeLessThanOrEqual(exp - 99 * SEC + 1);
  });

  it('Cogniac 5 days: refresh around half-life', () => {
    const exp = NOW + 5 * DAY_MS;
    expect(refreshAt(NOW, exp, () => 0.5)).toBe(NOW + 2.5 * DAY_MS);
    expect(refreshAt(NOW, exp, () => 0)).toBe(NOW + 2.75 * DAY_MS);
    expect(refreshAt(NOW, exp, () => 1)).toBe(NOW + 2.25 * DAY_MS);
  });

  it('jitter stays within bounds, before expiry and not before issue, for many lifetimes', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (const lifetime of [1, 500, 30 * SEC, 2 * MINUTE_MS, 15 * MINUTE_MS, HOUR_MS, 3 * DAY_MS]) {
      const lead = refreshLeadMs(lifetime);
      const ats = new Set<number>();
      for (let i = 0; i < 500; i++) {
        const at = refreshAt(NOW, NOW + lifetime, rnd);
        ats.add(at);
        expect(Number.isInteger(at)).toBe(true);
        expect(at).toBeLessThan(NOW + lifetime);
        expect(at).toBeGreaterThanOrEqual(NOW);
        if (lifetime >= 2 * MINUTE_MS) {
          expect(at).toBeGreaterThanOrEqual(NOW + lifetime - lead * 1.1 - 1);
          expect(at).toBeLessThanOrEqual(NOW + lifetime - lead * 0.9);
        }
      }
      if (lifetime >= 15 * MINUTE_MS) expect(ats.size).toBeGreaterThan(100); // actually spread
    }
  });

  it('degenerate lifetimes refresh at once', () => {
    expect(refreshAt(NOW, NOW)).toBe(NOW);
    expect(refreshAt(NOW, NOW - 1000)).toBe(NOW);
    expect(refreshAt(NOW, NOW + 1, () => 0.5)).toBe(NOW);
  });

  it('survives a bad random source', () => {
    const exp = NOW + 15 * MINUTE_MS;
    expect(refreshAt(NOW, exp, () => Number.NaN)).toBe(exp - 81 * SEC);
    expect(refreshAt(NOW, exp, () => 7)).toBe(exp - 99 * SEC);
  });
});

describe('normaliseExpiry', () => {
  const base = { now: NOW, documentedLifetimeMs: 15 * MINUTE_MS, maxPlausibleMs: 2 * HOUR_MS };
  const fallback = NOW + 15 * MINUTE_MS;

  it('expires_in seconds (number)', () => {
    expect(normaliseExpiry({ ...base, expiresIn: 900 })).toEqual({ expiresAtMs: NOW + 900 * SEC, trusted: true });
  });
  it('less than a second (expires_in or expiresAt) is not a lifetime: the documented one is used', () => {
    for (const r of [normaliseExpiry({ ...base, expiresIn: 5e-324 }), normaliseExpiry({ ...base, expiresIn: 0.4 }), normaliseExpiry({ ...base, expiresAt: NOW + 0.4 })]) {
      expect(r).toMatchObject({ expiresAtMs: fallback, trusted: false });
    }
  });
  it('expires_in numeric string', () => {
    expect(normaliseExpiry({ ...base, expiresIn: ' 3600 ' })).toEqual({ expiresAtMs: NOW + HOUR_MS, trusted: true });
  });
  it('expiresAt epoch seconds', () => {
    const r = normaliseExpiry({ ...base, expiresAt: Math.floor(NOW / 1000) + 900 });
    expect(r).toEqual({ expiresAtMs: NOW + 900 * SEC, trusted: true });
  });
  it('expiresAt epoch milliseconds', () => {
    expect(normaliseExpiry({ ...base, expiresAt: NOW + 900_123 })).toEqual({ expiresAtMs: NOW + 900_123, trusted: true });
  });
  it('expiresAt as numeric strings (seconds and ms) and ISO date', () => {
    expect(normaliseExpiry({ ...base, expiresAt: String(NOW / 1000 + 600) }).expiresAtMs).toBe(NOW + 600 * SEC);
    expect(normaliseExpiry({ ...base, expiresAt: String(NOW + 600_000) }).expiresAtMs).toBe(NOW + 600 * SEC);
    expect(normaliseExpiry({ ...base, expiresAt: new Date(NOW + 600_000).toISOString() })).toEqual({
      expiresAtMs: NOW + 600 * SEC,
      trusted: true,
    });
  });
  it('expires_in wins over expiresAt; invalid expires_in falls through to a valid expiresAt', () => {
    expect(normaliseExpiry({ ...base, expiresIn: 60, expiresAt: NOW + 600_000 }).expiresAtMs).toBe(NOW + 60 * SEC);
    const r = normaliseExpiry({ ...base, expiresIn: 'soon', expiresAt: NOW + 600_000 });
    expect(r).toEqual({ expiresAtMs: NOW + 600 * SEC, trusted: true });
  });

  const bad: Array<[string, Partial<{ expiresIn: unknown; expiresAt: unknown }>, RegExp]> = [
    ['missing', {}, /no expiry reported/],
    ['null', { expiresIn: null, expiresAt: null }, /no expiry reported/],
    ['zero expires_in', { expiresIn: 0 }, /not positive/],
    ['negative expires_in', { expiresIn: -30 }, /not positive/],
    ['NaN expires_in', { expiresIn: Number.NaN }, /not a number/],
    ['garbage string', { expiresIn: '15 minutes' }, /not a number/],
    ['object', { expiresIn: { s: 1 } }, /not a number/],
    ['boolean', { expiresIn: true }, /not a number/],
    ['zero expiresAt', { expiresAt: 0 }, /not positive/],
    ['negative expiresAt', { expiresAt: -1 }, /not positive/],
    ['past expiresAt (s)', { expiresAt: Math.floor(NOW / 1000) - 60 }, /in the past/],
    ['past expiresAt (ms)', { expiresAt: NOW - 1 }, /in the past/],
    ['expiresAt == now', { expiresAt: NOW }, /in the past/],
    ['10 years expires_in', { expiresIn: 10 * 365 * 24 * 3600 }, /beyond the plausible maximum/],
    ['10 years expiresAt (ms)', { expiresAt: NOW + 10 * 365 * DAY_MS }, /beyond the plausible maximum/],
    ['10 years expiresAt (s)', { expiresAt: Math.floor(NOW / 1000) + 10 * 365 * 86400 }, /beyond the plausible maximum/],
    ['Infinity', { expiresIn: Infinity }, /not a number/],
    ['huge', { expiresAt: 1e300 }, /beyond the plausible maximum/],
  ];
  for (const [name, input, reason] of bad) {
    it(`falls back to the documented lifetime: ${name}`, () => {
      const r = normaliseExpiry({ ...base, ...input });
      expect(r.expiresAtMs).toBe(fallback);
      expect(r.trusted).toBe(false);
      expect(r.reason).toMatch(reason);
      expect(r.reason).toMatch(/documented lifetime of 15 min/);
    });
  }

  it('expires_in right at the plausible maximum is trusted, just past it is not', () => {
    expect(normaliseExpiry({ ...base, expiresIn: 7200 }).trusted).toBe(true);
    expect(normaliseExpiry({ ...base, expiresIn: 7201 }).trusted).toBe(false);
  });
});
