/**
 * A button's work in progress: `busy` while it runs (to block the button and say so), and
 * the plain-language error when it fails (main's message), cleared when it is tried again.
 */
import { useCallback, useState, type MouseEvent } from 'react';
import { errorMessage } from '../api';

export function useAction(): { busy: boolean; error: string | null; run: (work: () => Promise<unknown>) => Promise<boolean> } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}

/**
 * Props for a button that must not be pressed while work runs. It is marked aria-disabled
 * and ignores presses instead of being `disabled`: a disabled button drops keyboard focus to
 * the page, so someone who pressed Enter on it would lose their place. `running` (default:
 * `blocked`) marks the button whose own work is running, which shows the busy style.
 * A press on a blocked submit button does not submit its form either.
 */
export function whileBusy(
  blocked: boolean,
  onPress?: () => void,
  running: boolean = blocked,
): { 'aria-disabled'?: true; 'aria-busy'?: true; onClick: (e: MouseEvent<HTMLButtonElement>) => void } {
  return {
    'aria-disabled': blocked ? true : undefined,
    'aria-busy': running ? true : undefined,
    onClick: (e) => {
      if (blocked) {
        e.preventDefault();
        return;
      }
      onPress?.();
    },
  };
}
