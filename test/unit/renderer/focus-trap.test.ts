// @vitest-environment jsdom
/**
 * The dialog's focus trap: Tab from the last control goes to the first, Shift+Tab from the
 * first to the last, the middle is left to the browser, and controls Tab never stops at
 * (disabled, hidden, tabindex -1, the unchosen radios of a group) are skipped.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { tabbables, trapFocus, wrapTarget } from '../../../src/renderer/src/lib/focus-trap';

function build(html: string): HTMLElement {
  const box = document.createElement('div');
  box.innerHTML = html;
  document.body.append(box);
  return box;
}
const byId = (id: string) => document.getElementById(id)!;
const names = (els: HTMLElement[]) => els.map((e) => e.id);

function pressTab(target: HTMLElement, shiftKey = false): KeyboardEvent {
  const e = new KeyboardEvent('keydown', { key: 'Tab', shiftKey, bubbles: true, cancelable: true });
  target.dispatchEvent(e);
  return e;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('tabbables', () => {
  it('lists only the controls Tab stops at, in document order', () => {
    const box = build(`
      <button id="close">×</button>
      <button id="off" disabled>Off</button>
      <input id="hiddenInput" type="hidden" />
      <div hidden><button id="inHidden">No</button></div>
      <a id="noHref">not a link</a>
      <a id="link" href="#x">Link</a>
      <span id="skip" tabindex="-1">skip</span>
      <input id="r1" type="radio" name="theme" />
      <input id="r2" type="radio" name="theme" checked />
      <input id="r3" type="radio" name="theme" />
      <select id="sel"><option>a</option></select>
      <div id="custom" tabindex="0">custom</div>
      <button id="busy" aria-disabled="true">Busy</button>
    `);
    expect(names(tabbables(box))).toEqual(['close', 'link', 'r2', 'sel', 'custom', 'busy']);
  });

  it('takes the first radio of a group when none is chosen', () => {
    const box = build(`<input id="a" type="radio" name="g" /><input id="b" type="radio" name="g" />`);
    expect(names(tabbables(box))).toEqual(['a']);
  });
});

describe('wrapTarget', () => {
  const html = `<button id="first">First</button><input id="middle" /><button id="last">Last</button>`;

  it('wraps Tab from the last control to the first, and Shift+Tab from the first to the last', () => {
    const box = build(html);
    expect(wrapTarget(box, byId('last'), false)?.id).toBe('first');
    expect(wrapTarget(box, byId('first'), true)?.id).toBe('last');
  });

  it('leaves moves in the middle to the browser', () => {
    const box = build(html);
    expect(wrapTarget(box, byId('first'), false)).toBeNull();
    expect(wrapTarget(box, byId('middle'), true)).toBeNull();
    expect(wrapTarget(box, byId('last'), true)).toBeNull();
  });

  it('brings focus that is outside (or on the container itself) back in', () => {
    const box = build(html);
    const outside = document.createElement('button');
    document.body.append(outside);
    expect(wrapTarget(box, outside, false)?.id).toBe('first');
    expect(wrapTarget(box, document.body, true)?.id).toBe('last');
    expect(wrapTarget(box, box, false)?.id).toBe('first');
  });

  it('keeps focus on the container when nothing inside can take it', () => {
    const box = build(`<p>Nothing to press</p><button disabled>Off</button>`);
    expect(wrapTarget(box, box, false)).toBe(box);
  });
});

describe('trapFocus', () => {
  it('moves focus round on Tab and Shift+Tab at the ends and stops once removed', () => {
    const box = build(`<button id="first">First</button><input id="middle" /><button id="last">Last</button>`);
    const remove = trapFocus(box);

    byId('last').focus();
    const tab = pressTab(byId('last'));
    expect(tab.defaultPrevented).toBe(true);
    expect(document.activeElement?.id).toBe('first');

    const back = pressTab(byId('first'), true);
    expect(back.defaultPrevented).toBe(true);
    expect(document.activeElement?.id).toBe('last');

    // In the middle the browser moves focus itself: the event is left alone.
    byId('middle').focus();
    expect(pressTab(byId('middle')).defaultPrevented).toBe(false);
    expect(document.activeElement?.id).toBe('middle');

    remove();
    byId('last').focus();
    expect(pressTab(byId('last')).defaultPrevented).toBe(false);
    expect(document.activeElement?.id).toBe('last');
  });

  it('leaves a dialog opened inside the trapped one to its own trap', () => {
    const box = build(`<button id="outerFirst">A</button><dialog open id="inner"><button id="innerOnly">B</button></dialog>`);
    trapFocus(box);
    byId('innerOnly').focus();
    // The outer trap's last stop, but owned by the inner dialog: the outer trap does not wrap it.
    expect(pressTab(byId('innerOnly')).defaultPrevented).toBe(false);
    expect(document.activeElement?.id).toBe('innerOnly');
  });

  it('ignores other keys and Ctrl+Tab', () => {
    const box = build(`<button id="first">First</button><button id="last">Last</button>`);
    trapFocus(box);
    byId('last').focus();
    const enter = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
    byId('last').dispatchEvent(enter);
    const ctrlTab = new KeyboardEvent('keydown', { key: 'Tab', ctrlKey: true, bubbles: true, cancelable: true });
    byId('last').dispatchEvent(ctrlTab);
    expect(enter.defaultPrevented || ctrlTab.defaultPrevented).toBe(false);
    expect(document.activeElement?.id).toBe('last');
  });
});
