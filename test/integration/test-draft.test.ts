/**
 * `connections:testDraft` through the core door against the simulator: what the wizard
 * shows after *Test connection* for each kind of result, and that nothing is saved.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNTS } from '../sim/fixture';
import { startSimulator, type Simulator } from '../sim/server';
import { makeCore, MASTER, type Harness } from '../support/core-harness';

let sim: Simulator;
let h: Harness;

beforeAll(async () => {
  sim = await startSimulator();
  h = await makeCore();
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

  it('an OAuth2 draft is refused plainly while this build has no OAuth2 flow', async () => {
    await expect(
      h.core.connections.testDraft({
        providerId: 'custom',
        label: 'OAuth',
        auth: { kind: 'oauth2-client-credentials', tokenUrl: 'https://login.example.com/token', clientId: 'id', clientSecret: 'secret' },
      }),
    ).rejects.toMatchObject({ code: 'unsupported', message: expect.stringMatching(/does not know this kind of sign-in/) });
  });
});
