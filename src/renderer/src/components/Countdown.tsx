/** Live "renews in 4:12" text: the only thing that re-renders on each clock tick. */
import { memo } from 'react';
import { useNow } from '../lib/clock';
import { formatCountdown } from '../lib/time';

export const Countdown = memo(function Countdown({ expiresAt, renewsAt, bare }: { expiresAt: number | null; renewsAt: number | null; bare?: boolean }) {
  const now = useNow();
  const text = formatCountdown(expiresAt, renewsAt, now);
  if (!text) return null;
  return (
    <span className={bare ? 'countdown bare' : 'countdown'} data-testid="countdown">
      {text}
    </span>
  );
});
