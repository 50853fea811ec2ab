/**
 * One-screen form to add a connection: pick the service, then only the fields it needs.
 * Cogniac finds the tenants first ("Find my tenants") so the person ticks the ones to use.
 */
import { useState, type FormEvent } from 'react';
import type { AuthInput } from '../../../../shared/contract';
import { call, errorMessage } from '../../api';

type ProviderId = 'cohortgo' | 'nexudus' | 'custom' | 'cogniac' | 'resolver';
type CustomKind = 'basic' | 'bearer' | 'api-key';
type ResolverMode = 'api-key' | 'password';

const PROVIDERS: Array<{ id: ProviderId; name: string; help: string; defaultBaseUrl?: string }> = [
  { id: 'cohortgo', name: 'Cohort Go', help: 'Use the email and generated password of a Cohort Go API user (Settings → API Users).' },
  { id: 'nexudus', name: 'Nexudus', help: 'Your Nexudus email and password. Your user needs “API Access” turned on.' },
  { id: 'cogniac', name: 'Cogniac', help: 'The email and password you use for the Cogniac web app. TokenDesk keeps a token for each tenant you tick.', defaultBaseUrl: 'https://api.cogniac.io' },
  { id: 'resolver', name: 'Resolver Core', help: 'An API key is best. You can also sign in with your email, password and org ID.' },
  { id: 'custom', name: 'Other HTTP API', help: 'Any service that uses a user name and password, a token, or an API key.' },
];

