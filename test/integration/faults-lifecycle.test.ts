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
