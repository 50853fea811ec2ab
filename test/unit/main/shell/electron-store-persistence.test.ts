import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ElectronStorePersistence } from '../../../../src/main/shell/electron-store-persistence';

// electron-store imports electron, so plain-Node tests use its base class `conf` with the
// options index.ts passes to electron-store (name → configName, cwd, clearInvalidConfig off).
let dir: string;
const open = () => new Conf<Record<string, unknown>>({ cwd: dir, configName: 'settings', clearInvalidConfig: false });
const persistence = () => new ElectronStorePersistence(open, join(dir, 'settings.json'));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'td-estore-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('ElectronStorePersistence (settings)', () => {
  it('loads null at first, then what was saved, keeping the previous save as backup', async () => {
    const p = persistence();
    expect(await p.load()).toBeNull();
    await p.save({ theme: 'dark' });
    await p.save({ theme: 'light' });
    const again = persistence();
    expect(await again.load()).toEqual({ theme: 'light' });
    expect(await again.loadBackup()).toEqual({ theme: 'dark' });
  });

  it('reports a damaged file instead of resetting it, and moves it aside before the next save', async () => {
    writeFileSync(join(dir, 'settings.json'), '{"document": {"theme": "da');
    const p = persistence();
    await expect(p.load()).rejects.toMatchObject({ code: 'vault-corrupt' });
    expect(readFileSync(join(dir, 'settings.json'), 'utf8')).toBe('{"document": {"theme": "da');
    await p.save({ theme: 'light' });
    expect(await persistence().load()).toEqual({ theme: 'light' });
    const aside = readdirSync(dir).filter((f) => f.startsWith('settings.json.damaged-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe('{"document": {"theme": "da');
  });

  it('reads a settings file written before electron-store (the document at the top level)', async () => {
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ theme: 'dark', clipboardClearSeconds: 10 }));
    expect(await persistence().load()).toEqual({ theme: 'dark', clipboardClearSeconds: 10 });
  });
});
