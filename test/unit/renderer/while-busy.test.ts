/**
 * whileBusy: a blocked button is marked aria-disabled (never `disabled`, which would drop
 * keyboard focus), ignores presses and stops its form from submitting; the one whose work
 * runs is marked busy; an idle button just runs its action.
 */
import type { MouseEvent } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { whileBusy } from '../../../src/renderer/src/lib/use-action';

function press(props: ReturnType<typeof whileBusy>): { prevented: boolean } {
  let prevented = false;
  props.onClick({ preventDefault: () => (prevented = true) } as unknown as MouseEvent<HTMLButtonElement>);
  return { prevented };
}

describe('whileBusy', () => {
  it('runs the action of an idle button and marks nothing', () => {
    const action = vi.fn();
    const props = whileBusy(false, action);
    expect(props['aria-disabled']).toBeUndefined();
    expect(props['aria-busy']).toBeUndefined();
    expect('disabled' in props).toBe(false);
    expect(press(props).prevented).toBe(false);
    expect(action).toHaveBeenCalledTimes(1);
  });

  it('ignores a press on a blocked button and keeps it focusable', () => {
    const action = vi.fn();
    const props = whileBusy(true, action);
    expect(props['aria-disabled']).toBe(true);
    expect(props['aria-busy']).toBe(true);
    expect('disabled' in props).toBe(false);
    expect(press(props).prevented).toBe(true);
    expect(action).not.toHaveBeenCalled();
  });

  it('marks only the running button busy; the others are just blocked', () => {
    const other = whileBusy(true, vi.fn(), false);
    expect(other['aria-disabled']).toBe(true);
    expect(other['aria-busy']).toBeUndefined();
  });

  it('stops a blocked submit button (no action of its own) from submitting its form', () => {
    expect(press(whileBusy(true)).prevented).toBe(true);
    expect(press(whileBusy(false)).prevented).toBe(false);
  });
});
