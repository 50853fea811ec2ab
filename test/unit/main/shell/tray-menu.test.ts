import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { buildTrayMenu, formatRemaining, trayStatus, type TrayActions } from '../../../../src/main/shell/tray-menu';
import type { ConnectionView, TokenStatus } from '../../../../src/shared/views';

const NOW = 1_700_000_000_000;
const MIN = 60_000;

function status(partial: Partial<TokenStatus>): TokenStatus {
  return { state: 'valid', message: 'Valid', expiresAt: null, renewsAt: null, ...partial };
}

function conn(id: string, label: string, s: TokenStatus, tenants: ConnectionView['tenants'] = []): ConnectionView {
  return {
    id, providerId: 'p', providerName: label, label, authKind: tenants.length ? 'cogniac' : 'resolver-password', baseUrl: null, username: null,
    headerName: 'Authorization', storedSecretFields: ['password'], checkUrl: null, hasTenants: tenants.length > 0, tenants, status: s, createdAt: 0, updatedAt: 0,
  };
}

const cogniac = conn('c1', 'Cogniac', status({ state: 'static' }), [
  { id: 't2', name: 'External Tenant 2', selected: true, status: status({ expiresAt: NOW + (4 * 24 + 23) * 60 * MIN + 30_000, renewsAt: NOW + 4 * 24 * 60 * MIN }) },
  { id: 't3', name: 'Not Ticked', selected: false, status: status({}) },
]);
const resolver = conn('r1', 'Resolver', status({ expiresAt: NOW + 60 * MIN, renewsAt: NOW + 3 * MIN }));
const basic = conn('b1', 'CohortGo', status({ state: 'static', message: 'Ready' }));
const broken = conn('r2', 'Resolver', status({ state: 'needs-you', message: 'Password rejected — update it', action: 'update-password' }));

function actions() {
  const a = {
    copy: vi.fn<(connectionId: string, tenantId?: string) => void>(),
    open: vi.fn<() => void>(),
    lock: vi.fn<() => void>(),
    quit: vi.fn<() => void>(),
  };
  return a satisfies TrayActions;
}
const labels = (items: MenuItemConstructorOptions[]) => items.filter((i) => i.type !== 'separator').map((i) => i.label);
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as unknown as () => void)();

describe('formatRemaining', () => {
  it('speaks plainly', () => {
    expect(formatRemaining(20_000)).toBe('under 1 min');
    expect(formatRemaining(3 * MIN + 5_000)).toBe('3 min');
    expect(formatRemaining(125 * MIN)).toBe('2 h 5 min');
    expect(formatRemaining(120 * MIN)).toBe('2 h');
    expect(formatRemaining((4 * 24 + 23) * 60 * MIN)).toBe('4 d 23 h');
    expect(formatRemaining(-5)).toBe('under 1 min');
  });
});

describe('buildTrayMenu', () => {
  it('lists each connection and ticked tenant with its time, then Open, Lock, Quit', () => {
    const menu = buildTrayMenu([cogniac, resolver, basic], 'unlocked', NOW, actions());
    expect(labels(menu)).toEqual([
      'Click a connection to copy its header',
      'Cogniac — External Tenant 2 · 4 d 23 h',
      'Resolver · renews in 3 min',
      'CohortGo · ready',
      'Open TokenDesk',
      'Lock',
      'Quit TokenDesk',
    ]);
  });

  it('copies the right connection and tenant on click; footer items call their actions', () => {
    const a = actions();
    const menu = buildTrayMenu([cogniac, resolver], 'unlocked', NOW, a);
    click(menu.find((i) => i.label?.startsWith('Cogniac')));
    expect(a.copy).toHaveBeenLastCalledWith('c1', 't2');
    click(menu.find((i) => i.label?.startsWith('Resolver')));
    expect(a.copy).toHaveBeenLastCalledWith('r1');
    expect(a.copy.mock.calls[1]).toHaveLength(1);
    click(menu.find((i) => i.label === 'Open TokenDesk'));
    click(menu.find((i) => i.label === 'Lock'));
    click(menu.find((i) => i.label === 'Quit TokenDesk'));
    expect([a.open, a.lock, a.quit].map((f) => f.mock.calls.length)).toEqual([1, 1, 1]);
  });

  it('shows needs-you items that open the window instead of copying', () => {
    const a = actions();
    const menu = buildTrayMenu([broken], 'unlocked', NOW, a);
    const item = menu.find((i) => i.label?.startsWith('Needs you'));
    expect(item?.label).toBe('Needs you: Resolver — password rejected');
    click(item);
    expect(a.open).toHaveBeenCalledOnce();
    expect(a.copy).not.toHaveBeenCalled();
  });

  it('when locked shows no connections, a disabled notice and "Unlock TokenDesk…"', () => {
    const a = actions();
    const menu = buildTrayMenu([resolver], 'locked', NOW, a);
    expect(labels(menu)).toEqual(['TokenDesk is locked', 'Unlock TokenDesk…', 'Open TokenDesk', 'Quit TokenDesk']);
    expect(menu[0]?.enabled).toBe(false);
    click(menu[1]);
    expect(a.open).toHaveBeenCalledOnce();
  });

  it('teaches the next step when there are no connections', () => {
    expect(labels(buildTrayMenu([], 'unlocked', NOW, actions())).slice(0, 2)).toEqual(['No connections yet', 'Add a connection…']);
  });

  it('says expired / renewing / offline plainly', () => {
    const items = labels(
      buildTrayMenu(
        [
          conn('a', 'A', status({ expiresAt: NOW - 1, renewsAt: null })),
          conn('b', 'B', status({ state: 'refreshing' })),
          conn('c', 'C', status({ state: 'offline' })),
        ],
        'unlocked',
        NOW,
        actions(),
      ),
    );
    expect(items.slice(1, 4)).toEqual(['A · expired', 'B · renewing…', 'C · offline — will retry']);
  });
});

describe('trayStatus', () => {
  it('is ok, attention or locked', () => {
    expect(trayStatus([cogniac, resolver, basic])).toBe('ok');
    expect(trayStatus([cogniac, broken])).toBe('attention');
    expect(trayStatus([conn('e', 'E', status({ state: 'error', message: 'Server error' }))])).toBe('attention');
    expect(trayStatus([broken], 'locked')).toBe('locked');
    // An unticked tenant that needs attention does not count.
    const quiet = conn('c', 'C', status({}), [{ id: 'x', name: 'X', selected: false, status: status({ state: 'needs-you' }) }]);
    expect(trayStatus([quiet])).toBe('ok');
  });
});
