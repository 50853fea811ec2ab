/**
 * The simulator's OAuth2 routes over real HTTP: the token endpoint (RFC 6749 client
 * credentials and refresh tokens, client_secret_basic, §5.2 error answers), revocation
 * (RFC 7009), the protected route that proves a copied header (RFC 6750), the issued-token
 * log, and every fault switch on each of the three routes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS } from '../../sim/fixture';
import { SIM_FAULTS, startSimulator, type SimFault, type SimRoute, type Simulator } from '../../sim/server';

/** RFC 6749 §2.3.1: form-encode client ID and secret, then Basic. */
const formEncode = (v: string) => new URLSearchParams({ v }).toString().slice(2);
const clientBasic = (id: string, secret: string) => `Basic ${Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString('base64')}`;
const MACHINE = clientBasic(ACCOUNTS.oauth.clientId, ACCOUNTS.oauth.clientSecret);
const DESKTOP = clientBasic(ACCOUNTS.oauthRefreshOnly.clientId, ACCOUNTS.oauthRefreshOnly.clientSecret);
const START = 1_700_000_000_000;

let sim: Simulator;
let clock = START;

beforeEach(async () => {
  clock = START;
  sim = await startSimulator({ now: () => clock, slowMs: 50 });
});
afterEach(() => sim.close());

/** A form POST; `authorization: null` sends none. */
function post(path: string, params: Record<string, string>, authorization: string | null) {
  return fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
    body: new URLSearchParams(params).toString(),
    redirect: 'manual',
  });
}
const token = (params: Record<string, string>, authorization: string | null = MACHINE) => post('/oauth/token', params, authorization);
const me = (authorization?: string) => fetch(`${sim.url}/api/me`, { headers: authorization ? { authorization } : {}, redirect: 'manual' });

async function clientCredentials(scope?: string): Promise<{ access_token: string; expires_in: number; scope: string }> {
  const res = await token({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
  expect(res.status).toBe(200);
  return (await res.json()) as { access_token: string; expires_in: number; scope: string };
}

async function expectOAuthError(res: Response, status: number, error: string): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = (await res.json()) as { error: string; error_description: string };
  expect(body.error).toBe(error);
  // RFC 6749 §5.2: error_description is ASCII without '"' and '\'.
  expect(body.error_description).toMatch(/^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/);
}

describe('client credentials', () => {
  it('answers an RFC 6749 §5.1 token answer that the protected route accepts', async () => {
    const res = await token({ grant_type: 'client_credentials', scope: 'api:read' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('pragma')).toBe('no-cache');
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.stringMatching(/^oat\.[A-Za-z0-9_-]+$/), token_type: 'Bearer', expires_in: 3600, scope: 'api:read' });
    expect(sim.lookup(body.access_token as string)).toMatchObject({
      route: 'oauth.token',
      provider: 'oauth',
      tokenType: 'access',
      subject: ACCOUNTS.oauth.clientId,
      scope: 'api:read',
      expiresAt: START + 3_600_000,
      revoked: false,
    });
    const ok = await me(`Bearer ${body.access_token as string}`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, client_id: ACCOUNTS.oauth.clientId, scope: 'api:read', expires_at: (START + 3_600_000) / 1000 });
  });

  it('grants every scope of the client when none is asked for, and the lifetime is configurable', async () => {
    expect(await clientCredentials()).toMatchObject({ scope: 'api:read api:write', expires_in: 3600 });
    expect(await clientCredentials('api:write api:write')).toMatchObject({ scope: 'api:write' });
    const short = await startSimulator({ tokenLifetimes: { oauthSeconds: 120 } });
    try {
      const res = await fetch(`${short.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: MACHINE },
        body: 'grant_type=client_credentials',
      });
      expect(((await res.json()) as { expires_in: number }).expires_in).toBe(120);
    } finally {
      await short.close();
    }
  });

  it('refuses a scope the client may not have (invalid_scope, 400)', async () => {
    await expectOAuthError(await token({ grant_type: 'client_credentials', scope: 'api:read api:admin' }), 400, 'invalid_scope');
    expect(sim.issuedTokens('oauth.token')).toEqual([]);
  });

  it('refuses a client that may not use client credentials (unauthorized_client, 400)', async () => {
    await expectOAuthError(await token({ grant_type: 'client_credentials' }, DESKTOP), 400, 'unauthorized_client');
  });

  it('refuses a missing or unknown grant type, a non-form body and a repeated parameter (400)', async () => {
    await expectOAuthError(await token({}), 400, 'invalid_request');
    await expectOAuthError(await token({ grant_type: 'password', username: 'u', password: 'p' }), 400, 'unsupported_grant_type');
    const asJson = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: MACHINE },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    await expectOAuthError(asJson, 400, 'invalid_request');
    const twice = await fetch(`${sim.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: MACHINE },
      body: 'grant_type=client_credentials&scope=api:read&scope=api:write',
    });
    await expectOAuthError(twice, 400, 'invalid_request');
  });
});

