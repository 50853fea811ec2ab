/**
 * Fault matrix, part 4: time. Sleeping past expiry, the computer's clock set an hour back or
 * forward, and 100 copies at once — for the Cogniac and Resolver token flows. The simulator
 * keeps its own clock (`serverSkew`), so a local clock change does not move the provider's
 * time, as in real life; every copied token is checked against what the server knows.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../sim/server';
import { makeCore, MASTER, type Harness } from '../support/core-harness';
import { createFakeClock, type FakeClock } from '../support/fake-clock';
import { until as waitUntil } from '../support/wait';
import { cogniacConnection, resolverConnection } from '../support/fixture-connections';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

let sim: Simulator;
let clock: FakeClock;
let h: Harness;
/** Server time = local time + serverSkew; a local clock change moves it the other way. */
let serverSkew = 0;

beforeEach(async () => {
  clock = createFakeClock();
  serverSkew = 0;
  sim = await startSimulator({ now: () => clock.now() + serverSkew });
  h = await makeCore({ clock });
  await h.core.vault.create({ password: MASTER });
});
afterEach(async () => {
  await h.cleanup();
  await sim.close();
});

const until = <T>(check: () => Promise<T> | T, what: string) => waitUntil(clock, check, what);
/** The person changes the computer's clock: local time moves, real (server) time does not. */
function setClockBy(ms: number): void {
  clock.jump(ms);
  serverSkew -= ms;
}
/** The laptop sleeps: local and server time move together, with no timer running. */
function sleepFor(ms: number): void {
  clock.jump(ms);
}

interface TokenFlowCase {
  name: string;
  lifetimeMs: number;
  add(): Promise<{ id: string; tenantId?: string }>;
  signInRoute: 'cogniac.token' | 'resolver.login';
}

const FLOWS: TokenFlowCase[] = [
  {
    name: 'Cogniac',
    lifetimeMs: 5 * DAY,
    signInRoute: 'cogniac.token',
    async add() {
      const c = await h.core.connections.add(cogniacConnection(sim.url, ['12ir8sjgtl']));
      return { id: c.id, tenantId: '12ir8sjgtl' };
    },
  },
  {
    name: 'Resolver',
    lifetimeMs: 15 * MIN,
    signInRoute: 'resolver.login',
    async add() {
      const c = await h.core.connections.add(resolverConnection(sim.url));
      return { id: c.id };
    },
  },
];

