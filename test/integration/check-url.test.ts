/**
 * Test connection for headers built from stored keys and tokens, against the simulator:
 * Resolver Core's recommended API-key mode (`Authorization: ApiKey …`) and a pasted
 * bearer token. A rejected key or token is named as such, not as "email or password".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const resolverKey = (apiKey: string) =>
  h.core.connections.add({ providerId: 'resolver', label: 'Resolver key', baseUrl: sim.url, checkUrl: `${sim.url}/user/apikey-check`, auth: { kind: 'resolver-api-key', apiKey } });

describe('Resolver Core API key', () => {
  it('the right key passes the check, and the copied header works on the API', async () => {
    const c = await resolverKey(ACCOUNTS.resolverApiKey);
    expect(await h.core.connections.test({ id: c.id })).toEqual({ ok: true, httpStatus: 200, message: `Connected: Resolver Core accepted these credentials at ${sim.url}/user/apikey-check (HTTP 200).` });
    expect(sim.requests.at(-1)?.authorization).toBe(`ApiKey ${ACCOUNTS.resolverApiKey}`);
    await h.core.tokens.copy({ connectionId: c.id, format: 'header' });
    const [name, value] = h.clipboard.text.split(': ');
    const res = await fetch(`${sim.url}/object/ping`, { headers: { [name!]: value! } });
    expect(await res.json()).toMatchObject({ ok: true, auth: 'apikey' });
  });

  it('a wrong key is named as the API key, with what to do', async () => {
    const c = await resolverKey('revoked-key-0');
    expect(await h.core.connections.test({ id: c.id })).toEqual({
      ok: false,
      httpStatus: 401,
      code: 'auth-rejected',
      message:
        'Resolver Core rejected the API key (HTTP 401). Check that you pasted all of it, that it has not expired or been revoked, and that the header name is the one the service expects.',
    });
  });
});

describe('pasted bearer token', () => {
  it('a rejected token is named as the token', async () => {
    const c = await h.core.connections.add({ providerId: 'custom', label: 'API', checkUrl: `${sim.url}/object/ping`, auth: { kind: 'bearer', token: 'expired-token-1' } });
    const r = await h.core.connections.test({ id: c.id });
    expect(r).toMatchObject({ ok: false, httpStatus: 401, message: expect.stringMatching(/^127\.0\.0\.1:\d+ rejected the token \(HTTP 401\)\. Check that you pasted all of it/) });
  });
});
