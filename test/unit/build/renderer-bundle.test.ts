/**
 * The production renderer bundle (out/renderer, built like the E2E suite builds it when it is
 * missing or stale) contains none of the test bridge: the bridge that gives the browser tests
 * a `window.tokendesk` lives in test/e2e/bridge and must never ship.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import buildRendererIfStale, { rendererDir } from '../../e2e/global-setup';
import { filesUnder } from '../../support/leak-scan';

/** Strings found only in the bridge (page-api.js is what the bridge injects into the page). */
const BRIDGE_MARKERS = ['tokendesk-e2e-bridge-token', '/__bridge', 'The test bridge token is missing', 'bridge-closed'];

describe('production renderer bundle', () => {
  beforeAll(() => buildRendererIfStale(), 300_000);

  it('the markers really are the bridge’s', async () => {
    const pageApi = await readFile(fileURLToPath(new URL('../../e2e/bridge/page-api.js', import.meta.url)), 'utf8');
    for (const m of BRIDGE_MARKERS) expect(pageApi, m).toContain(m);
  });

  it('contains no test bridge code', async () => {
    const files = await filesUnder([rendererDir]);
    expect(files.some((f) => f.endsWith('index.html'))).toBe(true);
    expect(files.some((f) => f.endsWith('.js'))).toBe(true);
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      for (const m of BRIDGE_MARKERS) expect(text.includes(m), `${m} in ${file}`).toBe(false);
    }
  });
});
