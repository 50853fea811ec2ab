/**
 * Per-test world for the browser tests: a provider simulator, a real core in a temp
 * folder (cheap KDF, in-memory clipboard), the bridge serving the built renderer, and the
 * page opened on it. Everything is torn down after each test.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import type { Core, MemoryClipboard } from '../../src/main/core';
import { startSimulator, type Simulator } from '../sim/server';
import { makeCore, type Harness } from '../support/core-harness';
import { fixtureSecrets, scanPaths } from '../support/leak-scan';
import { startBridge, type Bridge } from './bridge/server';
import { expectNoSeriousA11yIssuesNow, settle } from './a11y';
import { rendererDir, repoRoot } from './global-setup';

export const SCREENSHOT_DIR = join(repoRoot, 'test-results', 'screenshots');
const SCHEMES = ['light', 'dark'] as const;
const SIZES = [
  { width: 1280, height: 800 },
  { width: 420, height: 680 },
] as const;

export interface E2EFixtures {
  sim: Simulator;
  harness: Harness;
  core: Core;
  clipboard: MemoryClipboard;
  bridge: Bridge;
  page: Page;
  /**
   * Saves test-results/screenshots/<name>-<light|dark>-<1280x800|420x680>.png (4 files),
   * checks the screen with axe in both colour schemes (no serious or critical finding), and
   * checks that nothing overflows sideways at either size. Restores light, 1280×800.
   */
  shot(name: string): Promise<void>;
}

export const test = base.extend<E2EFixtures>({
  // eslint-disable-next-line no-empty-pattern
  sim: async ({}, use) => {
    const sim = await startSimulator();
    await use(sim);
    await sim.close();
  },
  harness: async ({ sim }, use) => {
    const h = await makeCore();
    await use(h);
    // Before the data folder is deleted: nothing the test used — fixture passwords and keys,
    // the master password, any token the simulator issued — is in it, as typed or encoded.
    try {
      await h.core.close();
      const issued = sim.issuedTokens().map((t, i) => ({ label: `issued token #${i + 1}`, value: t.token }));
      const scan = await scanPaths([h.dataDir], [...fixtureSecrets(), ...issued]);
      expect(scan.findings, `secrets found in the data folder ${h.dataDir}`).toEqual([]);
    } finally {
      await h.cleanup();
    }
  },
  core: async ({ harness }, use) => use(harness.core),
  clipboard: async ({ harness }, use) => use(harness.clipboard),
  bridge: async ({ harness }, use) => {
    const bridge = await startBridge({ core: harness.core, rendererDir });
    await use(bridge);
    await bridge.close();
  },
  page: async ({ page, bridge }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });
    await page.goto(bridge.url);
    await use(page);
    expect(problems, 'the page logged errors').toEqual([]);
  },
  shot: async ({ page }, use) => {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    await use(async (name: string) => {
      for (const colorScheme of SCHEMES) {
        await page.emulateMedia({ colorScheme });
        await settle(page);
        await expectNoSeriousA11yIssuesNow(page, `"${name}" screen (${colorScheme})`);
        for (const size of SIZES) {
          await page.setViewportSize(size);
          await settle(page);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          expect.soft(overflow, `"${name}" overflows sideways by ${overflow}px at ${size.width}×${size.height}`).toBeLessThanOrEqual(0);
          await page.screenshot({
            path: join(SCREENSHOT_DIR, `${name}-${colorScheme}-${size.width}x${size.height}.png`),
            fullPage: true,
            animations: 'disabled',
            caret: 'hide',
          });
        }
      }
      await page.emulateMedia({ colorScheme: 'light' });
      await page.setViewportSize(SIZES[0]);
    });
  },
});

export { expect };
