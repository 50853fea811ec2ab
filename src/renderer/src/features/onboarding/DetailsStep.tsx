/**
 * Step 3: the fields of the chosen sign-in mode, from its recipe. A known address is shown
 * with "Use a different address"; rarely changed fields sit under "More settings". Problems
 * show when a field is left or Next is pressed, in the contract's words.
 */
import { useState } from 'react';
import type { AuthModeView, ProviderFieldView, ProviderView } from '../../../../shared/views';
import { WizardField } from './WizardField';
import { ADDRESS, asksAddress, validate } from './wizard-model';
import type { StepProps } from './step-props';

export function DetailsStep({ headingRef, state, dispatch, provider, mode }: StepProps & { provider: ProviderView; mode: AuthModeView }) {
  const errors = validate(provider, mode, state.values);
  const shownError = (name: string) => (state.submitted || state.touched[name] ? (errors[name] ?? null) : null);
  const main = mode.fields.filter((f) => !f.advanced);
  const advanced = mode.fields.filter((f) => f.advanced);
  const advancedProblem = advanced.some((f) => shownError(f.name));
  const [moreOpen, setMoreOpen] = useState(() => advanced.some((f) => (state.values[f.name] ?? '') !== (f.initial ?? '')));

  const address: ProviderFieldView = {
    name: ADDRESS,
    label: provider.address.label,
    help:
      provider.address.default === null
        ? provider.address.help
        : `${provider.address.help} Leave it empty to use ${provider.address.default}.`,
    placeholder: provider.address.default ?? provider.address.placeholder,
    input: 'url',
    sensitive: false,
    optional: !provider.address.required,
    advanced: false,
    initial: null,
  };

  const field = (f: ProviderFieldView) => (
    <WizardField
      key={f.name}
      field={f}
      value={state.values[f.name] ?? ''}
      error={shownError(f.name)}
      onChange={(value) => dispatch({ type: 'set-value', name: f.name, value })}
      onBlur={(e) => {
        // Leaving for Back/Next: don't show the message now. It would push the buttons down
        // between press and release, losing the click; Next shows every message anyway.
        if ((e.relatedTarget as HTMLElement | null)?.closest('.wizard-foot')) return;
        dispatch({ type: 'touch', name: f.name });
      }}
    />
  );

  function backToKnownAddress() {
    dispatch({ type: 'set-value', name: ADDRESS, value: '' });
    dispatch({ type: 'change-address', open: false });
  }

  return (
    <section className="wizard-step" aria-labelledby="wz-heading">
      <h2 id="wz-heading" ref={headingRef} tabIndex={-1} aria-describedby="wz-step-text">
        Sign-in details for {provider.name}
      </h2>
      {provider.modes.length > 1 && <p className="muted">Signing in with: {mode.label}.</p>}

      {provider.address.default !== null && !state.changeAddress ? (
        <p className="known-address">
          <span>
            Address: <strong>{provider.address.default}</strong>
          </span>{' '}
          <button type="button" className="link-button inline" onClick={() => dispatch({ type: 'change-address', open: true })}>
            Use a different address
          </button>
        </p>
      ) : null}
      {asksAddress(provider, state) && (
        <>
          {field(address)}
          {provider.address.default !== null && (
            <button type="button" className="link-button inline" onClick={backToKnownAddress}>
              Use the usual address ({provider.address.default})
            </button>
          )}
        </>
      )}

      {main.map(field)}

      {advanced.length > 0 && (
        <details className="more-settings" open={moreOpen || advancedProblem} onToggle={(e) => setMoreOpen(e.currentTarget.open)}>
          <summary>More settings (rarely needed)</summary>
          {advanced.map(field)}
        </details>
      )}
    </section>
  );
}
