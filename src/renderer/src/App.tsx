import { useEffect } from 'react';
import { call } from './api';
import { ConnectionDetailsHost } from './features/connections/ConnectionDetails';
import { ConnectionList } from './features/connections/ConnectionList';
import { ActivityScreen } from './features/activity/ActivityScreen';
import { DamagedVault } from './features/lock/DamagedVault';
import { LockScreen } from './features/lock/LockScreen';
import { AddIntegrationWizard } from './features/onboarding/AddIntegrationWizard';
import { Palette } from './features/palette/Palette';
import { TeamPacksSection } from './features/packs/TeamPacksSection';
import { SettingsScreen } from './features/settings/SettingsScreen';
import { Toast } from './features/shell/Toast';
import { connectStore, useAppStore, type Route } from './store/app-store';
import { applyTheme } from './lib/theme';

const NAV: Array<{ route: Route; label: string }> = [
  { route: 'connections', label: 'Connections' },
  { route: 'settings', label: 'Settings' },
  { route: 'activity', label: 'Activity' },
];

/** Applies the chosen theme as <html data-theme="…"> ("system" follows the computer). */
function useTheme() {
  const theme = useAppStore((s) => s.settings?.theme ?? 'system');
  useEffect(() => applyTheme(theme), [theme]);
}

export function App() {
  // The quick-copy palette window (opened by the global shortcut) shows only the palette.
  if (window.location.hash === '#/palette') return <Palette />;
  return <MainApp />;
}

function MainApp() {
  const vault = useAppStore((s) => s.vault);
  const hydrate = useAppStore((s) => s.hydrate);
  const route = useAppStore((s) => s.route);
  const navigate = useAppStore((s) => s.navigate);
  const wizard = useAppStore((s) => s.wizard);
  const openWizard = useAppStore((s) => s.openWizard);
  const hasConnections = useAppStore((s) => s.connections.length > 0);
  useTheme();

  useEffect(() => {
    const off = connectStore();
    void hydrate();
    return off;
  }, [hydrate]);

  if (!vault) return <main className="loading" aria-busy="true">Opening TokenDesk…</main>;
  if (vault.state === 'damaged') return <DamagedVault vault={vault} />;
  if (vault.state !== 'unlocked') return <LockScreen vault={vault} />;

  return (
    <div className="app">
      <header className="topbar">
        <h1 className="brand">TokenDesk</h1>
        <nav aria-label="Main" className="nav">
          {NAV.map((n) => (
            <a
              key={n.route}
              href={n.route === 'connections' ? '#/' : `#/${n.route}`}
              aria-current={route === n.route ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                // From the wizard with something typed, this first asks "Discard…?".
                navigate(n.route);
              }}
            >
              {n.label}
            </a>
          ))}
        </nav>
        <div className="actions topbar-actions">
          {route === 'connections' && !wizard.open && hasConnections && (
            <button type="button" className="primary" onClick={openWizard}>
              Add a connection
            </button>
          )}
          <button type="button" onClick={() => void call('vault:lock')}>
            Lock
          </button>
        </div>
      </header>
      <Toast />
      <main>
        {route === 'settings' ? (
          <>
            <SettingsScreen />
            <TeamPacksSection />
          </>
        ) : route === 'activity' ? (
          <ActivityScreen />
        ) : wizard.open ? (
          <AddIntegrationWizard key={wizard.session} />
        ) : (
          <ConnectionList onAdd={openWizard} />
        )}
      </main>
      <ConnectionDetailsHost />
    </div>
  );
}