export function AddConnection({ onDone }: { onDone: () => void }) {
  const [providerId, setProviderId] = useState<ProviderId>('cohortgo');
  const [customKind, setCustomKind] = useState<CustomKind>('basic');
  const [resolverMode, setResolverMode] = useState<ResolverMode>('api-key');
  const [label, setLabel] = useState('');
  const [baseUrl, setBaseUrl] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [secret, setSecret] = useState('');
  const [headerName, setHeaderName] = useState('X-API-Key');
  const [orgId, setOrgId] = useState('');
  const [checkUrl, setCheckUrl] = useState('');
  const [tenants, setTenants] = useState<Array<{ id: string; name: string }> | null>(null);
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'find' | 'save' | null>(null);

  const provider = PROVIDERS.find((p) => p.id === providerId)!;
  const isCogniac = providerId === 'cogniac';
  const isResolver = providerId === 'resolver';
  const kind: 'basic' | 'bearer' | 'api-key' | 'cogniac' | 'resolver-api-key' | 'resolver-password' = isCogniac
    ? 'cogniac'
    : isResolver
      ? resolverMode === 'api-key'
        ? 'resolver-api-key'
        : 'resolver-password'
      : providerId === 'custom'
        ? customKind
        : 'basic';
  const needsUserPassword = kind === 'basic' || kind === 'cogniac' || kind === 'resolver-password';
  const showAddress = providerId !== 'cohortgo';

  function auth(tenantIds: string[]): AuthInput {
    switch (kind) {
      case 'basic':
        return { kind, username, password };
      case 'bearer':
        return { kind, token: secret };
      case 'api-key':
        return { kind, apiKey: secret, headerName };
      case 'cogniac':
        return { kind, username, password, tenantIds };
      case 'resolver-api-key':
        return { kind, apiKey: secret };
      case 'resolver-password':
        return { kind, username, password, orgId: orgId as unknown as number };
    }
  }

  function input(tenantIds: string[]) {
    return {
      providerId,
      label: label.trim() || provider.name,
      baseUrl: showAddress ? baseUrl.trim() || provider.defaultBaseUrl || '' : '',
      checkUrl,
      auth: auth(tenantIds),
    };
  }

  function changeProvider(id: ProviderId) {
    setProviderId(id);
    setTenants(null);
    setPicked([]);
    setError(null);
  }

  async function findTenants() {
    setError(null);
    setBusy('find');
    try {
      const result = await call('connections:testDraft', input([]));
      if (!result.ok) {
        setError(result.message);
        setTenants(null);
      } else {
        const found = result.tenants ?? [];
        setTenants(found);
        setPicked(found.length === 1 ? [found[0]!.id] : []);
        if (found.length === 0) setError('Signed in, but this account has no tenants. Ask your Cogniac administrator to add you to one.');
      }
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (isCogniac && !tenants) {
      await findTenants();
      return;
    }
    if (isCogniac && picked.length === 0) {
      setError('Tick at least one tenant to use.');
      return;
    }
    setBusy('save');
    try {
      await call('connections:add', input(picked));
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  return (
    <form className="card form" onSubmit={submit} aria-label="Add a connection">
      <h2>Add a connection</h2>
      <label htmlFor="provider">Service</label>
      <select id="provider" value={providerId} onChange={(e) => changeProvider(e.target.value as ProviderId)} aria-describedby="provider-help">
        {PROVIDERS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      <p id="provider-help" className="hint">
        {provider.help}
      </p>

      <label htmlFor="label">Name</label>
      <input id="label" value={label} onChange={(e) => setLabel(e.target.value)} placeholder={`e.g. ${provider.name} — production`} />

      {providerId === 'custom' && (
        <fieldset className="choice">
          <legend>How does it sign in?</legend>
          {(
            [
              ['basic', 'User name and password'],
              ['bearer', 'A token (Bearer)'],
              ['api-key', 'An API key in a header'],
            ] as const
          ).map(([k, text]) => (
            <label key={k} className="check">
              <input type="radio" name="custom-kind" checked={customKind === k} onChange={() => setCustomKind(k)} /> <span>{text}</span>
            </label>
          ))}
        </fieldset>
      )}

      {isResolver && (
        <fieldset className="choice">
          <legend>How to sign in</legend>
          <label className="check">
            <input type="radio" name="resolver-mode" checked={resolverMode === 'api-key'} onChange={() => setResolverMode('api-key')} />{' '}
            <span>API key (recommended)</span>
          </label>
          <label className="check">
            <input type="radio" name="resolver-mode" checked={resolverMode === 'password'} onChange={() => setResolverMode('password')} />{' '}
            <span>Email, password and org ID</span>
          </label>
          <p className="hint">
            An API key is better: it keeps working when your password changes, needs no code from your phone, and does not have to be renewed every
            15 minutes.
          </p>
        </fieldset>
      )}

      {showAddress && (
        <>
          <label htmlFor="base-url">{isCogniac || isResolver ? 'Service address' : 'Service address (optional)'}</label>
          <input
            id="base-url"
            value={baseUrl}
            onChange={(e) => (setBaseUrl(e.target.value), setTenants(null))}
            placeholder={provider.defaultBaseUrl ?? 'https://…'}
            inputMode="url"
          />
        </>
      )}

      {needsUserPassword && (
        <>
          <label htmlFor="username">{kind === 'basic' ? 'User name or email' : 'Email'}</label>
          <input id="username" value={username} onChange={(e) => (setUsername(e.target.value), setTenants(null))} autoComplete="off" />
          <label htmlFor="password">Password</label>
          <input
            id="password"
            type="password"
            value={password}
            onChange={(e) => (setPassword(e.target.value), setTenants(null))}
            autoComplete="off"
          />
        </>
      )}
      {kind === 'resolver-password' && (
        <>
          <label htmlFor="org-id">Org ID</label>
          <input id="org-id" inputMode="numeric" value={orgId} onChange={(e) => setOrgId(e.target.value)} placeholder="e.g. 101" aria-describedby="org-help" />
          <p id="org-help" className="hint">
            A number. In Resolver, see the help article “Locating an Org’s ID”.
          </p>
        </>
      )}
      {(kind === 'bearer' || kind === 'api-key' || kind === 'resolver-api-key') && (
        <>
          <label htmlFor="secret">{kind === 'bearer' ? 'Token' : 'API key'}</label>
          <input id="secret" type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoComplete="off" />
        </>
      )}
      {kind === 'api-key' && (
        <>
          <label htmlFor="header-name">Header name</label>
          <input id="header-name" value={headerName} onChange={(e) => setHeaderName(e.target.value)} aria-describedby="header-help" />
          <p id="header-help" className="hint">
            The service’s documentation names it, often X-API-Key.
          </p>
        </>
      )}

      {!isCogniac && !isResolver && (
        <>
          <label htmlFor="check-url">Check address (optional)</label>
          <input id="check-url" value={checkUrl} onChange={(e) => setCheckUrl(e.target.value)} placeholder="https://…" aria-describedby="check-help" />
          <p id="check-help" className="hint">
            A page TokenDesk can open to check that the sign-in works.
          </p>
        </>
      )}

      {isCogniac && tenants && tenants.length > 0 && (
        <fieldset className="tenant-picker">
          <legend>Tick the tenants to use</legend>
          {tenants.map((t) => (
            <label key={t.id} className="check">
              <input
                type="checkbox"
                checked={picked.includes(t.id)}
                onChange={(e) => setPicked((p) => (e.target.checked ? [...p, t.id] : p.filter((x) => x !== t.id)))}
              />{' '}
              <span>{t.name}</span>
            </label>
          ))}
        </fieldset>
      )}

      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        {isCogniac && (
          <button type="button" className={tenants ? '' : 'primary'} onClick={() => void findTenants()} disabled={busy !== null}>
            {busy === 'find' ? 'Looking…' : tenants ? 'Find my tenants again' : 'Find my tenants'}
          </button>
        )}
        {(!isCogniac || tenants) && (
          <button type="submit" className="primary" disabled={busy !== null}>
            {busy === 'save' ? 'Saving…' : 'Save'}
          </button>
        )}
      </div>
    </form>
  );
}
