/**
 * Fault matrix, OAuth2 client credentials: every fault of the simulator that applies to a
 * token request, once, against the simulator's plain token endpoint (`POST /oauth/token`,
 * typed by hand: no issuer, no discovery) — first when signing in, then when renewing a
 * token that is still valid. Each case checks what the person sees (state + plain message)
 * and that nothing is lost: the connection and its client secret stay, the token in hand is
 * still handed out while a renewal fails, and once the fault clears a fresh token comes and
 * the copied header works on the simulator's protected route (`GET /api/me`).
 * The server's own OAuth2 error answers (invalid_client, invalid_scope, unauthorized_client)
 * are at the end. `mfa-required` and `password-expired` are Resolver sign-in answers: they do
 * not apply here. A refresh token refused with invalid_grant (auth-code flow) is covered in
 * oauth2-auth-code.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TokenState } from '../../src/shared/views';
import { ACCOUNTS } from '../sim/fixture';
import { SIM_FAULTS, startSimulator, type SimFault, type Simulator } from '../sim/server';
import { makeCore, MASTER, type Harness } from '../support/core-harness';
import { createFakeClock, type FakeClock } from '../support/fake-clock';
import { isPlainMessage } from '../support/plain-message';
import { until } from '../support/wait';

const MIN = 60_000;
const HOUR = 60 * MIN;
/**
 * The server's token lifetime here: 20 minutes rather than the usual hour, so a renewal
 * (about 2 minutes before the end) comes after fewer watchdog rounds of the fake clock —
 * and still early enough that the token in hand is good for a copy (60 s) when it fails.
 */
const LIFETIME_MS = 20 * MIN;

let sim: Simulator;
let clock: FakeClock;
let h: Harness;
/** How messages name the server without discovery: its host. */
let host: string;

beforeAll(async () => {
  clock = createFakeClock();
  sim = await startSimulator({ now: () => clock.now(), slowMs: 100, tokenLifetimes: { oauthSeconds: LIFETIME_MS / 1000 } });
  host = new URL(sim.url).host;
  // As in faults.test.ts: hangs are given up on after 1 s, with room for a busy machine.
  h = await makeCore({ clock, requestTimeoutMs: 1_000 });
  await h.core.vault.create({ password: MASTER });
  await fetch(`${sim.url}/api/me`).then((r) => r.arrayBuffer()); // warm-up outside the cases
});
afterAll(async () => {
  await h.cleanup();
  await sim.close();
});
beforeEach(async () => {
  sim.clearFaults();
  // A case that failed half-way must not leave a connection renewing during the next ones.
  for (const c of await h.core.connections.list()) await h.core.connections.remove({ id: c.id });
});

function add(auth: { clientId?: string; clientSecret?: string; scope?: string } = {}) {
  return h.core.connections.add({
    providerId: 'custom',
    label: `OAuth2 ${Math.random()}`,
    baseUrl: sim.url,
    auth: {
      kind: 'oauth2-client-credentials',
      tokenUrl: `${sim.url}/oauth/token`,
      clientId: ACCOUNTS.oauth.clientId,
      clientSecret: ACCOUNTS.oauth.clientSecret,
      scope: 'api:read',
      ...auth,
    },
  });
}
const status = async (id: string) => (await h.core.connections.get({ id })).status;
const stateIs = (id: string, state: TokenState) => until(clock, async () => ((await status(id)).state === state ? status(id) : undefined), `state ${state}`);

/** Copies the header and proves it on the protected route; returns the token. */
async function copyWorks(id: string, clientId: string = ACCOUNTS.oauth.clientId, scope = 'api:read'): Promise<string> {
  await h.core.tokens.copy({ connectionId: id, format: 'header' });
  const header = h.clipboard.text.replace(/^Authorization: /, '');
  const res = await fetch(`${sim.url}/api/me`, { headers: { authorization: header } });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ ok: true, client_id: clientId, scope });
  return header.replace(/^Bearer /, '');
}

/** No request that followed a redirect to the other host carried credentials. */
const noCredentialsRedirected = () => expect(sim.requests.filter((r) => r.redirected && r.authorization)).toEqual([]);

interface Case {
  fault: SimFault;
  retryAfter?: string;
  state: TokenState;
  message: RegExp;
  /** What the person is asked to do, for needs-you states. */
  action?: string;
}

