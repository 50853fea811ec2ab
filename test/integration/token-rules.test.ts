/**
 * The token manager's rules (DESIGN.md "Token lifecycle") through the core door, against
 * the provider simulator over real loopback HTTP, with the fake clock: the cap on
 * concurrent sign-ins, minValidity on copy, the re-check on resume/online/unlock-screen,
 * the 30 s watchdog, the 2^31−1 ms timer clamp, and the plain-language states a person
 * sees on the way (refreshing, expiring, expired).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/main/core/ports';
import { MAX_TIMER_DELAY_MS } from '../../src/main/core/tokens/scheduler';
import type { TokenStatus } from '../../src/shared/views';
import { startSimulator, type Simulator } from '../sim/server';
import { makeCore, MASTER, type Harness } from '../support/core-harness';
import { createFakeClock, type FakeClock } from '../support/fake-clock';
import { until as waitUntil } from '../support/wait';
import { cogniacConnection, resolverConnection } from '../support/fixture-connections';

const SEC = 1_000;
const MIN = 60 * SEC;
const DAY = 24 * 60 * MIN;

let sim: Simulator;
let clock: FakeClock;
let h: Harness;
/** Every delay the core asked the clock for, in order. */
let delays: number[];

beforeEach(async () => {
  clock = createFakeClock();
  delays = [];
  // The core's clock: the fake clock, recording each timer delay it is asked for.
  const recording: Clock = {
    now: () => clock.now(),
    setTimer: (ms, fn) => {
      delays.push(ms);
      return clock.setTimer(ms, fn);
    },
  };
  sim = await startSimulator({ now: () => clock.now() });
  h = await makeCore({ clock: recording });
  await h.core.vault.create({ password: MASTER });
});
afterEach(async () => {
  await h.cleanup();
  await sim.close();
});

const until = <T>(check: () => Promise<T> | T, what: string, ms?: number) => waitUntil(clock, check, what, ms);

async function addResolver() {
  const c = await h.core.connections.add(resolverConnection(sim.url));
  await until(async () => (await status(c.id)).state === 'valid', 'Resolver valid');
  return c;
}

async function addCogniac(tenantIds: string[]) {
  return h.core.connections.add(cogniacConnection(sim.url, tenantIds));
}

async function status(id: string, tenant?: string): Promise<TokenStatus> {
  const v = await h.core.connections.get({ id });
  return tenant === undefined ? v.status : v.tenants.find((t) => t.id === tenant)!.status;
}

const newest = (route: 'resolver.login' | 'resolver.renew' | 'cogniac.token') => sim.issuedTokens(route).at(-1)!.token;

/** Waits until the vault file on disk holds a token for this slot (saves are batched). */
async function tokenSaved(connectionId: string, tenantId: string) {
  await until(async () => {
    const doc = JSON.parse(await readFile(join(h.dataDir, 'vault.json'), 'utf8')) as { connections: Array<{ id: string; tokens: Record<string, unknown> }> };
    return doc.connections.find((c) => c.id === connectionId)?.tokens[tenantId] !== undefined;
  }, 'token saved');
}

describe('cap on concurrent sign-ins', () => {
  const extraTenants = Array.from({ length: 7 }, (_, i) => ({ tenant_id: `cap${i}tenant`, type: 'orgtenant', name: `Cap Tenant ${i}` }));

  it('signs in at most 4 tenants at once, on adding and again on a wake-up after a weekend', async () => {
    sim.fixture.cogniac.users[0]!.tenants.push(...extraTenants);
    const ids = sim.fixture.cogniac.users[0]!.tenants.map((t) => t.tenant_id);
    expect(ids).toHaveLength(10);

    let release = sim.hold('cogniac.token');
    const c = await addCogniac(ids);
    await until(() => sim.inflight('cogniac.token') === 4, '4 sign-ins under way');
    // Every tenant says it is signing in, also the six waiting for a free slot.
    for (const t of (await h.core.connections.get({ id: c.id })).tenants) {
      expect(t.status).toMatchObject({ state: 'refreshing', message: 'Signing in…' });
    }
    release();
    await until(async () => (await h.core.connections.get({ id: c.id })).tenants.every((t) => t.status.state === 'valid'), 'all 10 valid');
    expect(sim.count('cogniac.token')).toBe(10);
    expect(sim.peakInflight('cogniac.token')).toBe(4);

    // A weekend asleep: every token is past expiry when the machine wakes up.
    clock.jump(6 * DAY);
    release = sim.hold('cogniac.token');
    h.core.notify('resume');
    await until(() => sim.inflight('cogniac.token') === 4, '4 renewals under way');
    release();
    await until(async () => (await h.core.connections.get({ id: c.id })).tenants.every((t) => t.status.state === 'valid'), 'all 10 valid again');
    expect(sim.count('cogniac.token')).toBe(20);
    expect(sim.peakInflight('cogniac.token')).toBe(4);
  });
});

