import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { startSimulator, parseBasic, type Simulator, type SimFault } from '../../sim/server';
import { ACCOUNTS, defaultFixture } from '../../sim/fixture';

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`, 'utf8').toString('base64')}`;
const COG = basic(ACCOUNTS.cogniac.email, ACCOUNTS.cogniac.password);
const loginBody = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    email: ACCOUNTS.resolver.email,
    password: ACCOUNTS.resolver.password,
    selectedOrg: 101,
    client: 'core-client',
    mfaTokenCode: null,
    ...extra,
  });

let sim: Simulator;
let clock = 1_700_000_000_000;
/** Every fault some test below actually served (checked against SIM_FAULTS at the end). */
const faultsServed = new Set<SimFault>();

beforeEach(async () => {
  clock = 1_700_000_000_000;
  sim = await startSimulator({ now: () => clock, slowMs: 300 });
});
afterEach(async () => {
  for (const r of sim.requests) if (r.fault) faultsServed.add(r.fault);
  await sim.close();
});

const get = (path: string, authorization?: string, init: RequestInit = {}) =>
  fetch(`${sim.url}${path}`, { ...init, headers: authorization ? { authorization } : {} });
const login = (extra: Record<string, unknown> = {}) =>
  fetch(`${sim.url}/user/authenticate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: loginBody(extra),
  });
async function cogniacToken(tenant = '12ir8sjgtl') {
  const r = await get(`/1/token?tenant_id=${tenant}`, COG);
  return (await r.json()) as Record<string, unknown>;
}

describe('server basics', () => {
  it('binds 127.0.0.1 on a random port', () => {
    expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.port).toBeGreaterThan(0);
  });

  it('is not reachable on other interfaces', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal && i.family === 'IPv4')
      .map((i) => i!.address);
    for (const host of ['::1', ...others]) {
      const outcome = await new Promise<string>((resolve) => {
        const s = connect({ host, port: sim.port });
        s.once('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.once('error', () => resolve('refused'));
      });
      expect(outcome, host).toBe('refused');
    }
  });

  it('accepts a given port', async () => {
    const other = await startSimulator({ port: 0 });
    const port = other.port;
    await other.close();
    const fixed = await startSimulator({ port });
    try {
      expect(fixed.url).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${fixed.url}/check/basic`)).status).toBe(401);
    } finally {
      await fixed.close();
    }
  });

  it('answers 404 on unknown routes and logs requests', async () => {
    expect((await get('/nope')).status).toBe(404);
    await get('/check/basic', basic('test', '123£'));
    expect(sim.count('unknown')).toBe(1);
    expect(sim.requests.count('check.basic')).toBe(1);
    const last = sim.requests.at(-1);
    expect(last).toMatchObject({ method: 'GET', path: '/check/basic', route: 'check.basic', at: clock });
    expect(last?.authorization).toMatch(/^Basic /);
  });

  it('parses Basic credentials as UTF-8 with colons in the password', () => {
    expect(parseBasic(basic('test', '123£'))).toEqual({ user: 'test', pass: '123£' });
    expect(parseBasic(basic('u', 'a:b'))).toEqual({ user: 'u', pass: 'a:b' });
    expect(parseBasic('Bearer x')).toBeNull();
  });
});

