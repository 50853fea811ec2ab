/** Settings in plain words; each change is saved at once (settings:update). */
import { useEffect, useState } from 'react';
import type { Settings } from '../../../../shared/views';
import { call, errorMessage } from '../../api';
import { useAppStore } from '../../store/app-store';

const CLIPBOARD_CHOICES = [0, 10, 20, 30, 45, 60, 90, 120, 180, 300];
const VALIDITY_CHOICES = [10, 30, 60, 120, 300, 600, 1800, 3600];

function secondsWords(s: number): string {
  if (s === 0) return 'Off — never clear it';
  if (s < 60) return `After ${s} seconds`;
  const m = s / 60;
  return `After ${m} ${m === 1 ? 'minute' : 'minutes'}`;
}
function validityWords(s: number): string {
  if (s < 60) return `${s} seconds`;
  if (s < 3600) return `${s / 60} ${s === 60 ? 'minute' : 'minutes'}`;
  return `${s / 3600} ${s === 3600 ? 'hour' : 'hours'}`;
}

export function SettingsScreen() {
  const settings = useAppStore((s) => s.settings);
  const setSettings = useAppStore((s) => s.setSettings);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // Shown next to the shortcut field: a shortcut another app owns is refused and not saved.
  const [shortcutError, setShortcutError] = useState<string | null>(null);
  // Shown next to the idle-minutes field: an out-of-range number is explained, not changed.
  const [idleError, setIdleError] = useState<string | null>(null);

  useEffect(() => {
    void call('settings:get').then(setSettings, (e: unknown) => setError(errorMessage(e)));
  }, [setSettings]);

  if (!settings) return <p aria-busy="true">Loading settings…</p>;

  async function update(patch: Partial<Settings>, what: string, showError: (message: string) => void = setError) {
    setError(null);
    setSaved(null);
    const before = settings!;
    // Show the choice at once; the saved value replaces it (or it is put back on error).
    setSettings({ ...before, ...patch });
    try {
      setSettings(await call('settings:update', patch));
      setSaved(`Saved: ${what}.`);
    } catch (e) {
      setSettings(before);
      showError(errorMessage(e));
    }
  }

  const clipboardChoices = CLIPBOARD_CHOICES.includes(settings.clipboardClearSeconds)
    ? CLIPBOARD_CHOICES
    : [...CLIPBOARD_CHOICES, settings.clipboardClearSeconds].sort((a, b) => a - b);
  const validityChoices = VALIDITY_CHOICES.includes(settings.minValiditySeconds)
    ? VALIDITY_CHOICES
    : [...VALIDITY_CHOICES, settings.minValiditySeconds].sort((a, b) => a - b);

  return (
    <section className="card settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <p className="muted">Changes are saved as soon as you make them.</p>

      <div className="setting">
        <label htmlFor="clipboard-clear">Clear the clipboard after copying</label>
        <select
          id="clipboard-clear"
          value={settings.clipboardClearSeconds}
          onChange={(e) => void update({ clipboardClearSeconds: Number(e.target.value) }, 'clipboard clearing')}
          aria-describedby="clipboard-help"
        >
          {clipboardChoices.map((s) => (
            <option key={s} value={s}>
              {secondsWords(s)}
            </option>
          ))}
        </select>
        <p id="clipboard-help" className="hint">
          So a copied password or token does not stay on the clipboard. Only cleared if you have not copied something else since.
        </p>
      </div>

      <div className="setting">
        <label htmlFor="idle-lock">Lock TokenDesk after this many idle minutes</label>
        <NumberField
          id="idle-lock"
          value={settings.lockAfterIdleMinutes}
          min={0}
          max={1440}
          onCommit={(v) => {
            setIdleError(null);
            void update({ lockAfterIdleMinutes: v }, 'idle lock', setIdleError);
          }}
          describedBy={idleError ? 'idle-error idle-help' : 'idle-help'}
          invalid={idleError !== null}
        />
        {idleError && (
          <p id="idle-error" role="alert" className="error">
            {idleError}
          </p>
        )}
        <p id="idle-help" className="hint">
          0 means never lock by itself.
        </p>
      </div>

      <div className="setting check-setting">
        <label className="check">
          <input type="checkbox" checked={settings.lockOnScreenLock} onChange={(e) => void update({ lockOnScreenLock: e.target.checked }, 'lock with the computer')} />
          <span>Lock TokenDesk when I lock my computer</span>
        </label>
      </div>

      <div className="setting check-setting">
        <label className="check">
          <input type="checkbox" checked={settings.launchAtLogin} onChange={(e) => void update({ launchAtLogin: e.target.checked }, 'start at sign-in')} />
          <span>Start TokenDesk when I sign in to my computer</span>
        </label>
      </div>

      <div className="setting">
        <label htmlFor="shortcut">Keyboard shortcut to open TokenDesk</label>
        <TextField
          id="shortcut"
          value={settings.shortcut}
          onCommit={(v) => {
            setShortcutError(null);
            void update({ shortcut: v }, 'keyboard shortcut', setShortcutError);
          }}
          describedBy={shortcutError ? 'shortcut-error shortcut-help' : 'shortcut-help'}
          invalid={shortcutError !== null}
        />
        {shortcutError && (
          <p id="shortcut-error" role="alert" className="error">
            {shortcutError}
          </p>
        )}
        <p id="shortcut-help" className="hint">
          For example CommandOrControl+Shift+Space (Ctrl on Windows, ⌘ on Mac).
        </p>
      </div>

      <fieldset className="setting choice">
        <legend>Appearance</legend>
        <div className="segmented">
          {(
            [
              ['system', 'Same as my computer'],
              ['light', 'Light'],
              ['dark', 'Dark'],
            ] as const
          ).map(([value, text]) => (
            <label key={value} className="check">
              <input type="radio" name="theme" checked={settings.theme === value} onChange={() => void update({ theme: value }, 'appearance')} />
              <span>{text}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <div className="setting">
        <label htmlFor="min-validity">A copied token must still work for at least</label>
        <select
          id="min-validity"
          value={settings.minValiditySeconds}
          onChange={(e) => void update({ minValiditySeconds: Number(e.target.value) }, 'minimum validity')}
          aria-describedby="validity-help"
        >
          {validityChoices.map((s) => (
            <option key={s} value={s}>
              {validityWords(s)}
            </option>
          ))}
        </select>
        <p id="validity-help" className="hint">
          If a token would stop working sooner, TokenDesk renews it before copying.
        </p>
      </div>

      <p className="settings-feedback" role="status">
        {saved}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}

/**
 * A whole-number field saved on Enter or when leaving it. What was typed goes to main as is
 * (not silently clamped), so a number out of range gets main's explanation and stays in
 * the box to be corrected; an empty box goes back to the saved value.
 */
function NumberField({
  id,
  value,
  min,
  max,
  onCommit,
  describedBy,
  invalid = false,
}: {
  id: string;
  value: number;
  min: number;
  max: number;
  onCommit: (v: number) => void;
  describedBy: string;
  invalid?: boolean;
}) {
  const [text, setText] = useState(String(value));
  const [prev, setPrev] = useState(value);
  if (prev !== value) {
    setPrev(value);
    // A refused value puts the saved one back; the box keeps what was typed, to correct it.
    if (!invalid) setText(String(value));
  }
  const commit = () => {
    const n = Number(text);
    if (text.trim() === '' || Number.isNaN(n)) setText(String(value));
    else if (n !== value || invalid) onCommit(n);
  };
  return (
    <input
      id={id}
      type="number"
      min={min}
      max={max}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
    />
  );
}

function TextField({ id, value, onCommit, describedBy, invalid = false }: { id: string; value: string; onCommit: (v: string) => void; describedBy: string; invalid?: boolean }) {
  const [text, setText] = useState(value);
  const [prev, setPrev] = useState(value);
  if (prev !== value) {
    setPrev(value);
    setText(value);
  }
  const commit = () => {
    if (text.trim() && text.trim() !== value) onCommit(text.trim());
    else setText(value);
  };
  return (
    <input
      id={id}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => e.key === 'Enter' && commit()}
      aria-describedby={describedBy}
      aria-invalid={invalid || undefined}
    />
  );
}
