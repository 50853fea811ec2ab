/** Details of one connection: what is saved, what is wrong and what to do, and actions. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ConnectionView, FinishSetup, TenantView, TokenStatus } from '../../../../shared/views';
import { call, errorCode, errorMessage } from '../../api';
import { CopyButtons } from '../../components/CopyButtons';
import { NextSteps } from '../../components/NextSteps';
import { copyBlockedReason } from '../../lib/copy';
import { secretNameOf, testFailureAdvice, type TestAdvice, type TestFailure } from '../../lib/test-advice';
import { Countdown } from '../../components/Countdown';
import { Dialog } from '../../components/Dialog';
import { plainMessage, StatePill } from '../../components/StatePill';
import { useAppStore } from '../../store/app-store';
import { MfaCodeInput } from '../../components/MfaCodeInput';
import { whileBusy } from '../../lib/use-action';
import { secretLabel } from '../../../../shared/secret-words';

const TROUBLE = new Set<TokenStatus['state']>(['needs-you', 'error', 'offline']);

/** Browser sign-in (OAuth2 authorization code): signing in again means a trip to the browser. */
const signsInWithBrowser = (c: ConnectionView) => c.authKind === 'oauth2-auth-code';

function adviceFor(status: TokenStatus, connection: ConnectionView): string {
  if (status.action === 'sign-in-again' && signsInWithBrowser(connection)) {
    return 'Press “Sign in” below. Your browser opens: sign in there, then come back here.';
  }
  switch (status.action) {
    case 'update-password':
      return 'Press “Replace” next to Password below and type the current password. Then press “Sign in again”.';
    case 'enter-mfa':
      return 'Type the 6-digit code from your authenticator app just below, then press “Sign in”.';
    case 'check-settings':
      return 'Check the details below (address, tenants), then press “Test connection”.';
    case 'unlock':
      return 'Unlock TokenDesk, then try again.';
    case 'enter-credentials':
      return 'Type your own sign-in details under “Finish setting up”.';
    case 'sign-in-again':
      return 'Press “Sign in again”. If it still fails, replace the password below.';
    default:
      return status.state === 'offline'
        ? 'TokenDesk will try again by itself when the service can be reached. Check your internet connection or VPN.'
        : 'Press “Sign in again”. If it keeps failing, press “Test connection” to see what the service says.';
  }
}

export function ConnectionDetailsHost() {
  const detailsId = useAppStore((s) => s.detailsId);
  const connection = useAppStore((s) => s.connections.find((c) => c.id === s.detailsId));
  const openDetails = useAppStore((s) => s.openDetails);
  if (!detailsId || !connection) return null;
  return <ConnectionDetails key={connection.id} connection={connection} onClose={() => openDetails(null)} />;
}

