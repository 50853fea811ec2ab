/** Small statistics and timing helpers shared by every benchmark. */
import { performance } from 'node:perf_hooks';

/** One row of the results table. `pass: null` means "reported, not judged" (n/a). */
export interface FigureResult {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  pass: boolean | null;
  /** Shown under the table: how it was measured, caveats, diagnosis. */
  note?: string;
  /** Raw numbers for results.json. */
  data?: Record<string, unknown>;
}

export function sorted(samples: readonly number[]): number[] {
  return [...samples].sort((a, b) => a - b);
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const s = sorted(samples);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

export const median = (s: readonly number[]): number => percentile(s, 50);
export const p95 = (s: readonly number[]): number => percentile(s, 95);
export const p99 = (s: readonly number[]): number => percentile(s, 99);

export function mean(s: readonly number[]): number {
  return s.reduce((a, b) => a + b, 0) / s.length;
}

export interface Summary {
  n: number;
  median: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
}

export function summarise(samples: readonly number[]): Summary {
  const s = sorted(samples);
  return { n: s.length, median: median(s), p95: p95(s), p99: p99(s), min: s[0] ?? Number.NaN, max: s[s.length - 1] ?? Number.NaN };
}

/** Times `fn` once, in milliseconds. */
export async function timeIt(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Runs `fn` `warmup` times untimed, then `n` times timed; returns the samples in ms. */
export async function repeat(n: number, fn: (i: number) => unknown, warmup = 0): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

/** Synchronous variant of repeat (no await between calls: no microtask noise). */
export function repeatSync(n: number, fn: (i: number) => unknown, warmup = 0): number[] {
  for (let i = 0; i < warmup; i++) fn(i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn(i);
    out.push(performance.now() - t0);
  }
  return out;
}

/** Formats milliseconds with a sensible unit. */
export function ms(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (v < 0.01) return `${(v * 1000).toFixed(2)} µs`;
  if (v < 1) return `${(v * 1000).toFixed(1)} µs`;
  if (v < 100) return `${v.toFixed(2)} ms`;
  return `${v.toFixed(0)} ms`;
}

export function bytes(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (Math.abs(v) < 1024) return `${v.toFixed(0)} B`;
  if (Math.abs(v) < 1024 * 1024) return `${(v / 1024).toFixed(1)} kB`;
  return `${(v / 1024 / 1024).toFixed(1)} MB`;
}

export function ratio(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '—';
  return `${(a / b).toFixed(2)}×`;
}

/** A figure that could not be measured: reported as FAIL with the reason. */
export function broken(figure: string, target: string, e: unknown): FigureResult {
  const msg = e instanceof Error ? (e.stack ?? e.message) : String(e);
  return { figure, value: 'error', baseline: '—', ratio: '—', target, pass: false, note: `could not measure: ${msg.split('\n').slice(0, 4).join(' | ')}` };
}
