/**
 * OAuth2 authorization code + PKCE through the system browser and a loopback redirect,
 * through the core door, against a real OAuth2/OIDC server (oidc-provider) on 127.0.0.1.
 * The test's `openExternal` is the person: it drives the server's login and consent pages
 * over HTTP until the browser lands on TokenDesk's loopback page.
 *
 * The core runs on the fake clock (renewals, the sign-in timeout); the server keeps real
 * time, so its tokens stay valid whatever the core's clock says.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionInput } from '../../src/shared/contract';
import { OIDC_CLIENTS, startOidcServer, type BrowseResult, type OidcSim } from '../sim/oidc';
import { makeCore, MASTER, readAllFiles, type Harness } from '../support/core-harness';
import { createFakeClock, type FakeClock } from '../support/fake-clock';
import { until as waitUntil } from '../support/wait';

const MIN = 60_000;
const { id: CLIENT_ID, secret: CLIENT_SECRET } = OIDC_CLIENTS.app;
const SUCCESS_PAGE = 'You are signed in. You can close this tab and go back to TokenDesk.';

let oidc: OidcSim;
let clock: FakeClock;
let h: Harness;
/** Every page TokenDesk asked the browser to open. */
let opened: string[];
/** What the person does when the browser opens; its result is the last page they saw. */
let person: (url: string) => Promise<BrowseResult | null>;
let pages: Array<Promise<BrowseResult | null>>;

beforeEach(async () => {
  oidc = await startOidcServer();
  clock = createFakeClock();
  opened = [];
  pages = [];
  person = (url) => oidc.browse(url);
  h = await makeCore({
    clock,
    // Like shell.openExternal: resolves once the browser is launched, not when the person is done.
    openExternal: async (url) => {
      opened.push(url);
      pages.push(person(url));
    },
  });
  await h.core.vault.create({ password: MASTER });
});
afterEach(async () => {
  await Promise.allSettled(pages);
  await h.cleanup();
  await oidc.close();
});

const until = <T>(check: () => Promise<T> | T, what: string) => waitUntil(clock, check, what);
const status = async (id: string) => (await h.core.connections.get({ id })).status;
const lastPage = async () => (await pages.at(-1))!;
const tokensOf = (kind: 'AccessToken' | 'RefreshToken') => oidc.issued.filter((t) => t.kind === kind).map((t) => t.value);
const host = () => new URL(oidc.issuer).host;

function input(auth: Partial<Extract<ConnectionInput['auth'], { kind: 'oauth2-auth-code' }>> = {}): ConnectionInput {
  return {
    providerId: 'custom',
    label: 'Reports API',
    auth: { kind: 'oauth2-auth-code', issuer: oidc.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scope: 'api:read', ...auth },
  };
}

/** The sealed refresh token as saved in vault.json. */
async function savedRefresh(id: string): Promise<string | undefined> {
  const doc = JSON.parse(await readFile(join(h.dataDir, 'vault.json'), 'utf8')) as {
    connections: Array<{ id: string; tokens: Record<string, { refreshSealed?: string }> }>;
  };
  return doc.connections.find((c) => c.id === id)?.tokens['']?.refreshSealed;
}

async function addAndSignIn(auth: Parameters<typeof input>[0] = {}) {
  const c = await h.core.connections.add(input(auth));
  const view = await h.core.connections.signIn({ id: c.id });
  expect(view.status).toMatchObject({ state: 'valid', message: 'Valid — renews by itself' });
  expect(await lastPage()).toMatchObject({ status: 200, text: expect.stringContaining(SUCCESS_PAGE) });
  return c;
}

