// @vitest-environment jsdom
/**
 * The shared 1 Hz clock never shows a stale time: not on the first render of a countdown
 * mounted after the clock sat idle, and not after the window comes back into view (a hidden
 * window's timers are throttled, so the next tick could be a minute away).
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clockStats, useNow } from '../../../src/renderer/src/lib/clock';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);
const HOUR = 3_600_000;
let rendered: number[];
let host: HTMLDivElement;
let root: Root;

function Probe() {
  const now = useNow();
  rendered.push(now);
  return <span>{now}</span>;
}

function setVisibility(state: 'visible' | 'hidden'): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(T0);
  rendered = [];
  host = document.createElement('div');
  document.body.append(host);
  root = createRoot(host);
});
afterEach(() => {
  act(() => root.unmount());
  host.remove();
  vi.useRealTimers();
});

describe('the shared clock', () => {
  it('a countdown mounted after the clock sat idle renders the current time from its first frame', () => {
    act(() => root.render(<Probe />));
    act(() => root.render(<p>no countdowns</p>));
    expect(clockStats().running).toBe(false);

    vi.setSystemTime(T0 + HOUR);
    rendered = [];
    act(() => root.render(<Probe />));
    expect(rendered.length).toBeGreaterThan(0);
    // Every frame, the first included: a stale one would flash an hour-old countdown.
    for (const value of rendered) expect(value).toBeGreaterThanOrEqual(T0 + HOUR);
  });

  it('coming back into view ticks at once instead of waiting for a throttled timer', () => {
    act(() => root.render(<Probe />));
    setVisibility('hidden');
    // Time passes while the window is hidden, but no timer fires (as when throttled).
    vi.setSystemTime(T0 + 60_000);
    expect(host.textContent).toBe(String(T0));
    act(() => setVisibility('visible'));
    expect(host.textContent).toBe(String(T0 + 60_000));
  });

  it('a window hidden again does not tick, and the clock stops listening once no countdown is shown', () => {
    act(() => root.render(<Probe />));
    vi.setSystemTime(T0 + 5_000);
    act(() => setVisibility('hidden'));
    expect(host.textContent).toBe(String(T0));

    act(() => root.render(<p>no countdowns</p>));
    expect(clockStats()).toEqual({ subscribers: 0, running: false });
    rendered = [];
    act(() => setVisibility('visible'));
    expect(rendered).toEqual([]);
  });

  it('still ticks once a second while shown', () => {
    act(() => root.render(<Probe />));
    act(() => vi.advanceTimersByTime(3_000));
    expect(host.textContent).toBe(String(T0 + 3_000));
  });
});
