/**
 * Keeps Tab and Shift+Tab inside an open modal. Chromium's native modal <dialog> lets Tab
 * leave the last control for the browser itself; this wraps it round to the first control
 * (and Shift+Tab from the first to the last), as a keyboard user expects.
 */

const FOCUSABLE = [
  'a[href]',
  'button',
  'input:not([type="hidden"])',
  'select',
  'textarea',
  'summary',
  '[tabindex]',
  '[contenteditable=""]',
  '[contenteditable="true"]',
].join(',');

function visible(el: HTMLElement): boolean {
  if (el.closest('[hidden], [inert]')) return false;
  // checkVisibility knows about display:none on any ancestor and visibility:hidden; where a
  // browser lacks it, the attribute checks above are the best we can do.
  const check = (el as HTMLElement & { checkVisibility?: (o?: object) => boolean }).checkVisibility;
  return typeof check === 'function' ? check.call(el, { visibilityProperty: true }) : true;
}

/** The controls Tab stops at inside `container`, in Tab order (positive tabindex is not used here). */
export function tabbables(container: HTMLElement): HTMLElement[] {
  const all = [...container.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
    (el) => el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled && visible(el),
  );
  // A group of radio buttons is one Tab stop: the checked one, or the first when none is.
  return all.filter((el) => {
    if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || !el.name) return true;
    const group = all.filter((o): o is HTMLInputElement => o instanceof HTMLInputElement && o.type === 'radio' && o.name === el.name);
    const checked = group.find((o) => o.checked);
    return checked ? checked === el : group[0] === el;
  });
}

/**
 * Where focus must go for this Tab press to stay inside `container`, or null when the
 * browser's own move is already right (somewhere in the middle).
 */
export function wrapTarget(container: HTMLElement, active: Element | null, backwards: boolean): HTMLElement | null {
  const stops = tabbables(container);
  if (stops.length === 0) return container;
  const first = stops[0]!;
  const last = stops[stops.length - 1]!;
  if (!active || !container.contains(active) || active === container) return backwards ? last : first;
  if (backwards && active === first) return last;
  if (!backwards && active === last) return first;
  return null;
}

/** Installs the trap on `container`; returns the function that removes it. */
export function trapFocus(container: HTMLElement): () => void {
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Tab' || e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    // A dialog opened inside this one (a confirmation) keeps its own trap.
    const owner = e.target instanceof Element ? e.target.closest('dialog') : null;
    if (owner && owner !== container && container.contains(owner)) return;
    const target = wrapTarget(container, container.ownerDocument.activeElement, e.shiftKey);
    if (!target) return;
    e.preventDefault();
    target.focus();
  };
  container.addEventListener('keydown', onKeyDown);
  return () => container.removeEventListener('keydown', onKeyDown);
}
