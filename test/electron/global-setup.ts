/** Says once, in one line, why the Electron tests are skipped (when they are). */
import { electronBinary, SKIP_REASON } from './electron-binary';

export default function globalSetup(): void {
  if (electronBinary() === null) console.log(`Electron tests skipped: ${SKIP_REASON}`);
}
