/**
 * The leak scan runs on its own, AFTER every other suite has written its reports, logs,
 * kept data folders and issued-token lists (scripts/test-all.mjs runs it last).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/leaks/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
  },
});
