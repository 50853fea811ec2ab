import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILD_OUTPUTS, buildIsStale } from '../../support/electron-build';

// The Electron suite's "build first when out/ is stale" decision (test/support/electron-build.ts),
// checked here because the suite itself cannot run where there is no Electron binary.
let root: string;
const T0 = new Date('2026-01-01T10:00:00Z');
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function file(path: string, at: Date) {
  const full = join(root, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, 'x');
  utimesSync(full, at, at);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'td-build-'));
  file('src/main/index.ts', T0);
  file('src/renderer/src/App.tsx', T0);
  file('package.json', T0);
  for (const out of BUILD_OUTPUTS) file(out, later(1));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('Electron suite build check', () => {
  it('is fresh when every output is newer than every source', () => {
    expect(buildIsStale(root)).toBe(false);
  });

  it('is stale when any output is missing', () => {
    rmSync(join(root, 'out/preload/index.cjs'));
    expect(buildIsStale(root)).toBe(true);
  });

  it('is stale when a main-process source changed after the build (not only the renderer)', () => {
    file('src/main/shell/tray.ts', later(2));
    expect(buildIsStale(root)).toBe(true);
  });

  it('is stale when package.json changed after the build', () => {
    file('package.json', later(2));
    expect(buildIsStale(root)).toBe(true);
  });
});
