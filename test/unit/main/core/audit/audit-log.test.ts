/**
 * The local audit log on its own: one JSON line per event, appended (earlier lines are
 * never rewritten until the file is trimmed), read back after a restart, searchable,
 * newest first with a limit, and tolerant of a damaged line.
 */
import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../../src/main/core/audit/audit-log';
import { silentLogger } from '../../../../../src/main/core/ports';
import { recordingLogger, type LogCall } from '../../../../support/flow-context';
import { createFakeClock, type FakeClock } from '../../../../support/fake-clock';

let dir: string;
let file: string;
let clock: FakeClock;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tokendesk-audit-'));
  file = join(dir, 'audit.jsonl');
  clock = createFakeClock();
});
let opened: AuditLog[] = [];
afterEach(async () => {
  // Appends still queued would race the folder's removal: let them land first.
  await Promise.all(opened.map((log) => log.flush()));
  opened = [];
  await rm(dir, { recursive: true, force: true });
});

async function open(options?: { maxEntries?: number }, logs?: LogCall[]): Promise<AuditLog> {
  const log = new AuditLog(file, clock, logs ? recordingLogger(logs) : silentLogger, options);
  opened.push(log);
  await log.load();
  return log;
}

const lines = async () => (await readFile(file, 'utf8')).split('\n').filter(Boolean);

describe('AuditLog', () => {
  it('appends one JSON line per event and never rewrites earlier lines', async () => {
    const log = await open();
    log.record('unlocked', 'Vault');
    clock.jump(1_000);
    log.record('copied', 'Cogniac', 'Copied the header for External Tenant 2');
    await log.flush();
    const before = await readFile(file, 'utf8');
    log.record('locked', 'Vault');
    await log.flush();
    const after = await readFile(file, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect((await lines()).map((l) => JSON.parse(l) as unknown)).toEqual([
      { at: clock.now() - 1_000, action: 'unlocked', subject: 'Vault', detail: '' },
      { at: clock.now(), action: 'copied', subject: 'Cogniac', detail: 'Copied the header for External Tenant 2' },
      { at: clock.now(), action: 'locked', subject: 'Vault', detail: '' },
    ]);
  });

  it('survives a restart: a new log on the same file reads every entry back', async () => {
    const first = await open();
    first.record('vault-created', 'Vault');
    first.record('connection-added', 'Cohort Go', 'Cohort Go');
    await first.flush();
    const second = await open();
    expect(second.list().map((e) => e.action)).toEqual(['connection-added', 'vault-created']);
    second.record('copied', 'Cohort Go', 'Copied the header');
    await second.flush();
    expect((await open()).list()).toHaveLength(3);
  });

  it('lists newest first, honours the limit, and searches action, subject and detail without case', async () => {
    const log = await open();
    for (let i = 0; i < 10; i++) {
      clock.jump(1_000);
      log.record(i % 2 ? 'copied' : 'refreshed', i < 5 ? 'Cogniac' : 'Resolver', `step ${i}`);
    }
    expect(log.list(undefined, 3).map((e) => e.detail)).toEqual(['step 9', 'step 8', 'step 7']);
    expect(log.list('COGNIAC').map((e) => e.detail)).toEqual(['step 4', 'step 3', 'step 2', 'step 1', 'step 0']);
    expect(log.list('copied', 2).map((e) => e.detail)).toEqual(['step 9', 'step 7']);
    expect(log.list('STEP 6')).toHaveLength(1);
    expect(log.list('  ')).toHaveLength(10); // blank search: everything
    expect(log.list('nothing like this')).toEqual([]);
  });

  it('a corrupt line is skipped, not fatal; a torn last line does not swallow the next entry', async () => {
    const good = (detail: string) => JSON.stringify({ at: 1, action: 'copied', subject: 'X', detail });
    await writeFile(file, `${good('one')}\nthis is not json\n{"at":"not a number","action":"copied"}\n${good('two')}\n{"at":2,"action":"cop`);
    const logs: LogCall[] = [];
    const log = await open(undefined, logs);
    expect(log.list().map((e) => e.detail)).toEqual(['two', 'one']);
    expect(logs.filter((l) => l.level === 'error')).toEqual([]);
    log.record('locked', 'Vault', 'after the crash');
    await log.flush();
    const reopened = await open();
    expect(reopened.list().map((e) => e.detail)).toEqual(['after the crash', 'two', 'one']);
  });

  it('trims to the newest entries when it grows past its cap, and keeps appending after', async () => {
    const log = await open({ maxEntries: 10 });
    for (let i = 0; i < 12; i++) log.record('copied', 'X', `n${i}`);
    await log.flush();
    // 11 entries is within 10 % of the cap; the 12th triggers the trim to the newest 10.
    expect((await lines()).map((l) => (JSON.parse(l) as { detail: string }).detail)).toEqual(['n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9', 'n10', 'n11']);
    log.record('copied', 'X', 'n12');
    await log.flush();
    expect(await lines()).toHaveLength(11);
    expect((await open()).list(undefined, 1)[0]!.detail).toBe('n12');
  });

  it('a failed write is logged, never thrown at the caller', async () => {
    const logs: LogCall[] = [];
    const log = new AuditLog(join(file, 'not-a-dir', 'audit.jsonl'), clock, recordingLogger(logs));
    await appendFile(file, '');
    await log.load();
    expect(() => log.record('copied', 'X')).not.toThrow();
    await log.flush();
    expect(logs.find((l) => l.msg === 'audit write failed')).toBeDefined();
    expect(log.list()).toHaveLength(1); // still shown in the window
  });

  it('counts an action in a row back to the last reset (failed unlocks since the last unlock)', async () => {
    const log = await open();
    log.record('unlock-failed', 'Vault');
    log.record('unlocked', 'Vault');
    log.record('unlock-failed', 'Vault');
    log.record('copied', 'X');
    log.record('unlock-failed', 'Vault');
    expect(log.countInARow('unlock-failed', ['unlocked'])).toBe(2);
    log.record('unlocked', 'Vault');
    expect(log.countInARow('unlock-failed', ['unlocked'])).toBe(0);
  });
});
