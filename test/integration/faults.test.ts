/**
 * Fault matrix, part 1: every HTTP-level fault of the simulator, once per provider flow it
 * applies to — Cogniac token and tenant discovery, Resolver sign-in, renew and logout, and
 * Test connection through a check address (Basic and API key). Each case checks what the
 * person sees (state + plain message) and that nothing is lost (the connection stays, its
 * secrets still work once the fault clears). Network-level faults (DNS, TLS, offline) are
 * in faults-network.test.ts; awkward moments (quit, lock, removal, MFA) in
 * faults-lifecycle.test.ts; time (sleep, clock jumps, 100 copies) in faults-time.test.ts;
 * OAuth2 client credentials (sign-in and renewal) in faults-oauth2.test.ts.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TokenState } from '../../src/shared/views';
import { ACCOUNTS } from '../sim/fixture';
import { startSimulator, type SimFault, type SimRoute, type Simulator } from '../sim/server';
import { makeCore, MASTER, type Harness } from '../support/core-harness';
import { createFakeClock, type FakeClock } from '../support/fake-clock';
import { recordingLogger, type LogCall } from '../support/flow-context';
import { until } from '../support/wait';
import { cogniacConnection, resolverConnection } from '../support/fixture-connections';

let sim: Simulator;
let clock: FakeClock;
let h: Harness;
const logs: LogCall[] = [];

beforeAll(async () => {
  clock = createFakeClock();
  sim = await startSimulator({ now: () => clock.now(), slowMs: 100 });
  // A short request timeout so hanging servers are given up on quickly — but with room for a
  // busy CI machine, where an ordinary answer can take a few hundred milliseconds.
  h = await makeCore({ clock, requestTimeoutMs: 1_000, logger: recordingLogger(logs) });
  await h.core.vault.create({ password: MASTER });
  // The first request of a process pays for connection set-up and JIT: do it outside the cases.
  await fetch(`${sim.url}/1/users/current/tenants`).then((r) => r.arrayBuffer());
});
afterAll(async () => {
  await h.cleanup();
  await sim.close();
});
beforeEach(() => sim.clearFaults());

interface Case {
  fault: SimFault;
  state: TokenState;
  message: RegExp;
  /** Retry-After sent with the fault (429/503): the next try waits exactly that long. */
  retryAfter?: string;
}

/** What the person sees for each fault on the sign-in request. */
const COMMON: Case[] = [
  { fault: 'http-401', state: 'needs-you', message: /rejected the email or password \(HTTP 401\)/ },
  { fault: 'http-423', state: 'needs-you', message: /locked this account \(HTTP 423\)/ },
  { fault: 'http-429', state: 'error', message: /slow down \(HTTP 429\)/ },
  { fault: 'http-429', retryAfter: '90', state: 'error', message: /slow down \(HTTP 429\)/ },
  { fault: 'http-500', state: 'error', message: /having a problem right now \(HTTP 500\)/ },
  { fault: 'http-503', state: 'error', message: /having a problem right now \(HTTP 503\)/ },
  { fault: 'http-503', retryAfter: '45', state: 'error', message: /having a problem right now \(HTTP 503\)/ },
  { fault: 'html-200', state: 'error', message: /web page instead of data/ },
  { fault: 'bad-json', state: 'error', message: /could not read|does not recognise/ },
  { fault: 'bad-token-chars', state: 'error', message: /token TokenDesk cannot use safely|cannot use/ },
  { fault: 'reset', state: 'offline', message: /Offline — will retry by itself/ },
  { fault: 'hang', state: 'offline', message: /Offline — will retry by itself/ },
  { fault: 'hang-before-headers', state: 'offline', message: /Offline — will retry by itself/ },
  { fault: 'redirect-other-host', state: 'error', message: /different address \(HTTP 30\d\)\. Your credentials were not sent there/ },
  { fault: 'expires-missing', state: 'valid', message: /Valid/ },
  { fault: 'expires-zero', state: 'valid', message: /Valid/ },
  { fault: 'expires-negative', state: 'valid', message: /Valid/ },
  { fault: 'expires-string', state: 'valid', message: /Valid/ },
  { fault: 'expires-huge', state: 'valid', message: /Valid/ },
  { fault: 'slow', state: 'valid', message: /Valid/ },
];

