/**
 * The dashboard: connections grouped by service, each with its state in plain words, a
 * live countdown and copy buttons; Cogniac-style connections list their chosen tenants.
 * Long lists (more than VIRTUALIZE_AFTER connections) are virtualized; shorter ones stay
 * fully in the DOM so screen readers and find-in-page see every row.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useDeferredValue, useId, useMemo, useRef, useState } from 'react';
import type { ConnectionView, TenantView } from '../../../../shared/views';
import { Countdown } from '../../components/Countdown';
import { CopyButtons } from '../../components/CopyButtons';
import { plainMessage, StatePill } from '../../components/StatePill';
import { useAppStore } from '../../store/app-store';
import { SearchBox } from '../../components/SearchBox';

export const VIRTUALIZE_AFTER = 50;

interface Shown {
  connection: ConnectionView;
  /** Selected tenants to show (filtered by the search when it matched a tenant only). */
  tenants: TenantView[];
}
interface Group {
  provider: string;
  items: Shown[];
}

function matches(text: string | null | undefined, q: string): boolean {
  return !!text && text.toLowerCase().includes(q);
}

/**
 * The ticked tenants of a connection, as the same array for the same connection object: with
 * the store's structural sharing, an unchanged connection's row then gets the same props and
 * its memo holds.
 */
const selectedCache = new WeakMap<ConnectionView, TenantView[]>();
function selectedTenants(c: ConnectionView): TenantView[] {
  let selected = selectedCache.get(c);
  if (!selected) {
    selected = c.tenants.filter((t) => t.selected);
    selectedCache.set(c, selected);
  }
  return selected;
}

export function filterAndGroup(connections: ConnectionView[], query: string): Group[] {
  const q = query.trim().toLowerCase();
  const groups = new Map<string, Shown[]>();
  for (const c of connections) {
    const selected = selectedTenants(c);
    let tenants = selected;
    if (q) {
      const own = matches(c.label, q) || matches(c.providerName, q) || matches(c.username, q);
      if (!own) {
        tenants = selected.filter((t) => matches(t.name, q) || matches(t.id, q));
        if (tenants.length === 0) continue;
      }
    }
    const list = groups.get(c.providerName) ?? [];
    list.push({ connection: c, tenants });
    groups.set(c.providerName, list);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([provider, items]) => ({ provider, items: items.sort((x, y) => x.connection.label.localeCompare(y.connection.label)) }));
}

export function ConnectionList({ onAdd }: { onAdd: () => void }) {
  const connections = useAppStore((s) => s.connections);
  const [query, setQuery] = useState('');
  const deferred = useDeferredValue(query);
  const groups = useMemo(() => filterAndGroup(connections, deferred), [connections, deferred]);
  const shownCount = groups.reduce((n, g) => n + g.items.length, 0);

  if (connections.length === 0) {
    return (
      <section className="empty card">
        <h2>No connections yet</h2>
        <p>Add the first service you need a header for. TokenDesk keeps the password encrypted and builds the header for you.</p>
        <button type="button" className="primary" onClick={onAdd}>
          Add a connection
        </button>
      </section>
    );
  }

  return (
    <section aria-label="Connections" className="dashboard">
      <div className="search-row">
        <SearchBox id="search" label="Search connections" placeholder="Search by name, service or tenant" value={query} onChange={setQuery} />
        <p className="muted search-count" aria-live="polite">
          {deferred.trim() ? `${shownCount} of ${connections.length} shown` : `${connections.length} ${connections.length === 1 ? 'connection' : 'connections'}`}
        </p>
      </div>
      {shownCount === 0 ? (
        <p className="card empty">Nothing matches “{deferred.trim()}”. Check the spelling, or clear the search.</p>
      ) : connections.length > VIRTUALIZE_AFTER ? (
        <VirtualGroups groups={groups} />
      ) : (
        groups.map((g) => <GroupSection key={g.provider} group={g} />)
      )}
    </section>
  );
}

function GroupSection({ group }: { group: Group }) {
  const id = useId();
  return (
    <section className="group" aria-labelledby={id}>
      <h2 id={id} className="group-title">
        {group.provider} <span className="count">{group.items.length}</span>
      </h2>
      <ul className="connections" aria-label={`${group.provider} connections`}>
        {group.items.map((s) => (
          <li key={s.connection.id}>
            <ConnectionCard connection={s.connection} tenants={s.tenants} />
          </li>
        ))}
      </ul>
    </section>
  );
}

type Row = { kind: 'group'; provider: string; count: number } | { kind: 'card'; shown: Shown };

