/**
 * A modal dialog on the native <dialog>: Esc closes it, the rest of the window is inert
 * while it is open, Tab and Shift+Tab wrap round inside it (Chromium would let Tab leave
 * for the browser), and focus goes back to where it was. While open it is the newest entry
 * of the modal stack, so a toast raised meanwhile is shown inside it, not behind it.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { trapFocus } from '../lib/focus-trap';
import { pushModal } from '../lib/modal-stack';

export function Dialog({
  title,
  onClose,
  children,
  className,
  role,
  returnFocusFallback,
}: {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  role?: 'alertdialog';
  /**
   * Where focus goes on close when the control that opened the dialog is gone (a "Fix
   * this…" button replaced by copy buttons once fixed), so keyboard users are not dropped
   * at the top of the page.
   */
  returnFocusFallback?: () => HTMLElement | null;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const onCloseRef = useRef(onClose);
  const fallbackRef = useRef(returnFocusFallback);
  useEffect(() => {
    onCloseRef.current = onClose;
    fallbackRef.current = returnFocusFallback;
  });
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // Native showModal focuses the first control (the close button); prefer the one marked.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    const untrap = trapFocus(dialog);
    const unstack = pushModal(dialog);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      untrap();
      unstack();
      if (dialog.open) dialog.close();
      if (returnTo?.isConnected) returnTo.focus();
      else fallbackRef.current?.()?.focus();
    };
  }, []);

  return (
    <dialog ref={ref} className={`dialog ${className ?? ''}`} aria-labelledby={titleId} role={role}>
      <div className="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="icon-button" onClick={() => onCloseRef.current()} aria-label="Close">
          ×
        </button>
      </div>
      {children}
    </dialog>
  );
}
