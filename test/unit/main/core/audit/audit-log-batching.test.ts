import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../../../src/main/core/audit/audit-log';
import { createFakeClock } from '../../../../support/fake-clock';
import { recordingLogger, type LogCall } from '../../../../support/flow-context';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tokendesk-audit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileLines(file: string): Promise<Array<{ subject: string }>> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { subject: string });
}

describe('AuditLog', () => {
  it('writes a burst of entries in order, each once, into a folder it creates', async () => {
    const file = join(dir, 'sub', 'audit.jsonl');
    const log = new AuditLog(file, createFakeClock(), recordingLogger([]));
    await log.load();
    for (let i = 0; i < 500; i++) log.record('copied', `c${i}`);
    // More while the first write is under way.
    await Promise.resolve();
    for (let i = 500; i < 1000; i++) log.record('copied', `c${i}`);
    await log.flush();
    expect((await fileLines(file)).map((e) => e.subject)).toEqual(Array.from({ length: 1000 }, (_, i) => `c${i}`));
    log.record('locked', 'Vault');
    await log.flush();
    expect((await fileLines(file)).at(-1)).toMatchObject({ subject: 'Vault', action: 'locked' });
  });

  it('keeps what was there and reads it back newest first', async () => {
    const file = join(dir, 'audit.jsonl');
    const clock = createFakeClock();
    const first = new AuditLog(file, clock, recordingLogger([]));
    await first.load();
    first.record('unlocked', 'Vault');
    first.record('copied', 'A', 'Copied the header');
    await first.flush();
    const again = new AuditLog(file, clock, recordingLogger([]));
    await again.load();
    again.record('copied', 'B');
    await again.flush();
    expect(again.list().map((e) => e.subject)).toEqual(['B', 'A', 'Vault']);
    expect((await fileLines(file)).map((e) => e.subject)).toEqual(['Vault', 'A', 'B']);
  });

  it('trims the file to the newest 20,000 entries, losing none of those written meanwhile', async () => {
    const file = join(dir, 'audit.jsonl');
    const log = new AuditLog(file, createFakeClock(), recordingLogger([]));
    await log.load();
    for (let i = 0; i < 22_001; i++) log.record('copied', `c${i}`);
    await Promise.resolve();
    for (let i = 22_001; i < 22_101; i++) log.record('copied', `c${i}`);
    await log.flush();
    const subjects = (await fileLines(file)).map((e) => e.subject);
    expect(subjects[0]).toBe('c2001');
    expect(subjects.at(-1)).toBe('c22100');
    expect(subjects).toHaveLength(20_100);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it('a failed write is logged, not thrown, and later writes still happen', async () => {
    const blocker = join(dir, 'not-a-folder');
    await writeFile(blocker, 'x');
    const logs: LogCall[] = [];
    const log = new AuditLog(join(blocker, 'audit.jsonl'), createFakeClock(), recordingLogger(logs));
    expect(log.record('copied', 'A').subject).toBe('A');
    await log.flush();
    expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'audit write failed' }));
    expect(log.list().map((e) => e.subject)).toEqual(['A']);
    await rm(blocker);
    log.record('copied', 'B');
    await log.flush();
    expect((await fileLines(join(blocker, 'audit.jsonl'))).map((e) => e.subject)).toEqual(['B']);
  });
});