describe('Cogniac', () => {
  it('lists tenants with Basic auth', async () => {
    const r = await get('/1/users/current/tenants', COG);
    expect(r.status).toBe(200);
    const body = (await r.json()) as { tenants: unknown[] };
    expect(body.tenants).toHaveLength(3);
    expect(body.tenants[0]).toEqual({ tenant_id: '49wshskg', type: 'usertenant', name: 'Internal Tenant 1' });
  });

  it('rejects wrong credentials with 401', async () => {
    const r = await get('/1/users/current/tenants', basic(ACCOUNTS.cogniac.email, 'nope'));
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ message: 'Invalid username or password' });
    expect((await get('/1/token?tenant_id=49wshskg')).status).toBe(401);
  });

  it('issues a token, which works on /1/tenants/current', async () => {
    const t = await cogniacToken();
    expect(t).toMatchObject({
      token_type: 'Bearer',
      expires_in: 432000,
      user_email: 'ops@example.com',
      tenant_id: '12ir8sjgtl',
      tenant_name: 'External Tenant 2',
      tenant_type: 'orgtenant',
    });
    expect(t.access_token).toMatch(/^[A-Za-z0-9._-]+$/);
    const r = await get('/1/tenants/current', `Bearer ${String(t.access_token)}`);
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ tenant_id: '12ir8sjgtl', name: 'External Tenant 2' });
    expect(sim.issuedTokens('cogniac.token')).toHaveLength(1);
  });

  it('403 for a tenant the user cannot access', async () => {
    const r = await get('/1/token?tenant_id=someoneelse', COG);
    expect(r.status).toBe(403);
    expect(r.headers.get('content-type')).toMatch(/json/);
  });

  it('401 for unknown, expired and revoked tokens', async () => {
    expect((await get('/1/tenants/current', 'Bearer nope')).status).toBe(401);
    const a = String((await cogniacToken()).access_token);
    clock += 432000 * 1000;
    expect((await get('/1/tenants/current', `Bearer ${a}`)).status).toBe(401);
    const b = String((await cogniacToken()).access_token);
    expect((await get('/1/tenants/current', `Bearer ${b}`)).status).toBe(200);
    sim.revoke(b);
    expect((await get('/1/tenants/current', `Bearer ${b}`)).status).toBe(401);
  });

  it('honours tokenLifetimes and mutable fixture', async () => {
    const short = await startSimulator({ tokenLifetimes: { cogniacSeconds: 60 } });
    try {
      const r = await fetch(`${short.url}/1/token?tenant_id=49wshskg`, { headers: { authorization: COG } });
      expect(((await r.json()) as { expires_in: number }).expires_in).toBe(60);
    } finally {
      await short.close();
    }
    sim.fixture.cogniac.users[0]!.password = 'changed';
    expect((await get('/1/users/current/tenants', COG)).status).toBe(401);
    sim.fixture.cogniac.users[0]!.password = ACCOUNTS.cogniac.password;
    sim.fixture.cogniac.users[0]!.tenants = sim.fixture.cogniac.users[0]!.tenants.filter((t) => t.tenant_id !== '7qa0tenant');
    expect((await get('/1/token?tenant_id=7qa0tenant', COG)).status).toBe(403);
  });
});

describe('Resolver', () => {
  it('logs in with seconds-based expiresAt and the user object', async () => {
    const r = await login();
    expect(r.status).toBe(200);
    const b = (await r.json()) as { token: string; expiresAt: number; user: Record<string, unknown> };
    expect(b.expiresAt).toBe(Math.floor(clock / 1000) + 900);
    expect(b.user).toMatchObject({ email: ACCOUNTS.resolver.email, isActive: true, first: 'Ana' });
    expect((await get('/object/ping', `Bearer ${b.token}`)).status).toBe(200);
  });

  it('can answer expiresAt in milliseconds', async () => {
    const ms = await startSimulator({ resolverExpiresAtUnit: 'ms', now: () => clock });
    try {
      const r = await fetch(`${ms.url}/user/authenticate`, { method: 'POST', body: loginBody() });
      expect(((await r.json()) as { expiresAt: number }).expiresAt).toBe(clock + 900_000);
    } finally {
      await ms.close();
    }
  });

  it('401 bad credentials, 404 non-member, 400 wrong client', async () => {
    expect((await login({ password: 'wrong' })).status).toBe(401);
    expect((await login({ selectedOrg: 999 })).status).toBe(404);
    expect((await login({ selectedOrg: 202 })).status).toBe(200);
    expect(
      (await login({ email: ACCOUNTS.resolverNoOrg.email, password: ACCOUNTS.resolverNoOrg.password, selectedOrg: null }))
        .status,
    ).toBe(404);
    expect((await login({ client: 'web' })).status).toBe(400);
  });

  it('renews (old token invalid), logs out (revokes), expires', async () => {
    const first = ((await (await login()).json()) as { token: string }).token;
    const r = await get('/user/authenticate', `Bearer ${first}`);
    expect(r.status).toBe(200);
    const second = ((await r.json()) as { token: string }).token;
    expect(second).not.toBe(first);
    expect((await get('/object/ping', `Bearer ${first}`)).status).toBe(401);
    expect((await get('/user/authenticate', `Bearer ${first}`)).status).toBe(401);
    expect((await get('/object/ping', `Bearer ${second}`)).status).toBe(200);
    const out = await fetch(`${sim.url}/user/authenticate/logout`, { method: 'POST', headers: { authorization: `Bearer ${second}` } });
    expect(out.status).toBe(200);
    expect((await get('/object/ping', `Bearer ${second}`)).status).toBe(401);
    const third = ((await (await login()).json()) as { token: string }).token;
    clock += 900_000;
    expect((await get('/user/authenticate', `Bearer ${third}`)).status).toBe(401);
    expect(sim.issuedTokens().map((t) => t.route)).toEqual(['resolver.login', 'resolver.renew', 'resolver.login']);
  });

  it('accepts the fixture API key', async () => {
    expect((await get('/user/apikey-check', 'ApiKey resolver-api-key-1')).status).toBe(200);
    expect((await get('/object/ping', 'ApiKey resolver-api-key-1')).status).toBe(200);
    expect((await get('/user/apikey-check', 'ApiKey nope')).status).toBe(401);
    expect((await get('/user/apikey-check')).status).toBe(401);
  });
});

