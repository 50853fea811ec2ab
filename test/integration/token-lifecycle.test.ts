/**
 * The token lifecycle end to end: a real core (fake clock) against the provider simulator
 * over real loopback HTTP.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../sim/server';
import { ACCOUNTS } from '../sim/fixture';
import type { FakeClock } from '../support/fake-clock';
import { MASTER, type Harness } from '../support/core-harness';
import { useSimWorld } from '../support/sim-world';
import { until as waitUntil } from '../support/wait';
import type { ConnectionView } from '../../src/shared/views';
import { cogniacConnection, resolverConnection } from '../support/fixture-connections';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

let sim: Simulator;
let clock: FakeClock;
let h: Harness;
useSimWorld((w) => ({ sim, clock, h } = w));

const until = <T>(check: () => Promise<T> | T, what: string, ms?: number) => waitUntil(clock, check, what, ms);

async function addCogniac(tenantIds = ['49wshskg', '12ir8sjgtl']) {
  return h.core.connections.add(cogniacConnection(sim.url, tenantIds));
}

async function addResolver() {
  return h.core.connections.add(resolverConnection(sim.url));
}

const view = (id: string) => h.core.connections.get({ id });
const tenantState = async (id: string, tenant: string) => (await view(id)).tenants.find((t) => t.id === tenant)!.status;

describe('Cogniac: one token per chosen tenant', () => {
  it('discovers tenant names, signs in per tenant, copies distinct Bearer headers', async () => {
    const c = await addCogniac();
    expect(c.tenants.map((t) => [t.id, t.name, t.selected])).toEqual([
      ['49wshskg', 'Internal Tenant 1', true],
      ['12ir8sjgtl', 'External Tenant 2', true],
      ['7qa0tenant', 'QA Tenant 3', false],
    ]);
    await until(async () => (await tenantState(c.id, '12ir8sjgtl')).state === 'valid', 'tenant 2 valid');
    await until(async () => (await tenantState(c.id, '49wshskg')).state === 'valid', 'tenant 1 valid');
    const r = await h.core.tokens.copy({ connectionId: c.id, tenantId: '12ir8sjgtl', format: 'header' });
    const issued = sim.issuedTokens('cogniac.token').find((t) => t.tenantId === '12ir8sjgtl')!;
    expect(h.clipboard.text).toBe(`Authorization: Bearer ${issued.token}`);
    expect(r.expiresAt).toBe(clock.now() + 432_000_000);
    await h.core.tokens.copy({ connectionId: c.id, tenantId: '49wshskg', format: 'token' });
    expect(h.clipboard.text).not.toBe(issued.token);
    // Long-lived tokens renew at half-life (±10 % jitter of the lead).
    const status = await tenantState(c.id, '12ir8sjgtl');
    const lead = status.expiresAt! - status.renewsAt!;
    expect(lead).toBeGreaterThanOrEqual(0.9 * 2.5 * DAY - 1);
    expect(lead).toBeLessThanOrEqual(1.1 * 2.5 * DAY + 1);
    await expect(h.core.tokens.copy({ connectionId: c.id, format: 'header' })).rejects.toMatchObject({ message: expect.stringMatching(/Choose which tenant/) });
  });

  it('100 concurrent copies for one token make one sign-in request', async () => {
    const c = await addCogniac(['7qa0tenant']);
    const copies = await Promise.all(Array.from({ length: 100 }, () => h.core.tokens.copy({ connectionId: c.id, tenantId: '7qa0tenant', format: 'token' })));
    expect(copies).toHaveLength(100);
    expect(sim.requests.filter((r) => r.route === 'cogniac.token').length).toBe(1);
  });

  it('tenants added or removed on the server show up on the next discovery, keeping choices', async () => {
    const c = await addCogniac(['49wshskg', '12ir8sjgtl']);
    const user = sim.fixture.cogniac.users[0]!;
    user.tenants = user.tenants.filter((t) => t.tenant_id !== '49wshskg');
    user.tenants.push({ tenant_id: 'new4tenant', type: 'orgtenant', name: 'New Tenant 4' });
    const tenants = await h.core.tenants.discover({ connectionId: c.id });
    expect(tenants.map((t) => [t.id, t.selected])).toEqual([
      ['12ir8sjgtl', true],
      ['7qa0tenant', false],
      ['new4tenant', false],
    ]);
  });

  it('refreshes before expiry, and after sleeping past expiry a copy gets a fresh token first', async () => {
    const c = await addCogniac(['12ir8sjgtl']);
    await until(async () => (await tenantState(c.id, '12ir8sjgtl')).state === 'valid', 'valid');
    const first = sim.issuedTokens('cogniac.token').length;
    await clock.advance(2.8 * DAY);
    await until(() => sim.issuedTokens('cogniac.token').length > first, 'renewal before expiry');
    await until(async () => (await tenantState(c.id, '12ir8sjgtl')).state === 'valid', 'valid again');
    // Sleep: wall clock jumps 6 days with no timers running.
    clock.jump(6 * DAY);
    const r = await h.core.tokens.copy({ connectionId: c.id, tenantId: '12ir8sjgtl', format: 'token' });
    expect(r.expiresAt! - clock.now()).toBeGreaterThan(4 * DAY);
    const newest = sim.issuedTokens('cogniac.token').at(-1)!;
    expect(h.clipboard.text).toBe(newest.token);
  });

  it('a wrong password stops with a plain "needs you" state; updating it signs in again', async () => {
    sim.fixture.cogniac.users[0]!.password = 'changed-on-server';
    await expect(addCogniac(['12ir8sjgtl'])).rejects.toMatchObject({
      code: 'auth-rejected',
      message: 'Cogniac rejected the email or password (HTTP 401). Check them in the Cogniac web app.',
    });
    expect(await h.core.connections.list()).toEqual([]);
  });

  it('password changed on the server mid-session → needs you → update password fixes it', async () => {
    const c = await addCogniac(['12ir8sjgtl']);
    await until(async () => (await tenantState(c.id, '12ir8sjgtl')).state === 'valid', 'valid');
    sim.fixture.cogniac.users[0]!.password = 'rotated-password';
    await expect(h.core.tokens.refresh({ connectionId: c.id, tenantId: '12ir8sjgtl' })).rejects.toMatchObject({ code: 'auth-rejected' });
    const s = await tenantState(c.id, '12ir8sjgtl');
    expect(s).toMatchObject({ state: 'needs-you', action: 'update-password' });
    expect(s.message).toMatch(/rejected the email or password/);
    const requestsBefore = sim.requests.length;
    await clock.advance(10 * MIN);
    expect(sim.requests.length).toBe(requestsBefore); // no hammering after a permanent failure
    await h.core.connections.update({ id: c.id, patch: { secrets: { password: 'rotated-password' } } });
    await until(async () => (await tenantState(c.id, '12ir8sjgtl')).state === 'valid', 'valid after update');
  });

  it('backoff honours Retry-After on 429', async () => {
    sim.setFault('cogniac.token', 'http-429', { times: 1, retryAfter: '120' });
    const c = await addCogniac(['12ir8sjgtl']);
    await until(async () => (await tenantState(c.id, '12ir8sjgtl')).state === 'error', 'rate limited');
    const s = await tenantState(c.id, '12ir8sjgtl');
    expect(s.renewsAt).toBe(clock.now() + 120_000);
    expect(s.message).toMatch(/slow down/);
    await clock.advance(119_000);
    expect(sim.count('cogniac.token')).toBe(1);
    await clock.advance(1_000);
    await until(async () => (await tenantState(c.id, '12ir8sjgtl')).state === 'valid', 'valid after retry');
  });

  it('tokens persist encrypted: a restart does not sign in again', async () => {
    const c = await addCogniac(['12ir8sjgtl']);
    await until(async () => (await tenantState(c.id, '12ir8sjgtl')).state === 'valid', 'valid');
    // Token saves are batched: wait until the vault on disk holds this tenant's token.
    await until(async () => {
      const doc = JSON.parse(await readFile(`${h.dataDir}/vault.json`, 'utf8')) as { connections: Array<{ id: string; tokens: Record<string, unknown> }> };
      return doc.connections.find((x) => x.id === c.id)?.tokens['12ir8sjgtl'] !== undefined;
    }, 'token saved to the vault');
    const token = sim.issuedTokens('cogniac.token')[0]!.token;
    const core = await h.reopen({ clock });
    await core.vault.unlock({ password: MASTER });
    await core.tokens.copy({ connectionId: c.id, tenantId: '12ir8sjgtl', format: 'token' });
    expect(h.clipboard.text).toBe(token);
    expect(sim.count('cogniac.token')).toBe(1);
    const raw = await readFile(`${h.dataDir}/vault.json`, 'utf8');
    expect(raw).not.toContain(token);
  });
});

describe('Resolver Core: 15-minute sessions', () => {
  it('renews before the 15 minutes run out, with the renew endpoint', async () => {
    const c = await addResolver();
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid');
    const s = (await view(c.id)).status;
    expect(s.expiresAt).toBe(clock.now() + 15 * MIN);
    expect(s.expiresAt! - s.renewsAt!).toBeGreaterThanOrEqual(81_000 - 1);
    expect(s.expiresAt! - s.renewsAt!).toBeLessThanOrEqual(99_000 + 1);
    await clock.advance(14 * MIN);
    await until(() => sim.count('resolver.renew') === 1, 'renew');
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid after renew');
    expect(sim.count('resolver.login')).toBe(1);
    await h.core.tokens.copy({ connectionId: c.id, format: 'header' });
    expect(h.clipboard.text).toBe(`Authorization: Bearer ${sim.issuedTokens('resolver.renew')[0]!.token}`);
  });

  it('a renewed session is written to the activity log as "Session renewed" (a "refreshed" entry: the Sign-ins and renewals filter)', async () => {
    const c = await addResolver();
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid');
    await clock.advance(14 * MIN);
    await until(() => sim.count('resolver.renew') === 1, 'renew');
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid after renew');
    const tokenEntries = (await h.core.audit.list({ limit: 50 })).filter((e) => e.action === 'refreshed').map((e) => [e.subject, e.detail]);
    // Newest first: the renewal, then the first sign-in.
    expect(tokenEntries).toEqual([
      ['Resolver', 'Session renewed'],
      ['Resolver', 'Signed in'],
    ]);
    // Nothing secret in the log.
    const text = JSON.stringify(await h.core.audit.list({ limit: 50 }));
    for (const t of [...sim.issuedTokens('resolver.login'), ...sim.issuedTokens('resolver.renew')]) expect(text).not.toContain(t.token);
    expect(text).not.toContain(ACCOUNTS.resolver.password);
  });

  it('a failed renew falls back to signing in with the stored password, logged as a sign-in, not as a renewed session', async () => {
    const c = await addResolver();
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid');
    sim.setFault('resolver.renew', 'http-401', { times: 1 });
    await clock.advance(14 * MIN);
    await until(() => sim.count('resolver.login') === 2, 'second login');
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid');
    const details = (await h.core.audit.list({ limit: 50 })).filter((e) => e.action === 'refreshed').map((e) => e.detail);
    expect(details).toEqual(['Signed in', 'Signed in']);
  });

  it('MFA demanded: needs you with a prompt, then the code signs in', async () => {
    sim.setFault('resolver.login', 'mfa-required');
    const c = await addResolver();
    await until(async () => (await view(c.id)).status.state === 'needs-you', 'needs you');
    expect((await view(c.id)).status).toMatchObject({ action: 'enter-mfa', message: expect.stringMatching(/6-digit code/) });
    const v: ConnectionView = await h.core.connections.signIn({ id: c.id, mfaCode: '123456' });
    expect(v.status.state).toBe('valid');
  });

  it('removal logs out and stops every timer; close leaves none', async () => {
    const c = await addResolver();
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid');
    const token = sim.issuedTokens('resolver.login')[0]!.token;
    await h.core.connections.remove({ id: c.id });
    await until(() => sim.count('resolver.logout') === 1, 'logout');
    expect(sim.issuedTokens('resolver.login').find((t) => t.token === token)!.revoked).toBe(true);
    await h.core.close();
    expect(h.core.timersArmed()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('locking logs out; unlocking signs in again', async () => {
    const c = await addResolver();
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid');
    await h.core.vault.lock();
    await until(() => sim.count('resolver.logout') === 1, 'logout on lock');
    await h.core.vault.unlock({ password: MASTER });
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid after unlock');
    expect(sim.count('resolver.login')).toBe(2);
  });

  it('404: not an active member of any org, in plain words', async () => {
    const c = await h.core.connections.add({
      providerId: 'resolver',
      label: 'No org',
      baseUrl: sim.url,
      auth: { kind: 'resolver-password', username: ACCOUNTS.resolverNoOrg.email, password: ACCOUNTS.resolverNoOrg.password, orgId: 101 },
    });
    await until(async () => (await view(c.id)).status.state === 'needs-you', 'needs you');
    expect((await view(c.id)).status.message).toMatch(/not an active member of any org/);
  });
});

describe('scheduler hygiene', () => {
  it('clock moved back an hour: expiries move back too, so nothing is handed out stale', async () => {
    const c = await addResolver();
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid');
    const before = (await view(c.id)).status.expiresAt!;
    clock.jump(-60 * MIN);
    await clock.advance(30_000); // watchdog notices
    const after = (await view(c.id)).status.expiresAt!;
    expect(before - after).toBe(60 * MIN);
  });

  it('one scheduler timer plus the watchdog, however many tokens', async () => {
    await addCogniac(['49wshskg', '12ir8sjgtl', '7qa0tenant']);
    await addResolver();
    await until(async () => (await h.core.connections.list()).every((c) => c.status.state === 'valid'), 'all valid');
    // No real-time sleep: every sign-in has finished (all valid), so the only timer left
    // besides the scheduler and the watchdog is the 100 ms view push, on the fake clock.
    await clock.advance(200);
    expect(h.core.timersArmed()).toBe(2);
  });
});
