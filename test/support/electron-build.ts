/**
 * test/electron runs the built app (out/), so it builds first when out/ is older than
 * anything it is built from — main, preload and renderer alike (the browser suite only
 * checks the renderer). Set TOKENDESK_E2E_BUILD=always to force a build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What `electron-vite build` must have produced for `electron out/main/index.js` to run. */
export const BUILD_OUTPUTS = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'] as const;
/** What those outputs are built from. */
export const BUILD_INPUTS = ['src', 'resources', 'electron.vite.config.ts', 'package.json'] as const;

/** Newest modification time of a file, or of any file under a folder; 0 when missing. */
export function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Pure over the file system: true when an output is missing or older than the newest input. */
export function buildIsStale(root: string, outputs: readonly string[] = BUILD_OUTPUTS, inputs: readonly string[] = BUILD_INPUTS): boolean {
  const newestInput = Math.max(...inputs.map((p) => newestMtime(join(root, p))));
  return outputs.some((p) => {
    const file = join(root, p);
    return !existsSync(file) || statSync(file).mtimeMs < newestInput;
  });
}

/** Runs `electron-vite build` when out/ is stale (or when forced). Returns whether it built. */
export function ensureBuilt(root: string, force = process.env['TOKENDESK_E2E_BUILD'] === 'always'): boolean {
  if (!force && !buildIsStale(root)) return false;
  console.log('[electron] building the app: npx electron-vite build');
  execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (buildIsStale(root)) throw new Error('electron-vite build finished but out/ is still missing files; see the build output above.');
  return true;
}
