/** Resolver Core password sign-in flow against the real provider simulator over loopback HTTP. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RESOLVER_API_KEY_ADVICE, resolverPasswordFlow } from '../../../src/main/core/providers/resolver';
import type { FlowContext, IssuedToken } from '../../../src/main/core/providers/flow';
import type { StoredConnection } from '../../../src/main/core/vault/document';
import { MINUTE_MS } from '../../../src/main/core/tokens/refresh-policy';
import { flowContext, rejection, storedConnection, type LogCall } from '../../support/flow-context';
import { startSimulator, type Simulator } from '../../sim/server';
import { ACCOUNTS } from '../../sim/fixture';

const FIFTEEN_MIN = 15 * MINUTE_MS;

let sim: Simulator;

const connection = (over: Partial<StoredConnection> = {}): StoredConnection =>
  storedConnection({
    id: 'conn-resolver',
    providerId: 'resolver',
    label: 'Resolver Core',
    authKind: 'resolver-password',
    baseUrl: sim.url,
    username: ACCOUNTS.resolver.email,
    options: { orgId: 101 },
    ...over,
  });

const context = (opts: { password?: string; conn?: Partial<StoredConnection>; logs?: LogCall[] } = {}): FlowContext =>
  flowContext({ conn: connection(opts.conn), providerName: 'Resolver Core', password: opts.password ?? ACCOUNTS.resolver.password, logs: opts.logs });

/** Asks the simulator's resolver.check route whether a token is still accepted. */
async function accepted(token: string): Promise<boolean> {
  const res = await fetch(`${sim.url}/object/ping`, { headers: { Authorization: `Bearer ${token}` } });
  await res.text();
  return res.status === 200;
}

function expectAbout15Minutes(t: IssuedToken, before: number): void {
  // The simulator's 's' unit floors to whole seconds.
  expect(t.expiresAt).toBeGreaterThanOrEqual(before + FIFTEEN_MIN - 1000);
  expect(t.expiresAt).toBeLessThanOrEqual(Date.now() + FIFTEEN_MIN + 1000);
}

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.clearFaults();
  sim.fixture.resolver.expiresAtUnit = 's';
});

describe('resolverPasswordFlow.fromInput', () => {
  it('stores email, password and org id, but never the one-time MFA code', () => {
    const draft = resolverPasswordFlow.fromInput({
      kind: 'resolver-password',
      username: 'analyst@example.com',
      password: 'resolver-pass',
      orgId: 101,
      mfaCode: '123456',
    });
    expect(draft).toEqual({
      username: 'analyst@example.com',
      headerName: 'Authorization',
      scheme: 'Bearer',
      options: { orgId: 101 },
      secrets: { password: 'resolver-pass' },
      tenants: [],
    });
    expect(JSON.stringify(draft)).not.toContain('123456');
  });

  it('explains why an API key is better', () => {
    expect(RESOLVER_API_KEY_ADVICE).toMatch(/API key/);
    expect(RESOLVER_API_KEY_ADVICE).toMatch(/15 minutes/);
    expect(RESOLVER_API_KEY_ADVICE).toMatch(/expire/);
    expect(RESOLVER_API_KEY_ADVICE).toMatch(/MFA/);
  });
});