const PROVIDERS: Array<{ name: string; route: SimRoute; extra: Case[]; add(): Promise<{ id: string; tenant?: string }> }> = [
  {
    name: 'Cogniac',
    route: 'cogniac.token',
    extra: [
      { fault: 'http-403', state: 'needs-you', message: /no longer has access to tenant/ },
      { fault: 'http-404', state: 'needs-you', message: /could not find that address \(HTTP 404\)/ },
    ],
    async add() {
      const c = await h.core.connections.add(cogniacConnection(sim.url, ['12ir8sjgtl'], `Cogniac ${Math.random()}`));
      return { id: c.id, tenant: '12ir8sjgtl' };
    },
  },
  {
    name: 'Resolver Core',
    route: 'resolver.login',
    extra: [
      { fault: 'http-403', state: 'needs-you', message: /not allowed to do this \(HTTP 403\)/ },
      { fault: 'http-404', state: 'needs-you', message: /not an active member of any org/ },
      { fault: 'mfa-required', state: 'needs-you', message: /6-digit code/ },
      { fault: 'password-expired', state: 'needs-you', message: /password has expired/ },
    ],
    async add() {
      const c = await h.core.connections.add(resolverConnection(sim.url, `Resolver ${Math.random()}`));
      return { id: c.id };
    },
  },
];

for (const provider of PROVIDERS) {
  describe(`${provider.name}: sign-in faults`, () => {
    for (const c of [...COMMON, ...provider.extra]) {
      it(`${c.fault}${c.retryAfter ? ` (Retry-After ${c.retryAfter})` : ''} → ${c.state}`, async () => {
        sim.setFault(provider.route, c.fault, { times: 1, ...(c.retryAfter ? { retryAfter: c.retryAfter } : {}) });
        const { id, tenant } = await provider.add();
        const status = async () => {
          const v = await h.core.connections.get({ id });
          return tenant ? v.tenants.find((t) => t.id === tenant)!.status : v.status;
        };
        const s = await until(clock, async () => {
          const st = await status();
          return st.state === c.state ? st : undefined;
        }, `${c.fault} → ${c.state}`);
        expect(s.message).toMatch(c.message);
        if (c.retryAfter) expect(s.renewsAt).toBe(clock.now() + Number(c.retryAfter) * 1000);
        else if (c.state === 'error' || c.state === 'offline') expect(s.renewsAt! - clock.now()).toBeLessThanOrEqual(5 * 60_000);
        if (c.state === 'valid') {
          // Untrusted expiry falls back to the documented lifetime (5 days / 15 min), never "now".
          expect(s.expiresAt! - clock.now()).toBeGreaterThanOrEqual(provider.route === 'cogniac.token' ? 5 * 86_400_000 - 1000 : 15 * 60_000 - 1000);
        } else {
          // Nothing lost: once the fault is gone, signing in again works with the stored secrets.
          const v = await h.core.connections.signIn({ id });
          expect(v.tenants.length ? v.tenants.find((t) => t.id === tenant)!.status.state : v.status.state).toBe('valid');
        }
        await h.core.connections.remove({ id });
      });
    }
  });
}

describe('redirects never carry credentials to another host', () => {
  it('the redirected request arrives without Authorization', async () => {
    sim.setFault('check.cohortgo', 'redirect-other-host', { times: 1 });
    const c = await h.core.connections.add({
      providerId: 'cohortgo',
      label: 'Cohort',
      checkUrl: `${sim.url}/check/cohortgo`,
      auth: { kind: 'basic', username: ACCOUNTS.cohortgo.username, password: ACCOUNTS.cohortgo.password },
    });
    const r = await h.core.connections.test({ id: c.id });
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/different address/);
    expect(sim.requests.filter((x) => x.redirected && x.authorization)).toEqual([]);
    expect((await h.core.connections.test({ id: c.id })).ok).toBe(true);
  });

  it('Nexudus without API Access gets told where to turn it on', async () => {
    const c = await h.core.connections.add({
      providerId: 'nexudus',
      label: 'Nexudus',
      checkUrl: `${sim.url}/check/nexudus`,
      auth: { kind: 'basic', username: ACCOUNTS.nexudusNoApi.username, password: ACCOUNTS.nexudusNoApi.password },
    });
    const r = await h.core.connections.test({ id: c.id });
    expect(r).toMatchObject({ ok: false, httpStatus: 401 });
    expect(r.message).toMatch(/Status tab and turn on "API Access"/);
  });
});

/** What a single request reports for each fault: the error (code + message), or null when it still works. */
interface RequestCase {
  fault: SimFault;
  retryAfter?: string;
  code: string | null;
  message: RegExp | null;
}

