// Runs every test suite in turn (unit + integration with vitest; browser E2E and Electron
// suites with Playwright when they exist), then prints one totals line:
//   N passed, N failed[, N skipped]
// Each suite writes a JSON report that this script reads, so the totals are the runners'
// own counts. Exits non-zero when any suite fails or cannot run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

function run(name, cmd, args, env = {}) {
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  return r.status ?? 1;
}

function vitestSuite() {
  const out = 'test-results/vitest.json';
  rmSync(out, { force: true });
  const code = run('unit + integration (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${out}`]);
  if (!existsSync(out)) {
    console.error('vitest wrote no report: counting the suite as failed.');
    broken = true;
    totals.failed += 1;
    return;
  }
  const r = JSON.parse(readFileSync(out, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0);
  // A suite that fails to load has no failed tests but a failed file: count it.
  const failedFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).every((a) => a.status !== 'failed'));
  totals.failed += failedFiles.length;
  if (code !== 0 && r.numFailedTests === 0 && failedFiles.length === 0) {
    broken = true;
    totals.failed += 1;
  }
}

function playwrightSuite(name, config) {
  if (!existsSync(config)) return;
  const out = `test-results/${name}.json`;
  rmSync(out, { force: true });
  const code = run(`${name} (playwright)`, 'npx', ['playwright', 'test', '-c', config], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: out,
  });
  if (!existsSync(out)) {
    console.error(`${name}: no report written; counting the suite as failed.`);
    totals.failed += 1;
    broken = true;
    return;
  }
  const { stats } = JSON.parse(readFileSync(out, 'utf8'));
  totals.passed += stats.expected + stats.flaky;
  totals.failed += stats.unexpected;
  totals.skipped += stats.skipped;
  if (code !== 0 && stats.unexpected === 0) {
    totals.failed += 1;
    broken = true;
  }
}

vitestSuite();
playwrightSuite('e2e', 'test/e2e/playwright.config.ts');
playwrightSuite('electron', 'test/electron/playwright.config.ts');

const line = `${totals.passed} passed, ${totals.failed} failed` + (totals.skipped ? `, ${totals.skipped} skipped` : '');
console.log(`\n${line}`);
process.exit(totals.failed > 0 || broken ? 1 : 0);
