import { describe, expect, it } from 'vitest';
import { formatCountdown, formatDuration, secondsLeft } from '../../../src/renderer/src/lib/time';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const s = (n: number) => n * 1000;
const min = (n: number) => n * 60_000;
const h = (n: number) => n * 3_600_000;
const d = (n: number) => n * 86_400_000;

describe('formatDuration', () => {
  it('uses minutes:seconds under an hour', () => {
    expect(formatDuration(min(4) + s(12))).toBe('4:12');
    expect(formatDuration(s(5))).toBe('0:05');
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(-5)).toBe('0:00');
  });
  it('rounds partial seconds up so a countdown never shows 0:00 early', () => {
    expect(formatDuration(400)).toBe('0:01');
  });
  it('uses hours and minutes under a day', () => {
    expect(formatDuration(h(5) + min(12) + s(40))).toBe('5 h 12 min');
    expect(formatDuration(h(2))).toBe('2 h');
  });
  it('uses days and hours from a day', () => {
    expect(formatDuration(d(4) + h(23) + min(59))).toBe('4 d 23 h');
    expect(formatDuration(d(1))).toBe('1 d');
  });
});

describe('formatCountdown', () => {
  it('shows nothing for headers made from saved credentials', () => {
    expect(formatCountdown(null, null, NOW)).toBe('');
  });
  it('says "expired" at and after the expiry', () => {
    expect(formatCountdown(NOW, null, NOW)).toBe('expired');
    expect(formatCountdown(NOW - 1, NOW - 10, NOW)).toBe('expired');
  });
  it('counts down to the renewal when it is within the hour', () => {
    expect(formatCountdown(NOW + min(15), NOW + min(4) + s(12), NOW)).toBe('renews in 4:12');
  });
  it('shows how long it stays valid when renewal is far away', () => {
    expect(formatCountdown(NOW + d(5) - min(1), NOW + d(5) - min(6), NOW)).toBe('valid for 4 d 23 h');
  });
  it('falls back to the validity when no renewal is scheduled or it is overdue', () => {
    expect(formatCountdown(NOW + min(3), null, NOW)).toBe('valid for 3:00');
    expect(formatCountdown(NOW + min(3), NOW - s(1), NOW)).toBe('valid for 3:00');
  });
  it('goes down as time passes', () => {
    const a = formatCountdown(NOW + min(15), NOW + min(10), NOW);
    const b = formatCountdown(NOW + min(15), NOW + min(10), NOW + s(2));
    expect(a).toBe('renews in 10:00');
    expect(b).toBe('renews in 9:58');
  });
});

describe('secondsLeft', () => {
  it('never goes below zero', () => {
    expect(secondsLeft(NOW + s(30), NOW)).toBe(30);
    expect(secondsLeft(NOW - s(30), NOW)).toBe(0);
  });
});
