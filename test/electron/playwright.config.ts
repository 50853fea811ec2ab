/**
 * Electron end-to-end tests: the built app (out/) driven by Playwright's `_electron`.
 *   npx playwright test -c test/electron/playwright.config.ts
 * The global set-up builds out/ first when it is older than its sources. On Linux without
 * a display, run it under `xvfb-run`. Without an Electron binary (none can be downloaded
 * on the build machine) every test skips with one line saying so, and nothing is built;
 * it never passes without running.
 */
import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';
import { repoRoot } from './electron-binary';

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: resolve(repoRoot, process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/electron.json') }]],
  outputDir: resolve(repoRoot, 'test-results/electron-artifacts'),
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
});
