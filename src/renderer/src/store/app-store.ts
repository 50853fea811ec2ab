/**
 * One zustand store, hydrated from the api and kept current by pushed events. Components
 * subscribe with selectors so an update re-renders only what uses it.
 */
import { create } from 'zustand';
import type { ConnectionView, VaultStatus } from '../../../shared/views';
import { call } from '../api';

interface AppState {
  vault: VaultStatus | null;
  connections: ConnectionView[];
  notice: string | null;
  setVault(v: VaultStatus): void;
  setConnections(c: ConnectionView[]): void;
  setNotice(n: string | null): void;
  hydrate(): Promise<void>;
}

export const useAppStore = create<AppState>((set) => ({
  vault: null,
  connections: [],
  notice: null,
  setVault: (vault) => set({ vault }),
  setConnections: (connections) => set({ connections }),
  setNotice: (notice) => set({ notice }),
  async hydrate() {
    const vault = await call('vault:status');
    set({ vault });
    if (vault.state === 'unlocked') set({ connections: await call('connections:list') });
  },
}));

/** Subscribes the store to main's pushed changes; returns the unsubscribe function. */
export function connectStore(): () => void {
  const s = useAppStore.getState();
  const offs = [
    window.tokendesk.on('vault:changed', (v) => {
      s.setVault(v);
      if (v.state !== 'unlocked') s.setConnections([]);
    }),
    window.tokendesk.on('connections:changed', (c) => s.setConnections(c)),
    window.tokendesk.on('ui:notice', (n) => s.setNotice(n.message)),
  ];
  return () => offs.forEach((off) => off());
}
