/**
 * What the core writes to the audit log: unlocks, failed unlocks counted in a row (across
 * restarts), what changed in a connection (never the values), and which tenant's header
 * was copied.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNTS } from '../../../sim/fixture';
import { startSimulator, type Simulator } from '../../../sim/server';
import { makeCore, MASTER, type Harness } from '../../../support/core-harness';
import { createFakeClock } from '../../../support/fake-clock';
import { until } from '../../../support/wait';

let h: Harness | undefined;
let sim: Simulator | undefined;
afterEach(async () => {
  await h?.cleanup();
  await sim?.close();
  h = undefined;
  sim = undefined;
});

const auditFile = async () => {
  await h!.core.close();
  return readFile(join(h!.dataDir, 'audit.jsonl'), 'utf8');
};

describe('vault entries', () => {
  it('records unlocked and locked', async () => {
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    await h.core.vault.lock();
    await h.core.vault.unlock({ password: MASTER });
    expect((await h.core.audit.list({})).map((e) => [e.action, e.subject])).toEqual([
      ['unlocked', 'Vault'],
      ['locked', 'Vault'],
      ['vault-created', 'Vault'],
    ]);
  });

  it('counts failed unlocks in a row, across a restart, and never records what was typed', async () => {
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    await h.core.vault.lock();
    const guesses = ['guess-one-9', 'guess-two-9', 'guess-three-9', 'guess-four-9'];
    await expect(h.core.vault.unlock({ password: guesses[0] })).rejects.toMatchObject({ code: 'wrong-password' });
    await expect(h.core.vault.unlock({ password: guesses[1] })).rejects.toMatchObject({ code: 'wrong-password' });
    const core = await h.reopen();
    await expect(core.vault.unlock({ password: guesses[2] })).rejects.toMatchObject({ code: 'wrong-password' });
    const failed = (await core.audit.list({ search: 'unlock-failed' })).map((e) => e.detail).reverse();
    expect(failed).toEqual([
      'Wrong master password (1 failed attempt in a row)',
      'Wrong master password (2 failed attempts in a row)',
      'Wrong master password (3 failed attempts in a row)',
    ]);
    await core.vault.unlock({ password: MASTER });
    await core.vault.lock();
    await expect(core.vault.unlock({ password: guesses[3] })).rejects.toMatchObject({ code: 'wrong-password' });
    expect((await core.audit.list({ limit: 1 }))[0]).toMatchObject({ action: 'unlock-failed', detail: 'Wrong master password (1 failed attempt in a row)' });
    const text = await auditFile();
    for (const g of [...guesses, MASTER]) expect(text).not.toContain(g);
  });
});

describe('connection entries', () => {
  it('connection-changed says what changed, never the values', async () => {
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    const c = await h.core.connections.add({ providerId: 'custom', label: 'Old name', auth: { kind: 'basic', username: 'old-user', password: 'old-Pw-1' } });
    const values = ['https://billing.example.org', 'new-user-77', 'new-Pw-8812'];
    await h.core.connections.update({ id: c.id, patch: { label: 'New name', baseUrl: values[0], username: values[1], secrets: { password: values[2]! } } });
    const [entry] = await h.core.audit.list({ limit: 1 });
    expect(entry).toMatchObject({ action: 'connection-changed', subject: 'New name', detail: 'Changed name, address, user name, password' });
    const text = await auditFile();
    for (const v of [...values, 'old-Pw-1', Buffer.from(`${values[1]}:${values[2]}`).toString('base64')]) expect(text).not.toContain(v);
  });

  it('copied names the tenant, also when it is the only one ticked; static headers name none', async () => {
    const clock = createFakeClock();
    sim = await startSimulator({ now: () => clock.now() });
    h = await makeCore({ clock });
    await h.core.vault.create({ password: MASTER });
    const auth = { kind: 'cogniac' as const, username: ACCOUNTS.cogniac.email, password: ACCOUNTS.cogniac.password };
    const two = await h.core.connections.add({ providerId: 'cogniac', label: 'Cogniac', baseUrl: sim.url, auth: { ...auth, tenantIds: ['49wshskg', '12ir8sjgtl'] } });
    const one = await h.core.connections.add({ providerId: 'cogniac', label: 'Cogniac QA', baseUrl: sim.url, auth: { ...auth, tenantIds: ['7qa0tenant'] } });
    const basic = await h.core.connections.add({ providerId: 'custom', label: 'Basic', auth: { kind: 'basic', username: 'u', password: 'p' } });
    await until(clock, async () => (await h!.core.connections.list()).every((c) => c.status.state === 'valid' || c.status.state === 'static'), 'ready');

    const r1 = await h.core.tokens.copy({ connectionId: two.id, tenantId: '12ir8sjgtl', format: 'header' });
    const r2 = await h.core.tokens.copy({ connectionId: one.id, format: 'curl' });
    const r3 = await h.core.tokens.copy({ connectionId: basic.id, format: 'token' });
    expect([r1.description, r2.description, r3.description]).toEqual(['Header for Cogniac — External Tenant 2', 'Curl command for Cogniac QA — QA Tenant 3', 'Token for Basic']);
    const copied = (await h.core.audit.list({ search: 'copied' })).reverse().map((e) => [e.subject, e.detail]);
    expect(copied).toEqual([
      ['Cogniac', 'Copied the header for External Tenant 2'],
      ['Cogniac QA', 'Copied the curl command for QA Tenant 3'],
      ['Basic', 'Copied the token'],
    ]);
  });
});