function VirtualGroups({ groups }: { groups: Group[] }) {
  const rows = useMemo<Row[]>(
    () => groups.flatMap((g) => [{ kind: 'group', provider: g.provider, count: g.items.length } as Row, ...g.items.map((shown) => ({ kind: 'card', shown }) as Row)]),
    [groups],
  );
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is used as documented
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (rows[i]?.kind === 'group' ? 44 : 150),
    overscan: 6,
    getItemKey: (i) => {
      const r = rows[i]!;
      return r.kind === 'group' ? `g:${r.provider}` : r.shown.connection.id;
    },
  });
  return (
    <div ref={scroller} className="virtual-scroller" tabIndex={0} aria-label="Connections list, scroll for more">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((v) => {
          const row = rows[v.index]!;
          return (
            <div
              key={v.key}
              data-index={v.index}
              ref={virtualizer.measureElement}
              className="virtual-row"
              style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${v.start}px)` }}
            >
              {row.kind === 'group' ? (
                <h2 className="group-title">
                  {row.provider} <span className="count">{row.count}</span>
                </h2>
              ) : (
                <ConnectionCard connection={row.shown.connection} tenants={row.shown.tenants} />
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

export const ConnectionCard = memo(function ConnectionCard({ connection, tenants }: { connection: ConnectionView; tenants: TenantView[] }) {
  const openDetails = useAppStore((s) => s.openDetails);
  const titleId = useId();
  const { status } = connection;
  // Added from a team pack and still without the person's own sign-in details.
  const waiting = status.action === 'enter-credentials';
  return (
    <article className="card connection" aria-labelledby={titleId} data-connection-id={connection.id}>
      <div className="connection-head">
        <div className="connection-title">
          <h3 id={titleId}>
            <button type="button" className="link-button" onClick={() => openDetails(connection.id)} aria-haspopup="dialog">
              {connection.label}
            </button>
          </h3>
          <p className="muted meta">
            {connection.providerName}
            {connection.username ? ` · ${connection.username}` : ''}
          </p>
        </div>
        <div className="connection-side">
          {(!connection.hasTenants || waiting) && <StatePill state={status.state} />}
          <button type="button" className="small" onClick={() => openDetails(connection.id)} aria-label={`Details and settings for ${connection.label}`}>
            Details
          </button>
        </div>
      </div>
      {waiting ? (
        <div className="connection-body">
          <p className="state state-waiting">{status.message.split(' — ')[0]}</p>
          <button type="button" className="primary" onClick={() => openDetails(connection.id)} aria-haspopup="dialog" aria-label={`Finish setting up ${connection.label}`}>
            Finish setting up
          </button>
        </div>
      ) : connection.hasTenants ? (
        <>
          {tenants.length === 0 ? (
            <p className={`state state-${status.state}`}>
              {status.message}.{' '}
              <button type="button" className="link-button inline" onClick={() => openDetails(connection.id)}>
                Choose tenants
              </button>
            </p>
          ) : (
            <ul className="tenants" aria-label={`Tenants of ${connection.label}`}>
              {tenants.map((t) => (
                <TenantRow key={t.id} connection={connection} tenant={t} />
              ))}
            </ul>
          )}
        </>
      ) : (
        <div className="connection-body">
          <p className={`state state-${status.state}`}>
            <span>{plainMessage(status)}</span> <Countdown expiresAt={status.expiresAt} renewsAt={status.renewsAt} />
          </p>
          {status.state === 'needs-you' ? <FixButton label={connection.label} onClick={() => openDetails(connection.id)} /> : <CopyButtons connection={connection} />}
        </div>
      )}
    </article>
  );
});

/**
 * A renewed tenant gives its connection a new object; the other tenant rows must not render
 * again for that. A row uses only these parts of its connection (for copying and naming).
 */
function sameTenantRow(a: TenantRowProps, b: TenantRowProps): boolean {
  return (
    a.tenant === b.tenant &&
    a.connection.id === b.connection.id &&
    a.connection.label === b.connection.label &&
    a.connection.placement === b.connection.placement
  );
}

interface TenantRowProps {
  connection: ConnectionView;
  tenant: TenantView;
}

const TenantRow = memo(function TenantRow({ connection, tenant }: TenantRowProps) {
  const { status } = tenant;
  return (
    <li className="tenant" data-tenant-id={tenant.id}>
      <div className="tenant-info">
        <div className="tenant-name-line">
          <span className="tenant-name">{tenant.name}</span>
          <StatePill state={status.state} />
        </div>
        <p className={`state state-${status.state}`}>
          <span>{plainMessage(status)}</span> <Countdown expiresAt={status.expiresAt} renewsAt={status.renewsAt} />
        </p>
      </div>
      {status.state === 'needs-you' ? (
        <FixButton label={`${connection.label} — ${tenant.name}`} onClick={() => useAppStore.getState().openDetails(connection.id)} />
      ) : (
        <CopyButtons connection={connection} tenant={tenant} />
      )}
    </li>
  );
}, sameTenantRow);

/**
 * Instead of copy buttons while only the person can help (a rejected password, an MFA code):
 * a copy would fail, so the row offers the way to fix it — the details, which say what to do.
 */
function FixButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <div className="copy-buttons">
      <button type="button" className="primary" onClick={onClick} aria-haspopup="dialog" aria-label={`Fix ${label}`}>
        Fix this…
      </button>
    </div>
  );
}
