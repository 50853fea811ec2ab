/**
 * OAuth2 client credentials through the core door, against a real OAuth2/OIDC server
 * (oidc-provider) on 127.0.0.1. The core runs on the fake clock; the server keeps real time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionInput } from '../../src/shared/contract';
import type { FetchLike } from '../../src/main/core/ports';
import { OIDC_CLIENTS, startOidcServer, type OidcSim, type OidcSimOptions } from '../sim/oidc';
import { makeCore, MASTER, readAllFiles, type Harness } from '../support/core-harness';
import { createFakeClock, type FakeClock } from '../support/fake-clock';
import { recordingLogger, type LogCall } from '../support/flow-context';
import { until as waitUntil } from '../support/wait';

const MIN = 60_000;
const { id: CLIENT_ID, secret: CLIENT_SECRET } = OIDC_CLIENTS.machine;

let oidc: OidcSim;
let clock: FakeClock;
let h: Harness;
let logs: LogCall[];
/** Lets a test rewrite the token endpoint's answer (what oidc-provider never sends). */
let tamper: ((body: Record<string, unknown>) => void) | null;

async function start(server: OidcSimOptions = {}, core: { requestTimeoutMs?: number } = {}): Promise<void> {
  oidc = await startOidcServer(server);
  clock = createFakeClock();
  logs = [];
  tamper = null;
  const fetchThrough: FetchLike = async (url, init) => {
    const res = await fetch(url, init);
    if (!tamper || !url.endsWith('/token') || res.status !== 200) return res;
    const body = (await res.json()) as Record<string, unknown>;
    tamper(body);
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  h = await makeCore({ clock, fetch: fetchThrough, logger: recordingLogger(logs), ...core });
  await h.core.vault.create({ password: MASTER });
}

beforeEach(() => start());
afterEach(async () => {
  await h.cleanup();
  await oidc.close();
});

const until = <T>(check: () => Promise<T> | T, what: string) => waitUntil(clock, check, what);
const status = async (id: string) => (await h.core.connections.get({ id })).status;
const issuedTokens = () => oidc.issued.filter((t) => t.kind === 'ClientCredentials').map((t) => t.value);

function input(auth: Partial<Extract<ConnectionInput['auth'], { kind: 'oauth2-client-credentials' }>> = {}): ConnectionInput {
  return {
    providerId: 'custom',
    label: 'Billing API',
    baseUrl: 'https://api.billing.example',
    auth: { kind: 'oauth2-client-credentials', issuer: oidc.issuer, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, scope: 'api:read', ...auth },
  };
}

async function addValid(auth: Parameters<typeof input>[0] = {}) {
  const c = await h.core.connections.add(input(auth));
  await until(async () => (await status(c.id)).state === 'valid', 'a valid token');
  return c;
}

describe('client credentials: sign-in, header, copy', () => {
  it('discovers the server from the issuer, gets a token with client_secret_basic and copies a working Bearer header', async () => {
    const c = await addValid();
    expect(c).toMatchObject({ providerId: 'custom', authKind: 'oauth2-client-credentials', headerName: 'Authorization', storedSecretFields: ['clientSecret'], hasTenants: false });
    const s = await status(c.id);
    expect(s).toMatchObject({ state: 'valid', message: 'Valid — renews by itself', expiresAt: clock.now() + 10 * MIN });

    const r = await h.core.tokens.copy({ connectionId: c.id, format: 'header' });
    const [token] = issuedTokens();
    expect(h.clipboard.text).toBe(`Authorization: Bearer ${token}`);
    expect(await oidc.accessTokenActive(token!)).toBe(true);
    expect(r).toMatchObject({ description: 'Header for Billing API', expiresAt: clock.now() + 10 * MIN });
    await h.core.tokens.copy({ connectionId: c.id, format: 'curl' });
    expect(h.clipboard.text).toContain(`Authorization: Bearer ${token}`);

    expect(oidc.requests.map((q) => `${q.method} ${q.path}${q.auth ? ` (${q.auth})` : ''}`)).toEqual([
      'GET /.well-known/openid-configuration',
      'POST /token (Basic)',
    ]);
    expect(oidc.grants).toEqual(['client_credentials']);
  });

  it('uses the token address typed by hand when there is no issuer (no discovery)', async () => {
    const c = await addValid({ issuer: undefined, tokenUrl: `${oidc.issuer}/token` });
    expect(oidc.requests.map((q) => q.path)).toEqual(['/token']);
    await h.core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(h.clipboard.text).toBe(issuedTokens()[0]);
  });

  it('renews before expiry with a new token request, and after a sleep a copy gets a fresh token first', async () => {
    const c = await addValid();
    const s = await status(c.id);
    // 10-minute tokens renew max(60 s, 10 %) = 60 s (±10 %) before they end.
    expect(s.expiresAt! - s.renewsAt!).toBeGreaterThanOrEqual(54_000);
    expect(s.expiresAt! - s.renewsAt!).toBeLessThanOrEqual(66_000);
    await clock.advance(9.5 * MIN);
    await until(() => oidc.grants.length === 2, 'a renewal');
    await until(async () => (await status(c.id)).state === 'valid', 'valid again');
    expect((await status(c.id)).expiresAt).toBeGreaterThan(clock.now() + 9 * MIN);

    clock.jump(3 * 60 * MIN);
    await h.core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(oidc.grants).toEqual(['client_credentials', 'client_credentials', 'client_credentials']);
    expect(h.clipboard.text).toBe(issuedTokens()[2]);
  });

  it('finds the server through RFC 8414 metadata when there is no OpenID discovery document', async () => {
    await h.cleanup();
    await oidc.close();
    await start({ discovery: 'oauth2' });
    const c = await addValid();
    expect(oidc.requests.slice(0, 3).map((q) => `${q.path} `)).toEqual(['/.well-known/openid-configuration ', '/.well-known/oauth-authorization-server ', '/token ']);
    await h.core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(h.clipboard.text).toBe(issuedTokens()[0]);
  });

  it('Test connection (before saving) makes a real token request and says so plainly', async () => {
    const ok = await h.core.connections.testDraft(input());
    expect(ok).toEqual({ ok: true, message: `Connected: the sign-in server gave client “${CLIENT_ID}” a token (valid for 10 minutes).` });
    expect(oidc.grants).toEqual(['client_credentials']);
    // The test token is not kept: it was revoked.
    expect(oidc.requests.at(-1)).toMatchObject({ method: 'POST', path: '/token/revocation' });
    expect(await oidc.accessTokenActive(issuedTokens()[0]!)).toBe(false);
    expect(await h.core.connections.list()).toEqual([]);
  });
});

describe('client credentials: what the person sees when something is wrong', () => {
  const host = () => new URL(oidc.issuer).host;

  it('a wrong client secret stops with a plain message; replacing the secret fixes it', async () => {
    const test = await h.core.connections.testDraft(input({ clientSecret: 'not-the-secret' }));
    expect(test).toEqual({
      ok: false,
      httpStatus: 401,
      code: 'auth-rejected',
      message: `${host()} rejected the client ID or client secret (HTTP 401). Check both with whoever registered TokenDesk at ${host()}, then update them here.`,
    });
    const c = await h.core.connections.add(input({ clientSecret: 'not-the-secret' }));
    await until(async () => (await status(c.id)).state === 'needs-you', 'needs you');
    expect(await status(c.id)).toMatchObject({ action: 'update-password', message: test.message });
    const before = oidc.requests.length;
    await clock.advance(30 * MIN);
    expect(oidc.requests.length).toBe(before); // a rejected secret is not retried
    await h.core.connections.update({ id: c.id, patch: { secrets: { clientSecret: CLIENT_SECRET } } });
    await until(async () => (await status(c.id)).state === 'valid', 'valid with the right secret');
  });

  it('an unknown client ID gets the same plain message', async () => {
    const test = await h.core.connections.testDraft(input({ clientId: 'no-such-client' }));
    expect(test.ok).toBe(false);
    expect(test.message).toMatch(/rejected the client ID or client secret \(HTTP 401\)\. Check both/);
  });

  it('a scope the client may not have is named in the message', async () => {
    const c = await h.core.connections.add(input({ scope: 'openid api:admin' }));
    await until(async () => (await status(c.id)).state === 'needs-you', 'needs you');
    expect(await status(c.id)).toMatchObject({
      action: 'check-settings',
      message: `${host()} does not accept the scope “openid api:admin” for this client (invalid_scope). Check the scope in the service’s documentation, or leave it empty.`,
    });
  });

  it('a wrong issuer address says no sign-in settings were found there', async () => {
    const test = await h.core.connections.testDraft(input({ issuer: `${oidc.issuer}/nothing-here` }));
    expect(test).toMatchObject({
      ok: false,
      message: `TokenDesk found no OAuth2 sign-in settings at that issuer address (${host()}). Check the issuer address, or leave it empty and enter the token address yourself.`,
    });
  });

  it('503 and 429 (Retry-After) are retried by themselves like every other provider', async () => {
    oidc.failNext('/token', 503);
    const c = await h.core.connections.add(input());
    await until(async () => (await status(c.id)).state === 'error', 'error');
    expect((await status(c.id)).message).toBe(`${host()} is having a problem right now (HTTP 503). TokenDesk will try again by itself.`);
    await clock.advance(2_000);
    await until(async () => (await status(c.id)).state === 'valid', 'valid after the retry');

    oidc.failNext('/token', 429, { retryAfter: '120' });
    await expect(h.core.tokens.refresh({ connectionId: c.id })).rejects.toMatchObject({ code: 'rate-limited' });
    const s = await status(c.id);
    expect(s.message).toMatch(/slow down \(HTTP 429\)/);
    expect(s.renewsAt).toBe(clock.now() + 120_000);
    await clock.advance(119_000);
    expect(oidc.grants).toHaveLength(1);
    await clock.advance(1_000);
    await until(() => oidc.grants.length === 2, 'retry after Retry-After');
  });

  it('an unreachable server shows "Offline" and retries', async () => {
    await oidc.close();
    const c = await h.core.connections.add(input({ issuer: undefined, tokenUrl: `${oidc.issuer}/token` }));
    await until(async () => (await status(c.id)).state === 'offline', 'offline');
    expect((await status(c.id)).message).toBe('Offline — will retry by itself');
    expect((await status(c.id)).renewsAt).not.toBeNull();
    oidc = await startOidcServer(); // a fresh server for afterEach to close
  });

  it('a server that does not answer in time counts as offline and is retried', async () => {
    await h.cleanup();
    await oidc.close();
    await start({}, { requestTimeoutMs: 1_000 });
    oidc.failNext('/token', 'hang');
    const c = await h.core.connections.add(input());
    await until(async () => (await status(c.id)).state === 'offline', 'offline after the timeout');
    // Retries come by themselves (backoff); on a busy machine one may time out again.
    await until(async () => {
      await clock.advance(30_000);
      return (await status(c.id)).state === 'valid';
    }, 'valid after a retry');
  });

  it('a missing or unusable expires_in falls back to one hour (and says why in the log), as for other providers', async () => {
    for (const expires of [undefined, -5, 'soon', '1e999']) {
      tamper = (body) => {
        if (expires === undefined) delete body['expires_in'];
        else body['expires_in'] = expires;
      };
      logs.length = 0;
      const c = await addValid();
      expect((await status(c.id)).expiresAt).toBe(clock.now() + 60 * MIN);
      expect(logs.find((l) => l.level === 'warn' && l.msg.startsWith('OAuth2 token expiry not usable'))?.meta?.['reason']).toMatch(
        expires === undefined ? /no expiry reported/ : /expires_in/,
      );
      await h.core.connections.remove({ id: c.id });
    }
  });

  it('refuses token types other than Bearer in plain words', async () => {
    tamper = (body) => (body['token_type'] = 'mac');
    const c = await h.core.connections.add(input());
    await until(async () => (await status(c.id)).state === 'needs-you', 'needs you');
    expect((await status(c.id)).message).toBe(`${host()} gave TokenDesk a “mac” token. TokenDesk can only hand out Bearer tokens; ask its administrator whether this client can get Bearer tokens.`);
    tamper = (body) => (body['token_type'] = 'DPoP');
    const test = await h.core.connections.testDraft(input());
    expect(test.message).toMatch(/gave TokenDesk a DPoP token, which only works together with a key/);
  });

  it('refuses a token with characters that would break a header', async () => {
    tamper = (body) => (body['access_token'] = 'abc "def"\r\nX-Evil: 1');
    const test = await h.core.connections.testDraft(input());
    expect(test).toMatchObject({ ok: false, message: expect.stringMatching(/sent a token TokenDesk cannot use safely/) });
  });

  it('explains what to type when neither an issuer nor a token address is given', async () => {
    await expect(h.core.connections.add(input({ issuer: undefined, tokenUrl: '' }))).rejects.toMatchObject({
      code: 'invalid-input',
      details: { field: 'auth.tokenUrl' },
      message: 'Enter the sign-in server’s address (issuer) or its token address. The service’s OAuth2 documentation lists them.',
    });
    await expect(h.core.connections.add(input({ issuer: undefined, tokenUrl: `${oidc.issuer}/token`, scope: 'openid' }))).rejects.toMatchObject({
      details: { field: 'auth.issuer' },
      message: 'The scope asks for OpenID Connect (openid): enter the issuer address too, so TokenDesk can check who signed in.',
    });
    await expect(h.core.connections.add(input({ issuer: 'http://auth.example.com' }))).rejects.toMatchObject({
      message: expect.stringMatching(/^Use an address that starts with https:\/\//),
    });
    expect(await h.core.connections.list()).toEqual([]);
  });
});

describe('client credentials: secrets at rest and restarts', () => {
  it('keeps the token encrypted across a restart (no new token request) and never writes a secret or token in the clear', async () => {
    const c = await addValid();
    const token = issuedTokens()[0]!;
    await h.core.tokens.copy({ connectionId: c.id, format: 'header' });
    await h.reopen();
    await h.core.vault.unlock({ password: MASTER });
    await h.core.tokens.copy({ connectionId: c.id, format: 'header' });
    expect(h.clipboard.text).toBe(`Authorization: Bearer ${token}`);
    expect(oidc.grants).toEqual(['client_credentials']);

    await h.core.close();
    const disk = await readAllFiles(h.dataDir);
    for (const secret of [CLIENT_SECRET, token, `${CLIENT_ID}:${CLIENT_SECRET}`]) {
      expect(disk).not.toContain(secret);
      expect(disk).not.toContain(Buffer.from(secret).toString('base64'));
      expect(disk).not.toContain(Buffer.from(secret).toString('base64url'));
    }
    expect(disk).toContain(CLIENT_ID); // settings are plain: only secrets are sealed
  });

  it('locking keeps the token (not signed out); removing the connection revokes it', async () => {
    const c = await addValid();
    const token = issuedTokens()[0]!;
    await h.core.vault.lock();
    await h.core.vault.unlock({ password: MASTER });
    await h.core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(h.clipboard.text).toBe(token);
    expect(oidc.requests.some((q) => q.path === '/token/revocation')).toBe(false);

    await h.core.connections.remove({ id: c.id });
    await until(async () => !(await oidc.accessTokenActive(token)), 'token revoked on the server');
    expect(oidc.requests.at(-1)).toMatchObject({ method: 'POST', path: '/token/revocation', auth: 'Basic' });
  });
});
