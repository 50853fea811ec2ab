/**
 * The one message area: copies (with the clipboard countdown), notices and errors. While a
 * modal dialog is open the page behind it is covered (the dialog is in the browser's top
 * layer), so a message is shown inside the newest open dialog instead, above its content.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { createPortal } from 'react-dom';
import { useNow } from '../../lib/clock';
import { subscribeModals, topModal } from '../../lib/modal-stack';
import { secondsLeft } from '../../lib/time';
import { useAppStore, type Toast as ToastData } from '../../store/app-store';

const PLAIN_HIDE_MS = 8000;

export function Toast() {
  const toast = useAppStore((s) => s.toast);
  const hide = useAppStore((s) => s.hideToast);
  const topDialog = useSyncExternalStore(subscribeModals, topModal, () => null);
  // Only a message goes into the dialog; the empty message area stays in the page.
  const modal = toast ? topDialog : null;
  const area = (
    <div className={`toast-area${toast ? ' has-toast' : ''}${modal ? ' in-modal' : ''}`}>
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
  return modal ? createPortal(area, modal) : area;
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
    const ms = counting
      ? Math.max(0, toast.clearsAt! - Date.now()) + 500
      : Math.max(0, toast.shownAt + PLAIN_HIDE_MS * (toast.kind === 'error' ? 2 : 1) - Date.now());
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
