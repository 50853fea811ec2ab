/**
 * A button's work in progress: `busy` while it runs (to disable the button and say so), and
 * the plain-language error when it fails (main's message), cleared when it is tried again.
 */
import { useCallback, useState } from 'react';
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
