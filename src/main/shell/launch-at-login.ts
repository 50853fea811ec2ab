/**
 * Applies the "launch at login" setting. Linux has no Electron API for it (the AppImage /
 * deb would need an autostart .desktop file), so it reports that instead of pretending.
 */
import { app } from 'electron';

export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; openAsHidden?: boolean; args?: string[] }): void;
  getLoginItemSettings(): { openAtLogin: boolean };
}

export const HIDDEN_ARG = '--hidden';

export function applyLaunchAtLogin(
  enabled: boolean,
  platform: NodeJS.Platform | string = process.platform,
  target: LoginItemApp = app,
): { ok: true } | { ok: false; message: string } {
  if (platform !== 'darwin' && platform !== 'win32') {
    return enabled ? { ok: false, message: 'Starting TokenDesk at login is not available on Linux yet. Add it to your desktop’s startup applications instead.' } : { ok: true };
  }
  try {
    if (target.getLoginItemSettings().openAtLogin === enabled) return { ok: true };
    // Started at login: stay in the tray instead of opening the window.
    target.setLoginItemSettings({ openAtLogin: enabled, openAsHidden: true, args: enabled ? [HIDDEN_ARG] : [] });
    return { ok: true };
  } catch {
    return { ok: false, message: 'TokenDesk could not change the login items. Try again, or change it in your system settings.' };
  }
}

/** True when this launch came from the login item (so the window starts hidden). */
export function startedAtLogin(argv: readonly string[] = process.argv, target: Pick<LoginItemApp, 'getLoginItemSettings'> = app): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  try {
    return (target.getLoginItemSettings() as { wasOpenedAsHidden?: boolean }).wasOpenedAsHidden === true;
  } catch {
    return false;
  }
}