const REQUEST_FAULTS: RequestCase[] = [
  { fault: 'http-401', code: 'auth-rejected', message: /rejected the email or password \(HTTP 401\)/ },
  { fault: 'http-403', code: 'forbidden', message: /not allowed to do this \(HTTP 403\)\. Ask your .+ administrator for access\./ },
  { fault: 'http-404', code: 'not-found', message: /could not find that address \(HTTP 404\)\. Check the service address/ },
  { fault: 'http-423', code: 'account-locked', message: /has locked this account \(HTTP 423\)/ },
  { fault: 'http-429', code: 'rate-limited', message: /slow down \(HTTP 429\)/ },
  { fault: 'http-429', retryAfter: '30', code: 'rate-limited', message: /slow down \(HTTP 429\)/ },
  { fault: 'http-500', code: 'server-error', message: /having a problem right now \(HTTP 500\)/ },
  { fault: 'http-503', code: 'server-error', message: /having a problem right now \(HTTP 503\)/ },
  { fault: 'html-200', code: 'bad-response', message: /web page instead of data\b.*If you are on hotel or guest Wi-Fi/ },
  { fault: 'hang', code: 'timeout', message: /did not answer in time/ },
  { fault: 'hang-before-headers', code: 'timeout', message: /did not answer in time/ },
  { fault: 'reset', code: 'network', message: /could not reach .+\. Check your internet connection/ },
  { fault: 'redirect-other-host', code: 'bad-response', message: /different address \(HTTP 302\)\. Your credentials were not sent there/ },
  { fault: 'slow', code: null, message: null },
];

const faultOpts = (c: { retryAfter?: string }) => ({ times: 1, ...(c.retryAfter ? { retryAfter: c.retryAfter } : {}) });
const caseName = (c: { fault: SimFault; retryAfter?: string }) => `${c.fault}${c.retryAfter ? ` (Retry-After ${c.retryAfter})` : ''}`;
/** No request that followed a redirect to the other host carried credentials. */
const noCredentialsRedirected = () => expect(sim.requests.filter((r) => r.redirected && r.authorization)).toEqual([]);

describe('Cogniac tenant discovery faults: refused in plain words, nothing changed', () => {
  let id: string;
  beforeAll(async () => {
    const c = await h.core.connections.add(cogniacConnection(sim.url, ['12ir8sjgtl'], 'Cogniac discovery'));
    id = c.id;
    await until(clock, async () => (await h.core.connections.get({ id })).tenants.find((t) => t.selected)!.status.state === 'valid', 'valid');
  });

  const cases: RequestCase[] = [...REQUEST_FAULTS, { fault: 'bad-json', code: 'bad-response', message: /could not read|does not recognise/ }];
  for (const c of cases) {
    it(`${caseName(c)} → ${c.code ?? 'works'}`, async () => {
      const before = await h.core.connections.get({ id });
      sim.setFault('cogniac.tenants', c.fault, faultOpts(c));
      const result = await h.core.tenants.discover({ connectionId: id }).then(
        (tenants) => ({ tenants }),
        (error: unknown) => ({ error: error as { code: string; message: string } }),
      );
      if (c.code === null) {
        expect('tenants' in result && result.tenants).toHaveLength(3);
      } else {
        expect('error' in result && result.error).toMatchObject({ code: c.code, message: expect.stringMatching(c.message!) });
        expect((result as { error: { message: string } }).error.message).toMatch(/Cogniac/);
      }
      // Nothing lost: same tenants, same choices, the token still valid, and it works again.
      const after = await h.core.connections.get({ id });
      expect(after.tenants.map((t) => [t.id, t.selected, t.status.state])).toEqual(before.tenants.map((t) => [t.id, t.selected, t.status.state]));
      expect(await h.core.tenants.discover({ connectionId: id })).toHaveLength(3);
      noCredentialsRedirected();
    });
  }
});

describe('Resolver renew faults: a failed renew signs in again with the saved password', () => {
  interface RenewCase {
    fault: SimFault;
    retryAfter?: string;
    /** True when the renew fails and a fresh sign-in replaces it. */
    fallback: boolean;
  }
  const cases: RenewCase[] = [
    ...(['http-401', 'http-403', 'http-404', 'http-423', 'http-429', 'http-500', 'http-503', 'html-200', 'bad-json', 'bad-token-chars', 'hang', 'hang-before-headers', 'reset', 'redirect-other-host'] as const).map(
      (fault) => ({ fault, fallback: true }),
    ),
    { fault: 'http-429', retryAfter: '60', fallback: true },
    ...(['expires-missing', 'expires-zero', 'expires-negative', 'expires-string', 'expires-huge', 'slow'] as const).map((fault) => ({ fault, fallback: false })),
  ];
  for (const c of cases) {
    it(`${caseName(c)} → ${c.fallback ? 'signs in again' : 'renewed'}, valid`, async () => {
      const conn = await h.core.connections.add(resolverConnection(sim.url, `Resolver renew ${c.fault}`));
      await until(clock, async () => (await h.core.connections.get({ id: conn.id })).status.state === 'valid', 'valid');
      const logins = sim.count('resolver.login');
      const renews = sim.count('resolver.renew');
      sim.setFault('resolver.renew', c.fault, faultOpts(c));
      await clock.advance(14 * 60_000); // past the renewal point (~90 s before the 15 minutes end)
      const s = await until(
        clock,
        async () => {
          const st = (await h.core.connections.get({ id: conn.id })).status;
          return sim.count('resolver.renew') > renews && st.state === 'valid' && st.expiresAt! - clock.now() > 14 * 60_000 ? st : undefined;
        },
        'renewed',
      );
      expect(s.message).toMatch(/^Valid/);
      expect(sim.count('resolver.login') - logins).toBe(c.fallback ? 1 : 0);
      await h.core.tokens.copy({ connectionId: conn.id, format: 'token' });
      expect(sim.lookup(h.clipboard.text)).toMatchObject({ revoked: false });
      noCredentialsRedirected();
      await h.core.connections.remove({ id: conn.id });
    });
  }
});

