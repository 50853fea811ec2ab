/**
 * Step 2: what to have ready (the recipe's `before` and the mode's `needs`), the docs link,
 * and — for providers with several sign-in modes — the choice of mode. A mode with a notice
 * (Resolver's password mode) explains the better option and offers to switch to it.
 */
import type { AuthModeView, ProviderView } from '../../../../shared/views';
import { fillTemplate } from './wizard-model';
import type { StepProps } from './step-props';

export function NeedsStep({ headingRef, state, dispatch, provider, mode }: StepProps & { provider: ProviderView; mode: AuthModeView }) {
  const items = [...provider.before, ...mode.needs];

  function switchTo(id: string) {
    const target = provider.modes.find((m) => m.id === id);
    if (!target) return;
    dispatch({ type: 'choose-mode', mode: target });
    // The notice (and its button) goes away: keep the keyboard where the choice now is.
    requestAnimationFrame(() => document.getElementById(`wz-mode-${id}`)?.focus());
  }

  return (
    <section className="wizard-step" aria-labelledby="wz-heading">
      <h2 id="wz-heading" ref={headingRef} tabIndex={-1} aria-describedby="wz-step-text">
        What you need for {provider.name}
      </h2>

      {provider.modes.length > 1 && (
        <fieldset className="mode-choice">
          <legend>How do you want to sign in?</legend>
          {provider.modes.map((m) => (
            <label key={m.id} className={`mode-option${m.id === mode.id ? ' chosen' : ''}`}>
              <input
                type="radio"
                id={`wz-mode-${m.id}`}
                name="wz-mode"
                checked={m.id === mode.id}
                onChange={() => dispatch({ type: 'choose-mode', mode: m })}
                aria-describedby={`wz-mode-${m.id}-text`}
              />
              <span>
                <span className="mode-label">
                  {m.label}
                  {m.recommended && <span className="badge">Recommended</span>}
                </span>
                <span id={`wz-mode-${m.id}-text`} className="hint">
                  {m.explanation}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      )}

      {mode.notice && (
        <div className="notice" role="note" aria-labelledby="wz-notice-title">
          <h3 id="wz-notice-title">{mode.notice.title}</h3>
          <ul>
            {mode.notice.points.map((point) => (
              <li key={point}>{point}</li>
            ))}
          </ul>
          <button type="button" onClick={() => switchTo(mode.notice!.switchTo)}>
            {mode.notice.action}
          </button>
        </div>
      )}

      <h3 className="needs-title">Have these ready</h3>
      <ol className="needs">
        {items.map((item) => (
          <li key={item}>{item}</li>
        ))}
      </ol>

      <p className="header-format">
        TokenDesk will hand out: <code>{fillTemplate(mode.headerFormat, provider, mode, state.values)}</code>
      </p>

      {provider.docsUrl && (
        <p className="docs-link">
          {provider.name}’s own help:{' '}
          {/* Opens in the system browser: the main window turns new-window requests for https into shell.openExternal. */}
          <a href={provider.docsUrl} target="_blank" rel="noreferrer noopener">
            {provider.docsUrl}
          </a>
        </p>
      )}
    </section>
  );
}