const CASES: Case[] = [
  { fault: 'http-401', state: 'needs-you', action: 'update-password', message: /rejected the client ID or client secret \(HTTP 401\)\. Check both with whoever registered TokenDesk/ },
  { fault: 'http-403', state: 'needs-you', action: 'check-settings', message: /not allowed to do this \(HTTP 403\)\. Ask your .+ administrator for access\./ },
  { fault: 'http-404', state: 'needs-you', action: 'check-settings', message: /could not find that address \(HTTP 404\)\. Check the service address/ },
  { fault: 'http-423', state: 'needs-you', action: 'sign-in-again', message: /has locked this account \(HTTP 423\)/ },
  { fault: 'http-429', state: 'error', message: /slow down \(HTTP 429\)\. It will try again by itself/ },
  { fault: 'http-429', retryAfter: '90', state: 'error', message: /slow down \(HTTP 429\)/ },
  { fault: 'http-500', state: 'error', message: /having a problem right now \(HTTP 500\)\. TokenDesk will try again by itself\./ },
  { fault: 'http-503', state: 'error', message: /having a problem right now \(HTTP 503\)/ },
  { fault: 'http-503', retryAfter: '45', state: 'error', message: /having a problem right now \(HTTP 503\)/ },
  { fault: 'html-200', state: 'error', message: /web page instead of data\. If you are on hotel or guest Wi-Fi/ },
  { fault: 'bad-json', state: 'error', message: /sent an answer TokenDesk could not read \(it is not a standard OAuth2 answer\)/ },
  { fault: 'bad-token-chars', state: 'error', message: /sent a token TokenDesk cannot use safely/ },
  { fault: 'reset', state: 'offline', message: /^Offline — will retry by itself$/ },
  { fault: 'hang', state: 'offline', message: /^Offline — will retry by itself$/ },
  { fault: 'hang-before-headers', state: 'offline', message: /^Offline — will retry by itself$/ },
  { fault: 'redirect-other-host', state: 'error', message: /different address \(HTTP 307\)\. Your credentials were not sent there/ },
  // An unusable expiry is not believed: the token counts as one hour (OAuth2's usual lifetime).
  { fault: 'expires-missing', state: 'valid', message: /^Valid/ },
  { fault: 'expires-zero', state: 'valid', message: /^Valid/ },
  { fault: 'expires-negative', state: 'valid', message: /^Valid/ },
  { fault: 'expires-string', state: 'valid', message: /^Valid/ },
  { fault: 'expires-huge', state: 'valid', message: /^Valid/ },
  { fault: 'slow', state: 'valid', message: /^Valid/ },
];
const NOT_APPLICABLE: SimFault[] = ['mfa-required', 'password-expired'];
/** Valid cases whose expiry is believed: a late answer, and "expires_in" as a numeric string (RFC 6749 allows no string, but it is unambiguous). */
const BELIEVED: SimFault[] = ['slow', 'expires-string'];
/** The lifetime TokenDesk counts with after a valid case: the server's, or one hour when the expiry is not believed. */
const lifetimeAfter = (c: Case) => (BELIEVED.includes(c.fault) ? LIFETIME_MS : HOUR);
const caseName = (c: Case) => `${c.fault}${c.retryAfter ? ` (Retry-After ${c.retryAfter})` : ''} → ${c.state}`;
const faultOpts = (c: Case) => ({ times: 1, ...(c.retryAfter ? { retryAfter: c.retryAfter } : {}) });

it('the cases cover every fault switch except the Resolver-only ones', () => {
  expect(new Set([...CASES.map((c) => c.fault), ...NOT_APPLICABLE])).toEqual(new Set(SIM_FAULTS));
});

describe('OAuth2 client credentials: sign-in faults', () => {
  for (const c of CASES) {
    it(caseName(c), async () => {
      sim.setFault('oauth.token', c.fault, faultOpts(c));
      const { id } = await add();
      const s = await stateIs(id, c.state);
      expect(s.message).toMatch(c.message);
      if (c.state === 'needs-you' || c.state === 'error') {
        expect(isPlainMessage(s.message)).toBe(true);
        expect(s.message).toContain(host);
      }
      if (c.action) expect(s).toMatchObject({ action: c.action, renewsAt: null });
      if (c.retryAfter) expect(s.renewsAt).toBe(clock.now() + Number(c.retryAfter) * 1000);
      else if (c.state === 'error' || c.state === 'offline') expect(s.renewsAt! - clock.now()).toBeLessThanOrEqual(5 * MIN);
      if (c.state === 'valid') {
        // An untrusted expiry falls back to one hour (OAuth2's usual lifetime), never "now" or ten years.
        expect(s.expiresAt! - clock.now()).toBe(lifetimeAfter(c));
      } else {
        // Nothing lost: once the fault is gone, signing in again works with the stored secret.
        expect((await h.core.connections.signIn({ id })).status.state).toBe('valid');
      }
      await copyWorks(id);
      noCredentialsRedirected();
      await h.core.connections.remove({ id });
    });
  }
});

