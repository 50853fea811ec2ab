import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { isTrustedUrl } from '../../../../src/main/shell/ipc';
import { guardWebContents, isExternalWebLink, secureSession, type GuardedContents, type GuardedSession } from '../../../../src/main/shell/web-security';
import { CONTENT_SECURITY_POLICY } from '../../../../src/main/shell/window-options';

const APP = 'file:///opt/TokenDesk/resources/app.asar/out/renderer/';

/** A fake WebContents that records the handlers the guards install. */
function fakeContents() {
  let openHandler: ((d: { url: string }) => { action: string }) | null = null;
  const listeners = new Map<string, (event: { preventDefault(): void }, url?: string) => void>();
  const contents = {
    setWindowOpenHandler: (h: (d: { url: string }) => { action: string }) => void (openHandler = h),
    on: (event: string, fn: (event: { preventDefault(): void }, url?: string) => void) => void listeners.set(event, fn),
  } as unknown as GuardedContents;
  const fire = (event: string, url?: string) => {
    const e = { preventDefault: vi.fn() };
    listeners.get(event)!(e, url);
    return e.preventDefault.mock.calls.length > 0;
  };
  return { contents, open: (url: string) => openHandler!({ url }), fire, listeners };
}

function guarded() {
  const f = fakeContents();
  const openExternal = vi.fn();
  guardWebContents(f.contents, { isAppUrl: (url) => isTrustedUrl(url, [APP]), openExternal });
  return { ...f, openExternal };
}

describe('guardWebContents', () => {
  it('denies every window.open; only https links go to the browser', () => {
    const g = guarded();
    expect(g.open('https://docs.cogniac.io/api')).toEqual({ action: 'deny' });
    expect(g.openExternal).toHaveBeenCalledWith('https://docs.cogniac.io/api');
    for (const url of ['http://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'about:blank', `${APP}index.html`, 'smb://share/x', 'not a url']) {
      expect(g.open(url)).toEqual({ action: 'deny' });
    }
    expect(g.openExternal).toHaveBeenCalledTimes(1);
  });

  it('cancels navigation away from the app page, and lets the page reload itself', () => {
    const g = guarded();
    expect(g.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(g.openExternal).toHaveBeenLastCalledWith('https://evil.example/');
    expect(g.fire('will-navigate', 'file:///tmp/evil.html')).toBe(true);
    expect(g.fire('will-navigate', 'http://127.0.0.1:9/')).toBe(true);
    expect(g.openExternal).toHaveBeenCalledTimes(1);
    expect(g.fire('will-navigate', `${APP}index.html#/settings`)).toBe(false);
  });

  it('never attaches a webview', () => {
    expect(guarded().fire('will-attach-webview')).toBe(true);
  });
});

describe('isExternalWebLink', () => {
  it('accepts https with a host only', () => {
    expect(isExternalWebLink('https://a.example/x?y')).toBe(true);
    expect(isExternalWebLink('HTTPS://A.EXAMPLE')).toBe(true);
    expect(isExternalWebLink('https://')).toBe(false);
    expect(isExternalWebLink('http://a.example')).toBe(false);
  });
});

describe('secureSession', () => {
  function fakeSession() {
    const s = {
      request: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
      check: null as null | ((wc: unknown, p: string) => boolean),
      headers: null as null | ((d: { responseHeaders?: Record<string, string[] | string> }, cb: (r: { responseHeaders: Record<string, string[] | string> }) => void) => void),
    };
    const session: GuardedSession = {
      setPermissionRequestHandler: (h) => void (s.request = h),
      setPermissionCheckHandler: (h) => void (s.check = h),
      webRequest: { onHeadersReceived: (h) => void (s.headers = h) },
    };
    secureSession(session);
    return s;
  }

  it('refuses every permission request and every permission check', () => {
    const s = fakeSession();
    for (const permission of ['media', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'geolocation', 'openExternal', 'fullscreen']) {
      const cb = vi.fn();
      s.request!({}, permission, cb);
      expect(cb).toHaveBeenCalledExactlyOnceWith(false);
      expect(s.check!({}, permission)).toBe(false);
    }
  });

  it('adds the CSP header to every response, keeping the others', () => {
    const s = fakeSession();
    const cb = vi.fn();
    s.headers!({ responseHeaders: { 'X-Other': ['1'] } }, cb);
    expect(cb).toHaveBeenCalledWith({ responseHeaders: { 'X-Other': ['1'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
});

/** Directive name → sources, from a CSP string. */
function directives(csp: string): Map<string, string> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...sources] = d.split(/\s+/);
        return [name!, sources.join(' ')] as const;
      }),
  );
}

function metaCsp(html: string): string | null {
  const tag = /<meta\s+[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/i.exec(html)?.[0];
  const content = tag ? /content=(?:"([^"]*)"|'([^']*)')/i.exec(tag) : null;
  return content ? (content[1] ?? content[2] ?? null) : null;
}

const SOURCE_HTML = new URL('../../../../src/renderer/index.html', import.meta.url);
const BUILT_HTML = new URL('../../../../out/renderer/index.html', import.meta.url);

describe('CSP meta tag in the page', () => {
  it('src/renderer/index.html carries the same policy as the header (minus what a meta tag cannot set)', () => {
    expectSamePolicy(readFileSync(SOURCE_HTML, 'utf8'));
  });

  it.skipIf(!existsSync(BUILT_HTML))('the built page (out/renderer/index.html) keeps it', () => {
    expectSamePolicy(readFileSync(BUILT_HTML, 'utf8'));
  });
});

function expectSamePolicy(html: string): void {
  const meta = metaCsp(html);
  expect(meta, 'index.html has a CSP meta tag').not.toBeNull();
  const fromMeta = directives(meta!);
  const fromHeader = directives(CONTENT_SECURITY_POLICY);
  // Browsers ignore frame-ancestors (and report-uri, sandbox) in a meta tag.
  for (const ignored of ['frame-ancestors', 'report-uri', 'sandbox']) fromHeader.delete(ignored);
  expect(Object.fromEntries(fromMeta)).toEqual(Object.fromEntries(fromHeader));
  expect(fromMeta.get('default-src')).toBe("'self'");
  expect(fromMeta.get('script-src')).toBe("'self'");
}
