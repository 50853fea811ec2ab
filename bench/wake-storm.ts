/**
 * Wake-up storm: 1,000 tokens whose expiry has passed (laptop wakes after a night) are
 * tracked by a real TokenManager (real clock, default cap of 4) whose `perform` is the
 * real Resolver password flow doing HTTP to the simulator on loopback, running in a
 * separate process. Baseline, same run: one sign-in's latency (median of 50 sequential).
 * Concurrency is counted on both sides: in a wrapping fetch and in the server
 * (http.server.request.start / response.finish diagnostics channels).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { ACCOUNTS } from '../test/sim/fixture';
import type { FetchLike } from '../src/main/core/ports';
import { silentLogger, systemClock } from '../src/main/core/ports';
import type { FlowContext } from '../src/main/core/providers/flow';
import { resolverPasswordFlow } from '../src/main/core/providers/resolver';
import { TokenManager } from '../src/main/core/tokens/token-manager';
import type { StoredConnection } from '../src/main/core/vault/document';
import { ROOT } from './lib/child';
import { type FigureResult, median, ms, ratio, repeat, summarise } from './lib/stats';

const TOKENS = 1_000;
const CAP = 4;
const STORMS = 3;

interface SimStats {
  inflightMax: number;
  requests: number;
  logins: number;
}

function startSimChild(latencyMs: number): Promise<{ url: string; proc: ChildProcess; ask(msg: string): Promise<unknown> }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/sim-child.ts', '--latency-ms', String(latencyMs)], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const ask = (msg: string) =>
      new Promise<unknown>((res) => {
        proc.once('message', res);
        proc.send(msg);
      });
    proc.once('message', (m: { url: string }) => resolve({ url: m.url, proc, ask }));
    proc.once('error', reject);
  });
}

export async function run(): Promise<FigureResult[]> {
  const own = await managerOnly();
  return [await scenario(0, own), await scenario(10, own)];
}

/**
 * The TokenManager's own share of a storm: the same 1,000 expired tokens on a fresh
 * manager (cap 4) whose sign-in answers at once, so what is timed is the scheduler, the
 * limiter, the state changes and their callbacks — no network.
 */
async function managerOnly(): Promise<{ median: number; p95: number }> {
  const times: number[] = [];
  // The core's timers are unref'd; without network I/O nothing else keeps the process alive.
  const keepAlive = setInterval(() => {}, 1_000);
  try {
    for (let s = 0; s < 7; s++) {
      let valid = 0;
      let resolveDone!: () => void;
      const done = new Promise<void>((r) => (resolveDone = r));
      const tm: TokenManager = new TokenManager({
        clock: systemClock,
        logger: silentLogger,
        concurrency: CAP,
        perform: async () => ({ token: 'fresh', expiresAt: Date.now() + 900_000 }),
        persist: async () => {},
        onChange: (connectionId) => {
          const t = tm.current(connectionId, '');
          if (t && t.token === 'fresh' && ++valid === TOKENS) resolveDone();
        },
      });
      const past = Date.now() - 60_000;
      const t0 = performance.now();
      for (let i = 0; i < TOKENS; i++) tm.track(`c${i}`, '', { token: 'expired', issuedAt: past - 900_000, expiresAt: past });
      await done;
      times.push(performance.now() - t0);
      tm.close();
    }
  } finally {
    clearInterval(keepAlive);
  }
  const t = summarise(times.slice(2)); // the first storms warm the code up
  return { median: t.median, p95: t.p95 };
}

