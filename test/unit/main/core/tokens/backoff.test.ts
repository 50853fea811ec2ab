import { describe, expect, it } from 'vitest';
import {
  backoffDelayMs,
  DEFAULT_BACKOFF_CAP_MS,
  nextRetryDelayMs,
  parseHttpDate,
  parseRetryAfter,
} from '../../../../../src/main/core/tokens/backoff';

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const FIVE_MIN = 5 * 60 * 1000;

describe('backoffDelayMs', () => {
  it('full jitter: random() * min(cap, base * 2^attempt)', () => {
    expect(backoffDelayMs(0, { random: () => 0.999999 })).toBe(999);
    expect(backoffDelayMs(0, { random: () => 0.5 })).toBe(500);
    expect(backoffDelayMs(3, { random: () => 0.5 })).toBe(4000);
    expect(backoffDelayMs(3, { random: () => 0 })).toBe(0);
    expect(backoffDelayMs(2, { baseMs: 100, random: () => 0.5 })).toBe(200);
  });

  it('is capped at 5 min by default, and at a custom cap', () => {
    expect(DEFAULT_BACKOFF_CAP_MS).toBe(FIVE_MIN);
    expect(backoffDelayMs(20, { random: () => 1 })).toBe(FIVE_MIN);
    expect(backoffDelayMs(5000, { random: () => 1 })).toBe(FIVE_MIN);
    expect(backoffDelayMs(10, { capMs: 10_000, random: () => 0.5 })).toBe(5000);
  });

  it('stays within [0, ceiling] with Math.random', () => {
    for (let attempt = 0; attempt < 30; attempt++) {
      const ceiling = Math.min(FIVE_MIN, 1000 * 2 ** attempt);
      for (let i = 0; i < 50; i++) {
        const d = backoffDelayMs(attempt);
        expect(Number.isInteger(d)).toBe(true);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('treats bad attempts as 0 and bad randoms safely', () => {
    expect(backoffDelayMs(-3, { random: () => 0.5 })).toBe(500);
    expect(backoffDelayMs(Number.NaN, { random: () => 0.5 })).toBe(500);
    expect(backoffDelayMs(2, { random: () => Number.NaN })).toBe(0);
    expect(backoffDelayMs(2, { random: () => 5 })).toBe(4000);
  });
});

describe('parseRetryAfter', () => {
  it('delta-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
  });

  it('delta-seconds are capped', () => {
    expect(parseRetryAfter('86400', NOW)).toBe(FIVE_MIN);
    expect(parseRetryAfter('86400', NOW, 60_000)).toBe(60_000);
  });

  it('HTTP-date (IMF-fixdate, RFC 850, asctime)', () => {
    const at = NOW + 90_000; // Mon, 23 Nov 2026 09:01:30 GMT
    expect(new Date(at).toUTCString()).toBe('Mon, 23 Nov 2026 09:01:30 GMT');
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:01:30 GMT', NOW)).toBe(90_000);
    expect(parseRetryAfter('Monday, 23-Nov-26 09:01:30 GMT', NOW)).toBe(90_000);
    expect(parseRetryAfter('Mon Nov 23 09:01:30 2026', NOW)).toBe(90_000);
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(parseHttpDate('Sun Nov  6 08:49:37 1994')).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
  });

  it('HTTP-date in the past -> 0, far future -> cap', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('Tue, 01 Dec 2026 00:00:00 GMT', NOW)).toBe(FIVE_MIN);
  });

  it('garbage -> undefined', () => {
    for (const v of [
      undefined,
      null,
      '',
      '   ',
      'soon',
      '-5',
      '5s',
      '1e3',
      'NaN',
      'Infinity',
      '12 Nov 2026',
      'Mon, 31 Feb 2026 09:00:00 GMT',
      'Mon, 23 Foo 2026 09:01:30 GMT',
      'Mon, 23 Nov 2026 25:01:30 GMT',
      'x'.repeat(1000),
    ]) {
      expect(parseRetryAfter(v, NOW), String(v)).toBeUndefined();
    }
  });
});

describe('nextRetryDelayMs', () => {
  it('uses Retry-After when present', () => {
    expect(nextRetryDelayMs(0, '7', NOW, { random: () => 0.5 })).toBe(7000);
    expect(nextRetryDelayMs(5, 'Mon, 23 Nov 2026 09:00:10 GMT', NOW)).toBe(10_000);
  });
  it('caps Retry-After with the backoff cap', () => {
    expect(nextRetryDelayMs(0, '3600', NOW)).toBe(FIVE_MIN);
    expect(nextRetryDelayMs(0, '3600', NOW, { capMs: 30_000 })).toBe(30_000);
  });
  it('falls back to full jitter when absent or garbage', () => {
    expect(nextRetryDelayMs(2, null, NOW, { random: () => 0.5 })).toBe(2000);
    expect(nextRetryDelayMs(2, 'later', NOW, { random: () => 0.5 })).toBe(2000);
    expect(nextRetryDelayMs(30, undefined, NOW, { random: () => 1 })).toBe(FIVE_MIN);
  });
});
