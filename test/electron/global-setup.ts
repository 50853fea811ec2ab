/**
 * Electron suite set-up: without an Electron binary there is nothing to run, so it says so
 * in one line (every test then skips with the same reason) and builds nothing. With one,
 * it builds the app when out/ is stale, so the tests never drive an old bundle.
 */
import { ensureBuilt } from '../support/electron-build';
import { electronBinary, repoRoot, SKIP_REASON } from './electron-binary';

export default function globalSetup(): void {
  if (electronBinary() === null) {
    console.log(`Electron tests skipped: ${SKIP_REASON}`);
    return;
  }
  ensureBuilt(repoRoot);
}
