/**
 * Fault matrix, part 3: things that happen at awkward moments, driven through the core door
 * with a simulator and a gate on vault writes — quit during a save, lock during a refresh,
 * removal during a refresh, the password changed on the server, MFA demanded mid-session.
 * Each case checks what the person sees and that nothing is lost.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FilePersistence } from '../../src/main/core';
import { ACCOUNTS } from '../sim/fixture';
import { startSimulator, type Simulator } from '../sim/server';
import { makeCore, MASTER, type Harness } from '../support/core-harness';
import { createFakeClock, type FakeClock } from '../support/fake-clock';
import { gatedFs, type GatedFs } from '../support/gated-fs';
import { until as waitUntil } from '../support/wait';

let sim: Simulator;
let clock: FakeClock;
let h: Harness;
let gate: GatedFs;

beforeEach(async () => {
  clock = createFakeClock();
  sim = await startSimulator({ now: () => clock.now(), slowMs: 150 });
  gate = gatedFs();
  const dir = await mkdtemp(join(tmpdir(), 'tokendesk-test-'));
  h = await makeCore({ clock, requestTimeoutMs: 1_000, persistence: { vault: new FilePersistence(join(dir, 'vault.json'), gate.fs) } }, dir);
  await h.core.vault.create({ password: MASTER });
});
afterEach(async () => {
  gate.release();
  await h.cleanup();
  await sim.close();
});

const until = <T>(check: () => Promise<T> | T, what: string) => waitUntil(clock, check, what);
const view = (id: string) => h.core.connections.get({ id });
const tenantStatus = async (id: string, tenant: string) => (await view(id)).tenants.find((t) => t.id === tenant)!.status;
const ticks = async (n = 5) => {
  for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r));
};

function addCogniac(tenantIds = ['12ir8sjgtl']) {
  return h.core.connections.add({
    providerId: 'cogniac',
    label: 'Cogniac',
    baseUrl: sim.url,
    auth: { kind: 'cogniac', username: ACCOUNTS.cogniac.email, password: ACCOUNTS.cogniac.password, tenantIds },
  });
}
function addResolver() {
  return h.core.connections.add({
    providerId: 'resolver',
    label: 'Resolver',
    baseUrl: sim.url,
    auth: { kind: 'resolver-password', username: ACCOUNTS.resolver.email, password: ACCOUNTS.resolver.password, orgId: 101 },
  });
}
/** Reopens the core on the same folder without the gate, as the next app start would. */
async function restart() {
  gate.release();
  const core = await h.reopen({ clock, persistence: {} });
  await core.vault.unlock({ password: MASTER });
  return core;
}

describe('quit during a save', () => {
  it('waits for the save in progress, so the new connection is there after a restart', async () => {
    await h.core.connections.add({ providerId: 'cohortgo', label: 'First', auth: { kind: 'basic', username: 'a@b.c', password: 'pw-1' } });
    gate.hold();
    const adding = h.core.connections.add({ providerId: 'cohortgo', label: 'Second', auth: { kind: 'basic', username: 'a@b.c', password: 'pw-2' } });
    await gate.waiting();
    let closed = false;
    const closing = h.core.close().then(() => (closed = true));
    await ticks(20);
    expect(closed, 'close() returned while a save was still being written').toBe(false);
    gate.release();
    await closing;
    await expect(adding).resolves.toMatchObject({ label: 'Second' });
    const core = await restart();
    expect((await core.connections.list()).map((c) => c.label).sort()).toEqual(['First', 'Second']);
  });

  it('saves a token renewed just before quitting, so the restart does not sign in again', async () => {
    const c = await addCogniac();
    gate.hold();
    await until(async () => (await tenantStatus(c.id, '12ir8sjgtl')).state === 'valid', 'signed in');
    await gate.waiting();
    const closing = h.core.close();
    await ticks(5);
    gate.release();
    await closing;
    const core = await restart();
    await core.tokens.copy({ connectionId: c.id, tenantId: '12ir8sjgtl', format: 'token' });
    expect(h.clipboard.text).toBe(sim.issuedTokens('cogniac.token')[0]!.token);
    expect(sim.count('cogniac.token')).toBe(1);
  });
});

