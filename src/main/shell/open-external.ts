/**
 * Opens a page in the person's default browser: the core's `openExternal` port, used for
 * OAuth2 sign-in (RFC 8252: the system browser, never a TokenDesk window, so the person
 * sees the real address bar and their password manager works).
 *
 * Only https:// pages, or http:// on this computer (a local sign-in server), are opened:
 * `shell.openExternal` would otherwise hand any URL (file:, smb:, custom schemes that start
 * programs) to the operating system.
 */
import { shell } from 'electron';
import { isAllowedBaseUrl } from '../../shared/validation';

export function isSafeToOpen(url: string): boolean {
  return isAllowedBaseUrl(url);
}

export async function openInBrowser(url: string): Promise<void> {
  if (!isSafeToOpen(url)) {
    throw new Error('TokenDesk only opens https:// pages (or http:// on this computer) in the browser.');
  }
  // activate: bring the browser to the front (macOS); the sign-in page needs the person.
  await shell.openExternal(url, { activate: true });
}
