// @vitest-environment jsdom
/**
 * A toast raised while a modal dialog is open is shown inside the newest open dialog (a
 * modal is in the browser's top layer and would cover it), and back in the page once the
 * dialogs close. The modal stack knows which dialog is newest.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pushModal, topModal } from '../../../src/renderer/src/lib/modal-stack';
import { Toast } from '../../../src/renderer/src/features/shell/Toast';
import { useAppStore } from '../../../src/renderer/src/store/app-store';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

function dialogEl(name: string): HTMLDialogElement {
  const d = document.createElement('dialog');
  d.setAttribute('aria-label', name);
  d.setAttribute('open', '');
  document.body.append(d);
  return d;
}

describe('modal stack', () => {
  it('knows the newest open modal, whatever order they close in', () => {
    expect(topModal()).toBeNull();
    const a = dialogEl('a');
    const b = dialogEl('b');
    const closeA = pushModal(a);
    expect(topModal()).toBe(a);
    const closeB = pushModal(b);
    expect(topModal()).toBe(b);
    closeA();
    expect(topModal()).toBe(b);
    closeA(); // twice is harmless: it does not take b off
    expect(topModal()).toBe(b);
    closeB();
    expect(topModal()).toBeNull();
  });
});

describe('Toast', () => {
  let page: HTMLDivElement;
  let root: Root;
  const closers: Array<() => void> = [];

  beforeEach(() => {
    page = document.createElement('div');
    document.body.append(page);
    root = createRoot(page);
    act(() => root.render(<Toast />));
  });
  afterEach(() => {
    act(() => root.unmount());
    for (const c of closers.splice(0)) c();
    useAppStore.setState({ toast: null });
    document.body.innerHTML = '';
  });

  const statusIn = (el: Element) => el.querySelector('[role="status"]');

  it('shows a toast in the page when no dialog is open', () => {
    act(() => useAppStore.getState().showToast({ kind: 'info', message: 'Saved the settings.' }));
    expect(statusIn(page)?.textContent).toBe('Saved the settings.');
  });

  it('moves into the newest open dialog, and back to the page when they close', () => {
    const details = dialogEl('details');
    act(() => closers.push(pushModal(details)));
    // No message: nothing is added to the dialog (its own status lines stay the only ones).
    expect(statusIn(details)).toBeNull();
    expect(statusIn(page)).not.toBeNull();
    act(() => useAppStore.getState().showToast({ kind: 'info', message: 'Copied the header for Lab.' }));
    expect(statusIn(page)).toBeNull();
    expect(statusIn(details)?.textContent).toBe('Copied the header for Lab.');
    expect(details.querySelector('.toast-area')?.classList.contains('in-modal')).toBe(true);
    expect(details.querySelector('button[aria-label="Dismiss message"]')).not.toBeNull();

    // A confirmation opened on top takes it.
    const confirm = dialogEl('confirm');
    let closeConfirm = () => {};
    act(() => {
      closeConfirm = pushModal(confirm);
    });
    expect(statusIn(details)).toBeNull();
    expect(statusIn(confirm)?.textContent).toBe('Copied the header for Lab.');

    act(() => closeConfirm());
    expect(statusIn(confirm)).toBeNull();
    expect(statusIn(details)?.textContent).toBe('Copied the header for Lab.');

    act(() => closers.pop()!());
    expect(statusIn(details)).toBeNull();
    expect(statusIn(page)?.textContent).toBe('Copied the header for Lab.');
    expect(page.querySelector('.toast-area')?.classList.contains('in-modal')).toBe(false);
  });

  it('a notice that moves into a dialog still hides 8 s after it was raised, not 8 s after the move', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    try {
      act(() => useAppStore.getState().showToast({ kind: 'info', message: 'Saved the settings.' }));
      act(() => vi.advanceTimersByTime(5_000));
      const details = dialogEl('details');
      act(() => closers.push(pushModal(details)));
      expect(statusIn(details)?.textContent).toBe('Saved the settings.');
      act(() => vi.advanceTimersByTime(3_100));
      expect(useAppStore.getState().toast).toBeNull();
      expect(details.querySelector('.toast-area')).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
