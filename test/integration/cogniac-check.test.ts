/**
 * *Test connection* on a saved Cogniac connection proves the header works: after the
 * tenant list (Basic), each ticked tenant's token is checked with Cogniac's Bearer
 * endpoint `GET /1/tenants/current`. Real core, fake clock, simulator over loopback.
 */
import { describe, expect, it } from 'vitest';
import type { Simulator } from '../sim/server';
import type { Harness } from '../support/core-harness';
import type { FakeClock } from '../support/fake-clock';
import { useSimWorld } from '../support/sim-world';
import { until as waitUntil } from '../support/wait';
import { cogniacConnection } from '../support/fixture-connections';

let sim: Simulator;
let clock: FakeClock;
let h: Harness;
useSimWorld((w) => ({ sim, clock, h } = w));

const until = <T>(check: () => Promise<T> | T, what: string) => waitUntil(clock, check, what);

async function addCogniac(tenantIds: string[]) {
  const c = await h.core.connections.add(cogniacConnection(sim.url, tenantIds));
  await until(async () => (await h.core.connections.get({ id: c.id })).tenants.filter((t) => t.selected).every((t) => t.status.state === 'valid'), 'tenants valid');
  return c;
}

const tokenOf = (tenant: string) => sim.issuedTokens('cogniac.token').filter((t) => t.tenantId === tenant).at(-1)!.token;

describe('Test connection checks the tenant token with GET /1/tenants/current', () => {
  it('says which tenant it signed in to, using the token a copy would hand out', async () => {
    const c = await addCogniac(['12ir8sjgtl']);
    const result = await h.core.connections.test({ id: c.id });
    expect(result).toMatchObject({ ok: true, message: 'Signed in to Cogniac — External Tenant 2. Connected to Cogniac as ops@example.com. Found 3 tenants.' });
    expect(result.tenants?.map((t) => t.id)).toEqual(['49wshskg', '12ir8sjgtl', '7qa0tenant']);
    const checks = sim.requests.filter((r) => r.route === 'cogniac.current');
    expect(checks.map((r) => r.authorization)).toEqual([`Bearer ${tokenOf('12ir8sjgtl')}`]);
    expect(sim.count('cogniac.token')).toBe(1); // the saved token was still good: no new sign-in
  });

  it('checks every ticked tenant', async () => {
    const c = await addCogniac(['49wshskg', '12ir8sjgtl']);
    const result = await h.core.connections.test({ id: c.id });
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(/^Signed in to Cogniac — Internal Tenant 1, External Tenant 2\. /);
    expect(sim.count('cogniac.current')).toBe(2);
  });

  it('a tenant the account lost access to: a plain failure naming the tenant (HTTP 403)', async () => {
    const c = await addCogniac(['12ir8sjgtl']);
    const user = sim.fixture.cogniac.users[0]!;
    user.tenants = user.tenants.filter((t) => t.tenant_id !== '12ir8sjgtl');
    const result = await h.core.connections.test({ id: c.id });
    expect(result).toMatchObject({
      ok: false,
      httpStatus: 403,
      message:
        'External Tenant 2: Cogniac says this account no longer has access to this tenant (HTTP 403). Ask your Cogniac administrator to add you back, or untick this tenant.',
    });
  });

  it('a token Cogniac no longer accepts (revoked) is replaced, and the new one is proved', async () => {
    const c = await addCogniac(['12ir8sjgtl']);
    const old = tokenOf('12ir8sjgtl');
    sim.revoke(old);
    const result = await h.core.connections.test({ id: c.id });
    expect(result.ok).toBe(true);
    expect(result.message).toMatch(/^Signed in to Cogniac — External Tenant 2 \(the service no longer accepted a saved token, so TokenDesk signed in again\)\./);
    expect(sim.count('cogniac.token')).toBe(2);
    await h.core.tokens.copy({ connectionId: c.id, tenantId: '12ir8sjgtl', format: 'token' });
    expect(h.clipboard.text).toBe(tokenOf('12ir8sjgtl'));
    expect(h.clipboard.text).not.toBe(old);
  });

  it('the check endpoint failing is reported plainly, with the tenant', async () => {
    const c = await addCogniac(['12ir8sjgtl']);
    sim.setFault('cogniac.current', 'http-500', { times: 1 });
    const result = await h.core.connections.test({ id: c.id });
    expect(result).toMatchObject({ ok: false, httpStatus: 500, message: expect.stringMatching(/^External Tenant 2: Cogniac is having a problem right now \(HTTP 500\)/) });
  });

  it('a tenant stopped in "needs you" is tried again by the test', async () => {
    const c = await addCogniac(['12ir8sjgtl']);
    sim.setFault('cogniac.token', 'http-403', { times: 1 });
    await expect(h.core.tokens.refresh({ connectionId: c.id, tenantId: '12ir8sjgtl' })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await h.core.connections.get({ id: c.id })).tenants.find((t) => t.id === '12ir8sjgtl')!.status.state).toBe('needs-you');
    const result = await h.core.connections.test({ id: c.id });
    expect(result.ok).toBe(true);
    expect(sim.count('cogniac.token')).toBe(3);
  });

  it('a wrong password fails on the tenant list and checks no token', async () => {
    const c = await addCogniac(['12ir8sjgtl']);
    sim.fixture.cogniac.users[0]!.password = 'changed-on-server';
    const result = await h.core.connections.test({ id: c.id });
    expect(result).toEqual({ ok: false, httpStatus: 401, code: 'auth-rejected', message: 'Cogniac rejected the email or password (HTTP 401). Check them in the Cogniac web app.' });
    expect(sim.count('cogniac.current')).toBe(0);
  });

  it('with no tenant ticked, the test is the tenant list alone', async () => {
    const c = await addCogniac(['12ir8sjgtl']);
    await h.core.tenants.select({ connectionId: c.id, tenantIds: [] });
    const result = await h.core.connections.test({ id: c.id });
    expect(result).toMatchObject({ ok: true, message: 'Connected to Cogniac as ops@example.com. Found 3 tenants.' });
    expect(sim.count('cogniac.current')).toBe(0);
  });
});
