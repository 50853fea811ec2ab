/**
 * Clipboard policy through the core door, on the fake clock: auto-clear Off never clears;
 * 10 s and 300 s clear exactly when due and only if the clipboard still holds what
 * TokenDesk put there; lock and quit (core.close) clear under the same rule; settings out
 * of range are refused in plain words and change nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleCall } from '../../../../src/main/shell/ipc';
import { makeCore, MASTER, type Harness } from '../../../support/core-harness';
import { createFakeClock, type FakeClock } from '../../../support/fake-clock';

let clock: FakeClock;
let h: Harness;
let connectionId: string;

beforeEach(async () => {
  clock = createFakeClock();
  h = await makeCore({ clock });
  await h.core.vault.create({ password: MASTER });
  connectionId = (await h.core.connections.add({ providerId: 'custom', label: 'B', auth: { kind: 'bearer', token: 'tok-123' } })).id;
  await clock.advance(200); // let the batched view push go out, so only clipboard timers remain
});
afterEach(async () => h.cleanup());

const HEADER = 'Authorization: Bearer tok-123';
const copy = () => h.core.tokens.copy({ connectionId, format: 'header' });

describe('auto-clear', () => {
  it('Off (0) never clears and arms no timer', async () => {
    await h.core.settings.update({ clipboardClearSeconds: 0 });
    const r = await copy();
    expect(r.clearsAt).toBeNull();
    expect(clock.pendingTimers()).toBe(0);
    await clock.advance(7 * 24 * 3600 * 1000);
    expect(h.clipboard.text).toBe(HEADER);
  });

  it.each([10, 300])('%i s: cleared exactly when due if unchanged, never if the person copied something else', async (seconds) => {
    await h.core.settings.update({ clipboardClearSeconds: seconds });
    const r = await copy();
    expect(r.clearsAt).toBe(r.copiedAt + seconds * 1000);
    await clock.advance(seconds * 1000 - 1);
    expect(h.clipboard.text).toBe(HEADER);
    await clock.advance(1);
    expect(h.clipboard.text).toBe('');

    await copy();
    h.clipboard.text = 'the person copied this';
    await clock.advance(seconds * 1000);
    expect(h.clipboard.text).toBe('the person copied this');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a new copy starts the wait again', async () => {
    await h.core.settings.update({ clipboardClearSeconds: 10 });
    await copy();
    await clock.advance(6_000);
    const again = await copy();
    expect(again.clearsAt).toBe(clock.now() + 10_000);
    await clock.advance(9_999);
    expect(h.clipboard.text).toBe(HEADER);
    await clock.advance(1);
    expect(h.clipboard.text).toBe('');
  });
});

describe('lock and quit', () => {
  it('lock clears our value, even with auto-clear Off', async () => {
    await h.core.settings.update({ clipboardClearSeconds: 0 });
    await copy();
    await h.core.vault.lock();
    expect(h.clipboard.text).toBe('');
  });

  it('lock leaves what the person copied afterwards', async () => {
    await copy();
    h.clipboard.text = 'the person copied this';
    await h.core.vault.lock();
    expect(h.clipboard.text).toBe('the person copied this');
  });

  it('quit (core.close) clears our value and leaves no timer', async () => {
    await copy();
    await h.core.close();
    expect(h.clipboard.text).toBe('');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('quit leaves what the person copied afterwards', async () => {
    await copy();
    h.clipboard.text = 'the person copied this';
    await h.core.close();
    expect(h.clipboard.text).toBe('the person copied this');
  });
});

describe('settings out of range are refused plainly and change nothing', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['clipboard 5 s', { clipboardClearSeconds: 5 }, 'Choose Off, or between 10 and 300 seconds.'],
    ['clipboard 9 s', { clipboardClearSeconds: 9 }, 'Choose Off, or between 10 and 300 seconds.'],
    ['clipboard 301 s', { clipboardClearSeconds: 301 }, 'Choose Off, or between 10 and 300 seconds.'],
    ['clipboard -1', { clipboardClearSeconds: -1 }, 'Choose Off, or between 10 and 300 seconds.'],
    ['clipboard 12.5 s', { clipboardClearSeconds: 12.5 }, 'Choose Off, or between 10 and 300 seconds.'],
    ['clipboard as text', { clipboardClearSeconds: '30' }, 'Choose Off, or between 10 and 300 seconds.'],
    ['clipboard null', { clipboardClearSeconds: null }, 'Choose Off, or between 10 and 300 seconds.'],
    ['idle lock -1', { lockAfterIdleMinutes: -1 }, 'Enter the minutes as a whole number from 0 (never) to 1440 (24 hours).'],
    ['idle lock 2 days', { lockAfterIdleMinutes: 2880 }, 'Enter the minutes as a whole number from 0 (never) to 1440 (24 hours).'],
    ['min validity 5 s', { minValiditySeconds: 5 }, 'Enter a whole number of seconds from 10 to 86400 (24 hours).'],
    ['empty shortcut', { shortcut: '  ' }, 'Press the keys for the shortcut, for example Ctrl+Shift+Space.'],
    ['unknown theme', { theme: 'blue' }, 'Choose the theme: system, light or dark.'],
    ['not on/off', { launchAtLogin: 'yes' }, 'Choose on or off for starting at login.'],
    ['unknown setting', { clipboard: 10 }, 'TokenDesk has no setting called “clipboard”.'],
  ];
  it.each(cases)('%s', async (_name, patch, message) => {
    const before = await h.core.settings.get();
    const r = await handleCall(h.core, 'settings:update', patch);
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid-input', message } });
    expect(await h.core.settings.get()).toEqual(before);
  });

  it.each([0, 10, 300])('clipboard %i is accepted', async (seconds) => {
    expect((await h.core.settings.update({ clipboardClearSeconds: seconds })).clipboardClearSeconds).toBe(seconds);
  });
});
