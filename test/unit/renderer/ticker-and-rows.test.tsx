// @vitest-environment jsdom
/**
 * The window's render budget: one 1 Hz timer drives every countdown, a tick re-renders only
 * the countdowns, and a pushed list where one connection changed re-renders only that row.
 * Renders are counted through the two functions each part calls once per render:
 * `formatCountdown` (Countdown) and `plainMessage` (a row's status line).
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as StatePillModule from '../../../src/renderer/src/components/StatePill';
import type * as TimeModule from '../../../src/renderer/src/lib/time';
import type { TokenStatus } from '../../../src/shared/views';
import { asPushed, connectionView, T0, tenantView, validStatus } from './view-fixtures';

const spies = vi.hoisted(() => ({ countdown: [] as Array<number | null>, rows: [] as TokenStatus[] }));

vi.mock('../../../src/renderer/src/lib/time', async (importOriginal) => {
  const real = await importOriginal<typeof TimeModule>();
  return {
    ...real,
    formatCountdown: (expiresAt: number | null, renewsAt: number | null, now: number) => {
      spies.countdown.push(expiresAt);
      return real.formatCountdown(expiresAt, renewsAt, now);
    },
  };
});
vi.mock('../../../src/renderer/src/components/StatePill', async (importOriginal) => {
  const real = await importOriginal<typeof StatePillModule>();
  return {
    ...real,
    plainMessage: (status: TokenStatus) => {
      spies.rows.push(status);
      return real.plainMessage(status);
    },
  };
});

const { ConnectionList } = await import('../../../src/renderer/src/features/connections/ConnectionList');
const { clockStats } = await import('../../../src/renderer/src/lib/clock');
const { useAppStore } = await import('../../../src/renderer/src/store/app-store');

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let host: HTMLDivElement;
let root: Root;

function mount(): void {
  act(() => root.render(<ConnectionList onAdd={() => undefined} />));
}
function countdownTexts(): string[] {
  return [...host.querySelectorAll('[data-testid="countdown"]')].map((e) => e.textContent ?? '');
}
function resetSpies(): void {
  spies.countdown.length = 0;
  spies.rows.length = 0;
}

const connections = () => [
  connectionView(1),
  connectionView(2, { status: validStatus(10 * 60_000) }),
  connectionView(3, { providerId: 'cogniac', providerName: 'Cogniac', hasTenants: true, tenants: [tenantView('a'), tenantView('b', validStatus(80 * 60_000))] }),
];
const COUNTDOWNS = 4; // two plain connections + two tenants

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(T0);
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
  useAppStore.setState({ connections: [] });
  useAppStore.getState().setConnections(connections());
  resetSpies();
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
  vi.useRealTimers();
});

describe('the 1 Hz clock', () => {
  it('runs one timer for every countdown on screen, and none once they are gone', () => {
    expect(clockStats()).toEqual({ subscribers: 0, running: false });
    mount();
    expect(clockStats()).toEqual({ subscribers: COUNTDOWNS, running: true });
    expect(vi.getTimerCount()).toBe(1);
    act(() => root.render(<p>elsewhere</p>));
    expect(clockStats()).toEqual({ subscribers: 0, running: false });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('moves every countdown once a second', () => {
    mount();
    const before = countdownTexts();
    // Cogniac's tenants first (services in A–Z order), then the connections by name.
    expect(before).toEqual(['renews in 30:00', 'renews in 40:00', 'renews in 7:30', 'renews in 5:00']);
    act(() => vi.advanceTimersByTime(1_000));
    const after = countdownTexts();
    expect(after).toHaveLength(COUNTDOWNS);
    after.forEach((t, i) => expect(t, `countdown ${i} moved`).not.toBe(before[i]));
  });

  it('a tick re-renders the countdowns and nothing else', () => {
    mount();
    resetSpies();
    act(() => vi.advanceTimersByTime(1_000));
    expect(spies.countdown).toHaveLength(COUNTDOWNS);
    expect(spies.rows, 'row bodies rendered on a tick').toEqual([]);
    for (let i = 0; i < 5; i++) act(() => vi.advanceTimersByTime(1_000));
    expect(spies.countdown).toHaveLength(COUNTDOWNS * 6);
    expect(spies.rows).toEqual([]);
  });
});

describe('pushed changes', () => {
  it('the same list pushed again re-renders nothing', () => {
    mount();
    resetSpies();
    act(() => useAppStore.getState().setConnections(asPushed(connections())));
    expect(spies.rows).toEqual([]);
    expect(spies.countdown).toEqual([]);
  });

  it('one renewed connection re-renders only its own row', () => {
    mount();
    resetSpies();
    const next = asPushed(connections());
    next[1]!.status = validStatus(15 * 60_000, 'Valid — renewed just now');
    act(() => useAppStore.getState().setConnections(next));
    expect(spies.rows.map((s) => s.message)).toEqual(['Valid — renewed just now']);
    expect(spies.countdown).toEqual([next[1]!.status.expiresAt]);
  });

  it('one renewed tenant re-renders its connection, and the other tenant row stays', () => {
    mount();
    resetSpies();
    const next = asPushed(connections());
    next[2]!.tenants[0]!.status = validStatus(9_000_000);
    act(() => useAppStore.getState().setConnections(next));
    expect(spies.rows).toEqual([next[2]!.tenants[0]!.status]);
  });
});
