/** First run (create the vault) and unlock, with which protection is in use. */
import { useState, type FormEvent } from 'react';
import type { VaultStatus } from '../../../../shared/views';
import { call, errorMessage } from '../../api';
import { passwordStrength } from '../../lib/password-strength';
import { whileBusy } from '../../lib/use-action';
import { useAppStore } from '../../store/app-store';

export function LockScreen({ vault }: { vault: VaultStatus }) {
  const isNew = vault.state === 'new';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const hydrate = useAppStore((s) => s.hydrate);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setError(null);
    if (isNew && vault.protection.needsPassword && password !== confirm) {
      setError('The two passwords are not the same. Type them again.');
      return;
    }
    setBusy(true);
    try {
      const pw = vault.protection.needsPassword ? { password } : {};
      await call(isNew ? 'vault:create' : 'vault:unlock', pw);
      setPassword('');
      setConfirm('');
      await hydrate();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="lock">
      <form className="card lock-card" onSubmit={submit} aria-describedby="lock-help">
        <h1>{isNew ? 'Welcome to TokenDesk' : 'TokenDesk is locked'}</h1>
        <p id="lock-help" className="muted">
          {isNew
            ? `Your credentials will be encrypted on this computer and protected by ${vault.protection.label}.`
            : `Unlock with ${vault.protection.label} to use your connections.`}
        </p>
        {vault.protection.needsPassword && (
          <>
            <label htmlFor="master-password">{isNew ? 'Choose a master password' : 'Master password'}</label>
            <input
              id="master-password"
              type="password"
              autoFocus
              autoComplete={isNew ? 'new-password' : 'current-password'}
              aria-describedby={isNew ? 'strength-text' : undefined}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            {isNew && (
              <>
                <StrengthMeter password={password} />
                <label htmlFor="master-password-confirm">Type it again</label>
                <input
                  id="master-password-confirm"
                  type="password"
                  autoComplete="new-password"
                  value={confirm}
                  onChange={(e) => setConfirm(e.target.value)}
                />
                <p className="hint">At least 10 characters. There is no way to recover it if you forget it.</p>
              </>
            )}
          </>
        )}
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" {...whileBusy(busy)}>
          {busy ? 'Please wait…' : isNew ? 'Create vault' : 'Unlock'}
        </button>
      </form>
    </main>
  );
}

/** Advice only: main still enforces the 10-character minimum. */
function StrengthMeter({ password }: { password: string }) {
  const { score, label, hint } = passwordStrength(password);
  return (
    <div className={`strength strength-${score}`}>
      <div
        className="strength-bar"
        role="meter"
        aria-label="Password strength"
        aria-valuemin={0}
        aria-valuemax={4}
        aria-valuenow={score}
        aria-valuetext={label}
      >
        {[1, 2, 3, 4].map((n) => (
          <span key={n} className={n <= score ? 'on' : ''} />
        ))}
      </div>
      <p id="strength-text" className="strength-text">
        <strong>{label}.</strong> {hint}
      </p>
    </div>
  );
}
