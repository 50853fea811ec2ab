/**
 * TokenDesk benchmark suite (issue 8): `npm run bench`.
 * Runs every figure, each with its baseline measured in the same run, prints one table
 * and writes bench/results.json. Always exits 0: benchmarks report, they do not gate CI.
 * Heap figures run in child processes with --expose-gc; the idle figure (a 45 s real
 * window, BENCH_IDLE_MS to change it) runs in a child in parallel with the others.
 * `npm run bench -- copy kdf` runs only the figures whose module name contains a word.
 */
import { writeFile } from 'node:fs/promises';
import { cpus, platform, release } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from './lib/child';
import { broken, type FigureResult } from './lib/stats';
import * as bundle from './bundle';
import * as copyPath from './copy-path';
import * as idle from './idle';
import * as kdf from './kdf';
import * as memory from './memory';
import * as renderer from './renderer';
import * as scheduler from './scheduler';
import * as vaultDecrypt from './vault-decrypt';
import * as vaultSave from './vault-save';
import * as wakeStorm from './wake-storm';

interface Figure {
  name: string;
  target: string;
  run(): Promise<FigureResult[]>;
}

const FIGURES: Figure[] = [
  { name: 'copy-path', target: 'p99 ≤ 1 ms; ≤ 3× baseline', run: copyPath.run },
  { name: 'scheduler', target: '1 timer; ≤ 200 B/token; ≤ 50 ms', run: scheduler.run },
  { name: 'wake-storm', target: 'cap honoured; ≤ 1.5× expected', run: wakeStorm.run },
  { name: 'vault-decrypt', target: '≤ 100 ms; ≤ 2× raw', run: vaultDecrypt.run },
  { name: 'vault-save', target: '≤ 50 ms', run: vaultSave.run },
  { name: 'kdf', target: '250–1,000 ms', run: kdf.run },
  { name: 'memory', target: 'heap ≤ 30 MB', run: memory.run },
  { name: 'renderer', target: '≤ 1.3× bare; ≤ 4 ms per tick', run: renderer.run },
  { name: 'bundle', target: '≤ 250 kB gzip', run: bundle.run },
];

function verdict(r: FigureResult): string {
  return r.pass === null ? 'n/a' : r.pass ? 'pass' : 'FAIL';
}

function table(results: FigureResult[]): string {
  const head = ['#', 'figure', 'value', 'baseline', 'ratio', 'target', 'result'];
  const rows = results.map((r, i) => [String(i + 1), r.figure, r.value, r.baseline, r.ratio, r.target, verdict(r)]);
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const wanted = (name: string) => only.length === 0 || only.some((w) => name.includes(w));
  const started = performance.now();
  let idleResult: (() => Promise<FigureResult[]>) | null = null;
  const startIdle = () => {
    if (idleResult || !wanted('idle')) return;
    idleResult = idle.start();
    console.log(`idle: watching a core with 1,000 tokens for ${idle.WINDOW_MS / 1000} s in a child process, in parallel…`);
  };
  const results: FigureResult[] = [];
  for (const f of FIGURES) {
    // The copy path is timed in microseconds: keep the idle child's set-up out of its way.
    if (f.name !== 'copy-path') startIdle();
    if (!wanted(f.name)) continue;
    const t0 = performance.now();
    process.stdout.write(`${f.name}… `);
    try {
      results.push(...(await f.run()));
    } catch (e) {
      results.push(broken(f.name, f.target, e));
    }
    console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  startIdle();
  if (idleResult) {
    process.stdout.write('idle (waiting for the window to end)… ');
    try {
      results.push(...(await (idleResult as () => Promise<FigureResult[]>)()));
    } catch (e) {
      results.push(broken('idle', 'nothing but watchdog + due refreshes', e));
    }
    console.log('done');
  }
  const total = (performance.now() - started) / 1000;
  console.log(`\nTokenDesk benchmarks — node ${process.version}, ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${platform()} ${release()} (${total.toFixed(0)} s)\n`);
  console.log(table(results));
  console.log('\nNotes:');
  results.forEach((r, i) => r.note && console.log(`${i + 1}. ${r.note}`));
  const failed = results.filter((r) => r.pass === false);
  console.log(failed.length ? `\n${failed.length} figure(s) FAIL: ${failed.map((r) => r.figure).join('; ')}` : '\nAll figures within target.');
  await writeFile(
    join(ROOT, 'bench/results.json'),
    `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, platform: `${platform()} ${release()}`, totalSeconds: total, results }, null, 2)}\n`,
  );
  console.log('Wrote bench/results.json');
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(0);
  },
);
