/**
 * The quick-copy palette (route `#/palette`, shown in a small frameless window opened by
 * the global shortcut): type to filter, ↑/↓ to choose, Enter copies the header, Esc closes.
 */
import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { ConnectionView } from '../../../../shared/views';
import { call, errorMessage } from '../../api';
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

export function Palette() {
  const [items, setItems] = useState<Item[]>([]);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);

  // Read the list on open and every time the window comes back (the palette is reused).
  useEffect(() => {
    const load = () =>
      call('connections:list').then(
        (v) => {
          setItems(itemsOf(v));
          setQuery('');
          setActive(0);
          setError(null);
        },
        (e: unknown) => setError(errorMessage(e)),
      );
    void load();
    window.addEventListener('focus', load);
    return () => window.removeEventListener('focus', load);
  }, []);

  const shown = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return items.filter((i) => words.every((w) => i.name.toLowerCase().includes(w)));
  }, [items, query]);

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
    else if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, shown.length - 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
    else if (e.key === 'Enter') void copy(shown[active]);
    else return;
    e.preventDefault();
  }

  return (
    <main className="palette" onKeyDown={onKeyDown}>
      <input
        autoFocus
        aria-label="Find a connection to copy its header"
        placeholder="Type to find a connection, Enter copies its header"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
          setActive(0);
        }}
      />
      {error && <p className="error" role="alert">{error}</p>}
      <ul role="listbox" aria-label="Connections">
        {shown.map((item, i) => (
          <li key={item.key} role="option" aria-selected={i === active} className={i === active ? 'active' : undefined} onMouseEnter={() => setActive(i)} onClick={() => void copy(item)}>
            <strong>{item.name}</strong> <span className="muted">{item.detail}</span>
          </li>
        ))}
        {shown.length === 0 && <li className="muted">{items.length === 0 ? 'No connections yet.' : 'Nothing matches.'}</li>}
      </ul>
    </main>
  );
}
