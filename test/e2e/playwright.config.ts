/**
 * Browser end-to-end tests: the built renderer in Debian's Chromium, talking to a real
 * core through the test bridge (test/e2e/bridge). Run with
 *   npx playwright test -c test/e2e/playwright.config.ts
 * Playwright never downloads a browser here; it uses /usr/bin/chromium
 * (override with TOKENDESK_E2E_CHROMIUM).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // Generous: a test takes a screenshot (and an axe check) per theme and size of every
  // screen it visits, and CI machines are small. A test that hangs still fails.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  // An outputFile given here is resolved against this folder, so make it absolute: the env
  // value (set by scripts/test-all.mjs) is relative to where the command was started.
  reporter: [['list'], ['json', { outputFile: resolve(process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? `${repoRoot}test-results/e2e.json`) }]],
  outputDir: `${repoRoot}test-results/e2e-artifacts`,
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
    locale: 'en-GB',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.TOKENDESK_E2E_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
