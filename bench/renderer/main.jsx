/**
 * Renderer bench page (built by bench/renderer.ts with vite, loaded in Chromium).
 * Plain JSX on purpose: tsconfig.node.json type-checks bench/** without DOM or JSX,
 * so this file stays out of that program (bench/renderer/tsconfig.json covers editors).
 *
 * window.bench.render('app' | 'bare', n): ms for n connections to appear — the list is
 *   mounted empty, then the rows arrive (app: the real ConnectionList fed through the real
 *   zustand store's setConnections; bare: a plain React list of the same rows, all in the
 *   DOM) — synchronous render (flushSync) + forced layout.
 * window.bench.tick(kind, n, ticks): per 1 Hz tick, ms of scripting (flushSync of the
 *   tick) and of the forced layout after it. kind 'app' = the app's list with n
 *   connections (its shared clock, captured by capture.js); 'app-all' = n of the app's
 *   Countdown components all mounted (no virtualization); 'bare' = a bare React ticker.
 */
import { captured, advance } from './capture.js';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { useState } from 'react';
import { ConnectionList } from '../../src/renderer/src/features/connections/ConnectionList';
import { Countdown } from '../../src/renderer/src/components/Countdown';
import { clockStats } from '../../src/renderer/src/lib/clock';
import { useAppStore } from '../../src/renderer/src/store/app-store';
import '../../src/renderer/src/styles.css';

window.tokendesk = { invoke: async () => Promise.reject(new Error('bench: no main process')), on: () => () => {} };

const NOW = Date.now();
const PROVIDERS = ['Resolver Core', 'Cogniac', 'Cohort Go', 'Nexudus'];

function rows(n) {
  return Array.from({ length: n }, (_, i) => {
    const expiresAt = NOW + 15 * 60_000;
    return {
      id: `conn-${i}`,
      providerId: 'resolver',
      providerName: PROVIDERS[i % PROVIDERS.length],
      label: `Connection ${String(i).padStart(4, '0')}`,
      authKind: 'resolver-password',
      baseUrl: 'https://resolver.example',
      username: `user${i}@example.com`,
      headerName: 'Authorization',
      storedSecretFields: ['password'],
      checkUrl: null,
      hasTenants: false,
      tenants: [],
      status: { state: 'valid', message: 'Valid — renews by itself', expiresAt, renewsAt: NOW + 10 * 60_000 + i * 1000 },
      createdAt: NOW,
      updatedAt: NOW,
    };
  });
}

function countdownText(c, now) {
  const s = Math.max(0, Math.ceil((c.status.renewsAt - now) / 1000));
  return `renews in ${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Same rows, same classes, every row in the DOM, no store, no virtualization. */
function BareList({ rows: list, now }) {
  return (
    <ul className="connections" aria-label="Connections">
      {list.map((c) => (
        <li key={c.id}>
          <article className="card connection">
            <div className="connection-head">
              <div className="connection-title">
                <h3>
                  <button type="button" className="link-button">
                    {c.label}
                  </button>
                </h3>
                <p className="muted meta">
                  {c.providerName} · {c.username}
                </p>
              </div>
              <span className="pill">Valid</span>
            </div>
            <div className="connection-body">
              <p className={`state state-${c.status.state}`}>
                <span>{c.status.message}</span> <span className="countdown">{countdownText(c, now)}</span>
              </p>
              <div className="copy-buttons">
                <button type="button" className="primary">
                  Copy header
                </button>
                <button type="button">Token only</button>
                <button type="button">More</button>
              </div>
            </div>
          </article>
        </li>
      ))}
    </ul>
  );
}

let setBareRows = null;
let setBareNow = null;
function BareApp() {
  const [list, setList] = useState([]);
  const [now, setNow] = useState(NOW);
  setBareRows = setList;
  setBareNow = setNow;
  return list.length === 0 ? <section className="empty card" /> : <BareList rows={list} now={now} />;
}

function AllCountdowns({ rows: list }) {
  return (
    <ul className="connections">
      {list.map((c) => (
        <li key={c.id}>
          <Countdown expiresAt={c.status.expiresAt} renewsAt={c.status.renewsAt} />
        </li>
      ))}
    </ul>
  );
}

function fresh() {
  const host = document.getElementById('root');
  const container = document.createElement('main');
  container.className = 'app';
  host.replaceChildren(container);
  return container;
}

const cards = (el) => el.querySelectorAll('article.card.connection').length;

window.bench = {
  render(kind, n) {
    const data = rows(n);
    const container = fresh();
    const root = createRoot(container);
    useAppStore.getState().setConnections([]);
    flushSync(() => root.render(kind === 'app' ? <ConnectionList onAdd={() => {}} /> : <BareApp />));
    void container.offsetHeight;
    const t0 = performance.now();
    flushSync(() => (kind === 'app' ? useAppStore.getState().setConnections(data) : setBareRows(data)));
    void container.offsetHeight; // forced layout
    const t1 = performance.now();
    const inDom = cards(container);
    root.unmount();
    useAppStore.getState().setConnections([]);
    if (inDom === 0) throw new Error(`${kind}: nothing rendered`);
    return { ms: t1 - t0, cards: inDom };
  },
  tick(kind, n, ticks) {
    const data = rows(n);
    const container = fresh();
    const root = createRoot(container);
    if (kind === 'app') {
      useAppStore.getState().setConnections(data);
      flushSync(() => root.render(<ConnectionList onAdd={() => {}} />));
    } else if (kind === 'app-all') {
      flushSync(() => root.render(<AllCountdowns rows={data} />));
    } else {
      flushSync(() => root.render(<BareApp />));
      flushSync(() => setBareRows(data));
    }
    void container.offsetHeight;
    const countdowns = container.querySelectorAll('.countdown').length;
    const subscribers = clockStats().subscribers;
    const scripting = [];
    const layout = [];
    let now = NOW;
    for (let i = 1; i <= ticks; i++) {
      advance(1000);
      now += 1000;
      const t0 = performance.now();
      flushSync(() => (kind === 'bare' ? setBareNow(now) : captured.tick()));
      const t1 = performance.now();
      void container.offsetHeight;
      const t2 = performance.now();
      scripting.push(t1 - t0);
      layout.push(t2 - t1);
    }
    const sample = container.querySelector('.countdown')?.textContent ?? '';
    root.unmount();
    useAppStore.getState().setConnections([]);
    if (kind !== 'bare' && !captured.tick) throw new Error('the app clock never started');
    return { scripting, layout, countdowns, subscribers, sample };
  },
};
window.benchReady = true;
