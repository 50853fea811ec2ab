/**
 * `npm run soak [-- --hours 24 --connections 50 --seed 1 --fault-rate 0.05]`
 * The full simulated soak: prints the report table, writes test-results/soak/report.json,
 * scans the kept data folder and the log for every secret and issued token, and exits
 * non-zero when a target is missed or a secret is found.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureSecrets, issuedTokenSecrets, scanPaths } from '../support/leak-scan';
import { CONNECTION_KINDS, formatReport, missedTargets, runSoak, type SoakOptions } from './soak';

const root = fileURLToPath(new URL('../..', import.meta.url));

function args(argv: string[]): { hours: number; connections: number; seed: number; faultRate: number } {
  const out = { hours: 24, connections: 50, seed: 1, faultRate: 0.05 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] ?? '').split('=');
    const value = Number(inline ?? argv[++i]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${flag} needs a number`);
    if (flag === '--hours') out.hours = value;
    else if (flag === '--connections') out.connections = Math.round(value);
    else if (flag === '--seed') out.seed = Math.round(value);
    else if (flag === '--fault-rate') out.faultRate = value;
    else throw new Error(`unknown option ${flag}; use --hours, --connections, --seed, --fault-rate`);
  }
  return out;
}

async function main(): Promise<void> {
  const a = args(process.argv.slice(2));
  const outDir = join(root, 'test-results', 'soak');
  // The mix, in thirds: Resolver 15-minute, Cogniac 5-day, OAuth2 1-hour tokens (50 → 17/17/16).
  const resolver = Math.ceil(a.connections / 3);
  const cogniac = Math.ceil((a.connections - resolver) / 2);
  const opts: SoakOptions = {
    hours: a.hours,
    mix: [
      { kind: CONNECTION_KINDS.resolver, count: resolver },
      { kind: CONNECTION_KINDS.cogniac, count: cogniac },
      { kind: CONNECTION_KINDS.oauth2, count: a.connections - resolver - cogniac },
    ],
    faultRate: a.faultRate,
    seed: a.seed,
    sleeps: [
      { atHour: a.hours * 0.3, hours: 3 },
      { atHour: a.hours * 0.65, hours: 3 },
    ].filter((s) => s.atHour + s.hours < a.hours),
    copyEverySeconds: [2, 8],
    outDir,
    dataDir: join(outDir, 'data'),
    onHour: (h) => process.stdout.write(h === 1 ? `simulated hour ${h}` : ` ${h}`),
  };
  const report = await runSoak(opts);
  process.stdout.write('\n\n');
  console.log(formatReport(report));
  writeFileSync(join(outDir, 'report.json'), JSON.stringify(report, null, 2));

  const secrets = [...fixtureSecrets(), ...(await issuedTokenSecrets(report.issuedTokensFile))];
  const scan = await scanPaths([join(outDir, 'data'), report.logFile], secrets);
  const missed = missedTargets(report);
  if (scan.findings.length) missed.push(...scan.findings.map((f) => `secret found: ${f.secret} (${f.form}) in ${f.file}`));
  console.log(`\nleak scan: ${scan.files} files, ${secrets.length} secrets, ${scan.findings.length} found`);
  if (missed.length) {
    console.log(`\nTARGETS MISSED:\n- ${missed.join('\n- ')}`);
    process.exit(1);
  }
  console.log('\nall targets met');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
