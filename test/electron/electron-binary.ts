/**
 * Whether the Electron binary is installed. `npm install` downloads it in electron's
 * postinstall step; where that download is impossible (this build machine), the package
 * is there but `node_modules/electron/path.txt` and `dist/` are not.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export const SKIP_REASON =
  'Electron binary is not installed on this machine (it cannot be downloaded here); run on a machine with internet access.';

/** Absolute path of the Electron executable, or null when it is not installed. */
export function electronBinary(): string | null {
  const pkg = join(repoRoot, 'node_modules', 'electron');
  const pathTxt = join(pkg, 'path.txt');
  if (!existsSync(pathTxt)) return null;
  const relative = readFileSync(pathTxt, 'utf8').trim();
  const exe = join(pkg, 'dist', relative);
  return relative && existsSync(exe) ? exe : null;
}
