/**
 * After the full E2E run and the soak: no secret the suites used — the simulator's fixture
 * passwords and keys, the test master password, and every token the simulator issued (listed
 * by the simulator in test-results/ when TOKENDESK_SIM_ISSUED_LOG is set, as `npm test` does)
 * — appears, as typed or in base64, in any file under test-results/: test reports, E2E
 * artifacts, the soak's kept data folders and logs, crash dumps or exported team packs that
 * land there. The E2E fixtures also check each test's data folder before deleting it
 * (test/e2e/fixtures.ts), so those are covered although they do not survive the run.
 *
 * Not covered: images (a revealed header in a screenshot is pixels) and compressed archives
 * (Playwright traces kept on failure are zip files).
 */
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { filesUnder, fixtureSecrets, issuedTokenSecrets, scanPaths, type Secret } from '../support/leak-scan';

const results = fileURLToPath(new URL('../../test-results', import.meta.url));
const ISSUED_LIST = /sim-issued-tokens\.txt$/;
/** This suite's own report, being written while it runs. */
const OWN_REPORT = join(results, 'leaks.json');

async function issuedTokens(): Promise<Secret[]> {
  const lists = (await filesUnder([results])).filter((f) => ISSUED_LIST.test(f));
  const all = (await Promise.all(lists.map((f) => issuedTokenSecrets(f)))).flat();
  return [...new Map(all.map((s) => [s.value, s])).values()].map((s, i) => ({ ...s, label: `issued token #${i + 1}` }));
}

describe('no secret left behind', () => {
  it('the suites recorded the tokens they were issued (otherwise this scan would prove little)', async () => {
    const tokens = await issuedTokens();
    expect(tokens.length, 'no issued-token list under test-results/: run this after the other suites, as `npm test` does').toBeGreaterThan(100);
  });

  it('nothing under test-results/ holds a fixture secret or an issued token, in any form', async () => {
    const secrets = [...fixtureSecrets(), ...(await issuedTokens())];
    const skip = (p: string) => ISSUED_LIST.test(p) || p === OWN_REPORT || /\.(png|jpe?g|webm|zip)$/i.test(basename(p));
    const scan = await scanPaths([results], secrets, skip);
    expect(scan.files).toBeGreaterThan(0);
    expect(scan.findings).toEqual([]);
  });

  it('the soak’s kept data folder and log were there to be scanned', async () => {
    const files = await filesUnder([results]);
    const kinds = {
      'soak data folder': files.some((f) => /soak[^/]*\/data\/vault\.json$/.test(f)),
      'soak log': files.some((f) => /soak[^/]*\/soak\.log$/.test(f)),
    };
    expect(kinds).toEqual({ 'soak data folder': true, 'soak log': true });
  });
});
