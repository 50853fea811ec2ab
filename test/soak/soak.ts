/**
 * Simulated soak: a real core (fake clock, real vault in a temp folder, real loopback HTTP)
 * against the provider simulator with random faults, for N simulated hours, with the laptop
 * sleeping now and then and a person copying tokens every few seconds. Simulated time only
 * moves when no request is in flight, as if the network answered instantly, so a day runs in
 * well under two minutes.
 *
 * Used by `npm run soak` (test/soak/cli.ts: 24 h, 50 connections, prints the report and fails
 * on a missed target) and by the short form in `npm test` (test/integration/soak-short.test.ts).
 *
 * The connection mix is data (`CONNECTION_KINDS`): Resolver 15-minute, Cogniac 5-day and
 * OAuth2 client-credentials 1-hour tokens; a new kind of token is one more entry with its
 * own `add` and refresh routes.
 */
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Core } from '../../src/main/core';
import { CoreError } from '../../src/main/core';
import type { FetchLike, Logger } from '../../src/main/core/ports';
import { redact, redactText } from '../../src/main/shell/redact';
import { ACCOUNTS } from '../sim/fixture';
import { between, pick, seededRandom, type Random } from '../sim/random';
import { startSimulator, type SimRoute, type Simulator } from '../sim/server';
import { makeCore, MASTER, type Harness } from '../support/core-harness';
import { createFakeClock, type FakeClock } from '../support/fake-clock';
import { cogniacConnection, resolverConnection } from '../support/fixture-connections';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One token a person can copy: a connection, and a tenant for Cogniac. */
export interface CopyTarget {
  connectionId: string;
  tenantId?: string;
  kind: string;
}

/** One kind of connection in the mix. */
export interface ConnectionKind {
  id: string;
  /** For the report: "Resolver (15-minute tokens)". */
  label: string;
  /** The provider's token lifetime: the minimum refresh count is computed from it. */
  lifetimeMs: number;
  /** Requests that count as refreshes (sign-in and renew). */
  refreshRoutes: readonly SimRoute[];
  /** Every route this kind uses (random faults are injected on these). */
  routes: readonly SimRoute[];
  /** Adds connection number `n` and returns its tokens. */
  add(core: Core, sim: Simulator, n: number, random: Random): Promise<CopyTarget[]>;
}

export const CONNECTION_KINDS = {
  resolver: {
    id: 'resolver',
    label: 'Resolver (15-minute tokens)',
    lifetimeMs: 15 * MINUTE,
    refreshRoutes: ['resolver.login', 'resolver.renew'],
    routes: ['resolver.login', 'resolver.renew', 'resolver.logout'],
    async add(core, sim, n, random) {
      const c = await core.connections.add(resolverConnection(sim.url, `Resolver ${n}`, pick(random, ACCOUNTS.resolver.orgs)));
      return [{ connectionId: c.id, kind: 'resolver' }];
    },
  },
  cogniac: {
    id: 'cogniac',
    label: 'Cogniac (5-day tokens)',
    lifetimeMs: 5 * DAY,
    refreshRoutes: ['cogniac.token'],
    routes: ['cogniac.tenants', 'cogniac.token'],
    async add(core, sim, n, random) {
      const all = ['49wshskg', '12ir8sjgtl', '7qa0tenant'];
      const tenantIds = all.slice(0, between(random, 1, 3));
      const c = await core.connections.add(cogniacConnection(sim.url, tenantIds, `Cogniac ${n}`));
      return tenantIds.map((tenantId) => ({ connectionId: c.id, tenantId, kind: 'cogniac' }));
    },
  },
  oauth2: {
    id: 'oauth2',
    label: 'OAuth2 client credentials (1-hour tokens)',
    lifetimeMs: HOUR,
    // Renewing is asking for a new token: every token request counts.
    refreshRoutes: ['oauth.token'],
    routes: ['oauth.token'],
    async add(core, sim, n, random) {
      // The token address typed by hand, as for a service without discovery.
      const c = await core.connections.add({
        providerId: 'custom',
        label: `OAuth2 ${n}`,
        baseUrl: sim.url,
        auth: {
          kind: 'oauth2-client-credentials',
          tokenUrl: `${sim.url}/oauth/token`,
          clientId: ACCOUNTS.oauth.clientId,
          clientSecret: ACCOUNTS.oauth.clientSecret,
          scope: pick(random, ['api:read', 'api:read api:write']),
        },
      });
      return [{ connectionId: c.id, kind: 'oauth2' }];
    },
  },
} satisfies Record<string, ConnectionKind>;

