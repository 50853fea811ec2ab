/**
 * Renderer figures in Chromium. Builds bench/renderer (a tiny React entry using the app's
 * real ConnectionList + zustand store, and a bare React list with the same markup) with
 * vite into a temp folder, serves it on 127.0.0.1, and measures with performance.now()
 * around a synchronous render (flushSync) + a forced layout, alternating app and bare on
 * the same page. The tick figure fires the app's own shared 1 Hz clock (captured by
 * bench/renderer/capture.js) with 1,000 connections in the list, against a bare ticker.
 */
import { existsSync } from 'node:fs';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import react from '@vitejs/plugin-react';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { ROOT } from './lib/child';
import { type FigureResult, ms, ratio, summarise } from './lib/stats';

const ROWS = 1_000;
const ROUNDS = 20;
const TICKS = 60;
export const CHROMIUM = '/usr/bin/chromium';

type TickKind = 'app' | 'app-all' | 'bare';
interface Tick {
  scripting: number[];
  layout: number[];
  countdowns: number;
  subscribers: number;
  sample: string;
}
interface BenchWindow {
  benchReady?: boolean;
  bench: {
    render(kind: 'app' | 'bare', n: number): { ms: number; cards: number };
    tick(kind: TickKind, n: number, ticks: number): Tick;
  };
}

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path === '/' ? 'index.html' : path);
    readFile(file).then(
      (body) => {
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
        res.end(body);
      },
      () => {
        res.writeHead(404);
        res.end();
      },
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

export async function run(): Promise<FigureResult[]> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} missing: apt-get install -y -qq chromium`);
  const out = await mkdtemp(join(tmpdir(), 'tokendesk-bench-renderer-'));
  await build({
    configFile: false,
    root: join(ROOT, 'bench/renderer'),
    base: './',
    logLevel: 'error',
    plugins: [react()],
    build: { outDir: out, emptyOutDir: true, minify: true },
  });
  const { server, url } = await serve(out);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const open = async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(url);
      await page.waitForFunction(() => (globalThis as unknown as BenchWindow).benchReady === true, undefined, { timeout: 15_000 }).catch(() => {
        throw new Error(`bench page did not start: ${errors.join('; ')}`);
      });
      return page;
    };
    // Cold: the first render on a fresh page, for each kind.
    const cold: Record<string, number> = {};
    const cards: Record<string, number> = {};
    for (const kind of ['app', 'bare'] as const) {
      const page = await open();
      const r = await page.evaluate(([k, n]) => (globalThis as unknown as BenchWindow).bench.render(k, n), [kind, ROWS] as const);
      cold[kind] = r.ms;
      cards[kind] = r.cards;
      await page.close();
    }
    // Warm: alternate on one page.
    const page = await open();
    const app: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < ROUNDS + 3; i++) {
      const order = i % 2 === 0 ? (['app', 'bare'] as const) : (['bare', 'app'] as const);
      for (const kind of order) {
        const t = await page.evaluate(([k, n]) => (globalThis as unknown as BenchWindow).bench.render(k, n), [kind, ROWS] as const);
        if (i >= 3) (kind === 'app' ? app : bare).push(t.ms);
      }
    }
    const tick = (kind: TickKind) => page.evaluate(([k, n, t]) => (globalThis as unknown as BenchWindow).bench.tick(k, n, t), [kind, ROWS, TICKS] as const);
    const tApp = await tick('app');
    const tAll = await tick('app-all');
    const tBare = await tick('bare');
    await page.close();
    const a = summarise(app);
    const b = summarise(bare);
    const sum = (t: Tick) => ({ scripting: summarise(t.scripting.slice(5)), layout: summarise(t.layout.slice(5)) });
    const ta = sum(tApp);
    const tl = sum(tAll);
    const tb = sum(tBare);
    return [
      {
        figure: 'renderer: first render of 1,000 connections',
        value: `${ms(a.median)} (p95 ${ms(a.p95)})`,
        baseline: `bare React ${ms(b.median)}`,
        ratio: ratio(a.median, b.median),
        target: '≤ 1.3× bare React',
        pass: a.median <= 1.3 * b.median,
        note: `Chromium ${browser.version()}, ${ROUNDS} alternating renders each (+3 warm-up): list mounted empty, then ${ROWS} connections arrive (app: real ConnectionList via the zustand store's setConnections; bare: plain React list, same markup and classes); flushSync render + forced layout. The app virtualizes long lists: ${cards.app} cards in the DOM vs ${cards.bare} for bare React. Cold first render on a fresh page: app ${ms(cold.app!)}, bare ${ms(cold.bare!)} (${ratio(cold.app!, cold.bare!)}).`,
        data: { app: a, bare: b, cold, cardsInDom: cards },
      },
      {
        figure: 'renderer: one 1 Hz tick with 1,000 countdowns',
        value: `${ms(ta.scripting.median)} scripting (p95 ${ms(ta.scripting.p95)}) + ${ms(ta.layout.median)} layout`,
        baseline: `bare ticker ${ms(tb.scripting.median)}`,
        ratio: ratio(ta.scripting.median, tb.scripting.median),
        target: '≤ 4 ms scripting per tick',
        pass: ta.scripting.p95 <= 4,
        note: `The app's shared 1 Hz clock (lib/clock.ts) is captured and fired on demand (Date.now advanced 1 s per tick so texts change, e.g. "${tApp.sample}"); ${TICKS - 5} ticks measured, scripting = flushSync of the tick, layout = forced layout after it. App list with ${ROWS} connections: ${tApp.countdowns} countdowns mounted (virtualized), ${tApp.subscribers} clock subscribers. Worst case, ${tAll.countdowns} app Countdown components all mounted: ${ms(tl.scripting.median)} scripting (p95 ${ms(tl.scripting.p95)}) + ${ms(tl.layout.median)} layout. Bare React ticker re-rendering ${tBare.countdowns} rows from one state: ${ms(tb.scripting.median)} (p95 ${ms(tb.scripting.p95)}).`,
        data: { app: ta, appAllMounted: tl, bare: tb, countdowns: { app: tApp.countdowns, appAll: tAll.countdowns, bare: tBare.countdowns } },
      },
    ];
  } finally {
    await browser.close();
    server.close();
    await rm(out, { recursive: true, force: true });
  }
}
