/**
 * Resolves the theme setting to 'light' or 'dark' on <html data-theme>, following the
 * computer's setting live when the choice is "system". One attribute drives the CSS, so
 * the dark palette is written once.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

/** The one live "follow the system" listener, if any: a newer choice replaces it. */
let stopFollowing: () => void = () => undefined;

/**
 * Applies the choice now; returns a function that stops following the system setting.
 * Each call replaces the previous one, so the first-paint `applyTheme('system')` in
 * main.tsx cannot flip an explicit Light/Dark choice when the OS setting changes later.
 */
export function applyTheme(choice: ThemeChoice): () => void {
  stopFollowing();
  stopFollowing = () => undefined;
  const root = document.documentElement;
  if (choice !== 'system') {
    root.dataset.theme = choice;
    return () => undefined;
  }
  const query = darkQuery();
  const update = () => {
    root.dataset.theme = query.matches ? 'dark' : 'light';
  };
  update();
  query.addEventListener('change', update);
  const stop = () => query.removeEventListener('change', update);
  stopFollowing = stop;
  return stop;
}
