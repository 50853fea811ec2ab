/**
 * The guided add-integration wizard: choose a service → what you need → your details →
 * test connection (and pick tenants or confirm the org) → name it → done, with the first
 * header one click away. Everything shown about a provider comes from its recipe
 * (`providers:list`); what was typed lives in this component's reducer only, so it is kept
 * across Back/Next and forgotten when the wizard closes.
 *
 * One <form> holds the current step, so Enter submits the step; Esc or × asks before
 * discarding anything typed (the app store only knows *whether* something was typed).
 */
import { useCallback, useEffect, useReducer, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { ProviderView } from '../../../../shared/views';
import { call, errorCode, errorMessage } from '../../api';
import { useAppStore } from '../../store/app-store';
import { DetailsStep } from './DetailsStep';
import { DiscardConfirm } from './DiscardConfirm';
import { DoneStep } from './DoneStep';
import { NameStep } from './NameStep';
import { NeedsStep } from './NeedsStep';
import { ProviderStep } from './ProviderStep';
import { StepIndicator } from './StepIndicator';
import { TestStep } from './TestStep';
import {
  buildInput,
  fieldOrder,
  hasTypedAnything,
  initialState,
  labelError,
  nothingToTest,
  suggestName,
  testPassed,
  validate,
  wizardReducer,
  type StepId,
} from './wizard-model';
import './onboarding.css';

const BACK: Partial<Record<StepId, StepId>> = { needs: 'provider', details: 'needs', test: 'details', name: 'test' };

/** Elements where Enter already means something (press, follow, open); elsewhere Enter submits the step. */
const OWN_ENTER = 'button, a, summary, textarea, select, input, [role="option"]';

export function AddIntegrationWizard() {
  const [providers, setProviders] = useState<ProviderView[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [state, dispatch] = useReducer(wizardReducer, initialState);
  const [highlight, setHighlight] = useState('');
  const [providerError, setProviderError] = useState<string | null>(null);
  const leaveTo = useAppStore((s) => s.wizard.leaveTo);
  const setWizardDirty = useAppStore((s) => s.setWizardDirty);
  const requestLeave = useAppStore((s) => s.requestLeave);
  const openWizard = useAppStore((s) => s.openWizard);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const testRun = useRef(0);

  const provider = providers?.find((p) => p.id === state.providerId);
  const mode = provider?.modes.find((m) => m.id === state.modeId);
  const dirty = hasTypedAnything(state, provider);

  useEffect(() => {
    call('providers:list').then(
      (list) => {
        setProviders(list);
        setHighlight((h) => h || list[0]?.id || '');
      },
      (e: unknown) => setLoadError(errorMessage(e)),
    );
  }, []);

  useEffect(() => setWizardDirty(dirty), [dirty, setWizardDirty]);

  // Each step starts at its heading, so a screen reader announces where the person is.
  useEffect(() => headingRef.current?.focus(), [state.step]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      // An open dialog (the discard question itself) handles its own Esc.
      if (useAppStore.getState().wizard.leaveTo || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      useAppStore.getState().requestLeave('close');
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const go = (step: StepId) => dispatch({ type: 'go', step });

  const chooseProvider = useCallback(
    (p: ProviderView) => {
      setProviderError(null);
      setHighlight(p.id);
      dispatch({ type: 'choose-provider', provider: p });
    },
    [dispatch],
  );

  async function runTest() {
    if (!provider || !mode) return;
    const run = ++testRun.current;
    dispatch({ type: 'test-started' });
    try {
      const input = buildInput(provider, mode, state.values, { mfaCode: state.mfaCode });
      const result = await call('connections:testDraft', input);
      if (run === testRun.current) dispatch({ type: 'test-finished', result });
    } catch (e) {
      if (run === testRun.current) dispatch({ type: 'test-failed', message: errorMessage(e), code: errorCode(e) });
    }
  }

  async function save() {
    if (!provider || !mode) return;
    const problem = labelError(state.label);
    if (problem) {
      // Shown under the name field (the step shows a save problem equal to the name's there).
      dispatch({ type: 'save-failed', message: problem });
      document.getElementById('wz-label')?.focus();
      return;
    }
    dispatch({ type: 'save-started' });
    try {
      // A code typed for the test goes along: main uses it once for the first sign-in. If the
      // service no longer takes it, the Done step shows that and asks for a fresh one.
      const input = buildInput(provider, mode, state.values, { label: state.label.trim(), tenantIds: state.picked, mfaCode: state.mfaCode });
      const connection = await call('connections:add', input);
      dispatch({ type: 'saved', connection });
    } catch (e) {
      dispatch({ type: 'save-failed', message: errorMessage(e) });
    }
  }

  function next(e?: FormEvent) {
    e?.preventDefault();
    switch (state.step) {
      case 'provider': {
        const p = providers?.find((x) => x.id === highlight);
        if (p) chooseProvider(p);
        else setProviderError('Choose a service from the list. For any service not listed, choose “Other HTTP API”.');
        return;
      }
      case 'needs':
        return go('details');
      case 'details': {
        if (!provider || !mode) return;
        dispatch({ type: 'submit-details' });
        const errors = validate(provider, mode, state.values);
        const first = fieldOrder(provider, mode, state).find((name) => errors[name]);
        if (first) {
          document.getElementById(`wz-field-${first}`)?.focus();
          return;
        }
        return go('test');
      }
      case 'test': {
        if (!provider || !mode || state.test.phase === 'running') return;
        if (!testPassed(state, mode)) return void runTest();
        if (mode.discovery?.pick === 'many' && state.picked.length === 0) {
          dispatch({ type: 'pick-error' });
          formRef.current?.querySelector<HTMLInputElement>('.discovery input[type="checkbox"]')?.focus();
          return;
        }
        if (!state.labelEdited) {
          const result = state.test.phase === 'done' ? state.test.result : null;
          const taken = useAppStore.getState().connections.map((c) => c.label);
          dispatch({ type: 'set-label', label: suggestName(provider, state.values, result, taken), edited: false });
        }
        return go('name');
      }
      case 'name':
        return void save();
      case 'done':
        return requestLeave('connections');
    }
  }

  /** Enter on the heading or the page (not on a button or field) submits the step too. */
  function onKeyDown(e: KeyboardEvent<HTMLFormElement>) {
    if (e.key !== 'Enter' || e.defaultPrevented || e.nativeEvent.isComposing) return;
    if ((e.target as HTMLElement).closest(OWN_ENTER)) return;
    e.preventDefault();
    next();
  }

  const back = BACK[state.step];
  const running = state.test.phase === 'running';
  let primary = 'Next';
  if (state.step === 'test' && mode && !testPassed(state, mode)) {
    primary = running ? 'Testing…' : state.test.phase === 'idle' ? 'Test connection' : 'Test again';
  } else if (state.step === 'name') primary = state.saving ? 'Saving…' : 'Save';
  else if (state.step === 'done') primary = 'Go to dashboard';

  const stepProps = { headingRef, state, dispatch };
  let body;
  if (loadError) {
    body = (
      <p role="alert" className="error">
        TokenDesk could not load the list of services: {loadError}
      </p>
    );
  } else if (state.step === 'provider' || !provider || !mode) {
    body = (
      <ProviderStep
        {...stepProps}
        providers={providers}
        highlight={highlight}
        onHighlight={setHighlight}
        onChoose={chooseProvider}
        error={providerError}
      />
    );
  } else if (state.step === 'needs') body = <NeedsStep {...stepProps} provider={provider} mode={mode} />;
  else if (state.step === 'details') body = <DetailsStep {...stepProps} provider={provider} mode={mode} />;
  else if (state.step === 'test') body = <TestStep {...stepProps} provider={provider} mode={mode} nothingToTest={nothingToTest(mode, state.values)} onChangeDetails={() => go('details')} />;
  else if (state.step === 'name') body = <NameStep {...stepProps} provider={provider} mode={mode} />;
  else body = <DoneStep {...stepProps} provider={provider} onAddAnother={openWizard} />;

  return (
    <>
      <form ref={formRef} className="wizard card" aria-label="Add a connection" noValidate onSubmit={next} onKeyDown={onKeyDown}>
        <div className="wizard-head">
          <StepIndicator step={state.step} />
          {state.step !== 'done' && (
            <button type="button" className="icon-button" onClick={() => requestLeave('close')} aria-label="Cancel adding this connection">
              ×
            </button>
          )}
        </div>
        <div className="wizard-body" aria-busy={running || state.saving}>
          {body}
        </div>
        <div className="wizard-foot actions">
          {back && (
            <button type="button" onClick={() => go(back)} disabled={running || state.saving}>
              Back
            </button>
          )}
          {state.step !== 'done' && (
            <button type="button" className="quiet" onClick={() => requestLeave('close')}>
              Cancel
            </button>
          )}
          <span className="spacer" />
          {/* On the Done step the big "Copy header" is the main action; leaving is secondary. */}
          <button type="submit" className={state.step === 'done' ? undefined : 'primary'} disabled={running || state.saving || (state.step === 'provider' && !providers)}>
            {primary}
          </button>
        </div>
      </form>
      {leaveTo && <DiscardConfirm providerName={provider?.name ?? null} />}
    </>
  );
}
