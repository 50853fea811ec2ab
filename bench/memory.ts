/**
 * Core memory: heap used (after forced GC, child process with --expose-gc) by a core
 * unlocked with 1,000 connections × 3 tenants (3,000 tracked tokens), views listed once.
 * Baseline: the same process's heap before createCore (modules loaded, nothing held).
 */
import { rm } from 'node:fs/promises';
import { makeCore, MASTER } from '../test/support/core-harness';
import { gcHeap, isMain, runChild } from './lib/child';
import { makeBigVault } from './lib/fixtures';
import { type FigureResult, bytes, ratio } from './lib/stats';

interface ChildOut {
  before: number;
  after: number;
  tokensValid: number;
}

async function child(): Promise<ChildOut> {
  const dir = await makeBigVault({ connections: 1_000, tenants: 3, lifetimeMs: 5 * 24 * 3_600_000 });
  const before = gcHeap();
  const h = await makeCore({}, dir);
  await h.core.vault.unlock({ password: MASTER });
  const views = await h.core.connections.list();
  const tokensValid = views.reduce((n, v) => n + v.tenants.filter((t) => t.status.state === 'valid').length, 0);
  await new Promise((r) => setTimeout(r, 300));
  const after = gcHeap();
  await h.core.close();
  await rm(dir, { recursive: true, force: true });
  return { before, after, tokensValid };
}

export async function run(): Promise<FigureResult[]> {
  const o = await runChild<ChildOut>('bench/memory.ts', ['--child']);
  return [
    {
      figure: 'core memory: 1,000 connections × 3 tenants',
      value: `${bytes(o.after)} heap (+${bytes(o.after - o.before)} for the data)`,
      baseline: `empty process ${bytes(o.before)}`,
      ratio: ratio(o.after, o.before),
      target: 'heap ≤ 30 MB',
      pass: o.after <= 30 * 1024 * 1024 && o.tokensValid === 3_000,
      note: `heapUsed after GC, child process; ${o.tokensValid}/3000 tokens valid after unlock (stored tokens, no network).`,
      data: { ...o },
    },
  ];
}

if (isMain(import.meta.url) && process.argv.includes('--child')) {
  console.log(JSON.stringify(await child()));
}