describe('client authentication (client_secret_basic only)', () => {
  it('answers invalid_client with 401 and a Basic challenge for a wrong secret, an unknown client or none', async () => {
    for (const authorization of [clientBasic(ACCOUNTS.oauth.clientId, 'wrong'), clientBasic('nobody', 'x'), null]) {
      const res = await token({ grant_type: 'client_credentials' }, authorization);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="tokendesk-sim"/);
      await expectOAuthError(res, 401, 'invalid_client');
    }
  });

  it('form-decodes the Basic parts (RFC 6749 §2.3.1): a secret sent without that encoding is wrong', async () => {
    // The fixture secret holds ':', '+' and '/': unencoded, '+' reads as a space.
    const raw = `Basic ${Buffer.from(`${ACCOUNTS.oauth.clientId}:${ACCOUNTS.oauth.clientSecret}`).toString('base64')}`;
    await expectOAuthError(await token({ grant_type: 'client_credentials' }, raw), 401, 'invalid_client');
    expect((await token({ grant_type: 'client_credentials' })).status).toBe(200);
  });

  it('refuses client_secret_post and a body client_id naming another client', async () => {
    const post = await token({ grant_type: 'client_credentials', client_id: ACCOUNTS.oauth.clientId, client_secret: ACCOUNTS.oauth.clientSecret }, null);
    await expectOAuthError(post, 401, 'invalid_client');
    await expectOAuthError(await token({ grant_type: 'client_credentials', client_id: ACCOUNTS.oauthRefreshOnly.clientId }), 401, 'invalid_client');
    expect((await token({ grant_type: 'client_credentials', client_id: ACCOUNTS.oauth.clientId })).status).toBe(200);
  });
});

