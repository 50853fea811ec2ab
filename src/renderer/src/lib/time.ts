/** Pure time formatting for countdowns and dates: no DOM, no clock of its own. */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "4 d 23 h", "5 h 12 min", "4:12" (minutes:seconds) for a positive duration. */
export function formatDuration(ms: number): string {
  const clamped = Math.max(0, ms);
  if (clamped >= DAY) {
    const d = Math.floor(clamped / DAY);
    const h = Math.floor((clamped % DAY) / HOUR);
    return h > 0 ? `${d} d ${h} h` : `${d} d`;
  }
  if (clamped >= HOUR) {
    const h = Math.floor(clamped / HOUR);
    const m = Math.floor((clamped % HOUR) / MINUTE);
    return m > 0 ? `${h} h ${m} min` : `${h} h`;
  }
  const totalSeconds = Math.ceil(clamped / SECOND);
  const m = Math.floor(totalSeconds / 60);
  const s = totalSeconds % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/**
 * One line for a token's remaining life:
 * - "renews in 4:12" when TokenDesk will renew it within the hour,
 * - "valid for 4 d 23 h" otherwise,
 * - "expired" once it has stopped working,
 * - "" when there is nothing to count (a header made from saved credentials).
 */
export function formatCountdown(expiresAt: number | null, renewsAt: number | null, now: number): string {
  if (expiresAt === null) return '';
  if (expiresAt <= now) return 'expired';
  if (renewsAt !== null && renewsAt > now && renewsAt <= expiresAt && renewsAt - now < HOUR) {
    return `renews in ${formatDuration(renewsAt - now)}`;
  }
  return `valid for ${formatDuration(expiresAt - now)}`;
}

/** Whole seconds left until `at` (never negative). */
export function secondsLeft(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / SECOND));
}

/** "Today 14:05:09", or "23 Nov 2026, 14:05" for other days. */
export function formatWhen(at: number, now: number): string {
  const d = new Date(at);
  const today = new Date(now);
  const time = d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  if (d.toDateString() === today.toDateString()) return `Today ${time}`;
  return `${d.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })}, ${time}`;
}
