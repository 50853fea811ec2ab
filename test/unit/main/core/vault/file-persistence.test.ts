import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilePersistence, type FsLike } from '../../../../../src/main/core/vault/file-persistence';
import { rejection } from '../../../../support/flow-context';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'tokendesk-persist-'));
  file = join(dir, 'vault.json');
});

afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});


function fsError(code: string): NodeJS.ErrnoException {
  const e = new Error(`${code}: simulated`) as NodeJS.ErrnoException;
  e.code = code;
  return e;
}

/** Real fs with selected operations replaced. */
function faultyFs(overrides: Partial<FsLike>): FsLike {
  return { ...(fsp as FsLike), ...overrides };
}

/** Real fs whose file writes fail with `code` once armed. */
function failingWrites(code: string): { fs: FsLike; arm(): void } {
  let armed = false;
  const fs = faultyFs({
    async open(path, flags, mode) {
      const handle = await fsp.open(path, flags, mode);
      if (!armed || flags === 'r') return handle;
      return {
        write: async () => {
          throw fsError(code);
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
  });
  return { fs, arm: () => (armed = true) };
}

async function listDir(): Promise<string[]> {
  return (await fsp.readdir(dir)).sort();
}

describe('FilePersistence', () => {
  it('reports its location', () => {
    expect(new FilePersistence(file).location).toBe(file);
  });

  it('returns null when nothing was saved yet', async () => {
    const p = new FilePersistence(file);
    expect(await p.load()).toBeNull();
    expect(await p.loadBackup()).toBeNull();
  });

  it('saves and loads a document', async () => {
    const p = new FilePersistence(file);
    const doc = { format: 'tokendesk-vault', version: 1, items: [{ id: 'a', name: 'Ünïcode 🔑' }] };
    await p.save(doc);
    expect(await p.load()).toEqual(doc);
    expect(await new FilePersistence(file).load()).toEqual(doc);
    expect(await listDir()).toEqual(['vault.json']);
  });

  it('creates missing parent folders', async () => {
    const nested = join(dir, 'a', 'b', 'vault.json');
    const p = new FilePersistence(nested);
    await p.save({ n: 1 });
    expect(await p.load()).toEqual({ n: 1 });
  });

  it.skipIf(process.platform === 'win32')('writes the file and backup readable only by the owner', async () => {
    const p = new FilePersistence(file);
    await p.save({ n: 1 });
    await p.save({ n: 2 });
    expect((await fsp.stat(file)).mode & 0o777).toBe(0o600);
    expect((await fsp.stat(`${file}.bak`)).mode & 0o777).toBe(0o600);
  });

  it('keeps the previous committed version as the backup', async () => {
    const p = new FilePersistence(file);
    await p.save({ n: 1 });
    expect(await p.loadBackup()).toBeNull();
    await p.save({ n: 2 });
    expect(await p.load()).toEqual({ n: 2 });
    expect(await p.loadBackup()).toEqual({ n: 1 });
    await p.save({ n: 3 });
    expect(await p.load()).toEqual({ n: 3 });
    expect(await p.loadBackup()).toEqual({ n: 2 });
    expect(await listDir()).toEqual(['vault.json', 'vault.json.bak']);
  });

  it('serialises overlapping saves', async () => {
    const p = new FilePersistence(file);
    await Promise.all([p.save({ n: 1 }), p.save({ n: 2 }), p.save({ n: 3 })]);
    expect(await p.load()).toEqual({ n: 3 });
    expect(await p.loadBackup()).toEqual({ n: 2 });
    expect(await listDir()).toEqual(['vault.json', 'vault.json.bak']);
  });

  for (const [name, content] of [
    ['unparseable', '{ this is not json'],
    ['truncated', '{"format":"tokendesk-vault","items":[{"id":"a"'],
    ['empty', ''],
    ['whitespace-only', '  \n'],
    ['null', 'null'],
  ] as const) {
    it(`reports a ${name} file as vault-corrupt without changing it`, async () => {
      await fsp.writeFile(file, content);
      const err = await rejection(new FilePersistence(file).load());
      expect(err.code).toBe('vault-corrupt');
      expect(err.message).toMatch(/damaged/);
      expect(err.message).toMatch(/TokenDesk has not touched it/);
      expect(err.details?.backupAvailable).toBe(false);
      expect(await fsp.readFile(file, 'utf8')).toBe(content);
    });
  }

  it('says a backup is available when the backup is readable', async () => {
    const p = new FilePersistence(file);
    await p.save({ n: 1 });
    await p.save({ n: 2 });
    await fsp.writeFile(file, '{"n": 2, "trunc');
    const err = await rejection(p.load());
    expect(err.code).toBe('vault-corrupt');
    expect(err.details?.backupAvailable).toBe(true);
    expect(err.message).toMatch(/restore the backup/);
    expect(await p.loadBackup()).toEqual({ n: 1 });
  });

  it('reports a damaged backup as vault-corrupt with no backup available', async () => {
    await fsp.writeFile(`${file}.bak`, '{');
    const p = new FilePersistence(file);
    const err = await rejection(p.loadBackup());
    expect(err.code).toBe('vault-corrupt');
    expect(err.details?.backupAvailable).toBe(false);
    await fsp.writeFile(file, '');
    expect((await rejection(p.load())).details?.backupAvailable).toBe(false);
  });

  it('accepts a file an editor saved with a BOM', async () => {
    await fsp.writeFile(file, '\ufeff{"n":1}');
    expect(await new FilePersistence(file).load()).toEqual({ n: 1 });
  });

  it('never replaces a good backup with a damaged current file, and keeps the damaged file aside', async () => {
    const p = new FilePersistence(file);
    await p.save({ n: 1 });
    await p.save({ n: 2 });
    await fsp.writeFile(file, 'garbage');
    await p.save({ n: 3 });
    expect(await p.load()).toEqual({ n: 3 });
    expect(await p.loadBackup()).toEqual({ n: 1 });
    const damaged = (await listDir()).filter((f) => f.startsWith('vault.json.damaged-'));
    expect(damaged).toHaveLength(1);
    expect(await fsp.readFile(join(dir, damaged[0]!), 'utf8')).toBe('garbage');
  });

  it('removes temp files a crashed save left behind, and nothing else, when loading', async () => {
    const p = new FilePersistence(file);
    await p.save({ n: 1 });
    await p.save({ n: 2 });
    await fsp.writeFile(`${file}.tmp-0123456789ab`, '{"n": 3, "half');
    await fsp.writeFile(`${file}.bak.tmp-ba9876543210`, '{"n": 2');
    await fsp.writeFile(`${file}.damaged-2026-01-01`, 'kept');
    await fsp.writeFile(join(dir, 'other.json.tmp-0123456789ab'), 'not ours');
    expect(await new FilePersistence(file).load()).toEqual({ n: 2 });
    expect(await listDir()).toEqual(['other.json.tmp-0123456789ab', 'vault.json', 'vault.json.bak', 'vault.json.damaged-2026-01-01']);
  });

  it('backs up a file it loaded or committed itself without reading it again', async () => {
    const reads: string[] = [];
    const fs = faultyFs({
      async readFile(path, enc) {
        reads.push(path);
        return fsp.readFile(path, enc);
      },
    });
    await new FilePersistence(file).save({ n: 1 });
    const p = new FilePersistence(file, fs);
    expect(await p.load()).toEqual({ n: 1 });
    reads.length = 0;
    await p.save({ n: 2 });
    await p.save({ n: 3 });
    expect(reads).toEqual([]);
    expect(await p.load()).toEqual({ n: 3 });
    expect(await p.loadBackup()).toEqual({ n: 2 });
    expect(await listDir()).toEqual(['vault.json', 'vault.json.bak']);
  });

  it('makes the backup with a copy where hard links are not supported', async () => {
    const fs = faultyFs({
      link: async () => {
        throw fsError('EPERM');
      },
    });
    const p = new FilePersistence(file, fs);
    await p.save({ n: 1 });
    await p.save({ n: 2 });
    await p.save({ n: 3 });
    expect(await p.loadBackup()).toEqual({ n: 2 });
    expect(await listDir()).toEqual(['vault.json', 'vault.json.bak']);
    if (process.platform !== 'win32') expect((await fsp.stat(`${file}.bak`)).mode & 0o777).toBe(0o600);
  });

  it('without hard links, still checks the file it copies, even if its times look unchanged', async () => {
    let frozen: Awaited<ReturnType<FsLike['stat']>> | null = null;
    const fs = faultyFs({
      link: async () => {
        throw fsError('ENOTSUP');
      },
      // A file system with coarse times: an edit of the same size looks like the same file.
      stat: async (path) => frozen ?? fsp.stat(path),
    });
    const p = new FilePersistence(file, fs);
    await p.save({ n: 1 });
    await p.save({ n: 2 });
    frozen = await fsp.stat(file);
    await fsp.writeFile(file, '{"n":"');
    await p.save({ n: 3 });
    frozen = null;
    expect(await p.load()).toEqual({ n: 3 });
    expect(await p.loadBackup()).toEqual({ n: 1 });
    const names = await listDir();
    expect(names.filter((f) => f.startsWith('vault.json.damaged-'))).toHaveLength(1);
    expect(names.filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('checks a file replaced behind its back (same size) before making it the backup', async () => {
    const p = new FilePersistence(file);
    await p.save({ n: 1 });
    await p.save({ n: 2 });
    // An editor or sync tool saving its own version: same length, new file renamed over ours.
    const other = join(dir, 'other');
    await fsp.writeFile(other, '{"n":"');
    await fsp.rename(other, file);
    await p.save({ n: 3 });
    expect(await p.load()).toEqual({ n: 3 });
    expect(await p.loadBackup()).toEqual({ n: 1 });
    const damaged = (await listDir()).filter((f) => f.startsWith('vault.json.damaged-'));
    expect(damaged).toHaveLength(1);
  });

  it('leaves no temp file when the backup already is the current file', async () => {
    const p = new FilePersistence(file);
    await p.save({ n: 1 });
    // What a crash between making the backup link and the commit leaves behind.
    await fsp.link(file, `${file}.bak`);
    await p.save({ n: 2 });
    expect(await p.load()).toEqual({ n: 2 });
    expect(await p.loadBackup()).toEqual({ n: 1 });
    expect(await listDir()).toEqual(['vault.json', 'vault.json.bak']);
  });

  it('sets a damaged current file aside for a restore', async () => {
    const p = new FilePersistence(file);
    expect(await p.setAsideCurrent()).toBeNull();
    await fsp.writeFile(file, 'garbage');
    const aside = await p.setAsideCurrent();
    expect(aside).not.toBeNull();
    expect(aside!.startsWith(`${file}.damaged-`)).toBe(true);
    expect(await fsp.readFile(aside!, 'utf8')).toBe('garbage');
    expect(await p.load()).toBeNull();
  });

  describe('when the disk fails', () => {
    async function expectUntouched(): Promise<void> {
      const p = new FilePersistence(file);
      expect(await p.load()).toEqual({ n: 2 });
      expect(await p.loadBackup()).toEqual({ n: 1 });
      expect(await listDir()).toEqual(['vault.json', 'vault.json.bak']);
    }

    async function seed(fs: FsLike): Promise<FilePersistence> {
      const p = new FilePersistence(file, fs);
      await p.save({ n: 1 });
      await p.save({ n: 2 });
      return p;
    }

    it('reports a full disk while writing, removes the temp file and keeps the old data', async () => {
      const faulty = failingWrites('ENOSPC');
      const p = await seed(faulty.fs);
      faulty.arm();
      const err = await rejection(p.save({ n: 3 }));
      expect(err.code).toBe('save-failed');
      expect(err.message).toBe(
        'TokenDesk could not save your changes because the disk is full. Free some space and try again. Nothing was lost: your previous data is still there.',
      );
      expect(err.details?.cause).toBe('ENOSPC');
      await expectUntouched();
    });

    it('reports a permission problem on rename and keeps the old data', async () => {
      let failRename = false;
      const fs = faultyFs({
        async rename(from, to) {
          if (failRename && to === file) throw fsError('EACCES');
          return fsp.rename(from, to);
        },
      });
      const p = await seed(fs);
      failRename = true;
      const err = await rejection(p.save({ n: 3 }));
      expect(err.code).toBe('save-failed');
      expect(err.message).toMatch(/not allowed to write/);
      expect(err.message).toMatch(/Nothing was lost/);
      expect(err.details?.cause).toBe('EACCES');
      // The backup may have been refreshed from the current file, which is still {n: 2}.
      expect(await new FilePersistence(file).load()).toEqual({ n: 2 });
      const bak = await new FilePersistence(file).loadBackup();
      expect([{ n: 1 }, { n: 2 }]).toContainEqual(bak);
      expect(await listDir()).toEqual(['vault.json', 'vault.json.bak']);
      // The same instance recovers once the disk does.
      failRename = false;
      await p.save({ n: 4 });
      expect(await p.load()).toEqual({ n: 4 });
    });

    it('reports a failure while writing the backup and keeps both old files', async () => {
      let fail = false;
      const fs = faultyFs({
        async rename(from, to) {
          if (fail && to === `${file}.bak`) throw fsError('ENOSPC');
          return fsp.rename(from, to);
        },
      });
      const p = await seed(fs);
      fail = true;
      const err = await rejection(p.save({ n: 3 }));
      expect(err.code).toBe('save-failed');
      expect(err.message).toMatch(/disk is full/);
      await expectUntouched();
    });

    it('finishes short writes, and reports a disk that accepts nothing instead of spinning', async () => {
      let accept = 3;
      const fs = faultyFs({
        async open(path, flags, mode) {
          const handle = await fsp.open(path, flags, mode);
          if (flags === 'r') return handle;
          return {
            write: (buf, off, len, pos) => handle.write(buf, off, Math.min(len, accept), pos),
            sync: () => handle.sync(),
            close: () => handle.close(),
          };
        },
      });
      const p = await seed(fs);
      expect(await new FilePersistence(file).load()).toEqual({ n: 2 });
      accept = 0;
      const err = await rejection(p.save({ n: 3 }));
      expect(err.code).toBe('save-failed');
      expect(err.details?.cause).toBe('EIO');
      await expectUntouched();
    });

    it('reports a failure to create the folder', async () => {
      const p = new FilePersistence(
        join(dir, 'sub', 'vault.json'),
        faultyFs({
          mkdir: async () => {
            throw fsError('EROFS');
          },
        }),
      );
      const err = await rejection(p.save({ n: 1 }));
      expect(err.code).toBe('save-failed');
      expect(err.message).toMatch(/read-only/);
    });

    it('names unknown errors by code', async () => {
      const faulty = failingWrites('EIO');
      const p = await seed(faulty.fs);
      faulty.arm();
      const err = await rejection(p.save({ n: 3 }));
      expect(err.code).toBe('save-failed');
      expect(err.message).toMatch(/\(EIO\)/);
      await expectUntouched();
    });

    it('does not fail a committed save when the folder cannot be fsynced', async () => {
      const fs = faultyFs({
        async open(path, flags, mode) {
          if (path === dir) throw fsError('EISDIR');
          return fsp.open(path, flags, mode);
        },
      });
      const p = new FilePersistence(file, fs);
      await p.save({ n: 1 });
      expect(await p.load()).toEqual({ n: 1 });
    });
  });
});
