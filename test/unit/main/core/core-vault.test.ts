import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../src/main/core';
import { makeCore, MASTER, type Harness } from '../../../support/core-harness';

let h: Harness;
afterEach(async () => h?.cleanup());

describe('vault lifecycle through the core door', () => {
  it('starts new, creates, locks and unlocks', async () => {
    h = await makeCore();
    expect((await h.core.vault.status()).state).toBe('new');
    const created = await h.core.vault.create({ password: MASTER });
    expect(created.state).toBe('unlocked');
    expect(created.protection.label).toBe('your master password');
    expect((await h.core.vault.lock()).state).toBe('locked');
    await expect(h.core.connections.list()).rejects.toMatchObject({ code: 'vault-locked' });
    expect((await h.core.vault.unlock({ password: MASTER })).state).toBe('unlocked');
  });

  it('refuses to create a second vault', async () => {
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    await expect(h.core.vault.create({ password: MASTER })).rejects.toMatchObject({ code: 'vault-exists' });
  });

  it('wrong master password: plain message, file untouched, attempt audited', async () => {
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    await h.core.vault.lock();
    const before = await readFile(join(h.dataDir, 'vault.json'), 'utf8');
    const err = await h.core.vault.unlock({ password: 'not the password' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreError);
    expect((err as CoreError).code).toBe('wrong-password');
    expect((err as CoreError).message).toMatch(/master password is not right/);
    expect(await readFile(join(h.dataDir, 'vault.json'), 'utf8')).toBe(before);
    const log = await h.core.audit.list({});
    expect(log[0]).toMatchObject({ action: 'unlock-failed' });
    expect((await h.core.vault.status()).state).toBe('locked');
  });

  it('an empty password is refused with a prompt', async () => {
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    await h.core.vault.lock();
    await expect(h.core.vault.unlock({ password: '' })).rejects.toMatchObject({ code: 'wrong-password', message: 'Enter your master password.' });
  });

  it('survives a restart and changes the master password', async () => {
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    await h.core.connections.add({ providerId: 'cohortgo', label: 'CG', auth: { kind: 'basic', username: 'a@b.c', password: 'pw' } });
    await h.core.vault.changePassword({ current: MASTER, next: 'a brand new passphrase' });
    const core = await h.reopen();
    expect((await core.vault.status()).state).toBe('locked');
    await expect(core.vault.unlock({ password: MASTER })).rejects.toMatchObject({ code: 'wrong-password' });
    await core.vault.unlock({ password: 'a brand new passphrase' });
    expect((await core.connections.list()).map((c) => c.label)).toEqual(['CG']);
  });

  it('changing the password with a wrong current password changes nothing', async () => {
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    const before = await readFile(join(h.dataDir, 'vault.json'), 'utf8');
    await expect(h.core.vault.changePassword({ current: 'wrong one!!', next: 'another passphrase' })).rejects.toMatchObject({ code: 'wrong-password' });
    expect(await readFile(join(h.dataDir, 'vault.json'), 'utf8')).toBe(before);
  });

  it('a corrupted vault is reported, never overwritten, and the backup can be restored', async () => {
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    await h.core.connections.add({ providerId: 'cohortgo', label: 'First', auth: { kind: 'basic', username: 'a@b.c', password: 'pw' } });
    await h.core.connections.add({ providerId: 'cohortgo', label: 'Second', auth: { kind: 'basic', username: 'a@b.c', password: 'pw' } });
    const file = join(h.dataDir, 'vault.json');
    const good = await readFile(file, 'utf8');
    await writeFile(file, good.slice(0, good.length / 2));
    const core = await h.reopen();
    const status = await core.vault.status();
    expect(status.state).toBe('damaged');
    expect(status.problem?.message).toMatch(/damaged/);
    expect(status.backupAvailable).toBe(true);
    await expect(core.vault.unlock({ password: MASTER })).rejects.toMatchObject({ code: 'vault-corrupt' });
    expect(await readFile(file, 'utf8')).toBe(good.slice(0, good.length / 2));
    expect((await core.vault.restoreBackup()).state).toBe('locked');
    await core.vault.unlock({ password: MASTER });
    // The backup is the state before the last save: only the first connection.
    expect((await core.connections.list()).map((c) => c.label)).toEqual(['First']);
  });

  it('a tampered secret is detected when the file is opened, and the backup is offered', async () => {
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    await h.core.connections.add({ providerId: 'cohortgo', label: 'CG', auth: { kind: 'basic', username: 'a@b.c', password: 'pw' } });
    const file = join(h.dataDir, 'vault.json');
    const doc = JSON.parse(await readFile(file, 'utf8'));
    const sealed: string = doc.connections[0].secrets.password;
    const parts = sealed.split('.');
    const ct = Buffer.from(parts[2]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[2] = ct.toString('base64url');
    doc.connections[0].secrets.password = parts.join('.');
    await writeFile(file, JSON.stringify(doc));
    const core = await h.reopen();
    const status = await core.vault.status();
    expect(status).toMatchObject({ state: 'damaged', backupAvailable: true });
    expect(status.problem?.message).toBe(
      'The TokenDesk data file has been changed or damaged outside TokenDesk, so it cannot be opened safely. TokenDesk has not touched it. You can restore the backup from the previous save.',
    );
    expect(status.problem?.message).not.toMatch(/checksum/i);
    await expect(core.vault.unlock({ password: MASTER })).rejects.toMatchObject({ code: 'vault-corrupt', details: { backupAvailable: true } });
  });

  /** Two saves (so the backup holds the first), then one flipped letter in the vault file. */
  async function damagedWithBackup(): Promise<{ file: string; bak: string }> {
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    await h.core.connections.add({ providerId: 'cohortgo', label: 'First', auth: { kind: 'basic', username: 'a@b.c', password: 'pw' } });
    await h.core.connections.add({ providerId: 'cohortgo', label: 'Second', auth: { kind: 'basic', username: 'a@b.c', password: 'pw' } });
    await h.core.close();
    const file = join(h.dataDir, 'vault.json');
    await writeFile(file, (await readFile(file, 'utf8')).replace('"Second"', '"Xecond"'));
    return { file, bak: `${file}.bak` };
  }

  it('a backup that reads as JSON but fails its own check is not offered, and unlock says so in its details', async () => {
    const { bak } = await damagedWithBackup();
    await writeFile(bak, (await readFile(bak, 'utf8')).replace('"First"', '"Xirst"'));
    const core = await h.reopen();
    const status = await core.vault.status();
    expect(status).toMatchObject({ state: 'damaged', backupAvailable: false });
    expect(status.problem?.message).toMatch(/There is no usable backup to restore\.$/);
    await expect(core.vault.unlock({ password: MASTER })).rejects.toMatchObject({ code: 'vault-corrupt', details: { backupAvailable: false } });
  });

  it('a restore whose backup turns out damaged blames the backup, says what to do next, stops offering it and touches nothing', async () => {
    const { file, bak } = await damagedWithBackup();
    const core = await h.reopen();
    expect((await core.vault.status()).backupAvailable).toBe(true);
    // The backup is damaged after the offer (a bad disk, another program).
    await writeFile(bak, '{"format":"tokendesk-vault", trunc');
    const vaultBefore = await readFile(file, 'utf8');
    const err = await core.vault.restoreBackup().then(
      () => null,
      (e: unknown) => e as { code: string; message: string; details?: Record<string, unknown> },
    );
    expect(err).toMatchObject({ code: 'vault-corrupt', details: { backupAvailable: false } });
    expect(err!.message).toMatch(/^The backup copy is damaged too, so it cannot be restored\. /);
    expect(err!.message).toMatch(/move the vault file to another folder/);
    expect(err!.message).not.toMatch(/data file is damaged|checksum/i);
    const status = await core.vault.status();
    expect(status).toMatchObject({ state: 'damaged', backupAvailable: false });
    expect(status.problem?.message).toMatch(/There is no usable backup to restore\.$/);
    expect(await readFile(file, 'utf8')).toBe(vaultBefore);
    expect(await readFile(bak, 'utf8')).toBe('{"format":"tokendesk-vault", trunc');
  });

  it('a restore whose backup is not a vault at all blames the backup, not the vault file', async () => {
    const { bak } = await damagedWithBackup();
    const core = await h.reopen();
    await writeFile(bak, JSON.stringify({ hello: 'world' }));
    await expect(core.vault.restoreBackup()).rejects.toMatchObject({ code: 'vault-corrupt', message: expect.stringMatching(/^The backup copy is damaged too/) });
  });

  it('a restore whose backup has gone says so and what to do next', async () => {
    const { bak } = await damagedWithBackup();
    const core = await h.reopen();
    await rm(bak);
    await expect(core.vault.restoreBackup()).rejects.toMatchObject({
      code: 'vault-missing',
      message: expect.stringMatching(/^The backup copy is no longer there \(it was moved or deleted\), so there is nothing to restore\. Your vault file has been left as it is\./),
      details: { backupAvailable: false },
    });
    expect((await core.vault.status()).backupAvailable).toBe(false);
  });

  it('restoring the backup of a healthy vault is refused and changes nothing', async () => {
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    await h.core.connections.add({ providerId: 'cohortgo', label: 'First', auth: { kind: 'basic', username: 'a@b.c', password: 'pw' } });
    await h.core.connections.add({ providerId: 'cohortgo', label: 'Second', auth: { kind: 'basic', username: 'a@b.c', password: 'pw' } });
    const before = await readFile(join(h.dataDir, 'vault.json'), 'utf8');
    await expect(h.core.vault.restoreBackup()).rejects.toMatchObject({
      code: 'invalid-input',
      message: 'Your vault opened normally, so there is nothing to restore. The backup is only used when the vault file is damaged.',
    });
    expect(await readFile(join(h.dataDir, 'vault.json'), 'utf8')).toBe(before);
    expect((await h.core.connections.list()).map((c) => c.label)).toEqual(['First', 'Second']);
  });

  it('a vault from a newer TokenDesk is refused clearly and left alone', async () => {
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    const file = join(h.dataDir, 'vault.json');
    const doc = JSON.parse(await readFile(file, 'utf8'));
    doc.version = 99;
    await writeFile(file, JSON.stringify(doc));
    const core = await h.reopen();
    const status = await core.vault.status();
    expect(status.state).toBe('damaged');
    expect(status.problem).toMatchObject({ code: 'vault-newer-version' });
    expect(status.problem?.message).toMatch(/newer version of TokenDesk/);
    expect(JSON.parse(await readFile(file, 'utf8')).version).toBe(99);
  });

  it('a failed save (no permission) keeps the previous state in memory and on disk', async () => {
    if (process.getuid?.() === 0) {
      // root ignores file modes; simulate EACCES through the persistence port instead.
      h = await makeCore();
      await h.core.vault.create({ password: MASTER });
      const core = await h.reopen({
        persistence: {
          vault: {
            location: join(h.dataDir, 'vault.json'),
            load: async () => JSON.parse(await readFile(join(h.dataDir, 'vault.json'), 'utf8')),
            loadBackup: async () => null,
            save: async () => {
              throw new CoreError('save-failed', 'TokenDesk could not save your changes because it is not allowed to write to its data folder.');
            },
          },
        },
      });
      await core.vault.unlock({ password: MASTER });
      await expect(
        core.connections.add({ providerId: 'cohortgo', label: 'CG', auth: { kind: 'basic', username: 'a@b.c', password: 'pw' } }),
      ).rejects.toMatchObject({ code: 'save-failed' });
      expect(await core.connections.list()).toEqual([]);
      return;
    }
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    await chmod(h.dataDir, 0o500);
    try {
      await expect(
        h.core.connections.add({ providerId: 'cohortgo', label: 'CG', auth: { kind: 'basic', username: 'a@b.c', password: 'pw' } }),
      ).rejects.toMatchObject({ code: 'save-failed' });
      expect(await h.core.connections.list()).toEqual([]);
    } finally {
      await chmod(h.dataDir, 0o700);
    }
  });
});
