import { useEffect, useState } from 'react';
import { call } from './api';
import { AddBasicConnection } from './features/connections/AddBasicConnection';
import { ConnectionList } from './features/connections/ConnectionList';
import { LockScreen } from './features/lock/LockScreen';
import { connectStore, useAppStore } from './store/app-store';

export function App() {
  const vault = useAppStore((s) => s.vault);
  const notice = useAppStore((s) => s.notice);
  const hydrate = useAppStore((s) => s.hydrate);
  const [adding, setAdding] = useState(false);

  useEffect(() => {
    const off = connectStore();
    void hydrate();
    return off;
  }, [hydrate]);

  if (!vault) return <main className="loading" aria-busy="true">Opening TokenDesk…</main>;
  if (vault.state === 'damaged') {
    return (
      <main className="lock">
        <section className="card lock-card" role="alert">
          <h1>TokenDesk could not open your vault</h1>
          <p>{vault.problem?.message}</p>
          <p className="muted">File: {vault.location}</p>
          {vault.backupAvailable && (
            <button type="button" className="primary" onClick={() => void call('vault:restoreBackup').then(hydrate)}>
              Restore the last backup
            </button>
          )}
        </section>
      </main>
    );
  }
  if (vault.state !== 'unlocked') return <LockScreen vault={vault} />;

  return (
    <div className="app">
      <header className="topbar">
        <h1>TokenDesk</h1>
        <div className="actions">
          {!adding && (
            <button type="button" className="primary" onClick={() => setAdding(true)}>
              Add a connection
            </button>
          )}
          <button type="button" onClick={() => void call('vault:lock')}>
            Lock
          </button>
        </div>
      </header>
      {notice && (
        <p className="toast" role="status">
          {notice}
        </p>
      )}
      <main>{adding ? <AddBasicConnection onDone={() => setAdding(false)} /> : <ConnectionList />}</main>
    </div>
  );
}
