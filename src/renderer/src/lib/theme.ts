/**
 * Resolves the theme setting to 'light' or 'dark' on <html data-theme>, following the
 * computer's setting live when the choice is "system". One attribute drives the CSS, so
 * the dark palette is written once.
 */
export type ThemeChoice = 'system' | 'light' | 'dark';

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

/** Applies the choice now; returns a function that stops following the system setting. */
export function applyTheme(choice: ThemeChoice): () => void {
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
  return () => query.removeEventListener('change', update);
}
