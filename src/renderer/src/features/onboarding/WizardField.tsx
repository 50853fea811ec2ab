/**
 * One field from a recipe: label, input, help text under it and, once the person has left
 * it (or pressed Next), the contract's message for it. Help and error are tied to the
 * input with aria-describedby; secrets are masked with a Show/Hide toggle.
 */
import { useState, type FocusEvent } from 'react';
import type { ProviderFieldView } from '../../../../shared/views';

export function WizardField({
  field,
  value,
  error,
  onChange,
  onBlur,
}: {
  field: ProviderFieldView;
  value: string;
  error: string | null;
  onChange(value: string): void;
  onBlur(e: FocusEvent<HTMLInputElement>): void;
}) {
  const [shown, setShown] = useState(false);
  const id = `wz-field-${field.name}`;
  const helpId = `${id}-help`;
  const errorId = `${id}-error`;
  const type = field.sensitive ? (shown ? 'text' : 'password') : field.input === 'number' ? 'text' : field.input;
  const label = field.optional && !/optional/i.test(field.label) ? `${field.label} (optional)` : field.label;

  return (
    <div className={`field wizard-field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className={field.sensitive ? 'secret-input' : undefined}>
        <input
          id={id}
          name={field.name}
          type={type}
          inputMode={field.input === 'number' ? 'numeric' : undefined}
          autoComplete="off"
          spellCheck={false}
          placeholder={field.placeholder ?? undefined}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-required={field.optional ? undefined : true}
          aria-describedby={error ? `${errorId} ${helpId}` : helpId}
          onChange={(e) => onChange(e.target.value)}
          onBlur={onBlur}
        />
        {field.sensitive && (
          // Its name starts with the word it shows ("Hide …" once shown), so a voice-control user
          // can say what they see.
          <button type="button" className="small" aria-label={`${shown ? 'Hide' : 'Show'} ${field.label}`} onClick={() => setShown((s) => !s)}>
            {shown ? 'Hide' : 'Show'}
          </button>
        )}
      </div>
      {error && (
        <p id={errorId} className="error field-error">
          {error}
        </p>
      )}
      <p id={helpId} className="hint">
        {field.help}
      </p>
    </div>
  );
}