function ConnectionDetails({ connection, onClose }: { connection: ConnectionView; onClose: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<{ ok: boolean; message: string; advice?: TestAdvice } | null>(null);
  const [mfa, setMfa] = useState('');
  const [confirmRemove, setConfirmRemove] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  const { status } = connection;

  // A result (above the buttons) may land below the fold of a small window: bring it into view.
  useEffect(() => {
    if (result) resultRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [result]);
  const renews = status.state !== 'static' || connection.hasTenants;
  // From a team pack, still without the person's own credentials: the form comes first and
  // actions that need them (test, sign in, show header) wait until it is done.
  const setup = status.action === 'enter-credentials' ? (connection.finishSetup ?? null) : null;

  // A failed test says what to do next, in this dialog's words.
  const testAdvice = (f: TestFailure) =>
    testFailureAdvice(f, { where: 'details', service: connection.providerName, secretName: secretNameOf(connection.storedSecretFields) });

  async function run(name: string, fn: () => Promise<{ ok: boolean; message: string; advice?: TestAdvice } | void>) {
    setBusy(name);
    setResult(null);
    try {
      const r = await fn();
      if (r) setResult(r);
    } catch (e) {
      const message = errorMessage(e);
      setResult({ ok: false, message, ...(name === 'test' ? { advice: testAdvice({ message, code: errorCode(e) }) } : {}) });
    } finally {
      setBusy(null);
    }
  }

  const test = () =>
    run('test', async () => {
      const r = await call('connections:test', { id: connection.id });
      return r.ok ? { ok: true, message: r.message } : { ok: false, message: r.message, advice: testAdvice(r) };
    });
  const signIn = () =>
    run('signin', async () => {
      const code = mfa.trim();
      await call('connections:signIn', { id: connection.id, ...(code ? { mfaCode: code } : {}) });
      setMfa('');
      return { ok: true, message: 'Signed in. New tokens are ready.' };
    });
  const renew = () =>
    run('renew', async () => {
      const targets = connection.hasTenants ? connection.tenants.filter((t) => t.selected).map((t) => t.id) : [undefined];
      if (targets.length === 0) return { ok: false, message: 'Tick at least one tenant first.' };
      const results = await Promise.allSettled(
        targets.map((tenantId) => call('tokens:refresh', { connectionId: connection.id, ...(tenantId ? { tenantId } : {}) })),
      );
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      return { ok: true, message: 'Renewed. The new token is ready to copy.' };
    });

  return (
    <Dialog
      title={connection.label}
      onClose={onClose}
      className="details"
      returnFocusFallback={() => document.querySelector<HTMLElement>(`[data-connection-id="${CSS.escape(connection.id)}"] h3 button`)}
    >
      <div className="details-status">
        <StatePill state={status.state} />
        {!TROUBLE.has(status.state) && <span className={`state state-${status.state}`}>{plainMessage(status)}</span>}
        {status.expiresAt !== null && (
          <span className="muted">
            Current token:{' '}
            <Countdown expiresAt={status.expiresAt} renewsAt={status.renewsAt} bare />
          </span>
        )}
      </div>
      {setup && <FinishSetupForm connection={connection} setup={setup} onDone={(message) => setResult({ ok: true, message })} />}

      {TROUBLE.has(status.state) && !setup && (
        <div className="problem" role="note" aria-label="What went wrong">
          <p>
            <strong>What went wrong:</strong> {status.message}
          </p>
          <p>
            <strong>What to do:</strong> {adviceFor(status, connection)}
          </p>
        </div>
      )}

      {/* Right under "What to do", so the code can be typed without scrolling in a small window. */}
      {status.action === 'enter-mfa' && (
        <div className="field">
          <label htmlFor="mfa-code">6-digit code from your authenticator app</label>
          <div className="actions">
            <MfaCodeInput id="mfa-code" value={mfa} onChange={setMfa} />
            <button type="button" className="primary" {...whileBusy(busy !== null, () => void signIn(), busy === 'signin')} disabled={mfa.length < 4}>
              {busy === 'signin' ? 'Signing in…' : 'Sign in'}
            </button>
          </div>
        </div>
      )}

      <ConnectionFacts connection={connection} />

      {connection.storedSecretFields.length > 0 && (
        <section className="secrets" aria-label="Saved secrets">
          {connection.storedSecretFields.map((f) => (
            <SecretRow key={f} connection={connection} field={f} />
          ))}
        </section>
      )}

      {connection.hasTenants && !setup && <TenantPicker connection={connection} />}

      <HeaderSection connection={connection} setup={setup !== null} />

      <div ref={resultRef}>
        {result?.advice ? (
          <div role="alert" className="problem test-failed" aria-label="Test connection failed">
            <p>
              <strong>{result.advice.title}</strong>
            </p>
            <p>{result.message}</p>
            <NextSteps steps={result.advice.steps} />
          </div>
        ) : (
          result && (
            <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'result-ok' : 'error'}>
              {!result.ok && TROUBLE.has(status.state) && result.message === status.message
                ? 'That did not work — see “What went wrong” above.'
                : result.message}
            </p>
          )
        )}
      </div>

      <div className="actions details-actions">
        {!setup && (
          <button type="button" {...whileBusy(busy !== null, () => void test(), busy === 'test')}>
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </button>
        )}
        {renews && !setup && (
          <>
            <button type="button" {...whileBusy(busy !== null, () => void signIn(), busy === 'signin')} className={TROUBLE.has(status.state) ? 'primary' : ''}>
              {busy === 'signin' ? 'Signing in…' : signsInWithBrowser(connection) ? 'Sign in' : 'Sign in again'}
            </button>
            <button type="button" {...whileBusy(busy !== null, () => void renew(), busy === 'renew')}>
              {busy === 'renew' ? 'Renewing…' : 'Renew now'}
            </button>
          </>
        )}
        <span className="spacer" />
        <button type="button" className="danger" {...whileBusy(busy !== null, () => setConfirmRemove(true), false)}>
          Remove…
        </button>
      </div>

      {confirmRemove && <RemoveConfirm connection={connection} onCancel={() => setConfirmRemove(false)} onRemoved={onClose} />}
    </Dialog>
  );
}

type EditField = 'label' | 'baseUrl' | 'checkUrl' | 'username';
/** An OAuth2 connection's client settings, edited together and saved as one set. */
type OAuth2Field = 'clientId' | 'scope' | 'issuer' | 'tokenUrl' | 'authorizationUrl';
const OAUTH2_FIELDS: OAuth2Field[] = ['clientId', 'scope', 'issuer', 'tokenUrl', 'authorizationUrl'];
type Draft = Record<EditField | OAuth2Field, string>;

function draftOf(c: ConnectionView): Draft {
  const o = c.oauth2;
  return {
    label: c.label,
    baseUrl: c.baseUrl ?? '',
    checkUrl: c.checkUrl ?? '',
    username: c.username ?? '',
    clientId: o?.clientId ?? '',
    scope: o?.scope ?? '',
    issuer: o?.issuer ?? '',
    tokenUrl: o?.tokenUrl ?? '',
    authorizationUrl: o?.authorizationUrl ?? '',
  };
}

/** What is saved (not secret), and "Edit" to change the name, addresses and user name. */
function ConnectionFacts({ connection }: { connection: ConnectionView }) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Draft>(() => draftOf(connection));
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  function start() {
    setDraft(draftOf(connection));
    setError(null);
    setSaved(false);
    setEditing(true);
  }
  function cancel() {
    setDraft(draftOf(connection));
    setError(null);
    setEditing(false);
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const before = draftOf(connection);
    const patch: Partial<Record<EditField, string>> & { oauth2?: Record<OAuth2Field, string> } = {};
    for (const key of ['label', 'baseUrl', 'checkUrl', 'username'] as const) {
      if (key === 'username' && connection.username === null) continue;
      const value = draft[key].trim();
      if (value !== before[key]) patch[key] = value;
    }
    // Client settings go as one set (main checks they still name a complete server).
    if (connection.oauth2 && OAUTH2_FIELDS.some((k) => draft[k].trim() !== before[k])) {
      patch.oauth2 = Object.fromEntries(OAUTH2_FIELDS.map((k) => [k, draft[k].trim()])) as Record<OAuth2Field, string>;
    }
    if (patch.baseUrl === '' || patch.checkUrl === '') {
      setError(`An address that is saved cannot be left empty. Type the new address, or press “Cancel” to keep ${patch.baseUrl === '' ? before.baseUrl : before.checkUrl}.`);
      return;
    }
    if (Object.keys(patch).length === 0) {
      setEditing(false);
      return;
    }
    setSaving(true);
    try {
      await call('connections:update', { id: connection.id, patch });
      setEditing(false);
      setSaved(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  }

  if (editing) {
    const input = (field: EditField | OAuth2Field, text: string, props: { type?: string; placeholder?: string; autoComplete?: string; help?: string } = {}) => (
      <div className="field">
        <label htmlFor={`edit-${field}`}>{text}</label>
        <input
          id={`edit-${field}`}
          type={props.type ?? 'text'}
          placeholder={props.placeholder}
          autoComplete={props.autoComplete ?? 'off'}
          aria-invalid={error ? true : undefined}
          aria-describedby={[error ? 'edit-error' : '', props.help ? `edit-${field}-help` : ''].filter(Boolean).join(' ') || undefined}
          value={draft[field]}
          onChange={(e) => setDraft((d) => ({ ...d, [field]: e.target.value }))}
          autoFocus={field === 'label'}
        />
        {props.help && (
          <p id={`edit-${field}-help`} className="hint">
            {props.help}
          </p>
        )}
      </div>
    );
    const oauth2 = connection.oauth2 ? (
      <fieldset className="setting oauth2-edit">
        <legend>Sign-in server and client</legend>
        <p className="hint">When you change these, TokenDesk signs in again with the new settings and forgets the old sign-in.</p>
        {input('clientId', 'Client ID', { help: 'The client (application) ID the service’s administrator gave you.' })}
        {input('scope', 'Scope (optional)', { help: 'The permissions to ask for, separated by spaces, for example “read write”.' })}
        {input('issuer', 'Issuer address', { type: 'url', placeholder: 'https://login.example.com', help: 'The sign-in server; TokenDesk reads the other addresses from it. Leave empty to give them below.' })}
        {input('tokenUrl', 'Token address', { type: 'url', placeholder: 'https://login.example.com/oauth/token', help: 'Needed when there is no issuer address.' })}
        {connection.authKind === 'oauth2-auth-code' &&
          input('authorizationUrl', 'Sign-in page address', { type: 'url', placeholder: 'https://login.example.com/authorize', help: 'Needed when there is no issuer address.' })}
      </fieldset>
    ) : null;
    return (
      <form className="details-edit" onSubmit={save} aria-label="Edit connection">
        {input('label', 'Name')}
        {connection.username !== null && input('username', 'User name', { autoComplete: 'username' })}
        {input('baseUrl', 'Address', { type: 'url', placeholder: connection.baseUrl ? undefined : 'The service’s usual address' })}
        {input('checkUrl', 'Check address (optional)', { type: 'url', placeholder: 'https://…' })}
        {oauth2}
        {error && (
          <p id="edit-error" role="alert" className="error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" {...whileBusy(saving)} disabled={!draft.label.trim()}>
            {saving ? 'Saving…' : 'Save changes'}
          </button>
          <button type="button" {...whileBusy(saving, cancel, false)}>
            Cancel
          </button>
        </div>
      </form>
    );
  }

  return (
    <>
      <dl className="facts">
        <dt>Service</dt>
        <dd>{connection.providerName}</dd>
        {connection.username && (
          <>
            <dt>User name</dt>
            <dd>{connection.username}</dd>
          </>
        )}
        <dt>Address</dt>
        <dd>{connection.baseUrl ?? 'The service’s usual address'}</dd>
        {connection.checkUrl && (
          <>
            <dt>Check address</dt>
            <dd>{connection.checkUrl}</dd>
          </>
        )}
        <dt>{connection.placement === 'query' ? 'Query parameter' : 'Header name'}</dt>
        <dd>{connection.headerName}</dd>
        {connection.oauth2 && (
          <>
            <dt>Client ID</dt>
            <dd>{connection.oauth2.clientId}</dd>
            <dt>Scope</dt>
            <dd>{connection.oauth2.scope ?? 'None asked for'}</dd>
            <dt>{connection.oauth2.issuer ? 'Issuer' : 'Token address'}</dt>
            <dd>{connection.oauth2.issuer ?? connection.oauth2.tokenUrl}</dd>
          </>
        )}
      </dl>
      <div className="actions facts-actions">
        <button type="button" onClick={start}>
          Edit
        </button>
        {saved && (
          <span className="muted" role="status">
            Changes saved.
          </span>
        )}
      </div>
    </>
  );
}

/**
 * "Finish setting up": the person types their own credentials for a connection that came
 * from a team pack; one update saves them all, and TokenDesk signs in with them.
 */
function FinishSetupForm({ connection, setup, onDone }: { connection: ConnectionView; setup: FinishSetup; onDone: (message: string) => void }) {
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const complete = setup.fields.every((f) => (values[f.field] ?? '').trim() !== '');

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setBusy(true);
    const patch: { username?: string; secrets?: Partial<Record<'password' | 'apiKey' | 'token' | 'clientSecret', string>> } = {};
    for (const { field } of setup.fields) {
      const value = values[field] ?? '';
      if (field === 'username') patch.username = value.trim();
      else patch.secrets = { ...patch.secrets, [field]: value };
    }
    try {
      await call('connections:update', { id: connection.id, patch });
      setValues({});
      onDone('Saved. This connection is set up — TokenDesk signs in with your details by itself.');
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="finish-setup" aria-labelledby="finish-setup-title">
      <h3 id="finish-setup-title">Finish setting up</h3>
      <p>This connection came from a team pack, without anyone’s password. Type your own details to start using it.</p>
      {connection.hasTenants && (
        <p>
          TokenDesk will then sign in to {connection.tenants.filter((t) => t.selected).map((t) => t.name).join(', ') || 'the tenants you tick'}. You can change the
          tenants afterwards.
        </p>
      )}
      <p className="hint" id="finish-setup-help">
        {setup.help}
      </p>
      <form onSubmit={save} aria-label="Finish setting up" aria-describedby="finish-setup-help">
        {setup.fields.map((f, i) => (
          <div className="field" key={f.field}>
            <label htmlFor={`finish-${f.field}`}>{f.label}</label>
            <input
              id={`finish-${f.field}`}
              type={f.field === 'username' ? 'text' : 'password'}
              autoComplete={f.field === 'username' ? 'username' : 'off'}
              spellCheck={false}
              value={values[f.field] ?? ''}
              onChange={(e) => setValues((v) => ({ ...v, [f.field]: e.target.value }))}
              aria-invalid={error ? true : undefined}
              aria-describedby={[f.help ? `finish-${f.field}-help` : '', error ? 'finish-error' : ''].filter(Boolean).join(' ') || undefined}
              data-autofocus={i === 0 ? true : undefined}
            />
            {f.help && (
              <p className="hint" id={`finish-${f.field}-help`}>
                {f.help}
              </p>
            )}
          </div>
        ))}
        {error && (
          <p id="finish-error" role="alert" className="error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="submit" className="primary" {...whileBusy(busy)} disabled={!complete}>
            {busy ? 'Saving…' : 'Save and finish'}
          </button>
        </div>
      </form>
      <p className="hint">Kept encrypted on this computer only. It is never put in a team pack.</p>
    </section>
  );
}

const REVEAL_MS = 30_000;

/**
 * Per token (the connection's, or each ticked tenant's): the dashboard's copy buttons — the
 * same copy through main — and "Show header". While only the person can make the token work
 * (sign in, a code, a new password, finishing setup) the copy is disabled and says why.
 */
function HeaderSection({ connection, setup }: { connection: ConnectionView; setup: boolean }) {
  const targets: { tenant?: TenantView }[] = connection.hasTenants
    ? connection.tenants.filter((t) => t.selected).map((tenant) => ({ tenant }))
    : [{}];
  if (targets.length === 0) return null;
  return (
    <section className="reveal" aria-labelledby="reveal-title">
      <h3 id="reveal-title">Copy or show the header</h3>
      {setup ? (
        // One line instead of a disabled row per tenant: nothing here works until the form is done.
        <p className="hint">{copyBlockedReason(connection)}</p>
      ) : (
        targets.map(({ tenant }) => <RevealRow key={tenant?.id ?? 'one'} connection={connection} tenant={tenant} />)
      )}
    </section>
  );
}

function RevealRow({ connection, tenant }: { connection: ConnectionView; tenant?: TenantView }) {
  const [header, setHeader] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const what = tenant ? `header for ${tenant.name}` : 'header';
  const valueId = `reveal-${connection.id}-${tenant?.id ?? 'one'}`;
  // Only the person can make this token work yet: copying and showing wait (the reason is shown).
  const blocked = copyBlockedReason(connection, tenant);

  useEffect(() => {
    if (header === null) return;
    const timer = setTimeout(() => setHeader(null), REVEAL_MS);
    return () => clearTimeout(timer);
  }, [header]);

  async function toggle() {
    if (header !== null) {
      setHeader(null);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await call('tokens:reveal', { connectionId: connection.id, ...(tenant ? { tenantId: tenant.id } : {}) });
      setHeader(r.header);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="reveal-row">
      <div className="actions">
        <span>{tenant ? tenant.name : connection.headerName}</span>
        <button type="button" {...whileBusy(busy, () => void toggle())} disabled={blocked !== null} aria-label={`${header === null ? 'Show' : 'Hide'} ${what}`}>
          {header === null ? (busy ? 'Showing…' : 'Show header') : 'Hide'}
        </button>
      </div>
      <CopyButtons connection={connection} tenant={tenant} blockedReason={blocked} />
      {header !== null && (
        <>
          <input
            id={valueId}
            className="reveal-value"
            readOnly
            spellCheck={false}
            autoComplete="off"
            aria-label={`The ${what}`}
            aria-describedby={`${valueId}-note`}
            value={header}
            onFocus={(e) => e.currentTarget.select()}
          />
          <span id={`${valueId}-note`} className="muted">
            Hidden again in 30 seconds.
          </span>
        </>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

function SecretRow({ connection, field }: { connection: ConnectionView; field: string }) {
  const name = secretLabel(field);
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const inputId = `secret-${field}`;

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await call('connections:update', { id: connection.id, patch: { secrets: { [field]: value } } });
      setValue('');
      setEditing(false);
      setSaved(true);
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  if (!editing) {
    return (
      <div className="secret-row">
        <span className="secret-name">{name}</span>
        <span className="secret-value">
          <span aria-hidden="true">••••••</span> saved{saved ? ' (just replaced)' : ''}
        </span>
        <button type="button" onClick={() => setEditing(true)} aria-label={`Replace ${name.toLowerCase()}`}>
          Replace
        </button>
      </div>
    );
  }
  return (
    <form className="secret-row editing" onSubmit={save} aria-label={`Replace ${name.toLowerCase()}`}>
      <label htmlFor={inputId}>New {name.toLowerCase()}</label>
      <input id={inputId} type="password" autoComplete="off" value={value} onChange={(e) => setValue(e.target.value)} autoFocus />
      <div className="actions">
        <button type="submit" className="primary" disabled={!value}>
          Save {name.toLowerCase()}
        </button>
        <button type="button" onClick={() => (setEditing(false), setValue(''), setError(null))}>
          Cancel
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </form>
  );
}

function TenantPicker({ connection }: { connection: ConnectionView }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const selected = connection.tenants.filter((t) => t.selected).map((t) => t.id);

  async function toggle(t: TenantView, on: boolean) {
    setBusy(true);
    setError(null);
    try {
      const ids = on ? [...selected, t.id] : selected.filter((x) => x !== t.id);
      await call('tenants:select', { connectionId: connection.id, tenantIds: ids });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function discover() {
    setBusy(true);
    setError(null);
    setNote(null);
    try {
      const found = await call('tenants:discover', { connectionId: connection.id });
      setNote(`Found ${found.length} ${found.length === 1 ? 'tenant' : 'tenants'}.`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <fieldset className="tenant-picker" aria-busy={busy}>
      <legend>Tenants to keep signed in</legend>
      {connection.tenants.length === 0 && <p className="muted">No tenants yet. Press “Refresh tenant list”.</p>}
      {connection.tenants.map((t) => (
        <label key={t.id} className="check">
          {/* aria-disabled, not disabled: a disabled box drops keyboard focus to the page mid-change. */}
          <input
            type="checkbox"
            checked={t.selected}
            aria-disabled={busy || undefined}
            onChange={(e) => {
              if (!busy) void toggle(t, e.target.checked);
            }}
          />
          <span>
            {t.name}
            {t.selected && (
              <>
                {' '}
                <StatePill state={t.status.state} />
              </>
            )}
          </span>
        </label>
      ))}
      <div className="actions">
        <button type="button" {...whileBusy(busy, () => void discover())}>
          Refresh tenant list
        </button>
        {note && (
          <span className="muted" role="status">
            {note}
          </span>
        )}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function RemoveConfirm({ connection, onCancel, onRemoved }: { connection: ConnectionView; onCancel: () => void; onRemoved: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const showToast = useAppStore((s) => s.showToast);

  async function remove() {
    setBusy(true);
    try {
      await call('connections:remove', { id: connection.id });
      showToast({ kind: 'info', message: `Removed “${connection.label}”.` });
      onRemoved();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Remove “${connection.label}”?`} onClose={onCancel} className="confirm" role="alertdialog">
      <p>
        TokenDesk will forget its saved password and tokens on this computer. The account at {connection.providerName} is not changed. You can add
        it again later.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={onCancel} data-autofocus>
          Keep it
        </button>
        <button type="button" className="danger-solid" {...whileBusy(busy, () => void remove())}>
          Remove
        </button>
      </div>
    </Dialog>
  );
}
