/**
 * Fault matrix through the core door: for each simulator fault on a provider's sign-in
 * route, what the person sees (state + message) and that nothing is lost (the connection
 * stays, its secrets still work once the fault clears).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TokenState } from '../../src/shared/views';
import { ACCOUNTS } from '../sim/fixture';
import { startSimulator, type SimFault, type SimRoute, type Simulator } from '../sim/server';
import { makeCore, MASTER, type Harness } from '../support/core-harness';
import { createFakeClock, type FakeClock } from '../support/fake-clock';
import { until } from '../support/wait';

let sim: Simulator;
let clock: FakeClock;
let h: Harness;

beforeAll(async () => {
  clock = createFakeClock();
  sim = await startSimulator({ now: () => clock.now(), slowMs: 200 });
  // A short request timeout so hanging servers are given up on quickly.
  h = await makeCore({ clock, requestTimeoutMs: 300 });
  await h.core.vault.create({ password: MASTER });
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
}

/** What the person sees for each fault on the sign-in request. */
const COMMON: Case[] = [
  { fault: 'http-401', state: 'needs-you', message: /rejected the email or password \(HTTP 401\)/ },
  { fault: 'http-423', state: 'needs-you', message: /locked this account \(HTTP 423\)/ },
  { fault: 'http-429', state: 'error', message: /slow down \(HTTP 429\)/ },
  { fault: 'http-500', state: 'error', message: /having a problem right now \(HTTP 500\)/ },
  { fault: 'http-503', state: 'error', message: /having a problem right now \(HTTP 503\)/ },
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
      const c = await h.core.connections.add({
        providerId: 'cogniac',
        label: `Cogniac ${Math.random()}`,
        baseUrl: sim.url,
        auth: { kind: 'cogniac', username: ACCOUNTS.cogniac.email, password: ACCOUNTS.cogniac.password, tenantIds: ['12ir8sjgtl'] },
      });
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
      const c = await h.core.connections.add({
        providerId: 'resolver',
        label: `Resolver ${Math.random()}`,
        baseUrl: sim.url,
        auth: { kind: 'resolver-password', username: ACCOUNTS.resolver.email, password: ACCOUNTS.resolver.password, orgId: 101 },
      });
      return { id: c.id };
    },
  },
];

for (const provider of PROVIDERS) {
  describe(`${provider.name}: sign-in faults`, () => {
    for (const c of [...COMMON, ...provider.extra]) {
      it(`${c.fault} → ${c.state}`, async () => {
        sim.setFault(provider.route, c.fault, { times: 1 });
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
