/** Builds a real core in a temp folder with a cheap KDF, for tests and tools. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore, MemoryClipboard, PasswordKeyProtector, type Core, type CoreOptions } from '../../src/main/core';

/** Tests only: a weak scrypt cost so each unlock takes milliseconds. The app never uses it. */
export const TEST_KDF_COST = { N: 2 ** 10, r: 8, p: 1 };
export const MASTER = 'correct horse battery staple';

export interface Harness {
  core: Core;
  dataDir: string;
  clipboard: MemoryClipboard;
  reopen(extra?: Partial<CoreOptions>): Promise<Core>;
  cleanup(): Promise<void>;
}

export async function makeCore(extra: Partial<CoreOptions> = {}, dataDir?: string): Promise<Harness> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'tokendesk-test-')));
  const clipboard = new MemoryClipboard();
  const build = (more: Partial<CoreOptions> = {}) =>
    createCore({
      dataDir: dir,
      keyProtector: new PasswordKeyProtector({ cost: TEST_KDF_COST }),
      clipboard,
      ...extra,
      ...more,
    });
  const h: Harness = {
    core: await build(),
    dataDir: dir,
    clipboard,
    async reopen(more) {
      await h.core.close();
      h.core = await build(more);
      return h.core;
    },
    async cleanup() {
      await h.core.close();
      // A sign-in that finished during close may still be writing: retry briefly.
      await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 20 });
    },
  };
  return h;
}

/**
 * Every file under `dir`, concatenated — for "no secret on disk" checks.
 *
 * The core saves atomically (write `vault.json.tmp-…`, then rename), and a background
 * sign-in may be saving while we look. A file that vanishes between listing and reading
 * was such a temp file: start the scan again so the result is one consistent snapshot
 * rather than a crash (CI hit ENOENT here) or a scan that silently missed the new file.
 */
export async function readAllFiles(dir: string): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      const parts: string[] = [];
      for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
        if (entry.isFile()) parts.push(await readFile(join(entry.parentPath, entry.name), 'utf8'));
      }
      return parts.join('\n');
    } catch (error) {
      const vanished = (error as NodeJS.ErrnoException).code === 'ENOENT';
      if (!vanished || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
}