export interface SoakOptions {
  hours: number;
  /** How many connections of each kind. */
  mix: Array<{ kind: ConnectionKind; count: number }>;
  /** Share of requests that get a random fault (0.05 = 5 %). */
  faultRate: number;
  seed: number;
  /** The laptop sleeps: at `atHour` for `hours`, no timer runs and nobody copies. */
  sleeps: Array<{ atHour: number; hours: number }>;
  /** A copy every min..max seconds. */
  copyEverySeconds: [number, number];
  /** Where the log, the report and (if kept) the data folder go. */
  outDir: string;
  /** Use (and keep, for the leak scan) this data folder; default: a temp folder, deleted at the end. */
  dataDir?: string;
  /** Per-request timeout (real ms): what each injected hang costs in real time; default 1000. */
  requestTimeoutMs?: number;
  onHour?(hour: number): void;
}

export interface KindReport {
  kind: string;
  label: string;
  tokens: number;
  refreshRequests: number;
  minimumNeeded: number;
  /** Refresh requests per token-hour. */
  perTokenHour: number;
  minimumPerTokenHour: number;
  ratio: number;
  /** Random faults injected on this kind's routes. */
  faultsInjected: number;
}

export interface SoakReport {
  hours: number;
  connections: number;
  tokens: number;
  realSeconds: number;
  requests: number;
  faultsInjected: number;
  copies: {
    total: number;
    good: number;
    /** Copies refused because the connection waits for the person after an injected permanent failure. */
    excluded: number;
    missed: number;
    /** good / (total - excluded). */
    goodShare: number;
    missReasons: Record<string, number>;
  };
  signInsByPerson: number;
  kinds: KindReport[];
  timers: {
    /** OS timers the core holds: one scheduler timer for all tokens + the watchdog. */
    coreTimers: number;
    /** Every timer alive on the clock (must equal coreTimers: nothing else left running). */
    allTimers: number;
    /** Tokens with a renewal planned in the scheduler. */
    renewalsPlanned: number;
    /** Tokens waiting for the person (no renewal planned, by design). */
    waitingForPerson: number;
  };
  heap: {
    /** heapUsed after GC at the end of each simulated hour, MB. */
    perHourMb: number[];
    /** From the end of hour 1 to the end. */
    growthMb: number;
    /** Least-squares slope over the second half of the run, MB per simulated hour. */
    slopeMbPerHour: number;
  };
  /** The data folder, when kept. */
  dataDir: string | null;
  /** The redacted log the core wrote during the run. */
  logFile: string;
  /** Every token the simulator issued, one per line (for leak scans). */
  issuedTokensFile: string;
}

export interface Targets {
  goodShare: number;
  maxRefreshRatio: number;
  maxHeapSlopeMbPerHour: number;
  maxHeapGrowthMb: number;
}

/**
 * Targets. Heap: each copy adds one audit entry kept in memory (capped at 20,000 by design),
 * about 0.2 MB per simulated hour at a copy every 5 s; anything leaking per request or per
 * copy on top of that shows up as a steeper slope.
 */
export const TARGETS: Targets = { goodShare: 0.999, maxRefreshRatio: 1.5, maxHeapSlopeMbPerHour: 0.5, maxHeapGrowthMb: 10 };

/** Error codes that mean "the person must act": only injected faults cause them here. */
const WAITS_FOR_PERSON = new Set(['auth-rejected', 'forbidden', 'not-found', 'not-member', 'account-locked', 'needs-mfa', 'password-expired']);

