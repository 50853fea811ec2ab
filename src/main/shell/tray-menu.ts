/**
 * What the tray shows, as pure functions of the views: the status icon (`trayStatus`) and
 * the menu (`buildTrayMenu`), one item per connection (or per ticked tenant) with its
 * remaining time; clicking an item copies its header. `tray.ts` only renders the result.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { ConnectionView, TokenStatus, VaultState } from '../../shared/views';

export type TrayStatus = 'ok' | 'attention' | 'locked';

export interface TrayActions {
  copy(connectionId: string, tenantId?: string): void;
  open(): void;
  lock(): void;
  quit(): void;
}

/** One copyable slot: a connection without tenants, or one ticked tenant of it. */
interface Slot {
  connectionId: string;
  tenantId?: string;
  name: string;
  status: TokenStatus;
}

const ATTENTION_STATES = new Set<TokenStatus['state']>(['needs-you', 'error', 'expired']);

type EmptySlot = { connectionId: string; name: string; empty: true };

function slotsOf(views: readonly ConnectionView[]): Array<Slot | EmptySlot> {
  return views.flatMap((c): Array<Slot | EmptySlot> => {
    if (!c.hasTenants) return [{ connectionId: c.id, name: c.label, status: c.status }];
    const ticked = c.tenants.filter((t) => t.selected);
    if (ticked.length === 0) return [{ connectionId: c.id, name: c.label, empty: true as const }];
    return ticked.map((t) => ({ connectionId: c.id, tenantId: t.id, name: `${c.label} — ${t.name}`, status: t.status }));
  });
}

/** Plain-language duration: "under 1 min", "3 min", "2 h 5 min", "4 d 23 h". */
export function formatRemaining(ms: number): string {
  if (!Number.isFinite(ms) || ms < 60_000) return 'under 1 min';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** "password rejected" from "Password rejected — update it". */
function shortReason(status: TokenStatus): string {
  const first = (status.message.split(' — ')[0] ?? '').trim().replace(/\.$/, '');
  if (!first) return 'action needed';
  return first.charAt(0).toLowerCase() + first.slice(1);
}

/** Renewals due this soon are shown as "renews in …" rather than the time left. */
const SHOW_RENEWAL_WITHIN_MS = 15 * 60_000;

/** The part after " · " for a slot that does not need the user. */
export function describeStatus(status: TokenStatus, now: number): string {
  switch (status.state) {
    case 'static':
      return 'ready';
    case 'refreshing':
      return 'renewing…';
    case 'offline':
      return 'offline — will retry';
    case 'expired':
      return 'expired';
    case 'error':
      return shortReason(status);
    default:
      break;
  }
  if (status.renewsAt !== null && status.renewsAt - now <= SHOW_RENEWAL_WITHIN_MS) {
    return status.renewsAt <= now ? 'renewing…' : `renews in ${formatRemaining(status.renewsAt - now)}`;
  }
  if (status.expiresAt !== null) return status.expiresAt <= now ? 'expired' : formatRemaining(status.expiresAt - now);
  return status.state === 'valid' ? 'ready' : 'not signed in yet';
}

export function trayStatus(views: readonly ConnectionView[], vaultState: VaultState = 'unlocked'): TrayStatus {
  if (vaultState !== 'unlocked') return 'locked';
  const attention = slotsOf(views).some((s) => 'status' in s && ATTENTION_STATES.has(s.status.state));
  return attention ? 'attention' : 'ok';
}

export function trayTooltip(views: readonly ConnectionView[], vaultState: VaultState = 'unlocked'): string {
  const status = trayStatus(views, vaultState);
  if (status === 'locked') return 'TokenDesk — locked';
  if (status === 'ok') return 'TokenDesk — all tokens fine';
  const n = slotsOf(views).filter((s) => 'status' in s && ATTENTION_STATES.has(s.status.state)).length;
  return `TokenDesk — ${n === 1 ? 'one connection needs' : `${n} connections need`} you`;
}

export function buildTrayMenu(
  views: readonly ConnectionView[],
  vaultState: VaultState,
  now: number,
  actions: TrayActions,
): MenuItemConstructorOptions[] {
  const footer: MenuItemConstructorOptions[] = [
    { type: 'separator' },
    { label: 'Open TokenDesk', click: () => actions.open() },
    ...(vaultState === 'unlocked' ? [{ label: 'Lock', click: () => actions.lock() }] : []),
    { type: 'separator' },
    { label: 'Quit TokenDesk', click: () => actions.quit() },
  ];

  if (vaultState !== 'unlocked') {
    const head: Record<Exclude<VaultState, 'unlocked'>, [string, string]> = {
      locked: ['TokenDesk is locked', 'Unlock TokenDesk…'],
      new: ['No vault yet', 'Set up TokenDesk…'],
      damaged: ['The vault could not be opened', 'See what happened…'],
    };
    const [what, next] = head[vaultState];
    return [{ label: what, enabled: false }, { label: next, click: () => actions.open() }, ...footer];
  }

  const slots = slotsOf(views);
  if (slots.length === 0) {
    return [{ label: 'No connections yet', enabled: false }, { label: 'Add a connection…', click: () => actions.open() }, ...footer];
  }

  const items: MenuItemConstructorOptions[] = slots.map((s) => {
    if ('empty' in s) return { label: `${s.name} · tick a tenant first`, click: () => actions.open() };
    if (s.status.state === 'needs-you') {
      return { id: itemId(s), label: `Needs you: ${s.name} — ${shortReason(s.status)}`, click: () => actions.open() };
    }
    const slot = s;
    return {
      id: itemId(slot),
      label: `${slot.name} · ${describeStatus(slot.status, now)}`,
      toolTip: 'Click to copy the header',
      click: () => (slot.tenantId === undefined ? actions.copy(slot.connectionId) : actions.copy(slot.connectionId, slot.tenantId)),
    };
  });
  return [{ label: 'Click a connection to copy its header', enabled: false }, ...items, ...footer];
}

function itemId(s: Slot): string {
  return s.tenantId === undefined ? s.connectionId : `${s.connectionId}/${s.tenantId}`;
}
