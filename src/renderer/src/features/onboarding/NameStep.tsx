/** Step 5: the name it is listed under (prefilled), a summary of what will be saved, Save. */
import { useState } from 'react';
import type { AuthModeView, ProviderView } from '../../../../shared/views';
import { effectiveAddress, labelError } from './wizard-model';
import type { StepProps } from './step-props';

export function NameStep({ headingRef, state, dispatch, provider, mode }: StepProps & { provider: ProviderView; mode: AuthModeView }) {
  const [left, setLeft] = useState(false);
  const problem = labelError(state.label);
  const showProblem = (left || state.saveError !== null) && problem;
  const address = effectiveAddress(provider, state.values);
  const found = state.test.phase === 'done' ? (state.test.result.tenants ?? []) : [];
  const picked = found.filter((t) => state.picked.includes(t.id)).map((t) => t.name);
  const user = state.values.username?.trim();
  const describedBy = ['wz-label-help', showProblem ? 'wz-label-error' : null].filter(Boolean).join(' ');

  return (
    <section className="wizard-step" aria-labelledby="wz-heading">
      <h2 id="wz-heading" ref={headingRef} tabIndex={-1} aria-describedby="wz-step-text">
        Name this connection
      </h2>
      <div className="field">
        <label htmlFor="wz-label">Name</label>
        <input
          id="wz-label"
          value={state.label}
          maxLength={200}
          autoComplete="off"
          aria-invalid={showProblem ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => dispatch({ type: 'set-label', label: e.target.value, edited: true })}
          onBlur={(e) => {
            // Not when leaving for Save/Back: the message would move the buttons mid-click.
            if (!(e.relatedTarget as HTMLElement | null)?.closest('.wizard-foot')) setLeft(true);
          }}
        />
        <p id="wz-label-help" className="hint">
          How it appears in your list, the tray menu and the quick-copy box. For example “{provider.name} — production”.
        </p>
        {showProblem && (
          <p id="wz-label-error" className="error field-error" role="alert">
            {problem}
          </p>
        )}
      </div>

      <h3 className="needs-title">What will be saved</h3>
      <dl className="facts">
        <dt>Service</dt>
        <dd>{provider.name}</dd>
        <dt>Signs in with</dt>
        <dd>{mode.label}</dd>
        {address && (
          <>
            <dt>Address</dt>
            <dd>{address}</dd>
          </>
        )}
        {state.values.checkUrl?.trim() && (
          <>
            <dt>Check address</dt>
            <dd>{state.values.checkUrl.trim()}</dd>
          </>
        )}
        {user && (
          <>
            <dt>User</dt>
            <dd>{user}</dd>
          </>
        )}
        {picked.length > 0 && (
          <>
            <dt>{mode.discovery?.label ?? 'Tenants'}</dt>
            <dd>{picked.join(', ')}</dd>
          </>
        )}
      </dl>
      <p className="muted">Passwords, keys and tokens are encrypted on this computer and never shown again.</p>

      {state.saveError && state.saveError !== problem && (
        <p role="alert" className="error">
          {state.saveError}
        </p>
      )}
    </section>
  );
}
