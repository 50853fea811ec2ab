/**
 * Step 4: *Test connection* sends what was typed to main (`connections:testDraft`: a real
 * request, nothing saved) and shows the verdict in plain words: what was proven, or what to
 * fix with a way back to the fields. Then what the test found: tenants to tick (Cogniac),
 * the org that was confirmed (Resolver), or a one-time code field when MFA is needed.
 */
import { useEffect } from 'react';
import { MfaCodeInput } from '../../components/MfaCodeInput';
import { NextSteps } from '../../components/NextSteps';
import { secretNameOf, testFailureAdvice } from '../../lib/test-advice';
import type { AuthModeView, ProviderView, TestResult } from '../../../../shared/views';
import { fillTemplate } from './wizard-model';
import type { StepProps } from './step-props';

export function TestStep({
  headingRef,
  state,
  dispatch,
  provider,
  mode,
  nothingToTest,
  onChangeDetails,
}: StepProps & { provider: ProviderView; mode: AuthModeView; nothingToTest: boolean; onChangeDetails(): void }) {
  const t = state.test;
  const result: TestResult | null = t.phase === 'done' ? t.result : t.phase === 'error' ? { ok: false, message: t.message } : null;
  const needsCode = result?.action === 'enter-mfa';
  const advice =
    result && !result.ok
      ? testFailureAdvice(
          { message: result.message, httpStatus: result.httpStatus, action: result.action, code: t.phase === 'error' ? t.code : result.code },
          { where: 'wizard', service: provider.name, secretName: secretNameOf(mode.fields.filter((f) => f.sensitive).map((f) => f.name)) },
        )
      : null;

  // The first time a code is asked for, put the cursor where it goes.
  useEffect(() => {
    if (state.mfaAsked) document.getElementById('wz-mfa')?.focus();
  }, [state.mfaAsked]);

  return (
    <section className="wizard-step" aria-labelledby="wz-heading">
      <h2 id="wz-heading" ref={headingRef} tabIndex={-1} aria-describedby="wz-step-text">
        Test the connection
      </h2>

      {nothingToTest ? (
        <div className="verdict verdict-neutral" role="note" aria-labelledby="wz-nothing-title">
          <p id="wz-nothing-title">
            <strong>Nothing to test against</strong>
          </p>
          <p>
            You left the check address empty, so TokenDesk cannot ask {provider.name} whether these details work. It will build the header from what you
            typed. To test them first, go back and add a check address.
          </p>
          <button type="button" onClick={onChangeDetails}>
            Add a check address
          </button>
        </div>
      ) : (
        <p>{fillTemplate(mode.testDescription, provider, mode, state.values)}</p>
      )}

      <div className="test-status" role="status">
        {t.phase === 'running' && <p className="muted">Testing… TokenDesk is contacting {provider.name}.</p>}
        {result?.ok && (
          <div className={`verdict ${result.unchecked ? 'verdict-neutral' : 'verdict-ok'}`}>
            <p>
              <strong>{result.unchecked ? 'Not checked' : 'It works'}</strong>
            </p>
            <p>{result.message}</p>
          </div>
        )}
      </div>

      {result && !result.ok && (
        <div className="verdict verdict-fail" role="alert">
          <p>
            <strong>{needsCode ? 'A code from your authenticator app is needed' : `That did not work: ${advice!.title}`}</strong>
          </p>
          <p>{result.message}</p>
          {!needsCode && <NextSteps steps={advice!.steps} />}
          {!needsCode && (
            <button type="button" onClick={onChangeDetails}>
              Change details
            </button>
          )}
        </div>
      )}

      {state.mfaAsked && !result?.ok && (
        <div className="field">
          <label htmlFor="wz-mfa">6-digit code from your authenticator app</label>
          <MfaCodeInput id="wz-mfa" value={state.mfaCode} describedBy="wz-mfa-help" onChange={(code) => dispatch({ type: 'set-mfa', code })} />
          <p id="wz-mfa-help" className="hint">
            Open your authenticator app, type the code it shows for {provider.name} now, then press “Test again”. The code is used once and never saved.
          </p>
        </div>
      )}

      {result?.ok && mode.discovery && <Discovery state={state} dispatch={dispatch} provider={provider} mode={mode} found={result.tenants ?? []} />}
    </section>
  );
}

function Discovery({
  state,
  dispatch,
  provider,
  mode,
  found,
}: Pick<StepProps, 'state' | 'dispatch'> & { provider: ProviderView; mode: AuthModeView; found: NonNullable<TestResult['tenants']> }) {
  const discovery = mode.discovery!;
  if (discovery.pick === 'confirm') {
    const org = found[0];
    if (!org) return null;
    return (
      <dl className="facts discovery-confirmed">
        <dt>{discovery.label}</dt>
        <dd>
          {org.name} — confirmed by {provider.name}
        </dd>
      </dl>
    );
  }
  if (found.length === 0) {
    return (
      <p role="alert" className="error">
        Signed in, but this account has no {discovery.label.toLowerCase()}. Ask your {provider.name} administrator to add you to one, then test again.
      </p>
    );
  }
  return (
    <fieldset className="discovery" aria-describedby={state.pickError ? 'wz-discovery-help wz-pick-error' : 'wz-discovery-help'}>
      <legend>{discovery.label}</legend>
      <p id="wz-discovery-help" className="hint">
        {discovery.help}
      </p>
      {found.map((t) => (
        <label key={t.id} className="check">
          <input type="checkbox" checked={state.picked.includes(t.id)} onChange={(e) => dispatch({ type: 'pick', tenantId: t.id, on: e.target.checked })} />
          <span>
            {t.name} <span className="muted">· {t.id}</span>
          </span>
        </label>
      ))}
      {state.pickError && (
        <p id="wz-pick-error" role="alert" className="error">
          Tick at least one to continue.
        </p>
      )}
    </fieldset>
  );
}