describe('a copy asks for a token valid for at least minValidity', () => {
  it('hands out the stored token while it has enough time left, and renews first when it has less', async () => {
    const c = await addResolver();
    const login = newest('resolver.login');
    const expiresAt = (await status(c.id)).expiresAt!;

    // 2 minutes left: still more than the default 60 s, so no request.
    clock.jump(expiresAt - 2 * MIN - clock.now());
    const early = await h.core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(h.clipboard.text).toBe(login);
    expect(early.expiresAt).toBe(expiresAt);
    expect(sim.count('resolver.renew')).toBe(0);

    // 30 s left: valid, but less than 60 s. The row says so before anything else happens.
    clock.jump(90 * SEC);
    expect(await status(c.id)).toMatchObject({ state: 'expiring', message: 'About to expire — renewing', expiresAt });

    const release = sim.hold('resolver.renew');
    const copy = h.core.tokens.copy({ connectionId: c.id, format: 'token' });
    await until(() => sim.inflight('resolver.renew') === 1, 'renew under way');
    expect(await status(c.id)).toMatchObject({ state: 'refreshing', message: 'Renewing…', expiresAt });
    expect(h.clipboard.text).toBe(login); // nothing handed out yet
    release();
    const r = await copy;
    expect(h.clipboard.text).toBe(newest('resolver.renew'));
    expect(r.expiresAt! - clock.now()).toBe(15 * MIN);
    expect(sim.count('resolver.renew')).toBe(1);
    expect(sim.count('resolver.login')).toBe(1);
  });

  it('follows the minValiditySeconds setting (10 minutes)', async () => {
    await h.core.settings.update({ minValiditySeconds: 600 });
    const c = await addResolver();
    // 6 minutes later 9 minutes remain: fine for 60 s, not for 10 minutes. No timer renews it yet.
    await clock.advance(6 * MIN);
    expect(sim.count('resolver.renew')).toBe(0);
    const r = await h.core.tokens.copy({ connectionId: c.id, format: 'header' });
    expect(sim.count('resolver.renew')).toBe(1);
    expect(h.clipboard.text).toBe(`Authorization: Bearer ${newest('resolver.renew')}`);
    expect(r.expiresAt! - clock.now()).toBeGreaterThanOrEqual(600 * SEC);
  });
});

describe('re-check against wall-clock time', () => {
  it.each(['resume', 'online', 'unlock-screen'] as const)('core.notify(%j) after sleeping past expiry signs in before any copy', async (event) => {
    const c = await addResolver();
    const old = newest('resolver.login');
    // Asleep for 20 minutes: the wall clock moved, no timer ran.
    clock.jump(20 * MIN);
    await clock.advance(0);
    expect(sim.count('resolver.login')).toBe(1);
    expect(await status(c.id)).toMatchObject({ state: 'expired', message: 'Expired — signing in again' });

    const release = sim.hold('resolver.login');
    h.core.notify(event);
    // The sign-in starts because of the event alone: no copy has been asked for.
    await until(() => sim.inflight('resolver.login') === 1, 'sign-in after the event');
    expect(await status(c.id)).toMatchObject({ state: 'refreshing', message: 'Signing in…' });
    const copy = h.core.tokens.copy({ connectionId: c.id, format: 'token' });
    release();
    await copy;
    expect(h.clipboard.text).toBe(newest('resolver.login'));
    expect(h.clipboard.text).not.toBe(old);
    // The copy joined the sign-in the event started.
    expect(sim.count('resolver.login')).toBe(2);
    expect(sim.count('resolver.renew')).toBe(0);
  });

  it('the 30 s watchdog catches a wall-clock jump forward with no event at all', async () => {
    const c = await addResolver();
    clock.jump(20 * MIN);
    await clock.advance(29 * SEC);
    expect(sim.count('resolver.login')).toBe(1);
    await clock.advance(1 * SEC); // the watchdog's tick
    await until(() => sim.count('resolver.login') === 2, 'sign-in after the watchdog');
    await until(async () => (await status(c.id)).state === 'valid', 'valid again');
    expect((await status(c.id)).expiresAt).toBe(clock.now() + 15 * MIN);
  });

  it('a clock set back 40 days arms the one timer for at most 2^31−1 ms, fires nothing, and the watchdog moves expiries back', async () => {
    const c = await addCogniac(['12ir8sjgtl']);
    await until(async () => (await status(c.id, '12ir8sjgtl')).state === 'valid', 'valid');
    const before = await status(c.id, '12ir8sjgtl');
    const token = newest('cogniac.token');

    delays.length = 0;
    clock.jump(-40 * DAY);
    h.core.notify('resume');
    // Renewal is now 42.5 days away: longer than a timer can wait, so the delay is clamped.
    expect(Math.max(...delays)).toBe(MAX_TIMER_DELAY_MS);
    expect(delays.every((d) => d <= MAX_TIMER_DELAY_MS)).toBe(true);
    await clock.advance(0);
    expect(sim.count('cogniac.token')).toBe(1);

    // At its next tick the watchdog sees the clock went back and moves expiries with it.
    await clock.advance(30 * SEC);
    const after = await status(c.id, '12ir8sjgtl');
    expect(before.expiresAt! - after.expiresAt!).toBe(40 * DAY);
    // Renewal is planned again from the moved expiry: half-life (2.5 days) ± 10 % before it.
    expect(after.expiresAt! - after.renewsAt!).toBeGreaterThanOrEqual(0.9 * 2.5 * DAY - 1);
    expect(after.expiresAt! - after.renewsAt!).toBeLessThanOrEqual(1.1 * 2.5 * DAY + 1);
    expect(delays.every((d) => d <= MAX_TIMER_DELAY_MS)).toBe(true);
    await h.core.tokens.copy({ connectionId: c.id, tenantId: '12ir8sjgtl', format: 'token' });
    expect(h.clipboard.text).toBe(token);
    expect(sim.count('cogniac.token')).toBe(1);
  });

  it('a token saved before the clock was set back (between two runs) is not trusted: sign in again', async () => {
    const c = await addCogniac(['12ir8sjgtl']);
    await until(async () => (await status(c.id, '12ir8sjgtl')).state === 'valid', 'valid');
    await tokenSaved(c.id, '12ir8sjgtl');
    const old = newest('cogniac.token');
    await h.core.close();
    clock.jump(-40 * DAY);
    const core = await h.reopen();
    await core.vault.unlock({ password: MASTER });
    await until(() => sim.count('cogniac.token') === 2, 'a fresh sign-in');
    await core.tokens.copy({ connectionId: c.id, tenantId: '12ir8sjgtl', format: 'token' });
    expect(h.clipboard.text).toBe(newest('cogniac.token'));
    expect(h.clipboard.text).not.toBe(old);
  });
});