describe('Resolver logout faults: removing still removes; the failure is only logged', () => {
  const cases: Array<{ fault: SimFault; logged: boolean }> = [
    ...(['http-401', 'http-403', 'http-404', 'http-423', 'http-429', 'http-500', 'http-503', 'hang', 'hang-before-headers', 'reset', 'redirect-other-host'] as const).map((fault) => ({ fault, logged: true })),
    // A 200 answer ends the session whatever its body says.
    ...(['html-200', 'bad-json', 'slow'] as const).map((fault) => ({ fault, logged: false })),
  ];
  for (const c of cases) {
    it(`${c.fault} → removed${c.logged ? ', failure logged' : ''}`, async () => {
      const conn = await h.core.connections.add(resolverConnection(sim.url, `Resolver logout ${c.fault}`));
      await until(clock, async () => (await h.core.connections.get({ id: conn.id })).status.state === 'valid', 'valid');
      const token = sim.issuedTokens('resolver.login').at(-1)!.token;
      logs.length = 0;
      const logouts = sim.count('resolver.logout');
      sim.setFault('resolver.logout', c.fault, { times: 1 });
      await expect(h.core.connections.remove({ id: conn.id })).resolves.toEqual({ removed: true });
      await expect(h.core.connections.get({ id: conn.id })).rejects.toMatchObject({ code: 'not-found' });
      await until(clock, () => sim.count('resolver.logout') > logouts, 'logout sent');
      if (c.logged) await until(clock, () => logs.some((l) => l.msg === 'Resolver Core sign-out failed (ignored)'), 'failure logged');
      else await until(clock, async () => (await h.core.audit.list({ limit: 1 }))[0]?.action === 'signed-out', 'signed out');
      expect(JSON.stringify(logs)).not.toContain(token);
      noCredentialsRedirected();
    });
  }
});

const CHECK_FLOWS = [
  {
    name: 'Basic (Cohort Go)',
    route: 'check.cohortgo' as const,
    add: () =>
      h.core.connections.add({
        providerId: 'cohortgo',
        label: 'Cohort Go check',
        checkUrl: `${sim.url}/check/cohortgo`,
        auth: { kind: 'basic', username: ACCOUNTS.cohortgo.username, password: ACCOUNTS.cohortgo.password },
      }),
  },
  {
    name: 'API key (Resolver)',
    route: 'resolver.apikey' as const,
    add: () =>
      h.core.connections.add({
        providerId: 'resolver',
        label: 'Resolver API key check',
        baseUrl: sim.url,
        checkUrl: `${sim.url}/user/apikey-check`,
        auth: { kind: 'resolver-api-key', apiKey: ACCOUNTS.resolverApiKey },
      }),
  },
];

for (const flow of CHECK_FLOWS) {
  describe(`${flow.name} Test connection faults: a plain verdict, the saved credentials untouched`, () => {
    let id: string;
    beforeAll(async () => {
      id = (await flow.add()).id;
    });
    // The check address is any API: a 200 with a body TokenDesk cannot read still proves the credentials.
    const cases: RequestCase[] = [...REQUEST_FAULTS, { fault: 'bad-json', code: null, message: null }];
    for (const c of cases) {
      it(`${caseName(c)} → ${c.code === null ? 'ok' : 'not ok'}`, async () => {
        sim.setFault(flow.route, c.fault, faultOpts(c));
        const r = await h.core.connections.test({ id });
        if (c.code === null) {
          expect(r).toMatchObject({ ok: true, message: expect.stringMatching(/^Connected: .+ accepted these credentials at http:\/\/127\.0\.0\.1:\d+\/\S+ \(HTTP 200\)\.$/) });
        } else {
          expect(r.ok).toBe(false);
          // A rejected API key is named as such, not as an email or password.
          const expected = flow.route === 'resolver.apikey' && c.fault === 'http-401' ? /rejected the API key \(HTTP 401\)/ : c.message!;
          expect(r.message).toMatch(expected);
        }
        expect(await h.core.connections.test({ id })).toMatchObject({ ok: true });
        const copy = await h.core.tokens.copy({ connectionId: id, format: 'header' });
        expect(copy.expiresAt).toBeNull();
        noCredentialsRedirected();
      });
    }
  });
}
