/** "Copy header" (primary), "Token only" and a small "More" menu for code snippets. */
import { useEffect, useId, useRef, useState } from 'react';
import type { CopyFormat } from '../../../shared/contract';
import type { ConnectionView, TenantView } from '../../../shared/views';
import { copyValue, subjectOf } from '../lib/copy';

const MORE: Array<{ format: CopyFormat; label: string }> = [
  { format: 'curl', label: 'curl command' },
  { format: 'powershell', label: 'PowerShell command' },
  { format: 'python', label: 'Python code' },
];

/**
 * `blockedReason`: the copy cannot work yet (e.g. "Sign in first: …"); the buttons are shown
 * disabled with the reason beside them, so the person sees what to do instead of a failed copy.
 */
export function CopyButtons({ connection, tenant, blockedReason }: { connection: ConnectionView; tenant?: TenantView; blockedReason?: string | null }) {
  const subject = subjectOf(connection, tenant);
  // An API key sent in the address is a query parameter, not a header: say which one is copied.
  const [what, short] = connection.placement === 'query' ? ['query parameter', 'parameter'] : ['header', 'header'];
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const reasonId = useId();
  const blocked = !!blockedReason;
  const describedBy = blocked ? reasonId : undefined;
  const wrap = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    wrap.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
    const onDown = (e: PointerEvent) => {
      if (!wrap.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  function close(focusTrigger: boolean) {
    setOpen(false);
    if (focusTrigger) trigger.current?.focus();
  }

  function onMenuKey(e: React.KeyboardEvent) {
    const items = Array.from(wrap.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []);
    const i = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === 'ArrowDown') {
      e.preventDefault();
      items[(i + 1) % items.length]?.focus();
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      items[(i - 1 + items.length) % items.length]?.focus();
    } else if (e.key === 'Tab') {
      setOpen(false);
    }
  }

  return (
    <div className="copy-buttons" ref={wrap}>
      <button
        type="button"
        className="primary"
        disabled={blocked}
        aria-describedby={describedBy}
        onClick={() => void copyValue(connection, 'header', tenant)}
        aria-label={`Copy ${what} for ${subject}`}
      >
        Copy {short}
      </button>
      <button
        type="button"
        disabled={blocked}
        aria-describedby={describedBy}
        onClick={() => void copyValue(connection, 'token', tenant)}
        aria-label={`Copy token only for ${subject}`}
      >
        Token only
      </button>
      <div className="menu-wrap">
        <button
          type="button"
          ref={trigger}
          aria-haspopup="menu"
          aria-expanded={open}
          aria-controls={open ? menuId : undefined}
          aria-label={`More ways to copy for ${subject}`}
          disabled={blocked}
          aria-describedby={describedBy}
          onClick={() => setOpen((o) => !o)}
        >
          More <span aria-hidden="true">▾</span>
        </button>
        {open && (
          <div className="menu" role="menu" id={menuId} aria-label={`Copy for ${subject} as`} onKeyDown={onMenuKey}>
            {MORE.map((m) => (
              <button
                key={m.format}
                type="button"
                role="menuitem"
                onClick={() => {
                  close(true);
                  void copyValue(connection, m.format, tenant);
                }}
              >
                Copy as {m.label}
              </button>
            ))}
          </div>
        )}
      </div>
      {blocked && (
        <p id={reasonId} className="hint copy-blocked" style={{ flexBasis: '100%', margin: 0 }}>
          {blockedReason}
        </p>
      )}
    </div>
  );
}
