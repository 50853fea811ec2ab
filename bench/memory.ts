/**
 * Core memory: heap used (after forced GC, child process with --expose-gc) by a core
 * unlocked with 1,000 connections × 3 tenants (3,000 tracked tokens), views listed once.
 * Baseline: the same process's heap before createCore (modules loaded, nothing held).
 */
import { rm } from 'node:fs/promises';
import { makeCore, MASTER } from '../test/support/core-harness';
import { gcHeap, isMain, runChild } from './lib/child';
import { makeBigVault } from './lib/fixtures';
import { type FigureResult, bytes, ratio, summarise } from './lib/stats';

interface ChildOut {
  before: number;
  /** Heap after forced GC, read several times while the core sits unlocked. */
  after: number[];
  tokensValid: number;
}

const READINGS = 7;

async function child(): Promise<ChildOut> {
  const dir = await makeBigVault({ connections: 1_000, tenants: 3, lifetimeMs: 5 * 24 * 3_600_000 });
  const before = gcHeap();
  const h = await makeCore({}, dir);
  await h.core.vault.unlock({ password: MASTER });
  const views = await h.core.connections.list();
  const tokensValid = views.reduce((n, v) => n + v.tenants.filter((t) => t.status.state === 'valid').length, 0);
  const after: number[] = [];
  for (let i = 0; i < READINGS; i++) {
    await new Promise((r) => setTimeout(r, 100));
    after.push(gcHeap());
  }
  await h.core.close();
  await rm(dir, { recursive: true, force: true });
  return { before, after, tokensValid };
}

export async function run(): Promise<FigureResult[]> {
  const o = await runChild<ChildOut>('bench/memory.ts', ['--child']);
  const a = summarise(o.after);
  return [
    {
      figure: 'core memory: 1,000 connections × 3 tenants',
      value: `${bytes(a.median)} heap (p95 ${bytes(a.p95)}; +${bytes(a.median - o.before)} for the data)`,
      baseline: `empty process ${bytes(o.before)}`,
      ratio: ratio(a.median, o.before),
      target: 'heap ≤ 30 MB',
      pass: a.p95 <= 30 * 1024 * 1024 && o.tokensValid === 3_000,
      note: `heapUsed after forced GC, child process, ${READINGS} readings 100 ms apart while unlocked; ${o.tokensValid}/3000 tokens valid after unlock (stored tokens, no network).`,
      data: { ...o, heap: a },
    },
  ];
}

if (isMain(import.meta.url) && process.argv.includes('--child')) {
  console.log(JSON.stringify(await child()));
}
