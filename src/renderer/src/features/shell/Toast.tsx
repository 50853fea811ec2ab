/** The one message area: copies (with the clipboard countdown), notices and errors. */
import { useEffect } from 'react';
import { useNow } from '../../lib/clock';
import { secondsLeft } from '../../lib/time';
import { useAppStore, type Toast as ToastData } from '../../store/app-store';

const PLAIN_HIDE_MS = 8000;

export function Toast() {
  const toast = useAppStore((s) => s.toast);
  const hide = useAppStore((s) => s.hideToast);
  return (
    <div className={`toast-area${toast ? ' has-toast' : ''}`}>
      <div role="status" className={toast ? `toast toast-${toast.kind}` : 'toast-empty'}>
        {toast && <ToastText key={toast.id} toast={toast} />}
      </div>
      {toast && (
        <button type="button" className="toast-close" onClick={hide} aria-label="Dismiss message">
          ×
        </button>
      )}
    </div>
  );
}

function ToastText({ toast }: { toast: ToastData }) {
  const hide = useAppStore((s) => s.hideToast);
  const now = useNow();
  const counting = toast.copy && toast.clearsAt != null;
  const start = toast.copiedAt ?? 0;
  const total = counting ? secondsLeft(toast.clearsAt!, start) : 0;
  const left = counting ? Math.min(total, secondsLeft(toast.clearsAt!, Math.max(now, start))) : 0;

  useEffect(() => {
    // Hides itself: a copy toast when the clipboard has been cleared, others after a few seconds.
    const ms = counting ? Math.max(0, toast.clearsAt! - Date.now()) + 500 : PLAIN_HIDE_MS * (toast.kind === 'error' ? 2 : 1);
    const t = setTimeout(() => {
      if (useAppStore.getState().toast?.id === toast.id) hide();
    }, ms);
    return () => clearTimeout(t);
  }, [toast, counting, hide]);

  if (!toast.copy) return <>{toast.message}</>;
  return (
    <>
      {toast.message}{' '}
      {counting ? `Clipboard clears in ${left} s.` : 'Clipboard is not cleared automatically.'}
    </>
  );
}