describe('OAuth2 client credentials: renewal faults — the token in hand is still handed out', () => {
  for (const c of CASES) {
    it(caseName(c), async () => {
      const { id } = await add();
      const before = await stateIs(id, 'valid');
      const token = await copyWorks(id);
      const requests = sim.count('oauth.token');
      sim.setFault('oauth.token', c.fault, faultOpts(c));
      await clock.advance(before.renewsAt! - clock.now());
      const s = await until(
        clock,
        async () => {
          const st = await status(id);
          return sim.count('oauth.token') > requests && st.state === c.state && (c.state !== 'valid' || st.expiresAt !== before.expiresAt) ? st : undefined;
        },
        `renewal with ${c.fault} → ${c.state}`,
      );
      expect(s.message).toMatch(c.message);
      if (c.retryAfter) expect(s.renewsAt).toBe(clock.now() + Number(c.retryAfter) * 1000);
      if (c.state === 'valid') {
        expect(s.expiresAt! - clock.now()).toBe(lifetimeAfter(c));
        expect(await copyWorks(id)).not.toBe(token);
        return h.core.connections.remove({ id });
      }
      // The renewal failed, but the old token has minutes left: a copy still gets it.
      expect(s.expiresAt).toBe(before.expiresAt);
      expect(await copyWorks(id)).toBe(token);
      if (c.state === 'needs-you') {
        expect(s.renewsAt).toBeNull();
        expect((await h.core.connections.signIn({ id })).status.state).toBe('valid');
      } else {
        // Retried by itself at the planned time, before the old token runs out.
        expect(s.renewsAt).toBeLessThan(before.expiresAt!);
        await clock.advance(s.renewsAt! - clock.now());
        await until(clock, async () => (await status(id)).expiresAt !== before.expiresAt, 'renewed by the retry');
      }
      expect((await status(id)).state).toBe('valid');
      expect(await copyWorks(id)).not.toBe(token);
      noCredentialsRedirected();
      await h.core.connections.remove({ id });
    });
  }
});

describe('OAuth2 client credentials: the server’s own error answers (RFC 6749 §5.2)', () => {
  it('invalid_client (wrong secret) stops, is not retried, and says to check the client ID and secret; a new secret fixes it', async () => {
    const test = await h.core.connections.testDraft({
      providerId: 'custom',
      label: 'Draft',
      auth: { kind: 'oauth2-client-credentials', tokenUrl: `${sim.url}/oauth/token`, clientId: ACCOUNTS.oauth.clientId, clientSecret: 'not-the-secret' },
    });
    const message = `${host} rejected the client ID or client secret (HTTP 401). Check both with whoever registered TokenDesk at ${host}, then update them here.`;
    expect(test).toEqual({ ok: false, httpStatus: 401, code: 'auth-rejected', message });

    const { id } = await add({ clientSecret: 'not-the-secret' });
    expect(await stateIs(id, 'needs-you')).toMatchObject({ action: 'update-password', message, renewsAt: null });
    const requests = sim.count('oauth.token');
    await clock.advance(30 * MIN);
    expect(sim.count('oauth.token')).toBe(requests);
    await expect(h.core.tokens.copy({ connectionId: id, format: 'header' })).rejects.toMatchObject({ code: 'auth-rejected', message });
    await h.core.connections.update({ id, patch: { secrets: { clientSecret: ACCOUNTS.oauth.clientSecret } } });
    await stateIs(id, 'valid');
    await copyWorks(id);
    await h.core.connections.remove({ id });
  });

  it('an unknown client ID gets the same plain message', async () => {
    const { id } = await add({ clientId: 'no-such-client' });
    expect((await stateIs(id, 'needs-you')).message).toMatch(/rejected the client ID or client secret \(HTTP 401\)\. Check both/);
    await h.core.connections.remove({ id });
  });

  it('invalid_scope names the scope; unauthorized_client names the client', async () => {
    const scoped = await add({ scope: 'api:read api:admin' });
    expect(await stateIs(scoped.id, 'needs-you')).toMatchObject({
      action: 'check-settings',
      message: `${host} does not accept the scope “api:read api:admin” for this client (invalid_scope). Check the scope in the service’s documentation, or leave it empty.`,
    });
    const refreshOnly = await add({ clientId: ACCOUNTS.oauthRefreshOnly.clientId, clientSecret: ACCOUNTS.oauthRefreshOnly.clientSecret });
    expect(await stateIs(refreshOnly.id, 'needs-you')).toMatchObject({
      action: 'check-settings',
      message: `${host} does not allow client “${ACCOUNTS.oauthRefreshOnly.clientId}” to sign in with client credentials (unauthorized_client). Ask its administrator to allow that for this client.`,
    });
    // Nothing lost: once the server's administrator allows it, "Sign in again" is all it takes.
    sim.fixture.oauth.clients[0]!.scopes.push('api:admin');
    sim.fixture.oauth.clients[1]!.grants.push('client_credentials');
    try {
      expect((await h.core.connections.signIn({ id: scoped.id })).status.state).toBe('valid');
      expect((await h.core.connections.signIn({ id: refreshOnly.id })).status.state).toBe('valid');
      await copyWorks(scoped.id, ACCOUNTS.oauth.clientId, 'api:read api:admin');
      await copyWorks(refreshOnly.id, ACCOUNTS.oauthRefreshOnly.clientId, 'api:read');
    } finally {
      sim.fixture.oauth.clients[0]!.scopes.pop();
      sim.fixture.oauth.clients[1]!.grants.pop();
    }
    await h.core.connections.remove({ id: scoped.id });
    await h.core.connections.remove({ id: refreshOnly.id });
  });
});
