/**
 * Step 1: a searchable list of services (cmdk: type to filter, ↑/↓ to move, Enter or a
 * click to choose). "Other HTTP API" always stays in the list, so there is always a way on.
 */
import { Command } from 'cmdk';
import { useRef, type KeyboardEvent } from 'react';
import type { ProviderView } from '../../../../shared/views';
import type { StepProps } from './step-props';

const FALLBACK_ID = 'custom';

export function ProviderStep({
  headingRef,
  providers,
  highlight,
  onHighlight,
  onChoose,
  error,
}: Pick<StepProps, 'headingRef'> & {
  providers: ProviderView[] | null;
  highlight: string;
  onHighlight(id: string): void;
  onChoose(p: ProviderView): void;
  error: string | null;
}) {
  const search = useRef<HTMLInputElement>(null);

  /** Typing (or ↓) while the heading has focus goes straight into the search box. */
  function onHeadingKey(e: KeyboardEvent<HTMLHeadingElement>) {
    if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) search.current?.focus();
    else if (e.key === 'ArrowDown') {
      e.preventDefault();
      search.current?.focus();
    }
  }

  return (
    <section className="wizard-step" aria-labelledby="wz-heading">
      <h2 id="wz-heading" ref={headingRef} tabIndex={-1} aria-describedby="wz-step-text" onKeyDown={onHeadingKey}>
        Which service do you want to connect?
      </h2>
      <p className="muted">Type to filter, use ↑ and ↓ to move, and press Enter to choose.</p>
      {!providers ? (
        <p className="muted" role="status">
          Loading the services…
        </p>
      ) : (
        <Command label="Search services" value={highlight} onValueChange={onHighlight} loop className="provider-picker">
          <Command.Input ref={search} className="search" placeholder="Search, for example “Cogniac”" aria-describedby={error ? 'wz-provider-error' : undefined} />
          <Command.List label="Services" className="provider-list">
            {providers.map((p) => (
              <Command.Item
                key={p.id}
                value={p.id}
                keywords={[p.name, ...p.keywords]}
                forceMount={p.id === FALLBACK_ID}
                onSelect={() => onChoose(p)}
                className="provider-option"
              >
                <span className="provider-logo" aria-hidden="true">
                  {p.initials}
                </span>
                <span className="provider-text">
                  <span className="provider-name">{p.name}</span>
                  <span className="provider-summary">{p.summary}</span>
                </span>
              </Command.Item>
            ))}
          </Command.List>
        </Command>
      )}
      {error && (
        <p id="wz-provider-error" role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
