/**
 * The quick-copy palette (route `#/palette`, shown in a small frameless window opened by
 * the global shortcut): type to filter, ↑/↓ to choose, Enter copies the header, Esc closes.
 *
 * It is the WAI-ARIA "combobox with a listbox popup" pattern: the input (role combobox)
 * controls a listbox of options and names the chosen one with `aria-activedescendant`, so a
 * screen reader follows the choice while focus stays in the box. The listbox holds options
 * only; "nothing matches" and "no connections yet" are said in a status line above it
 * (a non-option row inside a listbox is what axe rejected as aria-required-children +
 * listitem).
 *
 * Why not cmdk (it is in package.json): cmdk 1.1.1 leaves `aria-activedescendant` unset
 * while its first option shows as chosen, and after filtering it can name a different row
 * than the one Enter copies (dip/cmdk#413; fix #411 unreleased). Our E2E test checks that
 * attribute, so the pattern is written out here instead, in a few lines.
 *
 * `window.close()` (Esc, or after a copy) hides the palette window; main keeps it for the
 * next shortcut press, and the list is read again each time the window gets focus.
 */
import { useEffect, useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { ConnectionView } from '../../../../shared/views';
import { call, errorMessage } from '../../api';
import { applyTheme } from '../../lib/theme';
import './palette.css';

interface Item {
  key: string;
  connectionId: string;
  tenantId?: string;
  name: string;
  detail: string;
}

function itemsOf(views: ConnectionView[]): Item[] {
  return views.flatMap((c): Item[] =>
    c.hasTenants
      ? c.tenants.filter((t) => t.selected).map((t) => ({ key: `${c.id}/${t.id}`, connectionId: c.id, tenantId: t.id, name: `${c.label} — ${t.name}`, detail: t.status.message }))
      : [{ key: c.id, connectionId: c.id, name: c.label, detail: c.status.message }],
  );
}

/** Every typed word must appear in the name, in any order ("prod cohort" finds "Cohort Go — production"). */
function filterItems(items: readonly Item[], query: string): Item[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return items.filter((i) => words.every((w) => i.name.toLowerCase().includes(w)));
}

export function Palette() {
  const [items, setItems] = useState<Item[] | null>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const listId = useId();
  const optionId = (index: number) => `${listId}-option-${index}`;

  // Read the list (and the theme choice) on open and every time the window comes back.
  useEffect(() => {
    const load = () => {
      void call('settings:get').then(
        (s) => applyTheme(s.theme),
        () => undefined,
      );
      void call('connections:list').then(
        (v) => {
          setItems(itemsOf(v));
          setQuery('');
          setActive(0);
          setError(null);
        },
        (e: unknown) => setError(errorMessage(e)),
      );
    };
    load();
    window.addEventListener('focus', load);
    return () => window.removeEventListener('focus', load);
  }, []);

  const shown = useMemo(() => filterItems(items ?? [], query), [items, query]);
  const current = shown.length > 0 ? Math.min(active, shown.length - 1) : -1;

  // Keep the chosen row in view when the arrows move past the visible part of the list.
  useEffect(() => {
    if (current >= 0) document.getElementById(`${listId}-option-${current}`)?.scrollIntoView({ block: 'nearest' });
  }, [current, listId]);

  async function copy(item: Item | undefined) {
    if (!item) return;
    try {
      await call('tokens:copy', { connectionId: item.connectionId, ...(item.tenantId ? { tenantId: item.tenantId } : {}), format: 'header' });
      window.close();
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === 'Escape') window.close();
    else if (e.key === 'ArrowDown' && shown.length > 0) setActive((current + 1) % shown.length);
    else if (e.key === 'ArrowUp' && shown.length > 0) setActive((current - 1 + shown.length) % shown.length);
    else if (e.key === 'Enter') void copy(shown[current]);
    else return;
    e.preventDefault();
  }

  let status = '';
  if (items !== null && items.length === 0) status = 'No connections yet. Open TokenDesk from the tray to add one.';
  else if (items !== null && shown.length === 0) status = `Nothing matches “${query.trim()}”. Check the spelling, or clear the box to see every connection.`;

  return (
    <main className="palette">
      <label htmlFor={inputId} className="visually-hidden">
        Find a connection to copy its header
      </label>
      <input
        id={inputId}
        autoFocus
        role="combobox"
        aria-expanded={shown.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={current >= 0 ? optionId(current) : undefined}
        autoComplete="off"
        spellCheck={false}
        placeholder="Type a name, then Enter to copy its header"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
      />
      <p className="muted palette-status" role="status">
        {status}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ul id={listId} role="listbox" aria-label="Connections">
        {shown.map((item, i) => (
          <li
            key={item.key}
            id={optionId(i)}
            role="option"
            aria-selected={i === current}
            className={i === current ? 'active' : undefined}
            onMouseMove={() => i !== current && setActive(i)}
            onMouseDown={(e) => e.preventDefault() /* keep focus (and the caret) in the box */}
            onClick={() => void copy(item)}
          >
            <strong>{item.name}</strong> <span className="muted">{item.detail}</span>
          </li>
        ))}
      </ul>
    </main>
  );
}