describe('authorization code + PKCE through the system browser', () => {
  it('after adding, the connection asks the person to sign in with the browser; nothing is opened or sent by itself', async () => {
    const c = await h.core.connections.add(input());
    expect(c.status).toMatchObject({
      state: 'needs-you',
      action: 'sign-in-again',
      message: `Sign in with your browser to finish setting this up: press “Sign in”, then sign in to ${host()} in the browser window that opens.`,
    });
    await clock.advance(60 * MIN);
    expect(opened).toEqual([]);
    expect(oidc.requests).toEqual([]);
    await expect(h.core.tokens.copy({ connectionId: c.id, format: 'header' })).rejects.toMatchObject({ code: 'needs-sign-in' });
    expect(opened).toEqual([]);
  });

  it('“Sign in” opens the browser with PKCE (S256) and a loopback redirect, and the header works', async () => {
    const c = await addAndSignIn();
    expect(opened).toHaveLength(1);
    const url = new URL(opened[0]!);
    expect(`${url.origin}${url.pathname}`).toBe(`${oidc.issuer}/auth`);
    const p = url.searchParams;
    expect(p.get('response_type')).toBe('code');
    expect(p.get('client_id')).toBe(CLIENT_ID);
    expect(p.get('scope')).toBe('api:read');
    expect(p.get('code_challenge_method')).toBe('S256');
    expect(p.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(p.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(p.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);

    await h.core.tokens.copy({ connectionId: c.id, format: 'header' });
    const [access] = tokensOf('AccessToken');
    expect(h.clipboard.text).toBe(`Authorization: Bearer ${access}`);
    expect(await oidc.accessTokenActive(access!)).toBe(true);
    expect(oidc.grants).toEqual(['authorization_code']);
    expect(oidc.requests.find((q) => q.path === '/token')).toMatchObject({ method: 'POST', auth: 'Basic' });
    // The loopback server is gone once the page was shown.
    await expect(fetch(p.get('redirect_uri')!)).rejects.toThrow();
  });

  it('renews before expiry with the refresh token (no browser), storing the rotated refresh token', async () => {
    const c = await addAndSignIn();
    const [firstRefresh] = tokensOf('RefreshToken');
    await until(() => savedRefresh(c.id), 'refresh token saved');
    const sealedBefore = await savedRefresh(c.id);
    const s = await status(c.id);
    expect(s.expiresAt).toBe(clock.now() + 60 * MIN);

    await clock.advance(56 * MIN);
    await until(() => oidc.grants.length === 2, 'a renewal');
    await until(async () => (await status(c.id)).state === 'valid' && (await status(c.id)).expiresAt! > clock.now() + 55 * MIN, 'valid again');
    expect(oidc.grants).toEqual(['authorization_code', 'refresh_token']);
    expect(opened).toHaveLength(1);
    // Rotation: the old refresh token is used up, the new one is what TokenDesk keeps.
    const [, secondRefresh] = tokensOf('RefreshToken');
    expect(await oidc.refreshTokenState(firstRefresh!)).toBe('consumed');
    expect(await oidc.refreshTokenState(secondRefresh!)).toBe('active');
    await until(async () => (await savedRefresh(c.id)) !== sealedBefore, 'the new refresh token saved');

    await h.core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(h.clipboard.text).toBe(tokensOf('AccessToken')[1]);
    // And the next renewal works with the rotated one.
    await h.core.tokens.refresh({ connectionId: c.id });
    expect(oidc.grants).toEqual(['authorization_code', 'refresh_token', 'refresh_token']);
    expect(await oidc.refreshTokenState(secondRefresh!)).toBe('consumed');
    expect(opened).toHaveLength(1);
  });

  it('a revoked refresh token stops with “needs you”, never pops up a browser, and “Sign in” fixes it', async () => {
    const c = await addAndSignIn();
    await oidc.revokeRefreshToken(tokensOf('RefreshToken')[0]!);
    await expect(h.core.tokens.refresh({ connectionId: c.id })).rejects.toMatchObject({ code: 'needs-sign-in' });
    expect(await status(c.id)).toMatchObject({
      state: 'needs-you',
      action: 'sign-in-again',
      message: `${host()} no longer accepts the saved sign-in (it was signed out, revoked or has expired). Press “Sign in” to sign in again with your browser.`,
    });
    const requests = oidc.requests.length;
    await clock.advance(3 * 60 * MIN);
    expect(oidc.requests.length).toBe(requests);
    expect(opened).toHaveLength(1);

    const view = await h.core.connections.signIn({ id: c.id });
    expect(view.status.state).toBe('valid');
    expect(opened).toHaveLength(2);
  });

  it('after a restart the saved sign-in is used (no browser); an expired access token is renewed with the refresh token', async () => {
    const c = await addAndSignIn();
    await h.core.tokens.copy({ connectionId: c.id, format: 'token' });
    const first = h.clipboard.text;
    await h.reopen();
    await h.core.vault.unlock({ password: MASTER });
    await h.core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(h.clipboard.text).toBe(first);
    expect(oidc.grants).toEqual(['authorization_code']);

    // Off for the night: the access token has expired, the refresh token has not.
    await h.core.close();
    clock.jump(10 * 60 * MIN);
    await h.reopen();
    await h.core.vault.unlock({ password: MASTER });
    await until(() => oidc.grants.length === 2, 'renewed on unlock');
    expect(oidc.grants).toEqual(['authorization_code', 'refresh_token']);
    await until(async () => (await status(c.id)).state === 'valid', 'valid');
    expect(opened).toHaveLength(1);
  });

  it('locking keeps the sign-in; removing the connection revokes the refresh token', async () => {
    const c = await addAndSignIn();
    const [refresh] = tokensOf('RefreshToken');
    await h.core.vault.lock();
    await h.core.vault.unlock({ password: MASTER });
    await h.core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(h.clipboard.text).toBe(tokensOf('AccessToken')[0]);
    expect(await oidc.refreshTokenState(refresh!)).toBe('active');
    expect(opened).toHaveLength(1);

    await h.core.connections.remove({ id: c.id });
    await until(async () => (await oidc.refreshTokenState(refresh!)) === 'unknown', 'refresh token revoked');
    expect(oidc.requests.at(-1)).toMatchObject({ method: 'POST', path: '/token/revocation', auth: 'Basic' });
  });

  it('works for a public client (no secret: PKCE only) and with addresses typed by hand (no issuer)', async () => {
    const pub = await addAndSignIn({ clientId: OIDC_CLIENTS.publicApp.id, clientSecret: undefined });
    expect(pub.storedSecretFields).toEqual([]);
    expect(oidc.requests.find((q) => q.path === '/token')?.auth).toBeUndefined();

    const before = oidc.requests.length;
    const manual = await addAndSignIn({ issuer: undefined, authorizationUrl: `${oidc.issuer}/auth`, tokenUrl: `${oidc.issuer}/token` });
    expect(oidc.requests.slice(before).some((q) => q.path.startsWith('/.well-known/'))).toBe(false);
    await h.core.tokens.copy({ connectionId: manual.id, format: 'token' });
    expect(h.clipboard.text).toBe(tokensOf('AccessToken').at(-1));
  });

  it('with the openid scope, checks the ID token and still hands out the access token', async () => {
    const c = await addAndSignIn({ scope: 'openid api:read' });
    await h.core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(h.clipboard.text).toBe(tokensOf('AccessToken')[0]);
  });

  it('never writes the client secret, the access token or the refresh token to disk in the clear', async () => {
    const c = await addAndSignIn();
    await h.core.tokens.refresh({ connectionId: c.id });
    await h.core.close();
    const disk = await readAllFiles(h.dataDir);
    const secrets = [CLIENT_SECRET, `${CLIENT_ID}:${CLIENT_SECRET}`, ...tokensOf('AccessToken'), ...tokensOf('RefreshToken')];
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    for (const secret of secrets) {
      expect(disk).not.toContain(secret);
      expect(disk).not.toContain(Buffer.from(secret).toString('base64'));
      expect(disk).not.toContain(Buffer.from(secret).toString('base64url'));
    }
  });
});

describe('browser sign-in: what the person sees when it does not work', () => {
  it('cancelling in the browser (access_denied) says so in plain words, in TokenDesk and in the browser', async () => {
    person = (url) => oidc.browse(url, { cancel: true });
    const c = await h.core.connections.add(input());
    await expect(h.core.connections.signIn({ id: c.id })).rejects.toMatchObject({
      code: 'needs-sign-in',
      message: `You cancelled the sign-in in the browser, or ${host()} refused it (access_denied). Press “Sign in” to try again.`,
    });
    expect(await status(c.id)).toMatchObject({ state: 'needs-you', action: 'sign-in-again', message: expect.stringMatching(/^You cancelled the sign-in in the browser/) });
    const page = await lastPage();
    expect(page?.status).toBe(400);
    expect(page?.text).toContain('Sign-in did not finish');
    expect(page?.text).toContain('You cancelled the sign-in in the browser');
  });

  it('a wrong client secret fails at the code exchange with a plain message (and Test connection says it before saving)', async () => {
    const test = await h.core.connections.testDraft(input({ clientSecret: 'wrong-secret' }));
    const message = `${host()} rejected the client ID or client secret (HTTP 401). Check both with whoever registered TokenDesk at ${host()}, then update them here.`;
    expect(test).toEqual({ ok: false, httpStatus: 401, code: 'auth-rejected', message });
    const c = await h.core.connections.add(input({ clientSecret: 'wrong-secret' }));
    await expect(h.core.connections.signIn({ id: c.id })).rejects.toMatchObject({ code: 'auth-rejected', message });
    expect(await status(c.id)).toMatchObject({ state: 'needs-you', action: 'update-password', message });
    expect((await lastPage())?.text).toContain('rejected the client ID or client secret');
  });

  it('a server problem during the browser sign-in asks the person to try again (it cannot retry by itself)', async () => {
    const c = await h.core.connections.add(input());
    oidc.failNext('/token', 503);
    const message = `${host()} is having a problem right now (HTTP 503). The sign-in to ${host()} did not finish; press “Sign in” to try again in a moment.`;
    await expect(h.core.connections.signIn({ id: c.id })).rejects.toMatchObject({ code: 'needs-sign-in', message });
    expect(await status(c.id)).toMatchObject({ state: 'needs-you', action: 'sign-in-again', message });
    expect((await lastPage())?.text).toContain('did not finish; press “Sign in” to try again in a moment. You can close this tab');
    const requests = oidc.requests.length;
    await clock.advance(30 * MIN);
    expect(oidc.requests.length).toBe(requests);
    expect((await h.core.connections.signIn({ id: c.id })).status.state).toBe('valid');
  });

  it('Test connection finds the server and the client without a browser, and says the sign-in comes after saving', async () => {
    const ok = await h.core.connections.testDraft(input());
    expect(ok).toEqual({
      ok: true,
      message: `Found ${host()}, and it knows client “${CLIENT_ID}”. After you save, press “Sign in”: your browser opens so you can finish signing in.`,
    });
    const unknown = await h.core.connections.testDraft(input({ clientId: 'nobody' }));
    expect(unknown).toMatchObject({ ok: false, message: expect.stringMatching(/rejected the client ID or client secret/) });
    const wrongIssuer = await h.core.connections.testDraft(input({ issuer: `${oidc.issuer}/elsewhere` }));
    expect(wrongIssuer).toMatchObject({ ok: false, message: expect.stringMatching(/^TokenDesk found no OAuth2 sign-in settings at that issuer address/) });
    expect(opened).toEqual([]);
    expect(oidc.grants).toEqual([]);
  });

  it('a callback with the wrong state (or none) is refused and ignored; the real sign-in still finishes', async () => {
    const refused: BrowseResult[] = [];
    person = async (url) => {
      const redirect = new URL(url).searchParams.get('redirect_uri')!;
      for (const forged of [`${redirect}?code=stolen&state=forged`, `${redirect}?code=stolen`]) {
        const res = await fetch(forged);
        refused.push({ status: res.status, text: await res.text(), url: forged });
      }
      return oidc.browse(url);
    };
    const c = await h.core.connections.add(input());
    await h.core.connections.signIn({ id: c.id });
    expect(refused.map((r) => r.status)).toEqual([400, 400]);
    expect(refused[0]!.text).toContain('This page was not opened by the sign-in TokenDesk is waiting for, so it was ignored.');
    expect(await lastPage()).toMatchObject({ status: 200, text: expect.stringContaining(SUCCESS_PAGE) });
    expect(oidc.grants).toEqual(['authorization_code']);
  });

  it('gives up after 5 minutes without an answer, says so, and closes the loopback server', async () => {
    person = async () => null; // the person never finishes
    const c = await h.core.connections.add(input());
    const signIn = h.core.connections.signIn({ id: c.id });
    signIn.catch(() => undefined);
    await until(() => opened.length === 1, 'the browser opened');
    expect((await status(c.id)).state).toBe('refreshing');
    const redirect = new URL(opened[0]!).searchParams.get('redirect_uri')!;
    expect((await fetch(`${redirect.replace('/callback', '/favicon.ico')}`)).status).toBe(404); // listening

    await clock.advance(5 * MIN);
    await expect(signIn).rejects.toMatchObject({
      code: 'needs-sign-in',
      message: `The sign-in to ${host()} was not finished in the browser within 5 minutes, so TokenDesk stopped waiting. Press “Sign in” to try again.`,
    });
    expect(await status(c.id)).toMatchObject({ state: 'needs-you', action: 'sign-in-again' });
    await expect(fetch(redirect)).rejects.toThrow(); // connection refused: nothing left listening
  });

  it('the sign-in timeout can be set, and no browser means a plain message', async () => {
    await h.reopen({ browserSignInTimeoutMs: 30_000, openExternal: async (url) => void opened.push(url) });
    await h.core.vault.unlock({ password: MASTER });
    const c = await h.core.connections.add(input());
    const signIn = h.core.connections.signIn({ id: c.id });
    signIn.catch(() => undefined);
    await until(() => opened.length === 1, 'the browser opened');
    await clock.advance(30_000);
    await expect(signIn).rejects.toMatchObject({ message: expect.stringMatching(/within 30 seconds, so TokenDesk stopped waiting/) });

    await h.reopen({ openExternal: async () => Promise.reject(new Error('no browser')) });
    await h.core.vault.unlock({ password: MASTER });
    await expect(h.core.connections.signIn({ id: c.id })).rejects.toMatchObject({
      code: 'unsupported',
      message: `TokenDesk could not open your web browser to sign in to ${host()}. Check that a default browser is set, then press “Sign in” again.`,
    });
  });

  it('explains what to type when the addresses are incomplete', async () => {
    await expect(h.core.connections.add(input({ issuer: undefined, tokenUrl: `${oidc.issuer}/token` }))).rejects.toMatchObject({
      code: 'invalid-input',
      details: { field: 'auth.authorizationUrl' },
      message: 'Enter the sign-in server’s address (issuer), or both its sign-in page address (authorization URL) and its token address.',
    });
  });
});
