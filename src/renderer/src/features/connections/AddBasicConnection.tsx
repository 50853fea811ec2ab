/** A short form to add a Basic connection (Cohort Go, Nexudus or any API). */
import { useState, type FormEvent } from 'react';
import { call, errorMessage } from '../../api';

const PROVIDERS = [
  { id: 'cohortgo', name: 'Cohort Go' },
  { id: 'nexudus', name: 'Nexudus' },
  { id: 'custom', name: 'Other HTTP API' },
];

export function AddBasicConnection({ onDone }: { onDone: () => void }) {
  const [providerId, setProviderId] = useState('cohortgo');
  const [label, setLabel] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [checkUrl, setCheckUrl] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await call('connections:add', { providerId, label, checkUrl, auth: { kind: 'basic', username, password } });
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  return (
    <form className="card form" onSubmit={submit} aria-label="Add a connection">
      <h2>Add a connection</h2>
      <label htmlFor="provider">Service</label>
      <select id="provider" value={providerId} onChange={(e) => setProviderId(e.target.value)}>
        {PROVIDERS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <label htmlFor="label">Name</label>
      <input id="label" value={label} onChange={(e) => setLabel(e.target.value)} placeholder="e.g. Cohort Go — production" />
      <label htmlFor="username">User name or email</label>
      <input id="username" value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
      <label htmlFor="password">Password</label>
      <input id="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="off" />
      <label htmlFor="check-url">Check address (optional)</label>
      <input id="check-url" value={checkUrl} onChange={(e) => setCheckUrl(e.target.value)} placeholder="https://…" />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="primary">
          Save
        </button>
      </div>
    </form>
  );
}
