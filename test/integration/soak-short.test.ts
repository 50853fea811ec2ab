/**
 * The short form of the soak (the full one is `npm run soak`): 3 simulated hours with
 * Resolver, Cogniac and OAuth2 client-credentials connections, 5 % random faults, one hour
 * asleep and a copy every few seconds. Checks the same targets as the full run (heap is reported, not judged: three
 * samples say nothing), then scans the data folder and the log for every secret and token.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONNECTION_KINDS, formatReport, minimumSignIns, missedTargets, runSoak } from '../soak/soak';
import { fixtureSecrets, issuedTokenSecrets, scanPaths } from '../support/leak-scan';

const out = fileURLToPath(new URL('../../test-results/soak-short', import.meta.url));
const HOUR = 3_600_000;

describe('soak, short form', () => {
  it('the minimum refresh count covers every awake moment, and sleeping resets short tokens only', () => {
    const awake: Array<[number, number]> = [
      [0, 2 * HOUR],
      [5 * HOUR, 6 * HOUR],
    ];
    expect(minimumSignIns(15 * 60_000, awake)).toBe(8 + 4);
    expect(minimumSignIns(5 * 24 * HOUR, awake)).toBe(1);
    expect(minimumSignIns(HOUR, [[0, 2.5 * HOUR]])).toBe(3);
  });

  it('3 simulated hours with faults and a sleep: every target met, no secret on disk or in the log', async () => {
    const report = await runSoak({
      hours: 3,
      mix: [
        { kind: CONNECTION_KINDS.resolver, count: 5 },
        { kind: CONNECTION_KINDS.cogniac, count: 3 },
        { kind: CONNECTION_KINDS.oauth2, count: 3 },
      ],
      faultRate: 0.05,
      seed: 11,
      // Half-way through an OAuth2 token's life, not just after its renewal (at ~55 min): in a
      // run this short, a renewal right before a sleep would count as a third of the minimum again.
      sleeps: [{ atHour: 1.5, hours: 1 }],
      copyEverySeconds: [2, 8],
      outDir: out,
      dataDir: join(out, 'data'),
    });
    await writeFile(join(out, 'report.txt'), `${formatReport(report)}\n`);
    expect(missedTargets(report, undefined, { heap: false }), formatReport(report)).toEqual([]);
    expect(report.copies.total).toBeGreaterThan(1000);
    expect(report.faultsInjected).toBeGreaterThan(0);
    // Every kind took part, random faults on its routes included.
    // Every kind took part. (Its share of random faults is in the report; at 5 % a few OAuth2
    // token requests may get none in three hours — the full run and faults-oauth2.test.ts cover them.)
    expect(report.kinds.map((k) => [k.kind, k.tokens > 0, k.refreshRequests >= k.minimumNeeded])).toEqual([
      ['resolver', true, true],
      ['cogniac', true, true],
      ['oauth2', true, true],
    ]);

    const secrets = [...fixtureSecrets(), ...(await issuedTokenSecrets(report.issuedTokensFile))];
    expect(secrets.length).toBeGreaterThan(fixtureSecrets().length);
    const scan = await scanPaths([report.dataDir!, report.logFile], secrets);
    expect(scan.files).toBeGreaterThanOrEqual(4); // vault, backup, settings, audit, log
    expect(scan.findings).toEqual([]);
    // The log never carries an Authorization value, whatever it mentions.
    const log = await readFile(report.logFile, 'utf8');
    expect(log.match(/authorization["']?\s*[:=]\s*["']?(?!\[redacted\])\S/gi) ?? []).toEqual([]);
  }, 60_000);
});