describe('refresh tokens', () => {
  it('answers a new access token and a rotated refresh token; the spent one is refused (invalid_grant)', async () => {
    const first = sim.issueRefreshToken(ACCOUNTS.oauthRefreshOnly.clientId);
    const res = await token({ grant_type: 'refresh_token', refresh_token: first }, DESKTOP);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, string>;
    expect(body).toEqual({ access_token: expect.stringMatching(/^oat\./), token_type: 'Bearer', expires_in: 3600, scope: 'api:read', refresh_token: expect.stringMatching(/^ort\./) });
    expect(body.refresh_token).not.toBe(first);
    expect(sim.lookup(first)).toMatchObject({ tokenType: 'refresh', revoked: true });
    expect(sim.lookup(body.refresh_token!)).toMatchObject({ tokenType: 'refresh', revoked: false, subject: ACCOUNTS.oauthRefreshOnly.clientId });
    expect((await me(`Bearer ${body.access_token!}`)).status).toBe(200);
    // A refresh token is not an access token.
    expect((await me(`Bearer ${body.refresh_token!}`)).status).toBe(401);

    await expectOAuthError(await token({ grant_type: 'refresh_token', refresh_token: first }, DESKTOP), 400, 'invalid_grant');
    const next = await token({ grant_type: 'refresh_token', refresh_token: body.refresh_token! }, DESKTOP);
    expect(next.status).toBe(200);
  });

  it('refuses an unknown, expired or other client’s refresh token (invalid_grant) and a wider scope (invalid_scope)', async () => {
    await expectOAuthError(await token({ grant_type: 'refresh_token', refresh_token: 'ort.nope' }, DESKTOP), 400, 'invalid_grant');
    await expectOAuthError(await token({ grant_type: 'refresh_token' }, DESKTOP), 400, 'invalid_request');
    const desktops = sim.issueRefreshToken(ACCOUNTS.oauthRefreshOnly.clientId);
    await expectOAuthError(await token({ grant_type: 'refresh_token', refresh_token: desktops }, MACHINE), 400, 'invalid_grant');

    const narrow = sim.issueRefreshToken(ACCOUNTS.oauth.clientId, 'api:read');
    await expectOAuthError(await token({ grant_type: 'refresh_token', refresh_token: narrow, scope: 'api:write' }), 400, 'invalid_scope');
    expect(sim.lookup(narrow)?.revoked).toBe(false); // a refused request spends nothing

    const wide = sim.issueRefreshToken(ACCOUNTS.oauth.clientId);
    const narrowed = await token({ grant_type: 'refresh_token', refresh_token: wide, scope: 'api:read' });
    const body = (await narrowed.json()) as Record<string, string>;
    expect(body.scope).toBe('api:read');
    // The new refresh token keeps the whole original grant (RFC 6749 §6).
    expect(sim.lookup(body.refresh_token!)?.scope).toBe('api:read api:write');

    clock += 14 * 24 * 3_600_000;
    await expectOAuthError(await token({ grant_type: 'refresh_token', refresh_token: body.refresh_token! }), 400, 'invalid_grant');
    expect(() => sim.issueRefreshToken('nobody')).toThrow(/no OAuth2 client nobody/);
    expect(() => sim.issueRefreshToken(ACCOUNTS.oauthRefreshOnly.clientId, 'api:write')).toThrow(/may only have api:read/);
  });
});