describe('Basic checks', () => {
  it('Cohort Go', async () => {
    const r = await get('/check/cohortgo', basic(ACCOUNTS.cohortgo.username, ACCOUNTS.cohortgo.password));
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ ok: true, user: ACCOUNTS.cohortgo.username });
    expect((await get('/check/cohortgo', basic(ACCOUNTS.cohortgo.username, 'x'))).status).toBe(401);
  });

  it('Nexudus with and without API access', async () => {
    expect((await get('/check/nexudus', basic(ACCOUNTS.nexudus.username, ACCOUNTS.nexudus.password))).status).toBe(200);
    const r = await get('/check/nexudus', basic(ACCOUNTS.nexudusNoApi.username, ACCOUNTS.nexudusNoApi.password));
    expect(r.status).toBe(401);
    expect(await r.text()).toContain('API Access is not enabled');
  });

  it('UTF-8 credentials (test / 123£)', async () => {
    expect((await get('/check/basic', basic('test', '123£'))).status).toBe(200);
    // latin1-encoded password must not match
    const latin1 = `Basic ${Buffer.from('test:123£', 'latin1').toString('base64')}`;
    expect((await get('/check/basic', latin1)).status).toBe(401);
  });
});

describe('faults', () => {
  const statuses: Array<[SimFault, number]> = [
    ['http-401', 401],
    ['http-403', 403],
    ['http-404', 404],
    ['http-423', 423],
    ['http-429', 429],
    ['http-500', 500],
    ['http-503', 503],
  ];
  it.each(statuses)('%s', async (fault, status) => {
    sim.setFault('check.basic', fault);
    const r = await get('/check/basic', basic('test', '123£'));
    expect(r.status).toBe(status);
    expect(sim.requests.at(-1)?.fault).toBe(fault);
  });

  it('http-429 with Retry-After', async () => {
    sim.setFault('cogniac.token', 'http-429', { retryAfter: '120' });
    const r = await get('/1/token?tenant_id=49wshskg', COG);
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('120');
  });

  it('times-limited faults expire; clearFaults and null clear', async () => {
    sim.setFault('check.cohortgo', 'http-500', { times: 2 });
    const auth = basic(ACCOUNTS.cohortgo.username, ACCOUNTS.cohortgo.password);
    expect((await get('/check/cohortgo', auth)).status).toBe(500);
    expect((await get('/check/cohortgo', auth)).status).toBe(500);
    expect((await get('/check/cohortgo', auth)).status).toBe(200);
    sim.setFault('check.cohortgo', 'http-503');
    expect((await get('/check/cohortgo', auth)).status).toBe(503);
    expect((await get('/check/cohortgo', auth)).status).toBe(503);
    sim.setFault('check.cohortgo', null);
    expect((await get('/check/cohortgo', auth)).status).toBe(200);
    sim.setFault('check.cohortgo', 'http-503');
    sim.clearFaults();
    expect((await get('/check/cohortgo', auth)).status).toBe(200);
    // faults are per route
    sim.setFault('check.nexudus', 'http-500');
    expect((await get('/check/cohortgo', auth)).status).toBe(200);
  });

  it('html-200 captive portal', async () => {
    sim.setFault('cogniac.token', 'html-200');
    const r = await get('/1/token?tenant_id=49wshskg', COG);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    expect(await r.text()).toMatch(/<html/i);
  });

  it('bad-json', async () => {
    sim.setFault('resolver.login', 'bad-json');
    const r = await login();
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/json/);
    await expect(r.json()).rejects.toThrow();
  });

  it('expires-* alter Cogniac expires_in', async () => {
    const cases: Array<[SimFault, unknown]> = [
      ['expires-zero', 0],
      ['expires-string', '432000'],
      ['expires-huge', 315360000],
    ];
    for (const [fault, value] of cases) {
      sim.setFault('cogniac.token', fault, { times: 1 });
      expect((await cogniacToken()).expires_in).toEqual(value);
    }
    sim.setFault('cogniac.token', 'expires-missing', { times: 1 });
    expect('expires_in' in (await cogniacToken())).toBe(false);
    sim.setFault('cogniac.token', 'expires-negative', { times: 1 });
    expect((await cogniacToken()).expires_in as number).toBeLessThan(0);
    expect((await cogniacToken()).expires_in).toBe(432000);
  });

  it('expires-* alter Resolver expiresAt', async () => {
    const nowS = Math.floor(clock / 1000);
    sim.setFault('resolver.login', 'expires-missing', { times: 1 });
    expect('expiresAt' in ((await (await login()).json()) as object)).toBe(false);
    sim.setFault('resolver.login', 'expires-zero', { times: 1 });
    expect(((await (await login()).json()) as { expiresAt: unknown }).expiresAt).toBe(0);
    sim.setFault('resolver.login', 'expires-negative', { times: 1 });
    expect(((await (await login()).json()) as { expiresAt: number }).expiresAt).toBeLessThan(0);
    sim.setFault('resolver.login', 'expires-string', { times: 1 });
    expect(((await (await login()).json()) as { expiresAt: unknown }).expiresAt).toBe(String(nowS + 900));
    sim.setFault('resolver.renew', 'expires-huge', { times: 1 });
    const tok = ((await (await login()).json()) as { token: string }).token;
    const renewed = (await (await get('/user/authenticate', `Bearer ${tok}`)).json()) as { expiresAt: number };
    expect(renewed.expiresAt).toBe(nowS + 315360000);
  });

  it('bad-token-chars', async () => {
    sim.setFault('cogniac.token', 'bad-token-chars');
    const t = String((await cogniacToken()).access_token);
    expect(t).toMatch(/[\s"]/);
    expect([...t].some((c) => c.charCodeAt(0) > 0x7f)).toBe(true);
  });

  it('slow delays the answer', async () => {
    sim.setFault('check.basic', 'slow', { times: 1 });
    const started = Date.now();
    const r = await get('/check/basic', basic('test', '123£'));
    expect(r.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('slow defaults to 2 s', async () => {
    const s = await startSimulator();
    try {
      s.setFault('check.basic', 'slow');
      const started = Date.now();
      const r = await fetch(`${s.url}/check/basic`, { headers: { authorization: basic('test', '123£') } });
      expect(r.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    } finally {
      await s.close();
    }
  });

  it('hang: headers arrive, body never completes; close() terminates it', async () => {
    sim.setFault('cogniac.token', 'hang');
    const r = await get('/1/token?tenant_id=49wshskg', COG);
    expect(r.status).toBe(200);
    const body = r.text();
    const race = await Promise.race([body.then(() => 'done', () => 'error'), new Promise((res) => setTimeout(() => res('pending'), 200))]);
    expect(race).toBe('pending');
    // A close() that waited for the hung answer would never return (the test would time out).
    await sim.close();
    await expect(body).rejects.toThrow();
  });

  it('hang-before-headers: close() terminates the pending request', async () => {
    sim.setFault('resolver.login', 'hang-before-headers');
    const pending = login();
    const race = await Promise.race([pending.then(() => 'done', () => 'error'), new Promise((res) => setTimeout(() => res('pending'), 200))]);
    expect(race).toBe('pending');
    await sim.close();
    await expect(pending).rejects.toThrow();
  });

  it('hang with a client timeout', async () => {
    sim.setFault('check.basic', 'hang-before-headers');
    await expect(get('/check/basic', undefined, { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect(sim.count('check.basic')).toBe(1);
  });

  it('reset destroys the socket', async () => {
    sim.setFault('check.nexudus', 'reset', { times: 1 });
    await expect(get('/check/nexudus', basic(ACCOUNTS.nexudus.username, ACCOUNTS.nexudus.password))).rejects.toThrow();
    expect((await get('/check/nexudus', basic(ACCOUNTS.nexudus.username, ACCOUNTS.nexudus.password))).status).toBe(200);
  });

  it('mfa-required unless the fixture MFA code is sent', async () => {
    sim.setFault('resolver.login', 'mfa-required');
    const r = await login();
    expect([401, 403]).toContain(r.status);
    expect(await r.json()).toMatchObject({ code: 'MFA_REQUIRED' });
    expect((await login({ mfaTokenCode: '000000' })).status).toBe(r.status);
    expect((await login({ mfaTokenCode: ACCOUNTS.resolverMfaCode })).status).toBe(200);
  });

  it('password-expired', async () => {
    sim.setFault('resolver.login', 'password-expired');
    const r = await login();
    expect(r.status).toBe(403);
    expect(await r.json()).toEqual({ message: 'Password expired', code: 'PASSWORD_EXPIRED' });
  });

  it('redirect-other-host: fetch does not forward credentials', async () => {
    sim.setFault('check.basic', 'redirect-other-host');
    const manual = await get('/check/basic', basic('test', '123£'), { redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toBe(`http://localhost:${sim.port}/check/basic`);

    const followed = await get('/check/basic', basic('test', '123£'));
    expect(followed.status).toBe(401);
    const redirected = sim.requests.filter((x) => x.redirected);
    expect(redirected).toHaveLength(1);
    expect(redirected[0]).toMatchObject({ route: 'check.basic', host: `localhost:${sim.port}` });
    expect(redirected[0]?.authorization).toBeUndefined();
  });

  it('redirect-other-host records a forwarded Authorization header', async () => {
    sim.setFault('check.basic', 'redirect-other-host');
    const loc = (await get('/check/basic', undefined, { redirect: 'manual' })).headers.get('location');
    // a naive client that re-sends credentials to the new host
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(String(loc), { headers: { authorization: basic('test', '123£') } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
    expect(sim.requests.filter((x) => x.redirected && x.authorization)).toHaveLength(1);
  });

  it('every fault switch is covered', async () => {
    const { SIM_FAULTS } = await import('../../sim/server');
    expect(SIM_FAULTS).toHaveLength(22);
    // Each fault was really served by one of the tests above (not just listed).
    expect([...faultsServed].sort()).toEqual([...SIM_FAULTS].sort());
    expect(defaultFixture()).not.toBe(defaultFixture());
  });
});

describe('in-flight counting and hold', () => {
  it('counts requests being answered, per route and in total, and remembers the peak', async () => {
    const release = sim.hold('check.basic');
    const auth = basic('test', '123£');
    const pending = [get('/check/basic', auth), get('/check/basic', auth), get('/check/basic', auth)];
    await until(() => sim.inflight('check.basic') === 3);
    expect(sim.inflight()).toBe(3);
    expect(sim.inflight('check.cohortgo')).toBe(0);
    expect(sim.requests.count('check.basic')).toBe(3); // logged while held
    release();
    const answers = await Promise.all(pending);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    await until(() => sim.inflight() === 0);
    expect(sim.peakInflight('check.basic')).toBe(3);
    expect(sim.peakInflight()).toBe(3);
    // After release the route is no longer held.
    expect((await get('/check/basic', auth)).status).toBe(200);
    expect(sim.peakInflight('check.basic')).toBe(3);
  });

  it('a reset or hung request stops counting when its socket goes', async () => {
    sim.setFault('check.basic', 'reset', { times: 1 });
    await expect(get('/check/basic')).rejects.toThrow();
    await until(() => sim.inflight('check.basic') === 0);
    expect(sim.peakInflight('check.basic')).toBe(1);
  });

  it('close() releases held requests', async () => {
    sim.hold('check.basic');
    const pending = get('/check/basic').then(
      (r) => r.status,
      () => 'closed',
    );
    await until(() => sim.inflight('check.basic') === 1);
    await sim.close();
    expect(await pending).toBe('closed');
  });
});

describe('admin routes (switch faults by hand)', () => {
  let admin: Simulator;
  beforeEach(async () => {
    admin = await startSimulator({ admin: true });
  });
  afterEach(async () => {
    await admin.close();
  });
  const faults = (method: string, body?: unknown) =>
    fetch(`${admin.url}/__sim/faults`, { method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  it('POST switches a fault on, GET lists it, null and DELETE switch it off', async () => {
    const set = await faults('POST', { route: 'check.basic', fault: 'http-429', times: 2, retryAfter: '30' });
    expect(set.status).toBe(200);
    expect(await set.json()).toEqual({ faults: [{ route: 'check.basic', fault: 'http-429', times: 2, retryAfter: '30' }] });
    const first = await fetch(`${admin.url}/check/basic`, { headers: { authorization: basic('test', '123£') } });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('30');
    expect(await (await faults('GET')).json()).toEqual({ faults: [{ route: 'check.basic', fault: 'http-429', times: 1, retryAfter: '30' }] });
    await faults('POST', { route: 'check.basic', fault: null });
    expect((await fetch(`${admin.url}/check/basic`, { headers: { authorization: basic('test', '123£') } })).status).toBe(200);
    await faults('POST', { route: 'cogniac.token', fault: 'http-500' });
    await faults('POST', { route: 'resolver.login', fault: 'mfa-required' });
    expect(((await (await faults('GET')).json()) as { faults: unknown[] }).faults).toHaveLength(2);
    expect(await (await faults('DELETE')).json()).toEqual({ faults: [] });
    // Admin calls are not provider traffic: they are not in the request log.
    expect(admin.requests.map((r) => r.route)).toEqual(['check.basic', 'check.basic']);
  });

  it('refuses unknown routes, faults and bad options with the valid names', async () => {
    const badRoute = await faults('POST', { route: 'nope', fault: 'http-500' });
    expect(badRoute.status).toBe(400);
    expect(((await badRoute.json()) as { message: string }).message).toMatch(/Unknown route\. Routes: cogniac\.tenants/);
    const badFault = await faults('POST', { route: 'check.basic', fault: 'http-999' });
    expect(((await badFault.json()) as { message: string }).message).toMatch(/Unknown fault\. Faults: http-401/);
    expect((await faults('POST', { route: 'check.basic', fault: 'http-500', times: 0 })).status).toBe(400);
    expect((await faults('POST', { route: 'check.basic', fault: 'http-429', retryAfter: 30 })).status).toBe(400);
    expect((await fetch(`${admin.url}/__sim/faults`, { method: 'POST', body: 'not json' })).status).toBe(400);
    expect((await faults('PUT', {})).status).toBe(405);
    expect(((await (await faults('GET')).json()) as { faults: unknown[] }).faults).toEqual([]);
  });

  it('is off unless asked for', async () => {
    const r = await fetch(`${sim.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ route: 'check.basic', fault: 'http-500' }) });
    expect(r.status).toBe(404);
    expect((await get('/check/basic', basic('test', '123£'))).status).toBe(200);
  });
});

/** Polls (real time, short) until the simulator's counters reach a state. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
}