async function scenario(latencyMs: number, own: { median: number; p95: number }): Promise<FigureResult> {
  const sim = await startSimChild(latencyMs);
  try {
    let inflight = 0;
    let clientMax = 0;
    // Client-side count: requests sent and not yet answered (headers). The server-side
    // count (diagnostics channels in the simulator process) is the authoritative one.
    const fetchImpl: FetchLike = async (input, init) => {
      inflight++;
      clientMax = Math.max(clientMax, inflight);
      try {
        return await fetch(input, init);
      } finally {
        inflight--;
      }
    };
    const conn = (i: number): StoredConnection => ({
      id: `c${i}`,
      providerId: 'resolver',
      label: `Resolver ${i}`,
      authKind: 'resolver-password',
      baseUrl: sim.url,
      checkUrl: null,
      username: ACCOUNTS.resolver.email,
      headerName: 'Authorization',
      scheme: 'Bearer',
      options: { orgId: 101 },
      secrets: {},
      tenants: [],
      tokens: {},
      createdAt: 0,
      updatedAt: 0,
    });
    const ctxs = Array.from({ length: TOKENS }, (_, i): FlowContext => ({
      conn: conn(i),
      providerName: 'Resolver Core',
      secret: () => ACCOUNTS.resolver.password,
      fetch: fetchImpl,
      clock: systemClock,
      logger: silentLogger,
    }));

    // Baseline: one request, sequentially.
    const single = await repeat(50, () => resolverPasswordFlow.signIn(ctxs[0]!, ''), 20);
    const one = median(single);
    const expected = (TOKENS / CAP) * one;

    const storms: number[] = [];
    const serverMax: number[] = [];
    const clientMaxes: number[] = [];
    let allValid = true;
    for (let s = 0; s < STORMS; s++) {
      await sim.ask('reset');
      clientMax = 0;
      let valid = 0;
      let resolveDone!: () => void;
      const done = new Promise<void>((r) => (resolveDone = r));
      const seen = new Set<string>();
      const tm: TokenManager = new TokenManager({
        clock: systemClock,
        logger: silentLogger,
        concurrency: CAP,
        perform: (connectionId) => resolverPasswordFlow.signIn(ctxs[Number(connectionId.slice(1))]!, ''),
        persist: async () => {},
        onChange: (connectionId) => {
          const t = tm.current(connectionId, '');
          if (t && t.expiresAt > Date.now() && !seen.has(connectionId)) {
            seen.add(connectionId);
            if (++valid === TOKENS) resolveDone();
          }
        },
      });
      const past = Date.now() - 60_000;
      const t0 = performance.now();
      for (let i = 0; i < TOKENS; i++) tm.track(`c${i}`, '', { token: 'expired', issuedAt: past - 900_000, expiresAt: past });
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000).unref());
      const outcome = await Promise.race([done, timeout]);
      storms.push(performance.now() - t0);
      if (outcome === 'timeout') allValid = false;
      for (let i = 0; i < TOKENS; i++) if (!(tm.status(`c${i}`, '').state === 'valid')) allValid = false;
      const st = (await sim.ask('stats')) as SimStats;
      serverMax.push(st.inflightMax);
      clientMaxes.push(clientMax);
      tm.close();
    }
    // Second baseline (loopback only): the same 1,000 sign-in requests as bare fetch, 4 at a time.
    let rawPool = Number.NaN;
    if (latencyMs === 0) {
      const body = JSON.stringify({ email: ACCOUNTS.resolver.email, password: ACCOUNTS.resolver.password, selectedOrg: 101, client: 'core-client' });
      let next = 0;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: CAP }, async () => {
          while (next++ < TOKENS) await (await fetch(`${sim.url}/user/authenticate`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).text();
        }),
      );
      rawPool = performance.now() - t0;
    }
    const t = summarise(storms);
    const capOk = Math.max(...serverMax) <= CAP && Math.max(...clientMaxes) <= CAP;
    return {
        figure: `wake-up storm: 1,000 expired tokens (loopback${latencyMs ? ` + ${latencyMs} ms server delay` : ''})`,
        value: `${ms(t.median)} (p95 ${ms(t.p95)}); max in flight ${Math.max(...serverMax)} server / ${Math.max(...clientMaxes)} client`,
        baseline: `(1000/${CAP}) × ${ms(one)} = ${ms(expected)}`,
        ratio: ratio(t.median, expected),
        target: `all valid; ≤ ${CAP} in flight; ≤ 1.5× expected`,
        pass: allValid && capOk && t.median <= 1.5 * expected,
        note: `${latencyMs === 0 ? `Bare fetch of the same 1,000 requests, ${CAP} at a time: ${ms(rawPool)} (${ratio(t.median, rawPool)} of it) — on loopback a request is CPU (kernel loopback writev, undici, the server), not waiting, so ${CAP} in flight cannot be ${CAP}× faster on ${cpus().length} cores. ` : `Every sign-in held ${latencyMs} ms by the simulator (stand-in for a network round trip). `}${STORMS} storms; each tracks ${TOKENS} tokens expired a minute ago on a fresh TokenManager (cap ${CAP}) and stops when all ${TOKENS} are valid (all valid: ${allValid}). One request = median of 50 sequential Resolver sign-ins (p95 ${ms(summarise(single).p95)}). Simulator in a separate process; persist() is a no-op here (the core batches token saves into one vault save per burst). The TokenManager's own work for the same 1,000 tokens with sign-ins that answer at once: ${ms(own.median)} (p95 ${ms(own.p95)}), ${((100 * own.median) / t.median).toFixed(1)} % of this storm.`,
        data: { latencyMs, storms: t, singleMs: summarise(single), expectedMs: expected, rawPoolMs: rawPool, managerOnlyMs: own, serverMax, clientMax: clientMaxes, allValid },
      };
  } finally {
    const exited = new Promise<void>((r) => sim.proc.once('exit', () => r()));
    sim.proc.send('close');
    const t = setTimeout(() => sim.proc.kill(), 3_000);
    await exited;
    clearTimeout(t);
  }
}