describe('the protected route and revocation', () => {
  it('refuses a missing, unknown, expired or revoked token with an RFC 6750 challenge', async () => {
    const missing = await me();
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="tokendesk-sim"');
    const unknown = await me('Bearer oat.unknown');
    expect(unknown.headers.get('www-authenticate')).toBe('Bearer realm="tokendesk-sim", error="invalid_token"');
    expect(await unknown.json()).toMatchObject({ error: 'invalid_token' });

    const { access_token } = await clientCredentials();
    clock += 3_600_000;
    expect((await me(`Bearer ${access_token}`)).status).toBe(401);
    const fresh = (await clientCredentials()).access_token;
    sim.revoke(fresh);
    expect((await me(`Bearer ${fresh}`)).status).toBe(401);
    // Tokens of other providers are not OAuth2 tokens.
    const cogniac = await fetch(`${sim.url}/1/token?tenant_id=49wshskg`, {
      headers: { authorization: `Basic ${Buffer.from(`${ACCOUNTS.cogniac.email}:${ACCOUNTS.cogniac.password}`).toString('base64')}` },
    });
    expect((await me(`Bearer ${((await cogniac.json()) as { access_token: string }).access_token}`)).status).toBe(401);
  });

  it('revokes the client’s own tokens (RFC 7009): 200 also for unknown ones; another client’s stay', async () => {
    const { access_token } = await clientCredentials();
    const other = await post('/oauth/revoke', { token: access_token }, DESKTOP);
    expect(other.status).toBe(200);
    expect((await me(`Bearer ${access_token}`)).status).toBe(200);

    const res = await post('/oauth/revoke', { token: access_token, token_type_hint: 'access_token' }, MACHINE);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect((await me(`Bearer ${access_token}`)).status).toBe(401);
    expect((await post('/oauth/revoke', { token: 'oat.unknown' }, MACHINE)).status).toBe(200);

    const refresh = sim.issueRefreshToken(ACCOUNTS.oauth.clientId);
    expect((await post('/oauth/revoke', { token: refresh }, MACHINE)).status).toBe(200);
    await expectOAuthError(await token({ grant_type: 'refresh_token', refresh_token: refresh }), 400, 'invalid_grant');

    await expectOAuthError(await post('/oauth/revoke', { token: refresh }, clientBasic(ACCOUNTS.oauth.clientId, 'wrong')), 401, 'invalid_client');
    await expectOAuthError(await post('/oauth/revoke', {}, MACHINE), 400, 'invalid_request');
  });

  it('lists every access and refresh token it issues in the issued-token log (for the leak scan)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sim-oauth-'));
    const logged = await startSimulator({ issuedLog: join(dir, 'issued.txt') });
    try {
      const refresh = logged.issueRefreshToken(ACCOUNTS.oauth.clientId);
      const res = await fetch(`${logged.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: MACHINE },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh }).toString(),
      });
      const body = (await res.json()) as Record<string, string>;
      expect((await readFile(join(dir, 'issued.txt'), 'utf8')).trim().split('\n')).toEqual([refresh, body.refresh_token, body.access_token]);
    } finally {
      await logged.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('every fault switch applies to the OAuth2 routes', () => {
  const ROUTES: Array<{ route: SimRoute; send: () => Promise<Response> }> = [
    { route: 'oauth.token', send: () => token({ grant_type: 'client_credentials' }) },
    { route: 'oauth.revoke', send: () => post('/oauth/revoke', { token: 'oat.unknown' }, MACHINE) },
    { route: 'oauth.api', send: async () => me(`Bearer ${(await clientCredentials()).access_token}`) },
  ];
  /** Expected outcome per fault: a status, 'no answer', or what only the token answer shows. */
  function expected(fault: SimFault, route: SimRoute): number | 'no answer' | 'token answer' {
    const status = /^http-(\d{3})$/.exec(fault)?.[1];
    if (status) return Number(status);
    if (fault === 'reset' || fault === 'hang' || fault === 'hang-before-headers') return 'no answer';
    if (fault === 'redirect-other-host') return route === 'oauth.api' ? 302 : 307;
    if (fault.startsWith('expires-') || fault === 'bad-token-chars') return route === 'oauth.token' ? 'token answer' : 200;
    return 200; // html-200, bad-json, slow; the Resolver-only faults change nothing here
  }

  for (const { route, send } of ROUTES) {
    it(route, async () => {
      for (const fault of SIM_FAULTS) {
        sim.setFault(route, fault, { times: 1 });
        const outcome = expected(fault, route);
        const answer = await Promise.race([
          send().then(
            (r) => r,
            () => 'no answer' as const,
          ),
          new Promise<'no answer'>((resolve) => setTimeout(() => resolve('no answer'), 300)),
        ]);
        const last = sim.requests.filter((r) => r.route === route).at(-1)!;
        expect(last.fault, `${route} ${fault}`).toBe(fault);
        if (outcome === 'no answer') {
          // 'hang' sends headers, then never finishes the body; the others send nothing usable.
          expect(answer === 'no answer' ? fault : answer.status, `${route} ${fault}`).toBe(fault === 'hang' ? 200 : fault);
          if (answer !== 'no answer') await answer.body?.cancel();
          continue;
        }
        expect(answer, `${route} ${fault}`).not.toBe('no answer');
        const res = answer as Response;
        const text = await res.text();
        if (outcome !== 'token answer') {
          expect(res.status, `${route} ${fault}`).toBe(outcome);
          if (fault === 'html-200') expect(text).toContain('Guest Wi-Fi');
          if (fault === 'bad-json') expect(() => JSON.parse(text) as unknown).toThrow();
          if (fault === 'redirect-other-host') expect(res.headers.get('location')).toMatch(/^http:\/\/localhost:\d+\//);
          continue;
        }
        const body = JSON.parse(text) as Record<string, unknown>;
        if (fault === 'bad-token-chars') expect(body.access_token).toMatch(/ /);
        else {
          const altered: Partial<Record<SimFault, unknown>> = { 'expires-zero': 0, 'expires-negative': -3600, 'expires-string': '3600', 'expires-huge': 315_360_000 };
          expect(body.expires_in, fault).toEqual(altered[fault]); // expires-missing: undefined
          expect('expires_in' in body).toBe(fault !== 'expires-missing');
        }
      }
    });
  }
});
