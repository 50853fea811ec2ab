import { beforeEach, describe, expect, it, vi } from 'vitest';

const register = vi.fn<(accelerator: string, cb: () => void) => boolean>();
const unregister = vi.fn<(accelerator: string) => void>();
vi.mock('electron', () => ({ globalShortcut: { register: (a: string, cb: () => void) => register(a, cb), unregister: (a: string) => unregister(a) } }));

const { ShortcutManager, describeAccelerator, DEFAULT_SHORTCUT } = await import('../../../../src/main/shell/shortcut');

describe('ShortcutManager', () => {
  beforeEach(() => {
    register.mockReset();
    unregister.mockReset();
  });

  it('registers the default shortcut and calls back on press', () => {
    register.mockReturnValue(true);
    const pressed = vi.fn();
    const m = new ShortcutManager(pressed, undefined, 'linux');
    expect(m.set(DEFAULT_SHORTCUT)).toEqual({ ok: true, accelerator: 'CommandOrControl+Shift+Space' });
    register.mock.calls[0]![1]();
    expect(pressed).toHaveBeenCalledOnce();
  });

  it('reports a conflict in one plain sentence and keeps the previous shortcut', () => {
    register.mockReturnValueOnce(true).mockReturnValueOnce(false);
    const m = new ShortcutManager(() => undefined, undefined, 'win32');
    m.set('Alt+K');
    expect(m.set(DEFAULT_SHORTCUT)).toEqual({ ok: false, message: 'Ctrl+Shift+Space is already used by another app. Choose another shortcut in Settings.' });
    expect(unregister).not.toHaveBeenCalled();
    expect(m.registered).toBe('Alt+K');
  });

  it('uses Mac key names on macOS and reports invalid accelerators', () => {
    register.mockReturnValue(false);
    expect(new ShortcutManager(() => undefined, undefined, 'darwin').set(DEFAULT_SHORTCUT)).toMatchObject({ message: expect.stringMatching(/^Cmd\+Shift\+Space is already used/) });
    register.mockImplementation(() => {
      throw new TypeError('Error processing argument at index 0, conversion failure from Nope+');
    });
    expect(new ShortcutManager(() => undefined, undefined, 'linux').set('Nope+')).toMatchObject({ ok: false, message: expect.stringContaining('is not a shortcut TokenDesk can use') });
  });

  it('swaps shortcuts by unregistering the old one only after the new one works', () => {
    register.mockReturnValue(true);
    const m = new ShortcutManager(() => undefined, undefined, 'linux');
    m.set('Alt+K');
    m.set('Alt+J');
    expect(unregister).toHaveBeenCalledWith('Alt+K');
    m.clear();
    expect(unregister).toHaveBeenLastCalledWith('Alt+J');
    expect(describeAccelerator('CmdOrCtrl+Alt+T', 'darwin')).toBe('Cmd+Option+T');
  });
});

describe('ShortcutManager as the core’s shortcut port', () => {
  beforeEach(() => {
    register.mockReset();
    unregister.mockReset();
  });

  it('apply() resolves when the shortcut is registered', async () => {
    register.mockReturnValue(true);
    const m = new ShortcutManager(() => undefined, undefined, 'linux');
    await expect(m.apply('Alt+K')).resolves.toBeUndefined();
    expect(m.registered).toBe('Alt+K');
  });

  it('apply() rejects with the plain sentence when another app owns it, keeping the previous one', async () => {
    register.mockReturnValueOnce(true).mockReturnValueOnce(false);
    const m = new ShortcutManager(() => undefined, undefined, 'win32');
    await m.apply('Alt+K');
    await expect(m.apply('Ctrl+Alt+T')).rejects.toMatchObject({
      code: 'setting-not-applied',
      message: 'Ctrl+Alt+T is already used by another app. Choose another shortcut in Settings.',
    });
    expect(m.registered).toBe('Alt+K');
    expect(unregister).not.toHaveBeenCalled();
  });

  it('apply() rejects an accelerator Electron cannot parse', async () => {
    register.mockImplementation(() => {
      throw new TypeError('conversion failure');
    });
    await expect(new ShortcutManager(() => undefined, undefined, 'linux').apply('Ctrl+Banana')).rejects.toMatchObject({
      code: 'setting-not-applied',
      message: 'Ctrl+Banana is not a shortcut TokenDesk can use. Choose another shortcut in Settings.',
    });
  });
});