describe('sign-in', () => {
  it.each(['s', 'ms'] as const)('logs in and reads expiresAt in %s as now + 15 min', async (unit) => {
    sim.fixture.resolver.expiresAtUnit = unit;
    const logs: LogCall[] = [];
    const ctx = context({ logs });
    const before = Date.now();
    const t = await resolverPasswordFlow.signIn(ctx, '');
    expect(t.token).toMatch(/^rsv\./);
    expectAbout15Minutes(t, before);
    expect(await accepted(t.token)).toBe(true);
    expect(resolverPasswordFlow.headerFor(ctx.conn, t.token)).toEqual({
      name: 'Authorization',
      value: `Bearer ${t.token}`,
      credential: t.token,
    });
    expect(logs.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('sends client "core-client", the org id and a null MFA code in the JSON body', async () => {
    const bodies: unknown[] = [];
    const ctx = context({ conn: { options: { orgId: 202 } } });
    ctx.fetch = (url, init) => {
      if (typeof init?.body === 'string') bodies.push(JSON.parse(init.body));
      return globalThis.fetch(url, init);
    };
    const t = await resolverPasswordFlow.signIn(ctx, '');
    expect(bodies).toEqual([
      { email: ACCOUNTS.resolver.email, password: ACCOUNTS.resolver.password, selectedOrg: 202, client: 'core-client', mfaTokenCode: null },
    ]);
    const rec = sim.issuedTokens('resolver.login').find((x) => x.token === t.token)!;
    expect(rec.org).toBe(202);
    const req = sim.requests.filter((r) => r.route === 'resolver.login').at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.authorization).toBeUndefined();
  });

  it('accepts expiresAt sent as a numeric string', async () => {
    sim.setFault('resolver.login', 'expires-string', { times: 1 });
    const before = Date.now();
    expectAbout15Minutes(await resolverPasswordFlow.signIn(context(), ''), before);
  });

  it('maps a wrong password to a plain 401 message', async () => {
    const err = await rejection(resolverPasswordFlow.signIn(context({ password: 'wrong' }), ''));
    expect(err.code).toBe('auth-rejected');
    expect(err.message).toBe(
      'Resolver Core rejected the email or password (HTTP 401). Check them by signing in to Resolver Core in your browser.',
    );
  });

  it('maps 404 to not-member', async () => {
    const ctx = context({ conn: { username: ACCOUNTS.resolverNoOrg.email } });
    const err = await rejection(resolverPasswordFlow.signIn(ctx, ''));
    expect(err.code).toBe('not-member');
    expect(err.message).toBe(
      'Resolver Core says this user is not an active member of any org (HTTP 404). Check the org ID, or ask your Resolver administrator to add you.',
    );
    const wrongOrg = await rejection(resolverPasswordFlow.signIn(context({ conn: { options: { orgId: 999 } } }), ''));
    expect(wrongOrg.code).toBe('not-member');
  });

  it('asks for the MFA code, then signs in with it', async () => {
    sim.setFault('resolver.login', 'mfa-required');
    const ctx = context();
    const err = await rejection(resolverPasswordFlow.signIn(ctx, ''));
    expect(err.code).toBe('needs-mfa');
    expect(err.message).toBe('Resolver Core needs the 6-digit code from your authenticator app. Enter it to sign in.');
    const wrong = await rejection(resolverPasswordFlow.signIn(ctx, '', { mfaCode: '000000' }));
    expect(wrong.code).toBe('needs-mfa');
    expect(wrong.message).toMatch(/did not accept that code/);
    const t = await resolverPasswordFlow.signIn(ctx, '', { mfaCode: ACCOUNTS.resolverMfaCode });
    expect(await accepted(t.token)).toBe(true);
  });

  it('reports an expired password with what to do', async () => {
    sim.setFault('resolver.login', 'password-expired', { times: 1 });
    const err = await rejection(resolverPasswordFlow.signIn(context(), ''));
    expect(err.code).toBe('password-expired');
    expect(err.message).toBe(
      'Your Resolver Core password has expired. Sign in to Resolver Core in your browser to set a new one, then enter it here.',
    );
  });

  it('keeps other 403s as forbidden', async () => {
    sim.setFault('resolver.login', 'http-403', { times: 1 });
    expect((await rejection(resolverPasswordFlow.signIn(context(), ''))).code).toBe('forbidden');
  });

  it.each(['expires-missing', 'expires-zero', 'expires-negative', 'expires-huge'] as const)(
    '%s: falls back to 15 minutes and logs it without secrets',
    async (fault) => {
      const logs: LogCall[] = [];
      sim.setFault('resolver.login', fault, { times: 1 });
      const before = Date.now();
      const t = await resolverPasswordFlow.signIn(context({ logs }), '');
      expect(t.expiresAt).toBeGreaterThanOrEqual(before + FIFTEEN_MIN);
      expect(t.expiresAt).toBeLessThanOrEqual(Date.now() + FIFTEEN_MIN);
      const warns = logs.filter((l) => l.level === 'warn');
      expect(warns).toHaveLength(1);
      expect(warns[0]!.meta).toMatchObject({ provider: 'resolver', reason: expect.any(String) });
      const text = JSON.stringify(logs);
      expect(text).not.toContain(t.token);
      expect(text).not.toContain(ACCOUNTS.resolver.password);
    },
  );

  it('refuses a token with unsafe characters, and html/bad JSON answers', async () => {
    sim.setFault('resolver.login', 'bad-token-chars', { times: 1 });
    const bad = await rejection(resolverPasswordFlow.signIn(context(), ''));
    expect(bad.code).toBe('bad-response');
    expect(bad.message).toMatch(/cannot use safely/);
    sim.setFault('resolver.login', 'html-200', { times: 1 });
    expect((await rejection(resolverPasswordFlow.signIn(context(), ''))).code).toBe('bad-response');
    sim.setFault('resolver.login', 'bad-json', { times: 1 });
    expect((await rejection(resolverPasswordFlow.signIn(context(), ''))).code).toBe('bad-response');
  });

  it('maps 429 and 500 to retryable codes', async () => {
    sim.setFault('resolver.login', 'http-429', { times: 1 });
    expect((await rejection(resolverPasswordFlow.signIn(context(), ''))).code).toBe('rate-limited');
    sim.setFault('resolver.login', 'http-500', { times: 1 });
    expect((await rejection(resolverPasswordFlow.signIn(context(), ''))).code).toBe('server-error');
  });
});

describe('renew and sign-out', () => {
  it.each(['s', 'ms'] as const)('renew (%s) returns a new token and the old one is rejected', async (unit) => {
    sim.fixture.resolver.expiresAtUnit = unit;
    const ctx = context();
    const first = await resolverPasswordFlow.signIn(ctx, '');
    const before = Date.now();
    const next = await resolverPasswordFlow.renew!(ctx, '', first);
    expect(next.token).not.toBe(first.token);
    expectAbout15Minutes(next, before);
    const req = sim.requests.filter((r) => r.route === 'resolver.renew').at(-1)!;
    expect(req.authorization).toBe(`Bearer ${first.token}`);
    expect(await accepted(first.token)).toBe(false);
    expect(await accepted(next.token)).toBe(true);
  });

  it('renew of a dead token is auth-rejected', async () => {
    const ctx = context();
    const t = await resolverPasswordFlow.signIn(ctx, '');
    sim.revoke(t.token);
    const err = await rejection(resolverPasswordFlow.renew!(ctx, '', t));
    expect(err.code).toBe('auth-rejected');
    expect(err.message).toMatch(/sign in again/);
  });

  it('sign-out revokes the token', async () => {
    const ctx = context();
    const t = await resolverPasswordFlow.signIn(ctx, '');
    await resolverPasswordFlow.signOut!(ctx, '', t);
    expect(await accepted(t.token)).toBe(false);
    expect(sim.issuedTokens().find((x) => x.token === t.token)?.revoked).toBe(true);
  });

  it('sign-out is best effort: errors are swallowed and logged without secrets', async () => {
    const logs: LogCall[] = [];
    const ctx = context({ logs });
    const t = await resolverPasswordFlow.signIn(ctx, '');
    sim.setFault('resolver.logout', 'http-500', { times: 1 });
    await expect(resolverPasswordFlow.signOut!(ctx, '', t)).resolves.toBeUndefined();
    const warns = logs.filter((l) => l.level === 'warn');
    expect(warns).toHaveLength(1);
    expect(warns[0]!.meta).toMatchObject({ code: 'server-error', httpStatus: 500 });
    expect(JSON.stringify(logs)).not.toContain(t.token);
  });
});

describe('resolverPasswordFlow.test', () => {
  it('signs in, signs the test session out, and says so', async () => {
    const before = sim.count('resolver.logout');
    const result = await resolverPasswordFlow.test(context());
    // Who signed in and which org, from the sign-in answer's `user`; the org is offered to the wizard.
    expect(result).toEqual({
      ok: true,
      message: 'Signed in to Resolver Core as Ana Lyst (analyst@example.com) in org 101.',
      tenants: [{ id: '101', name: 'Org 101', kind: 'org' }],
    });
    expect(sim.count('resolver.logout')).toBe(before + 1);
    const last = sim.issuedTokens('resolver.login').at(-1)!;
    expect(last.revoked).toBe(true);
  });

  it('reports the org Resolver confirmed for another org id', async () => {
    const result = await resolverPasswordFlow.test(context({ conn: { options: { orgId: 202 } } }));
    expect(result.tenants).toEqual([{ id: '202', name: 'Org 202', kind: 'org' }]);
    expect(result.message).toMatch(/in org 202\.$/);
  });

  it('falls back to the email and the org it sent when the answer has no usable user', async () => {
    const ctx = context();
    ctx.fetch = async (url, init) => {
      const res = await globalThis.fetch(url, init);
      if (!String(url).endsWith('/user/authenticate')) return res;
      const body = (await res.json()) as Record<string, unknown>;
      return new Response(JSON.stringify({ token: body.token, expiresAt: body.expiresAt, user: 'not an object' }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };
    const result = await resolverPasswordFlow.test(ctx);
    expect(result).toMatchObject({ ok: true, message: 'Signed in to Resolver Core as analyst@example.com in org 101.' });
  });

  it('says an MFA code is needed (action enter-mfa), then passes with the one-time code', async () => {
    sim.setFault('resolver.login', 'mfa-required');
    const needed = await resolverPasswordFlow.test(context());
    expect(needed).toMatchObject({ ok: false, action: 'enter-mfa', httpStatus: 401 });
    expect(needed.message).toMatch(/6-digit code from your authenticator app/);

    const wrong = await resolverPasswordFlow.test(context(), { mfaCode: '000000' });
    expect(wrong).toMatchObject({ ok: false, action: 'enter-mfa' });
    expect(wrong.message).toMatch(/did not accept that code/);

    const ok = await resolverPasswordFlow.test(context(), { mfaCode: ACCOUNTS.resolverMfaCode });
    expect(ok).toMatchObject({ ok: true, tenants: [{ id: '101' }] });
  });

  it('returns the plain message on failure', async () => {
    const result = await resolverPasswordFlow.test(context({ password: 'bad' }));
    expect(result.ok).toBe(false);
    expect(result.action).toBeUndefined();
    expect(result.message).toMatch(/rejected the email or password \(HTTP 401\)/);
    expect(result.httpStatus).toBe(401);
  });
});
