// Runs every test suite in turn (unit + integration with vitest; browser E2E and Electron
// suites with Playwright when they exist; then the leak scan over everything they left),
// then prints one totals line:
//   N passed, N failed[, N skipped]
// Each suite writes a JSON report that this script reads, so the totals are the runners'
// own counts. Exits non-zero when any suite fails or cannot run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

mkdirSync('test-results', { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

// The simulator lists every token it issues here, for the leak scan at the end.
const issuedTokens = resolve('test-results/sim-issued-tokens.txt');
rmSync(issuedTokens, { force: true });
const suiteEnv = { TOKENDESK_SIM_ISSUED_LOG: issuedTokens };

function run(name, cmd, args, env = {}) {
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  return r.status ?? 1;
}

function vitestSuite(name = 'unit + integration (vitest)', out = 'test-results/vitest.json', extraArgs = []) {
  rmSync(out, { force: true });
  const code = run(name, 'npx', ['vitest', 'run', ...extraArgs, '--reporter=default', '--reporter=json', `--outputFile=${out}`], suiteEnv);
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
    ...suiteEnv,
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
// Last: everything the suites above wrote (reports, artifacts, the soak's data folder and log).
vitestSuite('leak scan (vitest)', 'test-results/leaks.json', ['--config', 'test/leaks/vitest.config.ts']);

const line = `${totals.passed} passed, ${totals.failed} failed` + (totals.skipped ? `, ${totals.skipped} skipped` : '');
console.log(`\n${line}`);
process.exit(totals.failed > 0 || broken ? 1 : 0);