for (const flow of FLOWS) {
  describe(`${flow.name}: time`, () => {
    async function ready() {
      const t = await flow.add();
      const status = async () => {
        const v = await h.core.connections.get({ id: t.id });
        return t.tenantId ? v.tenants.find((x) => x.id === t.tenantId)!.status : v.status;
      };
      await until(async () => (await status()).state === 'valid', 'valid');
      /** Copies the token and returns the seconds the SERVER says it is still good for. */
      const copyServerLife = async () => {
        await h.core.tokens.copy({ connectionId: t.id, ...(t.tenantId ? { tenantId: t.tenantId } : {}), format: 'token' });
        const rec = sim.lookup(h.clipboard.text);
        expect(rec, 'the copied token is one the server issued').toBeDefined();
        expect(rec!.revoked, 'the copied token is not revoked').toBe(false);
        return (rec!.expiresAt - (clock.now() + serverSkew)) / 1000;
      };
      return { ...t, status, copyServerLife };
    }

    it('asleep past expiry: the first copy after waking gets a fresh token, before any timer runs', async () => {
      const t = await ready();
      const signIns = sim.count(flow.signInRoute);
      sleepFor(flow.lifetimeMs + HOUR);
      expect(await t.copyServerLife()).toBeGreaterThanOrEqual(60);
      expect(sim.count(flow.signInRoute)).toBe(signIns + 1);
    });

    it('asleep past expiry: waking ("resume") renews by itself, once', async () => {
      const t = await ready();
      const signIns = sim.count(flow.signInRoute);
      sleepFor(flow.lifetimeMs + HOUR);
      h.core.notify('resume');
      await until(async () => sim.count(flow.signInRoute) === signIns + 1 && (await t.status()).state === 'valid', 'renewed on wake');
      await clock.advance(MIN);
      expect(sim.count(flow.signInRoute)).toBe(signIns + 1);
      expect(await t.copyServerLife()).toBeGreaterThanOrEqual(60);
    });

    it('clock set an hour back: expiries follow real time, renewal happens when the server needs it', async () => {
      const t = await ready();
      const renewals = sim.count(flow.signInRoute) + sim.count('resolver.renew');
      setClockBy(-HOUR);
      await clock.advance(30_000); // the watchdog notices
      const s = await t.status();
      // Still the same real end, now seen an hour earlier on the local clock.
      expect(s.expiresAt! - clock.now()).toBeLessThanOrEqual(flow.lifetimeMs - 30_000 + 1000);
      expect(await t.copyServerLife()).toBeGreaterThanOrEqual(60);
      // Walk through one whole lifetime in real time: every copy along the way is good on the server.
      const step = flow.lifetimeMs / 10;
      for (let i = 0; i < 12; i++) {
        await clock.advance(step);
        await until(async () => (await t.status()).state === 'valid', 'valid');
        expect(await t.copyServerLife()).toBeGreaterThanOrEqual(60);
      }
      expect(sim.count(flow.signInRoute) + sim.count('resolver.renew')).toBeGreaterThan(renewals);
    });

    it('clock set an hour forward: tokens keep working and copies stay good on the server', async () => {
      const t = await ready();
      const signIns = sim.count(flow.signInRoute) + sim.count('resolver.renew');
      setClockBy(HOUR);
      await clock.advance(30_000);
      await until(async () => (await t.status()).state === 'valid', 'valid');
      expect(await t.copyServerLife()).toBeGreaterThanOrEqual(60);
      // A 5-day token needs nothing; a 15-minute one looks expired locally and is replaced once.
      const extra = sim.count(flow.signInRoute) + sim.count('resolver.renew') - signIns;
      expect(extra).toBe(flow.lifetimeMs < HOUR ? 1 : 0);
      const step = flow.lifetimeMs / 10;
      for (let i = 0; i < 12; i++) {
        await clock.advance(step);
        await until(async () => (await t.status()).state === 'valid', 'valid');
        expect(await t.copyServerLife()).toBeGreaterThanOrEqual(60);
      }
    });

    it('100 copies at once: one sign-in, 100 copies of the same valid token', async () => {
      const t = await flow.add();
      const target = { connectionId: t.id, ...(t.tenantId ? { tenantId: t.tenantId } : {}), format: 'token' as const };
      const results = await Promise.all(Array.from({ length: 100 }, () => h.core.tokens.copy(target)));
      expect(results.every((r) => r.expiresAt! - clock.now() >= 60_000)).toBe(true);
      expect(sim.count(flow.signInRoute)).toBe(1);
      expect(sim.lookup(h.clipboard.text)).toMatchObject({ revoked: false });
    });

    it('100 copies at once while the server fails: one request, 100 plain errors, then it works', async () => {
      sim.setFault(flow.signInRoute, 'http-500', { times: 1 });
      const t = await flow.add();
      const target = { connectionId: t.id, ...(t.tenantId ? { tenantId: t.tenantId } : {}), format: 'token' as const };
      const results = await Promise.allSettled(Array.from({ length: 100 }, () => h.core.tokens.copy(target)));
      expect(results.every((r) => r.status === 'rejected' && /having a problem right now \(HTTP 500\)/.test((r.reason as Error).message))).toBe(true);
      expect(sim.count(flow.signInRoute)).toBe(1);
      await expect(h.core.tokens.copy(target)).resolves.toMatchObject({ expiresAt: expect.any(Number) });
      expect(sim.count(flow.signInRoute)).toBe(2);
    });
  });
}
