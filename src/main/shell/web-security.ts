/**
 * What a TokenDesk page may do besides talking to its own preload: nothing. Every web
 * contents (main window, palette, anything added later) gets the same guards, installed
 * once from `app.on('web-contents-created')`, and the session refuses every permission.
 *
 * - `window.open` / `target="_blank"`: never a new Electron window. A web link (https
 *   only) opens in the person's own browser instead: that is intended, since provider
 *   recipes carry a docs link (`ProviderView.docsUrl`) meant to be read there.
 * - Navigation: the page may only (re)load itself. A link that would replace the app with
 *   a web page is cancelled and, when it is https, opened in the browser as above.
 * - `<webview>`: never attached (the tag is off in webPreferences too; this is the second
 *   lock recommended by Electron's security checklist).
 * - Permissions (camera, notifications from the page, clipboard-read, geolocation…): both
 *   the request handler and the synchronous check handler say no. Desktop notifications
 *   come from main (`notifications.ts`), not from the page.
 */
import { CONTENT_SECURITY_POLICY } from './window-options';

/** The part of `WebContents` the guards use (tests pass a fake). */
export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

/** The part of `Session` used here. */
export interface GuardedSession {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
  webRequest: {
    onHeadersReceived(
      listener: (
        details: { responseHeaders?: Record<string, string[] | string> },
        callback: (response: { responseHeaders: Record<string, string[] | string> }) => void,
      ) => void,
    ): void;
  };
}

export interface WebSecurityPolicy {
  /** True for the app's own page (its file:// folder, or the dev server's origin): `isTrustedUrl` from ipc.ts. */
  isAppUrl(url: string): boolean;
  /** Opens a link in the person's browser (`shell.openExternal`). */
  openExternal(url: string): void;
}

/** Pure: is this a link we hand to the browser? Only https; never file:, javascript:, http: or custom schemes. */
export function isExternalWebLink(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.hostname !== '';
  } catch {
    return false;
  }
}

export function guardWebContents(contents: GuardedContents, policy: WebSecurityPolicy): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebLink(url)) policy.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (policy.isAppUrl(url)) return;
    event.preventDefault();
    if (isExternalWebLink(url)) policy.openExternal(url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function secureSession(session: GuardedSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  // The page also carries the policy as a meta tag (src/renderer/index.html); the header
  // additionally covers `frame-ancestors`, which browsers ignore in a meta tag.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}