function gcFunction(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** A Logger that writes redacted JSON lines, like the shell's logger does. */
function fileLogger(path: string): Logger {
  const line = (level: string) => (msg: string, meta?: Record<string, unknown>) => {
    appendFileSync(path, `${redactText(JSON.stringify({ level, msg: redactText(msg), ...(meta ? { meta: redact(meta) } : {}) }))}\n`);
  };
  return { debug: () => undefined, info: line('info'), warn: line('warn'), error: line('error') };
}

/**
 * The fewest sign-ins one token needs to be valid at every awake moment: a token bought at
 * t covers [t, t + lifetime); while asleep nothing is needed.
 */
export function minimumSignIns(lifetimeMs: number, awake: Array<[number, number]>): number {
  let count = 0;
  let coveredUntil = -Infinity;
  for (const [from, to] of awake) {
    let t = Math.max(from, coveredUntil);
    while (t < to) {
      count += 1;
      coveredUntil = t + lifetimeMs;
      t = coveredUntil;
    }
  }
  return count;
}

export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const started = Date.now();
  mkdirSync(opts.outDir, { recursive: true });
  const random = seededRandom(opts.seed);
  const clock: FakeClock = createFakeClock();
  const gc = gcFunction();
  // Every token the simulator issues is listed, so the data folder and log can be scanned for them.
  const issuedTokensFile = process.env['TOKENDESK_SIM_ISSUED_LOG'] || join(opts.outDir, 'sim-issued-tokens.txt');
  if (!process.env['TOKENDESK_SIM_ISSUED_LOG']) rmSync(issuedTokensFile, { force: true });
  const sim = await startSimulator({ now: () => clock.now(), historyLimit: 2_000, slowMs: 50, issuedLog: issuedTokensFile });

  // Requests in flight: simulated time waits for them.
  let inflight = 0;
  let settle: (() => void) | null = null;
  const fetchImpl: FetchLike = async (input, init) => {
    inflight += 1;
    try {
      // The whole answer is read here, so "in flight" lasts until the body is in.
      const res = await fetch(input, init);
      const body = [101, 204, 205, 304].includes(res.status) ? null : await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } finally {
      inflight -= 1;
      if (inflight === 0) settle?.();
    }
  };
  const idle = async (): Promise<void> => {
    for (;;) {
      if (inflight > 0) await new Promise<void>((r) => (settle = r));
      settle = null;
      // Let responses turn into state changes and saves, then check nothing new started.
      await new Promise((r) => setImmediate(r));
      await new Promise((r) => setImmediate(r));
      if (inflight === 0) return;
    }
  };

  const logPath = join(opts.outDir, 'soak.log');
  rmSync(logPath, { force: true });
  let h: Harness | null = null;
  try {
    if (opts.dataDir) {
      // A kept folder from an earlier run would hold its vault: start clean.
      rmSync(opts.dataDir, { recursive: true, force: true });
      mkdirSync(opts.dataDir, { recursive: true });
    }
    h = await makeCore({ clock, fetch: fetchImpl, logger: fileLogger(logPath), requestTimeoutMs: opts.requestTimeoutMs ?? 1_000 }, opts.dataDir);
    const core = h.core;
    await core.vault.create({ password: MASTER });

    /** Moves simulated time forward to `target`, one timer at a time, waiting for the network between. */
    const runUntil = async (target: number): Promise<void> => {
      for (;;) {
        await idle();
        const next = clock.nextTimerInMs();
        const left = target - clock.now();
        if (left <= 0) return;
        await clock.advance(next === undefined ? left : Math.min(Math.max(next, 0), left));
      }
    };

    // Set-up, without faults: every connection signed in.
    const targets: CopyTarget[] = [];
    let n = 0;
    for (const { kind, count } of opts.mix) {
      for (let i = 0; i < count; i++) targets.push(...(await kind.add(core, sim, n++, random)));
    }
    const start = clock.now();
    await runUntil(start + 5 * SECOND);

    const kinds = opts.mix.map((m) => m.kind);
    sim.setRandomFaults({ rate: opts.faultRate, seed: opts.seed, routes: [...new Set(kinds.flatMap((k) => k.routes))] });

    const copies = { total: 0, good: 0, excluded: 0, missed: 0, missReasons: {} as Record<string, number> };
    let signInsByPerson = 0;
    const end = start + opts.hours * HOUR;
    const sleeps = [...opts.sleeps].sort((a, b) => a.atHour - b.atHour).map((s) => ({ at: start + s.atHour * HOUR, ms: s.hours * HOUR }));
    const awake: Array<[number, number]> = [];
    let awakeFrom = start;
    const heap: number[] = [];
    let nextHour = start + HOUR;
    let nextCopy = start + between(random, opts.copyEverySeconds[0], opts.copyEverySeconds[1]) * SECOND;
    let nextPersonCheck = start + 5 * MINUTE;

    const miss = (why: string) => {
      copies.missed += 1;
      copies.missReasons[why] = (copies.missReasons[why] ?? 0) + 1;
    };

    /** The person copies one token; the copy must be good on the SERVER for 60 s or more. */
    const copyOne = async () => {
      const t = pick(random, targets);
      copies.total += 1;
      try {
        await core.tokens.copy({ connectionId: t.connectionId, ...(t.tenantId ? { tenantId: t.tenantId } : {}), format: 'token' });
      } catch (e) {
        if (e instanceof CoreError && WAITS_FOR_PERSON.has(e.code)) copies.excluded += 1;
        else miss(e instanceof CoreError ? `copy failed: ${e.code}` : `copy failed: ${String(e)}`);
        return;
      }
      const rec = sim.lookup(h!.clipboard.text);
      if (!rec) miss('token unknown to the server');
      else if (rec.revoked) miss('token already revoked');
      else if (rec.expiresAt - clock.now() < 60 * SECOND) miss('token valid for less than 60 s');
      else copies.good += 1;
    };

    /** The person notices "needs you" and presses "Sign in again" (the injected fault is gone by then). */
    const personChecks = async () => {
      for (const v of await core.connections.list()) {
        const states = v.hasTenants ? v.tenants.filter((t) => t.selected).map((t) => t.status.state) : [v.status.state];
        if (!states.includes('needs-you')) continue;
        signInsByPerson += 1;
        await core.connections.signIn({ id: v.id }).catch(() => undefined);
      }
    };

    while (clock.now() < end) {
      const sleep = sleeps[0];
      const nextEvent = Math.min(nextCopy, nextHour, nextPersonCheck, sleep?.at ?? Infinity, end);
      await runUntil(nextEvent);
      const now = clock.now();
      if (sleep && now >= sleep.at) {
        sleeps.shift();
        awake.push([awakeFrom, now]);
        clock.jump(sleep.ms); // no timer runs while asleep
        awakeFrom = clock.now();
        nextCopy = Math.max(nextCopy, awakeFrom + 20 * SECOND);
        nextHour += sleep.ms;
        nextPersonCheck = Math.max(nextPersonCheck, awakeFrom + 5 * MINUTE);
        core.notify('resume');
        continue;
      }
      if (now >= nextCopy) {
        await copyOne();
        nextCopy = now + between(random, opts.copyEverySeconds[0], opts.copyEverySeconds[1]) * SECOND;
      }
      if (now >= nextPersonCheck) {
        await personChecks();
        nextPersonCheck = now + 5 * MINUTE;
      }
      if (now >= nextHour) {
        gc();
        heap.push(process.memoryUsage().heapUsed / 1e6);
        opts.onHour?.(heap.length);
        nextHour += HOUR;
      }
    }
    awake.push([awakeFrom, clock.now()]);
    sim.setRandomFaults(null);

    // Wind down: let pushes, the clipboard clear and any retry finish, then count timers.
    await personChecks();
    await runUntil(clock.now() + 2 * MINUTE);
    const views = await core.connections.list();
    const statuses = views.flatMap((v) => (v.hasTenants ? v.tenants.filter((t) => t.selected).map((t) => t.status) : [v.status]));
    const kindReports: KindReport[] = kinds.map((kind) => {
      const tokens = targets.filter((t) => t.kind === kind.id).length;
      const refreshRequests = kind.refreshRoutes.reduce((a, r) => a + sim.count(r), 0);
      const minimumNeeded = tokens * minimumSignIns(kind.lifetimeMs, awake);
      const tokenHours = tokens * opts.hours;
      return {
        kind: kind.id,
        label: kind.label,
        tokens,
        refreshRequests,
        minimumNeeded,
        perTokenHour: refreshRequests / tokenHours,
        minimumPerTokenHour: minimumNeeded / tokenHours,
        ratio: refreshRequests / minimumNeeded,
        faultsInjected: kind.routes.reduce((a, r) => a + sim.faultCount(r, 'random'), 0),
      };
    });
    const half = heap.slice(Math.floor(heap.length / 2));
    const report: SoakReport = {
      hours: opts.hours,
      connections: n,
      tokens: targets.length,
      realSeconds: 0,
      requests: sim.count(),
      faultsInjected: sim.faultCount(undefined, 'random'),
      copies: { ...copies, goodShare: copies.good / Math.max(1, copies.total - copies.excluded) },
      signInsByPerson,
      kinds: kindReports,
      timers: {
        coreTimers: core.timersArmed(),
        allTimers: clock.pendingTimers(),
        renewalsPlanned: statuses.filter((s) => s.renewsAt !== null).length,
        waitingForPerson: statuses.filter((s) => s.state === 'needs-you').length,
      },
      heap: { perHourMb: heap.map((x) => Math.round(x * 10) / 10), growthMb: (heap.at(-1) ?? 0) - (heap[0] ?? 0), slopeMbPerHour: slope(half) },
      dataDir: opts.dataDir ?? null,
      logFile: logPath,
      issuedTokensFile,
    };
    report.realSeconds = (Date.now() - started) / 1000;
    return report;
  } finally {
    if (h) {
      if (opts.dataDir) await h.core.close();
      else await h.cleanup();
    }
    await sim.close();
  }
}

