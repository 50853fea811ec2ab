import * as fsp from 'node:fs/promises';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  applyLaunchAtLogin,
  autostartEntry,
  autostartPath,
  HIDDEN_ARG,
  launchCommand,
  quoteExecArg,
  startedAtLogin,
  type LaunchAtLoginDeps,
  type LinuxLaunchTarget,
  type LoginItemApp,
} from '../../../../src/main/shell/launch-at-login';

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'td-autostart-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

const noLoginItems: LoginItemApp = {
  getLoginItemSettings: () => {
    throw new Error('not used on Linux');
  },
  setLoginItemSettings: () => {
    throw new Error('not used on Linux');
  },
};

function linux(env: Record<string, string | undefined> = {}, more: Partial<LinuxLaunchTarget> = {}): LaunchAtLoginDeps {
  return { platform: 'linux', loginItems: noLoginItems, linux: { env, home, execPath: '/opt/TokenDesk/tokendesk', appPath: null, ...more } };
}

/** The Exec line read back the way a desktop reads it: string unescape, then argument unquoting. */
function execArgs(entry: string): string[] {
  const line = entry.split('\n').find((l) => l.startsWith('Exec='))!.slice('Exec='.length);
  const unescaped = line.replace(/\\\\/g, '\\');
  const args: string[] = [];
  for (const m of unescaped.matchAll(/"((?:[^"\\]|\\.)*)"/g)) args.push(m[1]!.replace(/\\(.)/g, '$1').replace(/%%/g, '%'));
  return args;
}

describe('Linux autostart entry', () => {
  it('is written to ~/.config/autostart when XDG_CONFIG_HOME is unset, and removed again', async () => {
    const file = join(home, '.config', 'autostart', 'TokenDesk.desktop');
    await applyLaunchAtLogin(true, linux());
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/^\[Desktop Entry\]\n/);
    expect(text).toContain('\nType=Application\n');
    expect(text).toContain('\nName=TokenDesk\n');
    expect(text).toContain('\nX-GNOME-Autostart-enabled=true\n');
    expect(execArgs(text)).toEqual(['/opt/TokenDesk/tokendesk', HIDDEN_ARG]);
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect(await readdir(join(home, '.config', 'autostart'))).toEqual(['TokenDesk.desktop']);

    await applyLaunchAtLogin(false, linux());
    expect(await readdir(join(home, '.config', 'autostart'))).toEqual([]);
    // Turning it off again when there is nothing to remove is fine.
    await applyLaunchAtLogin(false, linux());
  });

  it('honours XDG_CONFIG_HOME (absolute only, as the spec says)', async () => {
    const xdg = join(home, 'xdg');
    await applyLaunchAtLogin(true, linux({ XDG_CONFIG_HOME: xdg }));
    expect(await readdir(join(xdg, 'autostart'))).toEqual(['TokenDesk.desktop']);
    expect(autostartPath({ XDG_CONFIG_HOME: 'relative/dir' }, '/home/me')).toBe('/home/me/.config/autostart/TokenDesk.desktop');
    expect(autostartPath({ XDG_CONFIG_HOME: '' }, '/home/me')).toBe('/home/me/.config/autostart/TokenDesk.desktop');
  });

  it('starts the AppImage file itself, not its temporary mount', () => {
    const target = { env: { APPIMAGE: '/home/me/Apps/TokenDesk-0.1.0.AppImage' }, home, execPath: '/tmp/.mount_TokenDxyz/tokendesk', appPath: null };
    expect(launchCommand(target)).toEqual(['/home/me/Apps/TokenDesk-0.1.0.AppImage', HIDDEN_ARG]);
    // Run from source: Electron plus the app folder.
    expect(launchCommand({ env: {}, home, execPath: '/repo/node_modules/electron/dist/electron', appPath: '/repo' })).toEqual([
      '/repo/node_modules/electron/dist/electron',
      '/repo',
      HIDDEN_ARG,
    ]);
  });

  it('quotes paths with spaces, quotes, $, backslashes and % so the desktop reads them back unchanged', () => {
    const odd = '/home/Ann "A" O\'Neil/$HOME/`x`/back\\slash/100%/TokenDesk.AppImage';
    const entry = autostartEntry([odd, HIDDEN_ARG]);
    expect(execArgs(entry)).toEqual([odd, HIDDEN_ARG]);
    expect(quoteExecArg('a$b')).toBe('"a\\\\$b"');
    expect(quoteExecArg('a\\b')).toBe('"a\\\\\\\\b"');
    expect(() => quoteExecArg('a\nExec=evil')).toThrow(TypeError);
  });

  it('a folder it may not write to fails with a plain message and leaves no temp file', async () => {
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const fs = { ...fsp, rename: vi.fn(() => Promise.reject(denied)) } as unknown as typeof fsp;
    await expect(applyLaunchAtLogin(true, { ...linux(), fs })).rejects.toMatchObject({
      code: 'setting-not-applied',
      message: expect.stringMatching(/^TokenDesk could not add itself to the apps that start when you sign in, because it is not allowed to change .*autostart\. Check that folder's permissions, or add TokenDesk in your desktop's "Startup Applications" settings\.$/),
    });
    expect(await readdir(join(home, '.config', 'autostart'))).toEqual([]);
  });

  it('a file it cannot remove says how to remove it by hand', async () => {
    const fs = { ...fsp, rm: vi.fn(() => Promise.reject(Object.assign(new Error('EROFS'), { code: 'EROFS' }))) } as unknown as typeof fsp;
    await expect(applyLaunchAtLogin(false, { ...linux(), fs })).rejects.toMatchObject({
      code: 'setting-not-applied',
      message: expect.stringContaining(`Delete ${join(home, '.config', 'autostart', 'TokenDesk.desktop')} yourself`),
    });
  });
});

