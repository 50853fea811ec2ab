/**
 * Fault matrix, part 2: the network itself — a name that does not resolve (RFC 6761
 * `.invalid`), a TLS certificate that cannot be checked (a local HTTPS server with a
 * self-signed certificate), and being offline then online — once per provider flow:
 * Cogniac token and tenant discovery, Resolver sign-in, renew and logout, and a Basic
 * check address. Each case checks what the person sees and that nothing is lost: the
 * connection and its secrets stay, and it works again once the fault is gone.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TokenState } from '../../src/shared/views';
import { ACCOUNTS } from '../sim/fixture';
import { startSimulator, type Simulator } from '../sim/server';
import { makeCore, MASTER, type Harness } from '../support/core-harness';
import { createFakeClock, type FakeClock } from '../support/fake-clock';
import { recordingLogger, type LogCall } from '../support/flow-context';
import { startTlsServer, type TlsServer } from '../support/tls-server';
import { until as waitUntil } from '../support/wait';

let sim: Simulator;
let clock: FakeClock;
let h: Harness;
let tls: TlsServer | null;
const logs: LogCall[] = [];

beforeAll(async () => {
  clock = createFakeClock();
  sim = await startSimulator({ now: () => clock.now() });
  tls = await startTlsServer();
  h = await makeCore({ clock, requestTimeoutMs: 5_000, logger: recordingLogger(logs) });
  await h.core.vault.create({ password: MASTER });
});
afterAll(async () => {
  await h.cleanup();
  await sim.close();
  await tls?.close();
});
beforeEach(() => {
  sim.clearFaults();
  logs.length = 0;
});

const until = <T>(check: () => Promise<T> | T, what: string) => waitUntil(clock, check, what);
const view = (id: string) => h.core.connections.get({ id });
const tenantStatus = async (id: string) => (await view(id)).tenants.find((t) => t.id === '12ir8sjgtl')!.status;
const resolverStatus = async (id: string) => (await view(id)).status;

interface Unreachable {
  name: string;
  /** null: cannot run here (the reason is in `skip`). */
  url(): string | null;
  skip?: string;
  state: TokenState;
  /** The error code a failed test carries, for the window's advice. */
  code: string;
  message(service: string): string;
}

const DNS_INVALID = 'https://tokendesk-sim.invalid';
const UNREACHABLE: Unreachable[] = [
  {
    name: 'DNS failure',
    url: () => DNS_INVALID,
    state: 'offline',
    code: 'network',
    message: (s) => `TokenDesk could not find ${s}'s server. Check the address and your internet connection.`,
  },
  {
    name: 'TLS error',
    url: () => tls?.url ?? null,
    skip: 'the openssl command is not installed, so no test certificate can be made',
    state: 'error',
    code: 'certificate',
    message: (s) =>
      `The secure connection to ${s} could not be checked (certificate problem). Check the address; if you are on a company or hotel network, ask IT whether a proxy is in the way.`,
  },
];

async function addCogniac(baseUrl = sim.url) {
  return h.core.connections.add({
    providerId: 'cogniac',
    label: `Cogniac ${Math.random()}`,
    baseUrl,
    auth: { kind: 'cogniac', username: ACCOUNTS.cogniac.email, password: ACCOUNTS.cogniac.password, tenantIds: ['12ir8sjgtl'] },
  });
}
async function addResolver(baseUrl = sim.url) {
  return h.core.connections.add({
    providerId: 'resolver',
    label: `Resolver ${Math.random()}`,
    baseUrl,
    auth: { kind: 'resolver-password', username: ACCOUNTS.resolver.email, password: ACCOUNTS.resolver.password, orgId: 101 },
  });
}