/** Least-squares slope of equally spaced samples (per step). */
function slope(ys: number[]): number {
  const n = ys.length;
  if (n < 2) return 0;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  ys.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

/** Which targets the run missed, in plain words (empty when all are met). */
export function missedTargets(r: SoakReport, t: Targets = TARGETS, opts: { heap?: boolean } = {}): string[] {
  const out: string[] = [];
  if (r.copies.goodShare < t.goodShare) out.push(`copies good for 60 s: ${pct(r.copies.goodShare)} < ${pct(t.goodShare)}`);
  for (const k of r.kinds) if (k.ratio > t.maxRefreshRatio) out.push(`${k.label}: ${k.ratio.toFixed(2)}× the minimum refreshes > ${t.maxRefreshRatio}×`);
  const expectedTimers = (r.timers.renewalsPlanned > 0 ? 1 : 0) + (r.tokens > 0 ? 1 : 0);
  if (r.timers.coreTimers !== expectedTimers) out.push(`core timers: ${r.timers.coreTimers}, expected ${expectedTimers} (one scheduler timer + the watchdog)`);
  if (r.timers.allTimers !== r.timers.coreTimers) out.push(`timers alive: ${r.timers.allTimers}, but the core accounts for ${r.timers.coreTimers}`);
  if (r.timers.renewalsPlanned + r.timers.waitingForPerson !== r.tokens) {
    out.push(`renewals planned ${r.timers.renewalsPlanned} + waiting for the person ${r.timers.waitingForPerson} ≠ ${r.tokens} tokens`);
  }
  if (opts.heap !== false) {
    if (r.heap.slopeMbPerHour > t.maxHeapSlopeMbPerHour) out.push(`heap grows ${r.heap.slopeMbPerHour.toFixed(2)} MB per hour in the second half > ${t.maxHeapSlopeMbPerHour}`);
    if (r.heap.growthMb > t.maxHeapGrowthMb) out.push(`heap grew ${r.heap.growthMb.toFixed(1)} MB > ${t.maxHeapGrowthMb} MB`);
  }
  return out;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(3)} %`;
}

/** The report as a plain table for the terminal. */
export function formatReport(r: SoakReport, t: Targets = TARGETS): string {
  const rows: Array<[string, string, string]> = [
    ['simulated', `${r.hours} h, ${r.connections} connections, ${r.tokens} tokens`, ''],
    ['real time', `${r.realSeconds.toFixed(1)} s`, ''],
    ['requests', `${r.requests} (${r.faultsInjected} random faults = ${pct(r.faultsInjected / Math.max(1, r.requests))})`, ''],
    [
      'copies good for ≥ 60 s',
      `${pct(r.copies.goodShare)} (${r.copies.good} of ${r.copies.total - r.copies.excluded}; ${r.copies.excluded} excluded: waiting for the person after an injected 401/403/404/423)`,
      `≥ ${pct(t.goodShare)}`,
    ],
    ...Object.entries(r.copies.missReasons).map(([why, count]): [string, string, string] => ['  missed', `${count} × ${why}`, '']),
    ['"sign in again" presses', String(r.signInsByPerson), ''],
    ...r.kinds.map((k): [string, string, string] => [
      `refreshes: ${k.label}`,
      `${k.perTokenHour.toFixed(3)} per token-hour vs minimum ${k.minimumPerTokenHour.toFixed(3)} (${k.refreshRequests} / ${k.minimumNeeded} = ${k.ratio.toFixed(2)}×; ${k.tokens} tokens, ${k.faultsInjected} random faults)`,
      `≤ ${t.maxRefreshRatio}×`,
    ]),
    [
      'timers alive at the end',
      `${r.timers.allTimers} (core: ${r.timers.coreTimers} = 1 scheduler timer serving ${r.timers.renewalsPlanned} planned renewals + 1 watchdog; ${r.timers.waitingForPerson} tokens waiting for the person)`,
      'scheduler + watchdog',
    ],
    ['heap after GC, per hour', `${r.heap.perHourMb.map((x) => x.toFixed(1)).join(' ')} MB`, ''],
    ['heap growth', `${r.heap.growthMb.toFixed(1)} MB in total; ${r.heap.slopeMbPerHour.toFixed(2)} MB/h over the second half`, `≤ ${t.maxHeapGrowthMb} MB; ≤ ${t.maxHeapSlopeMbPerHour} MB/h`],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length));
  const w1 = Math.max(...rows.map((x) => x[1].length));
  return rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`.trimEnd()).join('\n');
}
