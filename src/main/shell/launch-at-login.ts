/**
 * The "start TokenDesk when I sign in" setting, on each OS:
 * - macOS and Windows: Electron's login items (`app.setLoginItemSettings`).
 * - Linux: Electron's call does nothing there, so TokenDesk writes (or removes) an XDG
 *   autostart entry, `$XDG_CONFIG_HOME/autostart/TokenDesk.desktop` (`~/.config` when the
 *   variable is unset or not absolute, as the XDG Base Directory spec says). GNOME, KDE,
 *   Xfce, Cinnamon, MATE and LXQt all start what is listed there.
 * A launch from the login item carries `--hidden`, so TokenDesk starts in the tray.
 * Failures come back as a CoreError with a plain message: the settings update that asked
 * for it fails and the setting is not saved (see SystemSettingsPort in core/ports.ts).
 */
import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { CoreError } from '../core/errors';

export const HIDDEN_ARG = '--hidden';
export const AUTOSTART_FILE_NAME = 'TokenDesk.desktop';

export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] }): void;
  getLoginItemSettings(): { openAtLogin: boolean };
}

/** What the Linux autostart entry needs to know about this install. */
export interface LinuxLaunchTarget {
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  /** `process.execPath`: the TokenDesk binary (or Electron itself when run from source). */
  execPath: string;
  /** Run from source: Electron needs the app folder as its first argument. */
  appPath: string | null;
}

/** The part of node:fs/promises used for the autostart file (tests may pass a faulty one). */
export type AutostartFs = Pick<typeof fsp, 'mkdir' | 'writeFile' | 'rename' | 'rm'>;

export interface LaunchAtLoginDeps {
  platform: NodeJS.Platform | string;
  loginItems: LoginItemApp;
  linux: LinuxLaunchTarget;
  fs?: AutostartFs;
}

/** Pure: `$XDG_CONFIG_HOME/autostart/TokenDesk.desktop`, or `~/.config/autostart/…`. */
export function autostartPath(env: Readonly<Record<string, string | undefined>>, home: string): string {
  const configured = env['XDG_CONFIG_HOME'];
  const configHome = configured && isAbsolute(configured) ? configured : join(home, '.config');
  return join(configHome, 'autostart', AUTOSTART_FILE_NAME);
}

/**
 * Pure: the command that starts this install. An AppImage runs from a temporary mount
 * that changes every launch, so its own file (`$APPIMAGE`) is what must be started.
 */
export function launchCommand(target: LinuxLaunchTarget): string[] {
  const appImage = target.env['APPIMAGE'];
  if (appImage && isAbsolute(appImage)) return [appImage, HIDDEN_ARG];
  return [target.execPath, ...(target.appPath ? [target.appPath] : []), HIDDEN_ARG];
}

/**
 * Pure: one Exec argument, quoted by the Desktop Entry spec: inside double quotes, `"`,
 * `` ` ``, `$` and `\` get a backslash; `%` is doubled (field codes). The whole value is
 * then a desktop-file string, where a backslash itself is written `\\`.
 */
export function quoteExecArg(arg: string): string {
  if (/[\r\n]/.test(arg)) throw new TypeError('an Exec argument cannot contain a line break');
  const quoted = `"${arg.replace(/(["`$\\])/g, '\\$1').replace(/%/g, '%%')}"`;
  return quoted.replace(/\\/g, '\\\\');
}

/** Pure: the .desktop file for the command. */
export function autostartEntry(command: readonly string[]): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=TokenDesk',
    'Comment=Keeps your API sign-ins fresh and copies a working header in one click',
    `Exec=${command.map(quoteExecArg).join(' ')}`,
    'Icon=tokendesk',
    'Terminal=false',
    'Categories=Utility;',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

function errCode(e: unknown): string {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'unknown';
}

async function writeAutostart(file: string, text: string, fs: AutostartFs): Promise<void> {
  await fs.mkdir(dirname(file), { recursive: true, mode: 0o700 });
  // Temp + rename: a crash never leaves a half-written entry that the desktop would choke on.
  const temp = `${file}.tmp-${randomBytes(4).toString('hex')}`;
  try {
    await fs.writeFile(temp, text, { encoding: 'utf8', mode: 0o644, flag: 'wx' });
    await fs.rename(temp, file);
  } catch (e) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw e;
  }
}

function linuxFailure(enabled: boolean, file: string, e: unknown): CoreError {
  const code = errCode(e);
  const why =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? `it is not allowed to change ${dirname(file)}`
      : code === 'ENOSPC'
        ? 'the disk is full'
        : `of a disk error (${code})`;
  return new CoreError(
    'setting-not-applied',
    enabled
      ? `TokenDesk could not add itself to the apps that start when you sign in, because ${why}. Check that folder's permissions, or add TokenDesk in your desktop's "Startup Applications" settings.`
      : `TokenDesk could not remove itself from the apps that start when you sign in, because ${why}. Delete ${file} yourself, or remove TokenDesk in your desktop's "Startup Applications" settings.`,
    { cause: code },
  );
}

/** Turns starting at sign-in on or off for this OS. Throws a CoreError in plain words on failure. */
export async function applyLaunchAtLogin(enabled: boolean, deps: LaunchAtLoginDeps): Promise<void> {
  if (deps.platform === 'darwin' || deps.platform === 'win32') {
    try {
      if (deps.loginItems.getLoginItemSettings().openAtLogin === enabled) return;
      // Started at login: stay in the tray instead of opening the window.
      deps.loginItems.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: true, args: enabled ? [HIDDEN_ARG] : [] });
      return;
    } catch {
      throw new CoreError('setting-not-applied', 'TokenDesk could not change the apps that start when you sign in. Try again, or change it in your system settings.');
    }
  }
  const fs = deps.fs ?? fsp;
  const file = autostartPath(deps.linux.env, deps.linux.home);
  try {
    // Written again even when present: the AppImage may have moved since, or the app been updated.
    if (enabled) await writeAutostart(file, autostartEntry(launchCommand(deps.linux)), fs);
    else await fs.rm(file, { force: true });
  } catch (e) {
    throw linuxFailure(enabled, file, e);
  }
}

/** The real inputs for this process (composition root only). */
export function currentLinuxTarget(isPackaged: boolean, appPath: string): LinuxLaunchTarget {
  return { env: process.env, home: homedir(), execPath: process.execPath, appPath: isPackaged ? null : appPath };
}

/** True when this launch came from the login item (so the window starts hidden). */
export function startedAtLogin(argv: readonly string[], loginItems: Pick<LoginItemApp, 'getLoginItemSettings'>, platform: NodeJS.Platform | string): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  if (platform !== 'darwin') return false;
  try {
    return (loginItems.getLoginItemSettings() as { wasOpenedAsHidden?: boolean }).wasOpenedAsHidden === true;
  } catch {
    return false;
  }
}