describe('macOS and Windows login items', () => {
  function loginItems(openAtLogin: boolean) {
    const set = vi.fn();
    return { set, app: { getLoginItemSettings: () => ({ openAtLogin }), setLoginItemSettings: set } satisfies LoginItemApp };
  }

  for (const platform of ['darwin', 'win32'] as const) {
    it(`${platform}: turns the login item on (starting hidden) and off, and writes no file`, async () => {
      const on = loginItems(false);
      await applyLaunchAtLogin(true, { ...linux(), platform, loginItems: on.app });
      expect(on.set).toHaveBeenCalledWith({ openAtLogin: true, openAsHidden: true, args: [HIDDEN_ARG] });
      const off = loginItems(true);
      await applyLaunchAtLogin(false, { ...linux(), platform, loginItems: off.app });
      expect(off.set).toHaveBeenCalledWith({ openAtLogin: false, openAsHidden: true, args: [] });
      const same = loginItems(true);
      await applyLaunchAtLogin(true, { ...linux(), platform, loginItems: same.app });
      expect(same.set).not.toHaveBeenCalled();
      expect(await readdir(home)).toEqual([]);
    });
  }

  it('a refusal from the OS becomes a plain message', async () => {
    const app: LoginItemApp = {
      getLoginItemSettings: () => ({ openAtLogin: false }),
      setLoginItemSettings: () => {
        throw new Error('denied');
      },
    };
    await expect(applyLaunchAtLogin(true, { ...linux(), platform: 'darwin', loginItems: app })).rejects.toMatchObject({
      code: 'setting-not-applied',
      message: 'TokenDesk could not change the apps that start when you sign in. Try again, or change it in your system settings.',
    });
  });
});

describe('startedAtLogin', () => {
  it('is true for the --hidden argument on every OS, and for macOS "opened as hidden"', () => {
    const items = (wasOpenedAsHidden: boolean) => ({ getLoginItemSettings: () => ({ openAtLogin: true, wasOpenedAsHidden }) });
    expect(startedAtLogin(['tokendesk', HIDDEN_ARG], items(false), 'linux')).toBe(true);
    expect(startedAtLogin(['tokendesk'], items(false), 'linux')).toBe(false);
    expect(startedAtLogin(['tokendesk'], items(true), 'darwin')).toBe(true);
    expect(startedAtLogin(['tokendesk'], items(true), 'win32')).toBe(false);
  });
});
