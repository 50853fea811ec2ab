/**
 * Shown when the vault file cannot be opened safely. Says what happened (main's words), where
 * the file is, and the one way forward: restore the backup when there is one; otherwise, or
 * when the restore fails, how to start again without losing the damaged file. Nothing here
 * deletes anything: TokenDesk never throws away a vault for the person.
 */
import type { VaultStatus } from '../../../../shared/views';
import { call } from '../../api';
import { useAction, whileBusy } from '../../lib/use-action';
import { useAppStore } from '../../store/app-store';

export function DamagedVault({ vault }: { vault: VaultStatus }) {
  const hydrate = useAppStore((s) => s.hydrate);
  const { busy, error: failure, run } = useAction();
  const restore = () =>
    run(async () => {
      await call('vault:restoreBackup');
      await hydrate();
    });

  // After a failed restore the backup is not offered again: the same file would fail again.
  const canRestore = vault.backupAvailable && failure === null;

  return (
    <main className="lock">
      <section className="card lock-card damaged-card" aria-labelledby="damaged-title">
        <h1 id="damaged-title">TokenDesk could not open your vault</h1>
        <p role="alert">{vault.problem?.message ?? 'The vault file could not be read.'}</p>
        <p className="muted">
          Vault file: <span className="path">{vault.location}</span>
        </p>
        {canRestore && (
          <>
            <p>The backup is the vault as it was one save earlier. Restoring it keeps the damaged file beside it, in case it is needed later.</p>
            <button type="button" className="primary" {...whileBusy(busy, () => void restore())}>
              {busy ? 'Restoring…' : 'Restore the last backup'}
            </button>
          </>
        )}
        {failure !== null && (
          <p role="alert" className="error">
            {/* The core names the backup itself when the backup is the problem; say it once. */}
            {/^the backup/i.test(failure) ? failure : `The backup could not be restored: ${failure}`}
          </p>
        )}
        {!canRestore && (
          <div className="damaged-next">
            <h2>What you can do</h2>
            <ol>
              <li>Quit TokenDesk.</li>
              <li>Move the vault file above to another folder (keep it: whoever set up TokenDesk may be able to recover it).</li>
              <li>Start TokenDesk again: it creates a new, empty vault. Add your connections again, or import the team pack a colleague sends you.</li>
            </ol>
          </div>
        )}
      </section>
    </main>
  );
}
