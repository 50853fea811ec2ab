/**
 * Done: the connection is saved. Its live state (from the store, updated by main) and the
 * first header one click away — through `tokens:copy`, so the toast says what was copied and
 * when the clipboard clears. A Resolver sign-in that still wants a fresh code asks for it here.
 */
import { useState } from 'react';
import type { ConnectionView, ProviderView, TenantView } from '../../../../shared/views';
import { call } from '../../api';
import { plainMessage, StatePill } from '../../components/StatePill';
import { copyValue } from '../../lib/copy';
import { useAppStore } from '../../store/app-store';
import type { StepProps } from './step-props';
import { MfaCodeInput } from '../../components/MfaCodeInput';
import { useAction, whileBusy } from '../../lib/use-action';

export function DoneStep({ headingRef, state, provider, onAddAnother }: Pick<StepProps, 'headingRef' | 'state'> & { provider: ProviderView; onAddAnother(): void }) {
  const saved = state.saved!;
  const live = useAppStore((s) => s.connections.find((c) => c.id === saved.id)) ?? saved;
  const targets: Array<TenantView | undefined> = live.hasTenants ? live.tenants.filter((t) => t.selected) : [undefined];
  // Browser sign-in: saved, but without a token until the person signs in once.
  const waitsForBrowser = live.authKind === 'oauth2-auth-code' && live.status.action === 'sign-in-again';

  return (
    <section className="wizard-step" aria-labelledby="wz-heading">
      <h2 id="wz-heading" ref={headingRef} tabIndex={-1} aria-describedby="wz-step-text">
        {waitsForBrowser ? `“${live.label}” is saved — sign in once to finish` : `“${live.label}” is ready`}
      </h2>
      <p>
        TokenDesk keeps it in your encrypted vault{live.status.state === 'static' ? '' : ', signs in and renews its tokens by itself'}. Copy its
        header whenever you need it — here, from the list, the tray menu or the quick-copy box.
      </p>
      <ul className="done-targets">
        {targets.map((tenant) => (
          <DoneTarget key={tenant?.id ?? 'one'} connection={live} tenant={tenant} />
        ))}
      </ul>
      {live.status.action === 'enter-mfa' && <FreshCode connection={live} providerName={provider.name} />}
      <p>
        <button type="button" className="link-button inline" onClick={onAddAnother}>
          Add another connection
        </button>
      </p>
    </section>
  );
}

function DoneTarget({ connection, tenant }: { connection: ConnectionView; tenant?: TenantView }) {
  const status = tenant?.status ?? connection.status;
  const name = tenant ? tenant.name : connection.label;
  return (
    <li className="done-target">
      <div>
        <span className="done-name">{name}</span> <StatePill state={status.state} />
        <p className={`state state-${status.state}`}>{plainMessage(status)}</p>
      </div>
      {connection.authKind === 'oauth2-auth-code' && status.action === 'sign-in-again' ? (
        <BrowserSignIn connection={connection} />
      ) : (
        <button type="button" className="primary big" onClick={() => void copyValue(connection, 'header', tenant)} aria-label={`Copy header for ${tenant ? `${connection.label} — ${tenant.name}` : connection.label}`}>
          Copy header
        </button>
      )}
    </li>
  );
}

function FreshCode({ connection, providerName }: { connection: ConnectionView; providerName: string }) {
  const [code, setCode] = useState('');
  const { busy, error, run } = useAction();
  const signIn = () =>
    run(async () => {
      await call('connections:signIn', { id: connection.id, mfaCode: code });
      setCode('');
    });

  return (
    <div className="field fresh-code">
      <label htmlFor="wz-fresh-mfa">{providerName} wants a fresh code from your authenticator app</label>
      <div className="actions">
        <MfaCodeInput id="wz-fresh-mfa" value={code} onChange={setCode} />
        <button type="button" disabled={!busy && code.length < 4} {...whileBusy(busy, () => void signIn())}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * A browser sign-in connection has no token until the person signs in once: the first step
 * after saving is that sign-in (main opens the browser; the copy button appears once it is done).
 */
function BrowserSignIn({ connection }: { connection: ConnectionView }) {
  const { busy, error, run } = useAction();
  const signIn = () => run(() => call('connections:signIn', { id: connection.id }));

  return (
    <div className="browser-sign-in">
      <button type="button" className="primary big" {...whileBusy(busy, () => void signIn())}>
        {busy ? 'Waiting for your browser…' : 'Sign in'}
      </button>
      <p className="hint">Your browser opens: sign in there, then come back here.</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </div>
  );
}
