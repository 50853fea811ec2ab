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
import { cogniacConnection, resolverConnection } from '../support/fixture-connections';

let sim: Simulator;
let clock: FakeClock;
let h: Harness;
let gate: GatedFs;

beforeEach(async () => {
  clock = createFakeClock();
  sim = await startSimulator({ now: () => clock.now() });
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
  return h.core.connections.add(cogniacConnection(sim.url, tenantIds));
}
function addResolver() {
  return h.core.connections.add(resolverConnection(sim.url));
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
    // The sign-in is held at the server (not slowed for a while): the removal surely comes first.
    const release = sim.hold('resolver.login');
    const c = await addResolver();
    await until(() => sim.inflight('resolver.login') === 1, 'sign-in under way');
    expect((await view(c.id)).status.state).toBe('refreshing');
    await expect(h.core.connections.remove({ id: c.id })).resolves.toEqual({ removed: true });
    release();
    // The held sign-in finishes after the removal: its session must not be left open.
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
    const keep = await h.core.connections.add(cogniacConnection(sim.url, ['49wshskg'], 'Keep me'));
    await until(async () => (await tenantStatus(keep.id, '49wshskg')).state === 'valid', 'other connection valid');
    const release = sim.hold('cogniac.token');
    const c = await addCogniac(['12ir8sjgtl']);
    await until(() => sim.inflight('cogniac.token') === 1, 'sign-in under way');
    expect((await tenantStatus(c.id, '12ir8sjgtl')).state).toBe('refreshing');
    await h.core.connections.remove({ id: c.id });
    release();
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
    const release = sim.hold('resolver.login');
    const c = await addResolver();
    await until(() => sim.inflight('resolver.login') === 1, 'sign-in under way');
    expect((await view(c.id)).status.state).toBe('refreshing');
    expect((await h.core.vault.lock()).state).toBe('locked');
    release();
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
    const release = sim.hold('cogniac.token');
    const c = await addCogniac();
    await until(() => sim.inflight('cogniac.token') === 1, 'sign-in under way');
    expect((await tenantStatus(c.id, '12ir8sjgtl')).state).toBe('refreshing');
    await h.core.vault.lock();
    release();
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

describe('password changed on the server', () => {
  it('Resolver: the session keeps renewing; the next fresh sign-in stops with "update the password"; updating fixes it', async () => {
    const c = await addResolver();
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid');
    sim.fixture.resolver.users[0]!.password = 'changed-on-the-server';
    // Renewing needs only the session, not the password.
    await clock.advance(14 * 60_000);
    await until(() => sim.count('resolver.renew') === 1, 'renewed');
    await until(async () => (await view(c.id)).status.state === 'valid', 'still valid');
    // Asleep past the end of the session: a fresh sign-in is needed, and the password is refused.
    clock.jump(2 * 60 * 60_000);
    h.core.notify('resume');
    await until(async () => (await view(c.id)).status.state === 'needs-you', 'needs you');
    const s = (await view(c.id)).status;
    expect(s).toMatchObject({ action: 'update-password', expiresAt: null });
    expect(s.message).toBe('Resolver Core rejected the email or password (HTTP 401). Check them by signing in to Resolver Core in your browser.');
    await expect(h.core.tokens.copy({ connectionId: c.id, format: 'header' })).rejects.toMatchObject({ code: 'auth-rejected', message: s.message });
    const logins = sim.count('resolver.login');
    await clock.advance(30 * 60_000);
    expect(sim.count('resolver.login')).toBe(logins); // no retrying a refused password
    await h.core.connections.update({ id: c.id, patch: { secrets: { password: 'changed-on-the-server' } } });
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid with the new password');
    await h.core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(sim.lookup(h.clipboard.text)?.revoked).toBe(false);
  });

  it('Resolver: when the server also ends the session, TokenDesk stops handing out the dead token', async () => {
    const c = await addResolver();
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid');
    sim.fixture.resolver.users[0]!.password = 'changed-on-the-server';
    const first = sim.issuedTokens('resolver.login')[0]!.token;
    sim.revoke(first);
    await clock.advance(14 * 60_000);
    await until(async () => (await view(c.id)).status.state === 'needs-you', 'needs you');
    // The session was refused at renewal: copying must not hand it out for its last minutes.
    const err = await h.core.tokens.copy({ connectionId: c.id, format: 'token' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'auth-rejected', message: expect.stringMatching(/rejected the email or password/) });
    expect(h.clipboard.text).not.toBe(first);
    await h.core.connections.update({ id: c.id, patch: { secrets: { password: 'changed-on-the-server' } } });
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid again');
  });

  it('Cogniac tenant discovery: refused with a plain message; tenants, token and settings kept; updating the password fixes it', async () => {
    const c = await addCogniac(['12ir8sjgtl']);
    await until(async () => (await tenantStatus(c.id, '12ir8sjgtl')).state === 'valid', 'valid');
    sim.fixture.cogniac.users[0]!.password = 'changed-on-the-server';
    await expect(h.core.tenants.discover({ connectionId: c.id })).rejects.toMatchObject({
      code: 'auth-rejected',
      message: 'Cogniac rejected the email or password (HTTP 401). Check them in the Cogniac web app.',
    });
    const v = await view(c.id);
    expect(v.tenants.map((t) => [t.id, t.selected])).toEqual([
      ['49wshskg', false],
      ['12ir8sjgtl', true],
      ['7qa0tenant', false],
    ]);
    // The token already held still works until it needs renewing.
    await h.core.tokens.copy({ connectionId: c.id, tenantId: '12ir8sjgtl', format: 'token' });
    expect(sim.lookup(h.clipboard.text)?.revoked).toBe(false);
    await h.core.connections.update({ id: c.id, patch: { secrets: { password: 'changed-on-the-server' } } });
    expect((await h.core.tenants.discover({ connectionId: c.id })).map((t) => t.id)).toEqual(['49wshskg', '12ir8sjgtl', '7qa0tenant']);
  });

  it('Basic check address: Test connection says the password was refused and where to fix it; updating fixes it', async () => {
    const c = await h.core.connections.add({
      providerId: 'cohortgo',
      label: 'Cohort Go',
      checkUrl: `${sim.url}/check/cohortgo`,
      auth: { kind: 'basic', username: ACCOUNTS.cohortgo.username, password: ACCOUNTS.cohortgo.password },
    });
    expect((await h.core.connections.test({ id: c.id })).ok).toBe(true);
    sim.fixture.basic.cohortgo[0]!.password = 'regenerated-Pa55';
    const r = await h.core.connections.test({ id: c.id });
    expect(r).toMatchObject({ ok: false, httpStatus: 401 });
    expect(r.message).toBe(
      'Cohort Go rejected the email or password (HTTP 401). Check the API user under Settings → API Users in Cohort Go. If the password was lost, reset it there (it is shown only once).',
    );
    await h.core.connections.update({ id: c.id, patch: { secrets: { password: 'regenerated-Pa55' } } });
    expect(await h.core.connections.test({ id: c.id })).toMatchObject({ ok: true, httpStatus: 200 });
  });
});

describe('MFA demanded in the middle of a session', () => {
  it('Resolver: the session ends, the fresh sign-in asks for the code, the code signs in', async () => {
    const c = await addResolver();
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid');
    sim.setFault('resolver.login', 'mfa-required');
    sim.revoke(sim.issuedTokens('resolver.login')[0]!.token);
    await clock.advance(14 * 60_000);
    await until(async () => (await view(c.id)).status.state === 'needs-you', 'needs you');
    const s = (await view(c.id)).status;
    expect(s).toMatchObject({ action: 'enter-mfa', message: 'Resolver Core needs the 6-digit code from your authenticator app. Enter it to sign in.' });
    await expect(h.core.tokens.copy({ connectionId: c.id, format: 'header' })).rejects.toMatchObject({ code: 'needs-mfa' });
    const wrong = await h.core.connections.signIn({ id: c.id, mfaCode: '000000' }).catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'needs-mfa', message: expect.stringMatching(/did not accept that code/) });
    const v = await h.core.connections.signIn({ id: c.id, mfaCode: ACCOUNTS.resolverMfaCode });
    expect(v.status.state).toBe('valid');
    await h.core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(sim.lookup(h.clipboard.text)?.revoked).toBe(false);
    // Renewals need no code: the session carries on by itself.
    await clock.advance(14 * 60_000);
    await until(async () => sim.count('resolver.renew') >= 2, 'renewed without a code');
    await until(async () => (await view(c.id)).status.state === 'valid', 'valid');
  });
});
