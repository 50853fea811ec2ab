/** The dashboard: each connection with its state and copy buttons. */
import { useState } from 'react';
import type { CopyFormat } from '../../../../shared/contract';
import type { ConnectionView } from '../../../../shared/views';
import { call, errorMessage } from '../../api';
import { useAppStore } from '../../store/app-store';

export function ConnectionList() {
  const connections = useAppStore((s) => s.connections);
  if (connections.length === 0) {
    return (
      <section className="empty card">
        <h2>No connections yet</h2>
        <p>Add the first service you need a header for. TokenDesk keeps the password encrypted and builds the header for you.</p>
      </section>
    );
  }
  return (
    <ul className="connections" aria-label="Connections">
      {connections.map((c) => (
        <ConnectionRow key={c.id} connection={c} />
      ))}
    </ul>
  );
}

function ConnectionRow({ connection }: { connection: ConnectionView }) {
  const setNotice = useAppStore((s) => s.setNotice);
  const [error, setError] = useState<string | null>(null);

  async function copy(format: CopyFormat) {
    setError(null);
    try {
      const result = await call('tokens:copy', { connectionId: connection.id, format });
      const clears = result.clearsAt ? ` It will be cleared from the clipboard in ${Math.round((result.clearsAt - result.copiedAt) / 1000)} s.` : '';
      setNotice(`Copied: ${result.description}.${clears}`);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <li className="card connection">
      <div>
        <h3>{connection.label}</h3>
        <p className="muted">
          {connection.providerName}
          {connection.username ? ` · ${connection.username}` : ''}
        </p>
        <p className={`state state-${connection.status.state}`}>{connection.status.message}</p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </div>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void copy('header')} aria-label={`Copy header for ${connection.label}`}>
          Copy header
        </button>
        <button type="button" onClick={() => void copy('token')} aria-label={`Copy token only for ${connection.label}`}>
          Token only
        </button>
        <button type="button" onClick={() => void copy('curl')} aria-label={`Copy curl command for ${connection.label}`}>
          curl
        </button>
      </div>
    </li>
  );
}
