/**
 * Which modal dialogs are open, newest last. A modal <dialog> sits in the browser's top
 * layer above everything else in the page, so anything that must still be seen while one is
 * open (the toast) is shown inside the newest one; this module tells it which.
 */

const open: HTMLElement[] = [];
const listeners = new Set<() => void>();

function changed(): void {
  for (const l of listeners) l();
}

/** Records `el` as the newest open modal; returns the function to call when it closes. */
export function pushModal(el: HTMLElement): () => void {
  open.push(el);
  changed();
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const i = open.lastIndexOf(el);
    if (i >= 0) open.splice(i, 1);
    changed();
  };
}

/** The newest open modal, or null when none is open. */
export function topModal(): HTMLElement | null {
  return open[open.length - 1] ?? null;
}

/** For useSyncExternalStore: calls `listener` whenever a modal opens or closes. */
export function subscribeModals(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
