/**
 * Renderer bundle: `npx electron-vite build`, then the gzip size (level 9) of every
 * out/renderer/assets/*.js. No baseline: the target is absolute.
 */
import { spawnSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './lib/child';
import { type FigureResult, bytes } from './lib/stats';

export async function run(): Promise<FigureResult[]> {
  const t0 = Date.now();
  const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) throw new Error(`electron-vite build failed: ${(r.stderr || r.stdout || String(r.error)).slice(-800)}`);
  const dir = join(ROOT, 'out/renderer/assets');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.js'));
  let raw = 0;
  let gz = 0;
  const per: Record<string, number> = {};
  for (const f of files) {
    const buf = await readFile(join(dir, f));
    raw += buf.length;
    const g = gzipSync(buf, { level: 9 }).length;
    per[f] = g;
    gz += g;
  }
  return [
    {
      figure: 'renderer bundle (JS, gzip)',
      value: `${bytes(gz)} (${bytes(raw)} raw, ${files.length} file${files.length === 1 ? '' : 's'})`,
      baseline: '—',
      ratio: '—',
      target: '≤ 250 kB gzip',
      pass: files.length > 0 && gz <= 250 * 1024,
      note: `npx electron-vite build (${((Date.now() - t0) / 1000).toFixed(0)} s), gzip -9 of out/renderer/assets/*.js.`,
      data: { gzipBytes: gz, rawBytes: raw, files: per },
    },
  ];
}