describe('removal during a refresh', () => {
  it('Resolver: the removal sticks, and the session that arrives late is signed out', async () => {
    sim.setFault('resolver.login', 'slow', { times: 1 });
    const c = await addResolver();
    await until(async () => (await view(c.id)).status.state === 'refreshing', 'signing in');
    await expect(h.core.connections.remove({ id: c.id })).resolves.toEqual({ removed: true });
    // The slow sign-in finishes after the removal: its session must not be left open.
    await until(() => sim.count('resolver.logout') === 1, 'late session signed out');
    const late = sim.issuedTokens('resolver.login')[0]!;
    expect(late.revoked).toBe(true);
    expect(await h.core.connections.list()).toEqual([]);
    await expect(h.core.connections.get({ id: c.id })).rejects.toMatchObject({ code: 'not-found', message: 'That connection no longer exists. It may have been removed.' });
    await clock.advance(200); // the 100 ms view push
    expect(h.core.timersArmed()).toBe(0);
    const core = await restart();
    expect(await core.connections.list()).toEqual([]);
  });

  it('Cogniac: the removal sticks and the late token is not kept anywhere', async () => {
    const keep = await h.core.connections.add({
      providerId: 'cogniac',
      label: 'Keep me',
      baseUrl: sim.url,
      auth: { kind: 'cogniac', username: ACCOUNTS.cogniac.email, password: ACCOUNTS.cogniac.password, tenantIds: ['49wshskg'] },
    });
    await until(async () => (await tenantStatus(keep.id, '49wshskg')).state === 'valid', 'other connection valid');
    sim.setFault('cogniac.token', 'slow', { times: 1 });
    const c = await addCogniac(['12ir8sjgtl']);
    await until(async () => (await tenantStatus(c.id, '12ir8sjgtl')).state === 'refreshing', 'signing in');
    await h.core.connections.remove({ id: c.id });
    await until(() => sim.issuedTokens('cogniac.token').some((t) => t.tenantId === '12ir8sjgtl'), 'late token issued');
    await ticks(10);
    expect((await h.core.connections.list()).map((x) => x.label)).toEqual(['Keep me']);
    const core = await restart();
    expect((await core.connections.list()).map((x) => x.label)).toEqual(['Keep me']);
    const { readFile } = await import('node:fs/promises');
    const late = sim.issuedTokens('cogniac.token').find((t) => t.tenantId === '12ir8sjgtl')!.token;
    expect(await readFile(join(h.dataDir, 'vault.json'), 'utf8')).not.toContain(c.id);
    expect(h.clipboard.text).not.toBe(late);
    // The other connection was not disturbed: its token is still the first one.
    await core.tokens.copy({ connectionId: keep.id, tenantId: '49wshskg', format: 'token' });
    expect(h.clipboard.text).toBe(sim.issuedTokens('cogniac.token').find((t) => t.tenantId === '49wshskg')!.token);
  });
});

describe('lock during a refresh, and refresh while locked', () => {
  it('Resolver: the late session is dropped and signed out; unlocking signs in again', async () => {
    sim.setFault('resolver.login', 'slow', { times: 1 });
    const c = await addResolver();
    await until(async () => (await view(c.id)).status.state === 'refreshing', 'signing in');
    expect((await h.core.vault.lock()).state).toBe('locked');
    await until(() => sim.count('resolver.logout') === 1, 'late session signed out');
    expect(sim.issuedTokens('resolver.login')[0]!.revoked).toBe(true);
    const { readFile } = await import('node:fs/promises');
    expect(JSON.parse(await readFile(join(h.dataDir, 'vault.json'), 'utf8')).connections[0].tokens).toEqual({});
    await h.core.vault.unlock({ password: MASTER });
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid after unlock');
    await h.core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(h.clipboard.text).toBe(sim.issuedTokens('resolver.login')[1]!.token);
  });

  it('Cogniac: the late token is dropped; unlocking gets a fresh one and keeps the connection', async () => {
    sim.setFault('cogniac.token', 'slow', { times: 1 });
    const c = await addCogniac();
    await until(async () => (await tenantStatus(c.id, '12ir8sjgtl')).state === 'refreshing', 'signing in');
    await h.core.vault.lock();
    await until(() => sim.issuedTokens('cogniac.token').length === 1, 'late token issued');
    await ticks(10);
    await h.core.vault.unlock({ password: MASTER });
    await until(async () => (await tenantStatus(c.id, '12ir8sjgtl')).state === 'valid', 'valid after unlock');
    await h.core.tokens.copy({ connectionId: c.id, tenantId: '12ir8sjgtl', format: 'token' });
    expect(h.clipboard.text).toBe(sim.issuedTokens('cogniac.token')[1]!.token);
  });

  it('asking for a refresh or a copy while locked says plainly to unlock, and changes nothing', async () => {
    const c = await addResolver();
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid');
    await h.core.vault.lock();
    const before = sim.count();
    for (const call of [h.core.tokens.refresh({ connectionId: c.id }), h.core.tokens.copy({ connectionId: c.id, format: 'header' }), h.core.connections.signIn({ id: c.id })]) {
      await expect(call).rejects.toMatchObject({ code: 'vault-locked', message: 'TokenDesk is locked. Unlock it to continue.' });
    }
    await clock.advance(30 * 60_000);
    expect(sim.count() - before).toBe(1); // only the sign-out that locking sent
    await h.core.vault.unlock({ password: MASTER });
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid after unlock');
  });
});
