/**
 * `connections:testDraft` through the core door against the simulator: what the wizard
 * shows after *Test connection* for each kind of result, and that nothing is saved.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS } from '../sim/fixture';
import { startSimulator, type Simulator } from '../sim/server';
import { makeCore, MASTER, readAllFiles, type Harness } from '../support/core-harness';
import { createFakeClock, type FakeClock } from '../support/fake-clock';
import { until } from '../support/wait';

let sim: Simulator;
let h: Harness;
let clock: FakeClock;

beforeAll(async () => {
  sim = await startSimulator();
  // A fake clock (at real time, so the simulator's expiry times make sense): scheduled
  // sign-ins run only when the test lets time pass.
  clock = createFakeClock(Date.now());
  h = await makeCore({ clock });
  await h.core.vault.create({ password: MASTER });
});
afterAll(async () => {
  await h.cleanup();
  await sim.close();
});
beforeEach(() => sim.clearFaults());

const resolverDraft = (mfaCode?: string) => ({
  providerId: 'resolver',
  label: 'Resolver Core',
  baseUrl: sim.url,
  auth: { kind: 'resolver-password' as const, username: ACCOUNTS.resolver.email, password: ACCOUNTS.resolver.password, orgId: '101' as unknown as number, ...(mfaCode ? { mfaCode } : {}) },
});

describe('connections:testDraft', () => {
  it('Resolver with MFA: first asks for the code, then passes with it; the code is used once and nothing is saved', async () => {
    sim.setFault('resolver.login', 'mfa-required');
    const needed = await h.core.connections.testDraft(resolverDraft());
    expect(needed).toMatchObject({ ok: false, action: 'enter-mfa' });
    const passed = await h.core.connections.testDraft(resolverDraft(ACCOUNTS.resolverMfaCode));
    expect(passed).toMatchObject({ ok: true, tenants: [{ id: '101', name: 'Org 101', kind: 'org' }] });
    expect(passed.message).toBe('Signed in to Resolver Core as Ana Lyst (analyst@example.com) in org 101.');
    expect(await h.core.connections.list()).toEqual([]);
  });

  it('a check address that accepts the header proves it; the message says where', async () => {
    const r = await h.core.connections.testDraft({
      providerId: 'cohortgo',
      label: 'Cohort Go',
      checkUrl: `${sim.url}/check/cohortgo`,
      auth: { kind: 'basic', username: ACCOUNTS.cohortgo.username, password: ACCOUNTS.cohortgo.password },
    });
    expect(r).toEqual({ ok: true, httpStatus: 200, message: `Connected: Cohort Go accepted these credentials at ${sim.url}/check/cohortgo (HTTP 200).` });
  });

  it('without a check address the result is "not checked", never a claim that it works or was saved', async () => {
    const r = await h.core.connections.testDraft({ providerId: 'cohortgo', label: 'Cohort Go', auth: { kind: 'basic', username: 'u', password: 'p' } });
    expect(r.ok).toBe(true);
    expect(r.unchecked).toBe(true);
    expect(r.message).toMatch(/^Not checked: without a check address TokenDesk cannot ask Cohort Go/);
    expect(r.message).not.toMatch(/Saved/);
  });

  it('Nexudus without API Access: the 401 says what to turn on', async () => {
    const r = await h.core.connections.testDraft({
      providerId: 'nexudus',
      label: 'Nexudus',
      checkUrl: `${sim.url}/check/nexudus`,
      auth: { kind: 'basic', username: ACCOUNTS.nexudusNoApi.username, password: ACCOUNTS.nexudusNoApi.password },
    });
    expect(r).toMatchObject({ ok: false, httpStatus: 401 });
    expect(r.message).toMatch(/Status tab and turn on "API Access"/);
  });

  it('a rejected token names the token (not "email or password") and the host it talked to', async () => {
    const r = await h.core.connections.testDraft({
      providerId: 'custom',
      label: 'My API',
      checkUrl: `${sim.url}/object/ping`,
      auth: { kind: 'bearer', token: 'not-a-real-token' },
    });
    expect(r).toMatchObject({ ok: false, httpStatus: 401 });
    expect(r.message).toBe(
      `127.0.0.1:${sim.port} rejected the token (HTTP 401). Check that you pasted all of it, that it has not expired or been revoked, and that the header name is the one the service expects.`,
    );
  });

  it('an OAuth2 draft whose token address answers nothing says so plainly (the flow exists; nothing is saved)', async () => {
    const result = await h.core.connections.testDraft({
      providerId: 'custom',
      label: 'OAuth',
      // Port 9 (discard) on this computer: nothing listens, the connection is refused at once.
      auth: { kind: 'oauth2-client-credentials', tokenUrl: 'http://127.0.0.1:9/token', clientId: 'id', clientSecret: 'secret' },
    });
    expect(result.ok).toBe(false);
    expect(result.message).not.toMatch(/does not know this kind of sign-in/);
    expect(result.message).toMatch(/could not reach|offline|not answer|connection/i);
    expect(await h.core.connections.list()).toEqual([]);
  });
});

describe('connections:add with a one-time MFA code (from the wizard)', () => {
  it('uses the code for the first sign-in, so the connection is valid without asking again, and never stores it', async () => {
    sim.setFault('resolver.login', 'mfa-required');
    const before = sim.count('resolver.login');
    const c = await h.core.connections.add(resolverDraft(ACCOUNTS.resolverMfaCode));
    await until(clock, async () => (await h.core.connections.get({ id: c.id })).status.state === 'valid', 'the first sign-in');
    // One sign-in, with the code: the scheduled one joined it instead of failing without.
    expect(sim.count('resolver.login')).toBe(before + 1);
    expect(sim.issuedTokens('resolver.login').length).toBeGreaterThan(0);
    expect(await readAllFiles(h.dataDir)).not.toContain(ACCOUNTS.resolverMfaCode);
    await h.core.connections.remove({ id: c.id });
  });

  it('without a code the same connection waits for one ("enter-mfa")', async () => {
    sim.setFault('resolver.login', 'mfa-required');
    const c = await h.core.connections.add(resolverDraft());
    await until(clock, async () => (await h.core.connections.get({ id: c.id })).status.action === 'enter-mfa', 'the request for a code');
    await h.core.connections.remove({ id: c.id });
  });
});