for (const u of UNREACHABLE) {
  describe(u.name, () => {
    const run = (title: string, fn: (bad: string) => Promise<void>) =>
      it(title, async (ctx) => {
        const bad = u.url();
        if (bad === null) return ctx.skip(u.skip);
        await fn(bad);
      });

    run('Cogniac token: the tenant shows it in plain words; the right address signs in again', async (bad) => {
      const c = await addCogniac();
      await until(async () => (await tenantStatus(c.id)).state === 'valid', 'valid');
      await h.core.connections.update({ id: c.id, patch: { baseUrl: bad } });
      const s = await until(async () => {
        const st = await tenantStatus(c.id);
        return st.state === u.state ? st : undefined;
      }, u.state);
      expect(s.message).toMatch(new RegExp(`^${escape(u.message('Cogniac'))}`));
      expect(s.renewsAt).toBeGreaterThan(clock.now());
      await h.core.connections.update({ id: c.id, patch: { baseUrl: sim.url } });
      await until(async () => (await tenantStatus(c.id)).state === 'valid', 'valid again');
    });

    run('Cogniac tenant discovery: refused in plain words; tenants kept', async (bad) => {
      const c = await addCogniac();
      await h.core.connections.update({ id: c.id, patch: { baseUrl: bad } });
      await expect(h.core.tenants.discover({ connectionId: c.id })).rejects.toMatchObject({ message: u.message('Cogniac') });
      expect((await view(c.id)).tenants.filter((t) => t.selected).map((t) => t.id)).toEqual(['12ir8sjgtl']);
      await h.core.connections.update({ id: c.id, patch: { baseUrl: sim.url } });
      expect(await h.core.tenants.discover({ connectionId: c.id })).toHaveLength(3);
    });

    run('Cogniac wizard: Test connection says it before anything is saved', async (bad) => {
      const r = await h.core.connections.testDraft({
        providerId: 'cogniac',
        label: 'Draft',
        baseUrl: bad,
        auth: { kind: 'cogniac', username: ACCOUNTS.cogniac.email, password: ACCOUNTS.cogniac.password },
      });
      expect(r).toEqual({ ok: false, code: u.code, message: u.message('Cogniac') });
    });

    run('Resolver sign-in: shown in plain words; the right address signs in', async (bad) => {
      const c = await addResolver(bad);
      const s = await until(async () => {
        const st = await resolverStatus(c.id);
        return st.state === u.state ? st : undefined;
      }, u.state);
      expect(s.message).toMatch(new RegExp(`^${escape(u.message('Resolver Core'))}`));
      await expect(h.core.tokens.copy({ connectionId: c.id, format: 'header' })).rejects.toMatchObject({ message: u.message('Resolver Core') });
      await h.core.connections.update({ id: c.id, patch: { baseUrl: sim.url } });
      await until(async () => (await resolverStatus(c.id)).state === 'valid', 'valid');
    });

    run('Resolver renew: the session in hand is kept while the address is fixed', async (bad) => {
      const c = await addResolver();
      await until(async () => (await resolverStatus(c.id)).state === 'valid', 'valid');
      const held = (await resolverStatus(c.id)).expiresAt;
      await h.core.connections.update({ id: c.id, patch: { baseUrl: bad } });
      const s = await until(async () => {
        const st = await resolverStatus(c.id);
        return st.state === u.state ? st : undefined;
      }, u.state);
      // A connection problem is not a refusal: the token in hand still counts.
      expect(s.expiresAt).toBe(held);
      await h.core.connections.update({ id: c.id, patch: { baseUrl: sim.url } });
      await until(async () => (await resolverStatus(c.id)).state === 'valid', 'valid');
    });

    run('Resolver logout on removal: the removal still happens, the failure is only logged', async (bad) => {
      const c = await addResolver();
      await until(async () => (await resolverStatus(c.id)).state === 'valid', 'valid');
      await h.core.connections.update({ id: c.id, patch: { baseUrl: bad } });
      await until(async () => (await resolverStatus(c.id)).state === u.state, u.state);
      await expect(h.core.connections.remove({ id: c.id })).resolves.toEqual({ removed: true });
      await until(() => logs.some((l) => l.msg === 'Resolver Core sign-out failed (ignored)'), 'sign-out failure logged');
      expect(logs.find((l) => l.msg === 'Resolver Core sign-out failed (ignored)')!.meta).toMatchObject({ code: u.state === 'offline' ? 'network' : 'certificate' });
      await expect(h.core.connections.get({ id: c.id })).rejects.toMatchObject({ code: 'not-found' });
    });

    run('Basic check address: Test connection says it; the right address passes', async (bad) => {
      const c = await h.core.connections.add({
        providerId: 'nexudus',
        label: 'Nexudus',
        checkUrl: `${bad}/check/nexudus`,
        auth: { kind: 'basic', username: ACCOUNTS.nexudus.username, password: ACCOUNTS.nexudus.password },
      });
      expect(await h.core.connections.test({ id: c.id })).toEqual({ ok: false, code: u.code, message: u.message('Nexudus') });
      await h.core.connections.update({ id: c.id, patch: { checkUrl: `${sim.url}/check/nexudus` } });
      expect(await h.core.connections.test({ id: c.id })).toMatchObject({ ok: true });
    });
  });
}

