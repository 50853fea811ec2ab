/** The simulator's seeded random faults, issued-token log, history limit and token lookup. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNTS } from '../../sim/fixture';
import { seededRandom } from '../../sim/random';
import { startSimulator, type Simulator } from '../../sim/server';

const COG = `Basic ${Buffer.from(`${ACCOUNTS.cogniac.email}:${ACCOUNTS.cogniac.password}`).toString('base64')}`;
let sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

async function sim(opts: Parameters<typeof startSimulator>[0] = {}): Promise<Simulator> {
  const s = await startSimulator(opts);
  sims.push(s);
  return s;
}

/** Sends `n` requests one after another and returns the status of each. */
async function statuses(s: Simulator, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${s.url}/1/users/current/tenants`, { headers: { authorization: COG } });
    await r.text();
    out.push(r.status);
  }
  return out;
}

describe('seeded random', () => {
  it('gives the same sequence for the same seed and a different one for another', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const seqA = Array.from({ length: 20 }, () => a());
    expect(Array.from({ length: 20 }, () => b())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('random fault injection', () => {
  it('is reproducible from the seed and hits roughly the asked share', async () => {
    const opts = { rate: 0.3, seed: 42, faults: ['http-500', 'http-429'] as const, routes: ['cogniac.tenants'] as const };
    const first = await statuses(await sim({ randomFaults: { ...opts, faults: [...opts.faults], routes: [...opts.routes] } }), 40);
    const second = await statuses(await sim({ randomFaults: { ...opts, faults: [...opts.faults], routes: [...opts.routes] } }), 40);
    expect(second).toEqual(first);
    const faulty = first.filter((x) => x !== 200).length;
    expect(faulty).toBeGreaterThan(4);
    expect(faulty).toBeLessThan(24);
    expect(new Set(first)).toEqual(new Set([200, 500, 429]));
  });

  it('records the fault on the request, counts it, and can be switched off', async () => {
    const s = await sim({ randomFaults: { rate: 1, seed: 1, faults: [{ fault: 'http-503', retryAfter: '3' }] } });
    const r = await fetch(`${s.url}/check/basic`);
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('3');
    expect(s.requests.at(-1)).toMatchObject({ fault: 'http-503', randomFault: true });
    expect(s.faultCount('check.basic', 'random')).toBe(1);
    expect(s.faultCount(undefined, 'explicit')).toBe(0);
    s.setRandomFaults(null);
    expect((await fetch(`${s.url}/check/basic`)).status).toBe(401);
    expect(s.faultCount()).toBe(1);
  });

  it('leaves routes outside the list alone and lets an explicit fault win', async () => {
    const s = await sim({ randomFaults: { rate: 1, seed: 3, faults: ['http-500'], routes: ['cogniac.token'] } });
    expect((await fetch(`${s.url}/check/basic`)).status).toBe(401);
    s.setFault('check.basic', 'http-423', { times: 1 });
    expect((await fetch(`${s.url}/check/basic`)).status).toBe(423);
    expect(s.faultCount('check.basic', 'explicit')).toBe(1);
  });

  it('refuses a rate outside 0..1', async () => {
    const s = await sim();
    expect(() => s.setRandomFaults({ rate: 2, seed: 1 })).toThrow(/rate/);
  });
});

describe('history', () => {
  it('keeps counts but trims the request log and forgets dead tokens past the limit', async () => {
    let now = 1_700_000_000_000;
    const s = await sim({ historyLimit: 3, now: () => now, tokenLifetimes: { cogniacSeconds: 10 } });
    const tokens: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await fetch(`${s.url}/1/token?tenant_id=12ir8sjgtl`, { headers: { authorization: COG } });
      tokens.push(((await r.json()) as { access_token: string }).access_token);
      now += 20_000; // each token has expired before the next request
    }
    expect(s.count('cogniac.token')).toBe(6);
    expect(s.requests).toHaveLength(3);
    expect(s.issuedTokens().length).toBeLessThanOrEqual(3);
    expect(s.lookup(tokens[0]!)).toBeUndefined();
    expect(s.lookup(tokens[5]!)).toMatchObject({ token: tokens[5], provider: 'cogniac', tenantId: '12ir8sjgtl' });
  });
});

describe('issued-token log', () => {
  it('appends every issued token when asked, and writes nothing otherwise', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tokendesk-sim-log-'));
    try {
      const file = join(dir, 'issued.txt');
      const s = await sim({ issuedLog: file });
      const a = (await (await fetch(`${s.url}/1/token?tenant_id=12ir8sjgtl`, { headers: { authorization: COG } })).json()) as { access_token: string };
      const b = (await (
        await fetch(`${s.url}/user/authenticate`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: ACCOUNTS.resolver.email, password: ACCOUNTS.resolver.password, selectedOrg: 101, client: 'core-client' }),
        })
      ).json()) as { token: string };
      expect((await readFile(file, 'utf8')).split('\n').filter(Boolean)).toEqual([a.access_token, b.token]);
      const quiet = await sim({ issuedLog: '' });
      await fetch(`${quiet.url}/1/token?tenant_id=12ir8sjgtl`, { headers: { authorization: COG } });
      expect((await readFile(file, 'utf8')).split('\n').filter(Boolean)).toHaveLength(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
