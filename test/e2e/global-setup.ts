/**
 * Builds the renderer (`npx electron-vite build`) when out/renderer/index.html is missing
 * or older than any file under src/renderer or src/shared, so the tests never run
 * against a stale bundle. Set TOKENDESK_E2E_BUILD=always to force a build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const rendererDir = join(repoRoot, 'out', 'renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

export default function globalSetup(): void {
  const index = join(rendererDir, 'index.html');
  const sources = Math.max(newestMtime(join(repoRoot, 'src', 'renderer')), newestMtime(join(repoRoot, 'src', 'shared')));
  const stale = !existsSync(index) || statSync(index).mtimeMs < sources || process.env.TOKENDESK_E2E_BUILD === 'always';
  if (!stale) return;
  console.log('[e2e] building the renderer: npx electron-vite build');
  execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
}