describe('TLS error: nothing reaches the server', () => {
  it('no request gets past the handshake, so no credential is ever sent', (ctx) => {
    if (!tls) return ctx.skip('the openssl command is not installed');
    expect(tls.requests).toBe(0);
  });
});

describe('offline, then online', () => {
  it('Cogniac token: "Offline — will retry by itself", then signs in the moment the network is back', async () => {
    sim.setFault('cogniac.token', 'reset');
    const c = await addCogniac();
    const s = await until(async () => {
      const st = await tenantStatus(c.id);
      return st.state === 'offline' ? st : undefined;
    }, 'offline');
    expect(s.message).toBe('Offline — will retry by itself');
    expect(s.renewsAt).toBeGreaterThan(clock.now());
    sim.setFault('cogniac.token', null);
    const asked = sim.count('cogniac.token');
    h.core.notify('online');
    await until(async () => (await tenantStatus(c.id)).state === 'valid', 'valid at once');
    expect(sim.count('cogniac.token')).toBe(asked + 1);
  });

  it('Resolver: the same, and the copy that comes after gets a working session', async () => {
    sim.setFault('resolver.login', 'reset');
    const c = await addResolver();
    await until(async () => (await resolverStatus(c.id)).state === 'offline', 'offline');
    await expect(h.core.tokens.copy({ connectionId: c.id, format: 'token' })).rejects.toMatchObject({
      code: 'network',
      message: 'TokenDesk could not reach Resolver Core. Check your internet connection; it will try again by itself.',
    });
    sim.setFault('resolver.login', null);
    h.core.notify('online');
    await until(async () => (await resolverStatus(c.id)).state === 'valid', 'valid');
    await h.core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(sim.lookup(h.clipboard.text)?.revoked).toBe(false);
  });

  it('a rate limit keeps its pause when the network comes back', async () => {
    sim.setFault('cogniac.token', 'http-429', { times: 1, retryAfter: '120' });
    const c = await addCogniac();
    await until(async () => (await tenantStatus(c.id)).state === 'error', 'rate limited');
    const asked = sim.count('cogniac.token');
    h.core.notify('online');
    await clock.advance(1_000);
    expect(sim.count('cogniac.token')).toBe(asked);
    await clock.advance(120_000);
    await until(async () => (await tenantStatus(c.id)).state === 'valid', 'valid after the pause');
  });

  it('Cogniac discovery, Resolver logout and Basic check: plain words while offline, fine once online', async () => {
    const cog = await addCogniac();
    sim.setFault('cogniac.tenants', 'reset');
    await expect(h.core.tenants.discover({ connectionId: cog.id })).rejects.toMatchObject({ code: 'network', message: expect.stringMatching(/could not reach Cogniac/) });
    sim.setFault('cogniac.tenants', null);
    expect(await h.core.tenants.discover({ connectionId: cog.id })).toHaveLength(3);

    const basic = await h.core.connections.add({
      providerId: 'cohortgo',
      label: 'Cohort Go',
      checkUrl: `${sim.url}/check/cohortgo`,
      auth: { kind: 'basic', username: ACCOUNTS.cohortgo.username, password: ACCOUNTS.cohortgo.password },
    });
    sim.setFault('check.cohortgo', 'reset');
    expect(await h.core.connections.test({ id: basic.id })).toEqual({ ok: false, code: 'network', message: 'TokenDesk could not reach Cohort Go. Check your internet connection; it will try again by itself.' });
    sim.setFault('check.cohortgo', null);
    expect(await h.core.connections.test({ id: basic.id })).toMatchObject({ ok: true });

    const res = await addResolver();
    await until(async () => (await resolverStatus(res.id)).state === 'valid', 'valid');
    sim.setFault('resolver.logout', 'reset');
    await expect(h.core.connections.remove({ id: res.id })).resolves.toEqual({ removed: true });
    await until(() => logs.some((l) => l.msg === 'Resolver Core sign-out failed (ignored)'), 'logged');
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
