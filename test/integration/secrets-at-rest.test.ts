/**
 * Nothing secret on disk, for every sign-in kind: after real connections of each kind
 * signed in against the simulator (Cogniac and Resolver passwords and their issued
 * tokens included), copied, edited, locked and closed, no file under the data folder
 * holds a typed secret, an issued token, the master password, or the base64 of any.
 */
import { describe, expect, it } from 'vitest';
import { readAllFiles } from '../support/core-harness';
import { buildEveryKind } from '../support/every-kind';

describe('secrets at rest', () => {
  it('no file under the data folder holds a secret, a token or its base64', async () => {
    const world = await buildEveryKind();
    try {
      const tokens = world.sim.issuedTokens();
      expect(tokens.filter((t) => t.provider === 'cogniac').length).toBeGreaterThanOrEqual(2);
      expect(tokens.filter((t) => t.provider === 'resolver').length).toBeGreaterThanOrEqual(1);
      await world.h.core.close();
      const files = await readAllFiles(world.h.dataDir);
      // The files are really there: the vault with sealed tokens, settings, the audit log.
      expect(files).toContain('"sealed"');
      expect(files).toContain('"action":"copied"');
      for (const secret of world.secrets()) expect(files.includes(secret), `a secret reached disk (${secret.length} characters)`).toBe(false);
    } finally {
      await world.cleanup();
    }
  }, 60_000);
});
