/**
 * One zustand store, hydrated from the api and kept current by pushed events. Components
 * subscribe with selectors so an update re-renders only what uses it.
 */
import { create } from 'zustand';
import type { AuditEntry, ConnectionView, Settings, VaultStatus } from '../../../shared/views';
import { call } from '../api';
import { reuseUnchanged } from './structural-sharing';

export type Route = 'connections' | 'settings' | 'activity';

export interface Toast {
  id: number;
  kind: 'info' | 'error';
  message: string;
  /** When set, the toast counts down to the clipboard being cleared. */
  clearsAt?: number | null;
  copiedAt?: number;
  /** Whether this toast is about a copy (so it can say what happens to the clipboard). */
  copy?: boolean;
  /**
   * When it was raised (epoch ms). A plain notice hides a fixed time after this, even if it
   * moves into a dialog opened meanwhile (moving remounts it, which must not restart the wait).
   */
  shownAt: number;
}

/**
 * Whether the add-integration wizard is open and holds typed input. Only these flags live
 * here: what was typed (secrets included) stays inside the wizard component.
 */
export interface WizardFlags {
  open: boolean;
  dirty: boolean;
  /** Leaving was asked for while something was typed: where to, once the person confirms. */
  leaveTo: Route | 'close' | null;
  /** Counts openings, so "Add another" starts a fresh wizard. */
  session: number;
}

const WIZARD_CLOSED: WizardFlags = { open: false, dirty: false, leaveTo: null, session: 0 };

interface AppState {
  vault: VaultStatus | null;
  connections: ConnectionView[];
  settings: Settings | null;
  audit: AuditEntry[];
  toast: Toast | null;
  route: Route;
  /** The connection whose details panel is open. */
  detailsId: string | null;
  wizard: WizardFlags;
  setVault(v: VaultStatus): void;
  setConnections(c: ConnectionView[]): void;
  setSettings(s: Settings): void;
  setAudit(a: AuditEntry[]): void;
  appendAudit(a: AuditEntry): void;
  showToast(t: Omit<Toast, 'id' | 'shownAt'>): void;
  hideToast(): void;
  /** Kept for older callers: a plain notice. */
  setNotice(n: string | null): void;
  /** Goes to a screen; from a wizard with typed input it first asks (see `wizard.leaveTo`). */
  navigate(r: Route): void;
  openDetails(id: string | null): void;
  openWizard(): void;
  setWizardDirty(dirty: boolean): void;
  /** Close the wizard or go elsewhere: at once when nothing was typed, else after confirming. */
  requestLeave(to: Route | 'close'): void;
  /** The person chose "Discard": close the wizard and go where they were heading. */
  confirmLeave(): void;
  cancelLeave(): void;
  hydrate(): Promise<void>;
}

export function routeFromHash(hash: string): Route {
  if (hash.startsWith('#/settings')) return 'settings';
  if (hash.startsWith('#/activity')) return 'activity';
  return 'connections';
}

let toastSeq = 0;

export const useAppStore = create<AppState>((set, get) => ({
  vault: null,
  connections: [],
  settings: null,
  audit: [],
  toast: null,
  route: typeof location === 'undefined' ? 'connections' : routeFromHash(location.hash),
  detailsId: null,
  wizard: WIZARD_CLOSED,
  setVault: (vault) => set({ vault }),
  // Unchanged connections keep their objects, so only the rows that changed re-render.
  setConnections: (connections) => set((s) => ({ connections: reuseUnchanged(s.connections, connections) })),
  setSettings: (settings) => set({ settings }),
  setAudit: (audit) => set({ audit }),
  appendAudit: (entry) => set((s) => ({ audit: [entry, ...s.audit] })),
  showToast: (t) => set({ toast: { ...t, id: ++toastSeq, shownAt: Date.now() } }),
  hideToast: () => set({ toast: null }),
  setNotice: (n) => set({ toast: n ? { id: ++toastSeq, kind: 'info', message: n, shownAt: Date.now() } : null }),
  navigate: (route) => {
    const { wizard } = get();
    if (wizard.open && wizard.dirty) {
      set({ wizard: { ...wizard, leaveTo: route } });
      return;
    }
    const hash = route === 'connections' ? '#/' : `#/${route}`;
    if (location.hash !== hash) history.pushState(null, '', hash);
    set((s) => ({ route, detailsId: null, wizard: { ...WIZARD_CLOSED, session: s.wizard.session } }));
  },
  openDetails: (detailsId) => set({ detailsId }),
  openWizard: () => {
    get().navigate('connections');
    set((s) => ({ wizard: { open: true, dirty: false, leaveTo: null, session: s.wizard.session + 1 } }));
  },
  setWizardDirty: (dirty) => set((s) => (s.wizard.dirty === dirty ? s : { wizard: { ...s.wizard, dirty } })),
  requestLeave: (to) => {
    const { wizard, navigate } = get();
    if (wizard.open && wizard.dirty) set({ wizard: { ...wizard, leaveTo: to } });
    else if (to === 'close') set({ wizard: { ...WIZARD_CLOSED, session: wizard.session } });
    else navigate(to);
  },
  confirmLeave: () => {
    const { leaveTo: to, session } = get().wizard;
    set({ wizard: { ...WIZARD_CLOSED, session } });
    if (to && to !== 'close') get().navigate(to);
  },
  cancelLeave: () => set((s) => ({ wizard: { ...s.wizard, leaveTo: null } })),
  async hydrate() {
    const vault = await call('vault:status');
    set({ vault });
    if (vault.state === 'unlocked') {
      const [connections, settings] = await Promise.all([call('connections:list'), call('settings:get')]);
      set({ connections, settings });
    }
  },
}));

/** Subscribes the store to main's pushed changes; returns the unsubscribe function. */
export function connectStore(): () => void {
  const s = useAppStore.getState();
  const onHash = () => useAppStore.setState({ route: routeFromHash(location.hash) });
  window.addEventListener('popstate', onHash);
  window.addEventListener('hashchange', onHash);
  const offs = [
    window.tokendesk.on('vault:changed', (v) => {
      s.setVault(v);
      // Locking closes the wizard too, so nothing typed in it survives the lock.
      if (v.state !== 'unlocked') useAppStore.setState({ connections: [], audit: [], detailsId: null, toast: null, wizard: { ...WIZARD_CLOSED, session: useAppStore.getState().wizard.session } });
    }),
    window.tokendesk.on('connections:changed', (c) => s.setConnections(c)),
    window.tokendesk.on('settings:changed', (v) => s.setSettings(v)),
    window.tokendesk.on('audit:appended', (a) => s.appendAudit(a)),
    window.tokendesk.on('ui:notice', (n) => s.showToast({ kind: n.kind, message: n.message })),
  ];
  return () => {
    window.removeEventListener('popstate', onHash);
    window.removeEventListener('hashchange', onHash);
    offs.forEach((off) => off());
  };
}
