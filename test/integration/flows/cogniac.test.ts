/** Cogniac sign-in flow against the real provider simulator over loopback HTTP. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cogniacFlow, verifyCogniacToken } from '../../../src/main/core/providers/cogniac';
import type { FlowContext } from '../../../src/main/core/providers/flow';
import type { StoredConnection } from '../../../src/main/core/vault/document';
import { DAY_MS } from '../../../src/main/core/tokens/refresh-policy';
import { flowContext, rejection, storedConnection, type LogCall } from '../../support/flow-context';
import { startSimulator, type Simulator } from '../../sim/server';
import { ACCOUNTS } from '../../sim/fixture';

const FIVE_DAYS_MS = 5 * DAY_MS;

let sim: Simulator;

const connection = (over: Partial<StoredConnection> = {}): StoredConnection =>
  storedConnection({
    id: 'conn-cogniac',
    providerId: 'cogniac',
    label: 'Cogniac',
    authKind: 'cogniac',
    baseUrl: sim.url,
    username: ACCOUNTS.cogniac.email,
    options: {},
    ...over,
  });

const context = (opts: { password?: string; conn?: Partial<StoredConnection>; logs?: LogCall[] } = {}): FlowContext =>
  flowContext({ conn: connection(opts.conn), providerName: 'Cogniac', password: opts.password ?? ACCOUNTS.cogniac.password, logs: opts.logs });

function expectNoSecretsIn(logs: LogCall[], secrets: string[]): void {
  const text = JSON.stringify(logs);
  for (const s of secrets) expect(text).not.toContain(s);
}

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.clearFaults();
});

describe('cogniacFlow.fromInput', () => {
  it('stores the email, the password as a secret and the chosen tenants', () => {
    const draft = cogniacFlow.fromInput({
      kind: 'cogniac',
      username: 'ops@example.com',
      password: 'cogniac-pass',
      tenantIds: ['49wshskg', '12ir8sjgtl'],
    });
    expect(draft).toEqual({
      username: 'ops@example.com',
      headerName: 'Authorization',
      scheme: 'Bearer',
      options: {},
      secrets: { password: 'cogniac-pass' },
      tenants: [
        { id: '49wshskg', name: '49wshskg', selected: true },
        { id: '12ir8sjgtl', name: '12ir8sjgtl', selected: true },
      ],
    });
    expect(cogniacFlow.kind).toBe('cogniac');
    expect(cogniacFlow.type).toBe('token');
    expect(cogniacFlow.renew).toBeUndefined();
    expect(cogniacFlow.signOut).toBeUndefined();
  });
});

describe('tenant discovery', () => {
  it('lists the three tenants with Basic auth', async () => {
    const tenants = await cogniacFlow.discoverTenants!(context());
    expect(tenants).toEqual([
      { id: '49wshskg', name: 'Internal Tenant 1', kind: 'usertenant' },
      { id: '12ir8sjgtl', name: 'External Tenant 2', kind: 'orgtenant' },
      { id: '7qa0tenant', name: 'QA Tenant 3', kind: 'orgtenant' },
    ]);
    const last = sim.requests.filter((r) => r.route === 'cogniac.tenants').at(-1)!;
    const basic = Buffer.from(`${ACCOUNTS.cogniac.email}:${ACCOUNTS.cogniac.password}`).toString('base64');
    expect(last.authorization).toBe(`Basic ${basic}`);
  });

  it('sees a tenant added and one removed on the server at the next discovery', async () => {
    const user = sim.fixture.cogniac.users[0]!;
    const saved = user.tenants.map((t) => ({ ...t }));
    try {
      user.tenants.push({ tenant_id: 'newtenant9', type: 'orgtenant', name: 'New Tenant 4' });
      user.tenants = user.tenants.filter((t) => t.tenant_id !== '12ir8sjgtl');
      const ids = (await cogniacFlow.discoverTenants!(context())).map((t) => t.id);
      expect(ids).toEqual(['49wshskg', '7qa0tenant', 'newtenant9']);
    } finally {
      user.tenants = saved;
    }
  });

  it('maps a wrong password to a plain 401 message', async () => {
    const err = await rejection(cogniacFlow.discoverTenants!(context({ password: 'wrong' })));
    expect(err.code).toBe('auth-rejected');
    expect(err.message).toBe('Cogniac rejected the email or password (HTTP 401). Check them in the Cogniac web app.');
  });

  it('refuses an answer of the wrong shape', async () => {
    const user = sim.fixture.cogniac.users[0]!;
    const saved = user.tenants;
    try {
      // A tenant without an id.
      user.tenants = [{ name: 'No id', type: 'orgtenant' } as unknown as (typeof saved)[number]];
      const err = await rejection(cogniacFlow.discoverTenants!(context()));
      expect(err.code).toBe('bad-response');
      expect(err.message).toMatch(/^Cogniac sent the list of tenants in a form TokenDesk does not recognise/);
    } finally {
      user.tenants = saved;
    }
  });

  it('explains a captive-portal page and unreadable JSON', async () => {
    sim.setFault('cogniac.tenants', 'html-200', { times: 1 });
    const html = await rejection(cogniacFlow.discoverTenants!(context()));
    expect(html.code).toBe('bad-response');
    expect(html.message).toMatch(/web page instead of data/);
    sim.setFault('cogniac.tenants', 'bad-json', { times: 1 });
    const bad = await rejection(cogniacFlow.discoverTenants!(context()));
    expect(bad.code).toBe('bad-response');
  });
});

describe('per-tenant sign-in', () => {
  it('issues a distinct token per tenant, each valid for its own tenant', async () => {
    const logs: LogCall[] = [];
    const ctx = context({ logs });
    const before = Date.now();
    const a = await cogniacFlow.signIn(ctx, '49wshskg');
    const b = await cogniacFlow.signIn(ctx, '12ir8sjgtl');
    expect(a.token).not.toBe(b.token);
    for (const t of [a, b]) {
      expect(t.expiresAt).toBeGreaterThanOrEqual(before + FIVE_DAYS_MS - 1000);
      expect(t.expiresAt).toBeLessThanOrEqual(Date.now() + FIVE_DAYS_MS + 1000);
    }
    const header = cogniacFlow.headerFor(ctx.conn, a.token);
    expect(header).toEqual({ name: 'Authorization', value: `Bearer ${a.token}`, credential: a.token });

    expect(await verifyCogniacToken(ctx, a.token)).toEqual({ id: '49wshskg', name: 'Internal Tenant 1', kind: 'usertenant' });
    expect((await verifyCogniacToken(ctx, b.token)).id).toBe('12ir8sjgtl');
    const tokenReq = sim.requests.filter((r) => r.route === 'cogniac.token').at(-1)!;
    expect(tokenReq.search).toBe('?tenant_id=12ir8sjgtl');
    expect(tokenReq.authorization).toMatch(/^Basic /);
    expect(logs.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('verifyCogniacToken reports a revoked token plainly', async () => {
    const ctx = context();
    const t = await cogniacFlow.signIn(ctx, '7qa0tenant');
    sim.revoke(t.token);
    const err = await rejection(verifyCogniacToken(ctx, t.token));
    expect(err.code).toBe('auth-rejected');
    expect(err.message).toMatch(/no longer accepts this token/);
  });

  it('verify proves a token is for the tenant it was bought for, and refuses one for another tenant', async () => {
    const ctx = context({ conn: { tenants: [{ id: '49wshskg', name: 'Internal Tenant 1', selected: true }] } });
    const other = await cogniacFlow.signIn(ctx, '12ir8sjgtl');
    const own = await cogniacFlow.signIn(ctx, '49wshskg');
    expect(await cogniacFlow.verify!(ctx, '49wshskg', own.token)).toMatchObject({ id: '49wshskg', name: 'Internal Tenant 1' });
    const err = await rejection(cogniacFlow.verify!(ctx, '49wshskg', other.token));
    expect(err.code).toBe('bad-response');
    expect(err.message).toBe(
      'Cogniac says this token is for tenant "External Tenant 2" (12ir8sjgtl), not "Internal Tenant 1" (49wshskg). Use "Sign in again"; if it keeps happening, contact Cogniac support.',
    );
  });

  it('maps a wrong password to a plain 401 message', async () => {
    const err = await rejection(cogniacFlow.signIn(context({ password: 'nope' }), '49wshskg'));
    expect(err.code).toBe('auth-rejected');
    expect(err.details?.httpStatus).toBe(401);
    expect(err.message).toBe('Cogniac rejected the email or password (HTTP 401). Check them in the Cogniac web app.');
  });

  it('says the user no longer has access to an unknown tenant (403)', async () => {
    const ctx = context({ conn: { tenants: [{ id: 'gone1234', name: 'Old Tenant', selected: true }] } });
    const err = await rejection(cogniacFlow.signIn(ctx, 'gone1234'));
    expect(err.code).toBe('forbidden');
    expect(err.details?.httpStatus).toBe(403);
    expect(err.message).toMatch(/no longer has access to tenant "Old Tenant" \(gone1234\)/);
  });

  it('URL-encodes the tenant id', async () => {
    await rejection(cogniacFlow.signIn(context(), 'a b&c=d'));
    const req = sim.requests.filter((r) => r.route === 'cogniac.token').at(-1)!;
    expect(req.search).toBe('?tenant_id=a%20b%26c%3Dd');
  });

  it.each(['expires-missing', 'expires-zero', 'expires-negative', 'expires-huge'] as const)(
    '%s: falls back to the documented 5 days, untrusted, and logs it without secrets',
    async (fault) => {
      const logs: LogCall[] = [];
      const ctx = context({ logs });
      sim.setFault('cogniac.token', fault, { times: 1 });
      const before = Date.now();
      const t = await cogniacFlow.signIn(ctx, '49wshskg');
      expect(t.expiresAt).toBeGreaterThanOrEqual(before + FIVE_DAYS_MS);
      expect(t.expiresAt).toBeLessThanOrEqual(Date.now() + FIVE_DAYS_MS);
      const warns = logs.filter((l) => l.level === 'warn');
      expect(warns).toHaveLength(1);
      expect(warns[0]!.meta).toMatchObject({ provider: 'cogniac', tenantId: '49wshskg', reason: expect.any(String) });
      expectNoSecretsIn(logs, [t.token, ACCOUNTS.cogniac.password]);
    },
  );

  it('expires-string: a numeric string ("432000") is accepted as 5 days', async () => {
    const logs: LogCall[] = [];
    sim.setFault('cogniac.token', 'expires-string', { times: 1 });
    const before = Date.now();
    const t = await cogniacFlow.signIn(context({ logs }), '49wshskg');
    expect(t.expiresAt).toBeGreaterThanOrEqual(before + FIVE_DAYS_MS);
    expect(t.expiresAt).toBeLessThanOrEqual(Date.now() + FIVE_DAYS_MS);
    expect(logs.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('refuses a token with characters outside the RFC 6750 set', async () => {
    sim.setFault('cogniac.token', 'bad-token-chars', { times: 1 });
    const logs: LogCall[] = [];
    const err = await rejection(cogniacFlow.signIn(context({ logs }), '49wshskg'));
    expect(err.code).toBe('bad-response');
    expect(err.message).toMatch(/^Cogniac sent a token TokenDesk cannot use safely/);
    expect(err.message).not.toMatch(/ünïcødé/);
  });

  it('explains html-200 and bad-json answers', async () => {
    sim.setFault('cogniac.token', 'html-200', { times: 1 });
    expect((await rejection(cogniacFlow.signIn(context(), '49wshskg'))).message).toMatch(/hotel or guest Wi-Fi/);
    sim.setFault('cogniac.token', 'bad-json', { times: 1 });
    const bad = await rejection(cogniacFlow.signIn(context(), '49wshskg'));
    expect(bad.code).toBe('bad-response');
    expect(bad.message).toMatch(/could not read/);
  });

  it('maps 429 and 500 to retryable codes', async () => {
    sim.setFault('cogniac.token', 'http-429', { times: 1, retryAfter: '30' });
    const limited = await rejection(cogniacFlow.signIn(context(), '49wshskg'));
    expect(limited.code).toBe('rate-limited');
    expect(limited.details?.retryAfter).toBe('30');
    sim.setFault('cogniac.token', 'http-500', { times: 1 });
    expect((await rejection(cogniacFlow.signIn(context(), '49wshskg'))).code).toBe('server-error');
  });
});

describe('cogniacFlow.test', () => {
  it('reports the account and the tenants found', async () => {
    const result = await cogniacFlow.test(context());
    expect(result.ok).toBe(true);
    expect(result.message).toBe('Connected to Cogniac as ops@example.com. Found 3 tenants.');
    expect(result.tenants?.map((t) => t.id)).toEqual(['49wshskg', '12ir8sjgtl', '7qa0tenant']);
  });

  it('returns the plain message and status on failure', async () => {
    const result = await cogniacFlow.test(context({ password: 'bad' }));
    expect(result).toEqual({
      ok: false,
      message: 'Cogniac rejected the email or password (HTTP 401). Check them in the Cogniac web app.',
      httpStatus: 401,
      code: 'auth-rejected',
    });
  });
});