describe('long-lived tokens and timers', () => {
  it('a 30-day expires_in is believed, does not fire at once, and renews at half-life', async () => {
    await sim.close();
    sim = await startSimulator({ now: () => clock.now(), tokenLifetimes: { cogniacSeconds: 30 * 24 * 3600 } });
    const c = await addCogniac(['12ir8sjgtl']);
    await until(async () => (await status(c.id, '12ir8sjgtl')).state === 'valid', 'valid');
    const s = await status(c.id, '12ir8sjgtl');
    expect(s.expiresAt).toBe(clock.now() + 30 * DAY);
    expect(s.renewsAt! - clock.now()).toBeGreaterThanOrEqual(0.9 * 15 * DAY - 1);
    expect(s.renewsAt! - clock.now()).toBeLessThanOrEqual(1.1 * 15 * DAY + 1);
    expect(delays.every((d) => d <= MAX_TIMER_DELAY_MS)).toBe(true);
    await clock.advance(1 * DAY);
    expect(sim.count('cogniac.token')).toBe(1);
    // Wake up just before the renewal time: still nothing; just after it: renewed.
    clock.jump(s.renewsAt! - clock.now() - MIN);
    h.core.notify('resume');
    await clock.advance(0);
    expect(sim.count('cogniac.token')).toBe(1);
    clock.jump(2 * MIN);
    h.core.notify('resume');
    await until(() => sim.count('cogniac.token') === 2, 'renewed at half-life');
  });

  it('removing the last connection stops every timer (before close)', async () => {
    const c = await addResolver();
    await clock.advance(200); // let the batched view push go out
    expect(h.core.timersArmed()).toBe(2); // the scheduler's one timer + the watchdog
    await h.core.connections.remove({ id: c.id });
    await clock.advance(200);
    expect(h.core.timersArmed()).toBe(0);
    await clock.advance(10 * MIN);
    expect(sim.count('resolver.login')).toBe(1);
    expect(sim.count('resolver.renew')).toBe(0);
  });

  it('close() lets go of a sign-in stuck on a hung server at once', async () => {
    sim.setFault('resolver.login', 'hang-before-headers');
    await h.core.connections.add(resolverConnection(sim.url));
    await until(() => sim.inflight('resolver.login') === 1, 'sign-in hanging');
    await h.core.close();
    // The request is aborted (socket closed), not left to its 15-second timeout.
    await until(() => sim.inflight('resolver.login') === 0, 'hung request dropped', 2_000);
    expect(h.core.timersArmed()).toBe(0);
  });
});
