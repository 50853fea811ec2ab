/**
 * Vault durability and tamper: one flipped byte in each part of the vault file, truncation,
 * deletion, an older copy put back, an edit that recomputes the checksum, and a real child
 * process killed in the middle of saving, 200 times. The vault must always open to the last
 * committed state or to the backup, never to a mix, and the person must be told plainly what
 * happened and whether the backup can be restored.
 *
 * What the design can and cannot detect:
 *  - Any change to the file's content (damage or an edit) is detected: a checksum over the
 *    whole document when the file is read, and a MAC keyed from the data key at unlock for
 *    edits that also recomputed the checksum. Each secret is also sealed with AES-GCM.
 *  - A rollback to an OLDER GENUINE copy (the backup, or a copy taken earlier) cannot be
 *    detected: it is a complete, correctly sealed vault, and nothing outside the file
 *    remembers which save is the newest. It opens as that older committed state — never a mix.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../src/main/core';
import { silentLogger, systemClock } from '../../src/main/core/ports';
import { FilePersistence } from '../../src/main/core/vault/file-persistence';
import { checksumOf } from '../../src/main/core/vault/integrity';
import { PasswordKeyProtector } from '../../src/main/core/vault/password-key-protector';
import { VaultSession } from '../../src/main/core/vault/vault-session';
import { ACCOUNTS } from '../sim/fixture';
import { seededRandom } from '../sim/random';
import { startSimulator, type Simulator } from '../sim/server';
import { makeCore, MASTER } from '../support/core-harness';
import { createFakeClock, type FakeClock } from '../support/fake-clock';
import { CRASH_TEST_KDF, CRASH_TEST_PASSWORD, generationOf } from '../support/vault-generations';
import { until } from '../support/wait';
import type { Core } from '../../src/main/core';
import { cogniacConnection, resolverConnection } from '../support/fixture-connections';

// ---------------------------------------------------------------------------------------
// Part 1: damage and tampering, through the core door.

let sim: Simulator;
let clock: FakeClock;
let dir: string;
/** vault.json after the last save, and vault.json.bak (the save before it). */
let latestText: string;
let backupText: string;
/** What the person's connections look like (and hand out) in each of the two committed states. */
let latestState: string;
let backupState: string;
/** A genuine copy from two saves back (for the rollback case). */
let olderText: string;
let olderState: string;

/** Everything a person can see or copy, minus timers that are re-planned at each start. */
async function stateOf(core: Core): Promise<string> {
  const views = await core.connections.list();
  const out: unknown[] = [];
  for (const v of views) {
    const copies: string[] = [];
    const slots = v.hasTenants ? v.tenants.filter((t) => t.selected).map((t) => t.id) : [undefined];
    for (const tenantId of slots) {
      const r = await core.tokens.reveal({ connectionId: v.id, ...(tenantId ? { tenantId } : {}) });
      copies.push(r.header);
    }
    out.push({
      ...v,
      status: { state: v.status.state, expiresAt: v.status.expiresAt },
      tenants: v.tenants.map((t) => ({ ...t, status: { state: t.status.state, expiresAt: t.status.expiresAt } })),
      copies,
    });
  }
  return JSON.stringify(out);
}

async function openCore(): Promise<Core> {
  return (await makeCore({ clock, fetch: failingFetch }, dir)).core;
}

/** Any request at all would mean a stored token was not used: make it fail loudly. */
const failingFetch = async (): Promise<Response> => {
  throw new Error('no network in the tamper tests: every token must come from the vault');
};

beforeAll(async () => {
  clock = createFakeClock();
  sim = await startSimulator({ now: () => clock.now() });
  const h = await makeCore({ clock });
  dir = h.dataDir;
  const core = h.core;
  await core.vault.create({ password: MASTER });
  await core.connections.add({ providerId: 'cohortgo', label: 'Cohort Go', auth: { kind: 'basic', username: ACCOUNTS.cohortgo.username, password: ACCOUNTS.cohortgo.password } });
  await core.connections.add({ providerId: 'resolver', label: 'Resolver key', baseUrl: sim.url, auth: { kind: 'resolver-api-key', apiKey: ACCOUNTS.resolverApiKey } });
  await core.connections.add(cogniacConnection(sim.url, ['49wshskg', '12ir8sjgtl']));
  const res = await core.connections.add(resolverConnection(sim.url));
  await until(clock, async () => (await core.connections.list()).every((c) => (c.hasTenants ? c.tenants.filter((t) => t.selected).every((t) => t.status.state === 'valid') : true)), 'tokens');
  await until(clock, async () => (await core.connections.get({ id: res.id })).status.state === 'valid', 'resolver valid');
  await core.close(); // waits for the renewed tokens to be saved
  // From here on, every save is one known step: two renames, each on a freshly opened core.
  for (const label of ['Cohort Go (older)', 'Cohort Go (backup)', 'Cohort Go (latest)']) {
    const c = await openCore();
    await c.vault.unlock({ password: MASTER });
    const id = (await c.connections.list()).find((x) => x.providerId === 'cohortgo')!.id;
    const before = await stateOf(c);
    const text = await readFile(join(dir, 'vault.json'), 'utf8');
    if (label === 'Cohort Go (backup)') [olderText, olderState] = [text, before];
    await c.connections.update({ id, patch: { label } });
    if (label === 'Cohort Go (latest)') backupState = before;
    if (label === 'Cohort Go (latest)') latestState = await stateOf(c);
    await c.close();
  }
  latestText = await readFile(join(dir, 'vault.json'), 'utf8');
  backupText = await readFile(join(dir, 'vault.json.bak'), 'utf8');
  expect(JSON.parse(backupText).connections.find((c: { providerId: string }) => c.providerId === 'cohortgo').label).toBe('Cohort Go (backup)');
  expect(JSON.parse(olderText).connections.find((c: { providerId: string }) => c.providerId === 'cohortgo').label).toBe('Cohort Go (older)');
}, 60_000);

afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

/** Puts the given files in place (null = absent) and removes anything else TokenDesk left. */
async function lay(vault: string | null, bak: string | null = backupText): Promise<void> {
  for (const f of await readdir(dir)) if (f.startsWith('vault.json')) await unlink(join(dir, f));
  if (vault !== null) await writeFile(join(dir, 'vault.json'), vault);
  if (bak !== null) await writeFile(join(dir, 'vault.json.bak'), bak);
}

interface Outcome {
  /** Which committed state the person ends up with. */
  opened: 'latest' | 'backup' | 'older' | 'new' | 'nothing';
  /** What they were told on the way, in order (empty when the vault simply opened). */
  told: string[];
  /** Whether a restore was offered with the message. */
  offered: boolean;
}

/**
 * Opens the vault as the app would; when it is reported damaged, follows the offer to
 * restore the backup (if any), then unlocks. Never accepts "wrong password" for the right one.
 */
async function openAsThePersonWould(): Promise<Outcome> {
  const told: string[] = [];
  let offered = false;
  let core = await openCore();
  try {
    let status = await core.vault.status();
    if (status.state === 'new') return { opened: 'new', told, offered };
    if (status.state === 'locked') {
      try {
        await core.vault.unlock({ password: MASTER });
      } catch (e) {
        expect(e, 'the right password must never be called wrong').toBeInstanceOf(CoreError);
        expect((e as CoreError).code).not.toBe('wrong-password');
        told.push((e as CoreError).message);
        status = await core.vault.status();
      }
    }
    if (status.state === 'damaged') {
      told.push(status.problem!.message);
      offered = status.backupAvailable;
      if (!offered) return { opened: 'nothing', told, offered };
      await core.vault.restoreBackup();
      await core.close();
      core = await openCore();
      await core.vault.unlock({ password: MASTER });
    }
    const state = await stateOf(core);
    const opened = state === latestState ? 'latest' : state === backupState ? 'backup' : state === olderState ? 'older' : null;
    expect(opened, 'the vault opened to a state that was never committed (a mix)').not.toBeNull();
    return { opened: opened!, told, offered };
  } finally {
    await core.close();
  }
}

/** Index of the first character of the value after `"key":` at or after `from`. */
function valueAt(text: string, key: string, from = 0): number {
  const i = text.indexOf(`"${key}":`, from);
  if (i < 0) throw new Error(`no "${key}" in the vault file`);
  return i + key.length + 3 + (text[i + key.length + 3] === '"' ? 1 : 0);
}

function flip(text: string, at: number): string {
  const b = Buffer.from(text, 'utf8');
  b[at] = b[at]! ^ 0x01;
  return b.toString('utf8');
}

/** Every part of the file, with the byte to flip in it. */
function parts(text: string): Array<[string, number]> {
  const key = text.indexOf('"key":{');
  const conns = text.indexOf('"connections":[');
  const integrity = text.indexOf('"integrity":{');
  const out: Array<[string, number]> = [
    ['header: format', valueAt(text, 'format') + 3],
    ['header: version', valueAt(text, 'version')],
    ['header: createdAt', valueAt(text, 'createdAt') + 5],
    ['wrapped key: kind', valueAt(text, 'kind', key) + 2],
    ['wrapped key: kdf', valueAt(text, 'kdf', key) + 1],
    ['wrapped key: N', valueAt(text, 'N', key)],
    ['wrapped key: r', valueAt(text, 'r', key)],
    ['wrapped key: p', valueAt(text, 'p', key)],
    ['wrapped key: salt', valueAt(text, 'salt', key) + 4],
    ['wrapped key: sealed iv', valueAt(text, 'sealed', key) + 4],
    ['wrapped key: sealed ciphertext', valueAt(text, 'sealed', key) + 25],
    ['wrapped key: sealed tag', text.indexOf('"', valueAt(text, 'sealed', key)) - 3],
    ['integrity: sha256', valueAt(text, 'sha256', integrity) + 10],
    ['integrity: mac', valueAt(text, 'mac', integrity) + 10],
    ['JSON structure: opening brace', 0],
    ['JSON structure: a colon', text.indexOf(':')],
    ['JSON structure: a comma', text.indexOf(',', conns)],
    ['JSON structure: the connections array', conns + '"connections":'.length],
    ['JSON structure: closing brace', Buffer.byteLength(text) - 1],
  ];
  // Each sealed secret (iv, ciphertext, tag) and each token record, in every connection.
  let from = conns;
  for (let n = 0; ; n++) {
    const s = text.indexOf('"secrets":{', from);
    if (s < 0 || s > integrity) break;
    const sealedAt = text.indexOf('"v1.', s) + 1;
    const end = text.indexOf('"', sealedAt);
    const [, iv, ct] = text.slice(sealedAt, end).split('.');
    out.push([`connection ${n}: secret iv`, sealedAt + 3 + 2], [`connection ${n}: secret ciphertext`, sealedAt + 4 + iv!.length + Math.floor(ct!.length / 2)], [`connection ${n}: secret tag`, end - 2]);
    out.push([`connection ${n}: label`, valueAt(text, 'label', from) + 1]);
    const tokens = text.indexOf('"tokens":{', s);
    if (text[tokens + '"tokens":{'.length] !== '}') {
      out.push([`connection ${n}: token sealed`, valueAt(text, 'sealed', tokens) + 20]);
      out.push([`connection ${n}: token issuedAt`, valueAt(text, 'issuedAt', tokens) + 7]);
      out.push([`connection ${n}: token expiresAt`, valueAt(text, 'expiresAt', tokens) + 7]);
    }
    from = tokens + 1;
  }
  out.push(['Resolver: org id', valueAt(text, 'orgId', conns)]);
  out.push(['Cogniac: tenant choice', valueAt(text, 'selected', conns)]);
  out.push(['Cogniac: base URL', valueAt(text, 'baseUrl', text.indexOf('"providerId":"cogniac"')) + 9]);
  return out;
}

const BACKUP_OFFER = /You can restore the backup from the previous save\.$/;

describe('one flipped byte in each part of the file', () => {
  it('covers every part: header, wrapped key, integrity, structure, each secret and token record', () => {
    const names = parts(latestText).map(([n]) => n);
    expect(names.filter((n) => n.includes('secret')).length).toBeGreaterThanOrEqual(12); // 4 connections × iv/ciphertext/tag
    expect(names.filter((n) => n.startsWith('connection') && n.includes('token')).length).toBeGreaterThanOrEqual(6); // Cogniac and Resolver tokens × 3 fields
  });

  it('each flip: reported as damaged in plain words, backup offered, and the backup is what opens', async () => {
    const seen: string[] = [];
    for (const [name, at] of parts(latestText)) {
      await lay(flip(latestText, at));
      const o = await openAsThePersonWould();
      expect(o.opened, name).toBe('backup');
      expect(o.offered, name).toBe(true);
      expect(o.told.at(-1), name).toMatch(BACKUP_OFFER);
      expect(o.told.at(-1), name).toMatch(/^(The TokenDesk data file (is damaged|is not a TokenDesk vault or is damaged|has been changed or damaged outside TokenDesk)|This vault was saved by a newer version)/);
      seen.push(o.told.at(-1)!);
      // The damaged file was kept beside the vault, never deleted.
      expect((await readdir(dir)).some((f) => f.startsWith('vault.json.damaged-')), name).toBe(true);
    }
    expect(new Set(seen).size).toBeGreaterThanOrEqual(2);
  });

  it('a flip in the backup alone changes nothing: the latest state opens', async () => {
    await lay(latestText, flip(backupText, valueAt(backupText, 'label', backupText.indexOf('"connections":[')) + 1));
    expect(await openAsThePersonWould()).toEqual({ opened: 'latest', told: [], offered: false });
  });

  it('both files damaged: told plainly that there is no usable backup; nothing is touched', async () => {
    const bad = flip(latestText, valueAt(latestText, 'label', latestText.indexOf('"connections":[')) + 1);
    const badBak = flip(backupText, 0);
    await lay(bad, badBak);
    const o = await openAsThePersonWould();
    expect(o).toMatchObject({ opened: 'nothing', offered: false });
    expect(o.told).toEqual([
      'The TokenDesk data file has been changed or damaged outside TokenDesk, so it cannot be opened safely. TokenDesk has not touched it. There is no usable backup to restore.',
    ]);
    expect(await readFile(join(dir, 'vault.json'), 'utf8')).toBe(bad);
    expect(await readFile(join(dir, 'vault.json.bak'), 'utf8')).toBe(badBak);
  });
});

describe('the backup is checked before it is offered or restored', () => {
  const badLatest = () => flip(latestText, valueAt(latestText, 'label', latestText.indexOf('"connections":[')) + 1);

  it('a backup that still reads as a vault but fails its check (one flipped byte in a name) is not offered', async () => {
    const badBak = flip(backupText, valueAt(backupText, 'label', backupText.indexOf('"connections":[')) + 1);
    await lay(badLatest(), badBak);
    const o = await openAsThePersonWould();
    expect(o).toMatchObject({ opened: 'nothing', offered: false });
    expect(o.told.at(-1)).toMatch(/There is no usable backup to restore\.$/);
    expect(await readFile(join(dir, 'vault.json.bak'), 'utf8')).toBe(badBak);
  });

  it('a backup damaged after it was offered: the restore blames the backup, says what to do, and touches nothing', async () => {
    const bad = badLatest();
    await lay(bad, backupText);
    const core = await openCore();
    try {
      expect(await core.vault.status()).toMatchObject({ state: 'damaged', backupAvailable: true });
      const badBak = flip(backupText, valueAt(backupText, 'label', backupText.indexOf('"connections":[')) + 1);
      await writeFile(join(dir, 'vault.json.bak'), badBak);
      const e = await core.vault.restoreBackup().then(() => null, (x: unknown) => x as CoreError);
      expect(e?.message).toBe(
        'The backup copy is damaged too, so it cannot be restored. Your vault file has been left as it is. To start again, quit TokenDesk, move the vault file to another folder (keep it) and start TokenDesk again.',
      );
      expect(await core.vault.status()).toMatchObject({ state: 'damaged', backupAvailable: false });
      expect(await readFile(join(dir, 'vault.json'), 'utf8')).toBe(bad);
      expect(await readFile(join(dir, 'vault.json.bak'), 'utf8')).toBe(badBak);
    } finally {
      await core.close();
    }
  });
});

describe('edits, truncation, deletion and older copies', () => {
  it('an edit that recomputes the checksum is caught at unlock (MAC): "changed outside TokenDesk", backup offered', async () => {
    const doc = JSON.parse(latestText);
    const cog = doc.connections.find((c: { providerId: string }) => c.providerId === 'cogniac');
    cog.baseUrl = 'https://attacker.example'; // would send the Cogniac password elsewhere
    const { integrity, ...rest } = doc;
    // What an attacker without the key can do: recompute the checksum over the edited text.
    doc.integrity = { ...integrity, sha256: checksumOf(JSON.stringify(rest), integrity.mac) };
    await lay(JSON.stringify(doc));
    const o = await openAsThePersonWould();
    expect(o.opened).toBe('backup');
    expect(o.told[0]).toBe('The TokenDesk data file was changed outside TokenDesk, so it cannot be trusted. TokenDesk has not touched it. You can restore the backup from the previous save.');
  });

  it('the same edit in the backup too: the backup is not offered (it would be restored and refused for ever)', async () => {
    const forge = (text: string) => {
      const doc = JSON.parse(text);
      doc.connections.find((c: { providerId: string }) => c.providerId === 'cogniac').baseUrl = 'https://attacker.example';
      const { integrity, ...rest } = doc;
      doc.integrity = { ...integrity, sha256: checksumOf(JSON.stringify(rest), integrity.mac) };
      return JSON.stringify(doc);
    };
    const vault = forge(latestText);
    const bak = forge(backupText);
    await lay(vault, bak);
    const core = await openCore();
    try {
      // Both checksums hold, so nothing looks wrong until the password gives the key.
      expect(await core.vault.status()).toMatchObject({ state: 'locked' });
      const e = await core.vault.unlock({ password: MASTER }).then(() => null, (x: unknown) => x as CoreError);
      expect(e).toMatchObject({ code: 'vault-corrupt', details: { backupAvailable: false } });
      expect(e?.message).toBe('The TokenDesk data file was changed outside TokenDesk, so it cannot be trusted. TokenDesk has not touched it. There is no usable backup to restore.');
      expect(await core.vault.status()).toMatchObject({ state: 'damaged', backupAvailable: false });
      // Asked anyway (an old window, say): refused in words that blame the backup; both files stay as they were.
      await expect(core.vault.restoreBackup()).rejects.toMatchObject({ message: expect.stringMatching(/^The backup copy is damaged too/) });
      expect(await readFile(join(dir, 'vault.json'), 'utf8')).toBe(vault);
      expect(await readFile(join(dir, 'vault.json.bak'), 'utf8')).toBe(bak);
    } finally {
      await core.close();
    }
  });

  it('a record from the older copy spliced into the latest file is a mix, and is refused', async () => {
    const latest = JSON.parse(latestText);
    const older = JSON.parse(backupText);
    latest.connections[0] = older.connections[0];
    await lay(JSON.stringify(latest));
    const o = await openAsThePersonWould();
    expect(o.opened).toBe('backup');
    expect(o.told[0]).toMatch(BACKUP_OFFER);
  });

  for (const [name, cut] of [
    ['to nothing', () => 0],
    ['to one byte', () => 1],
    ['to half', () => Math.floor(latestText.length / 2)],
    ['by its last byte', () => latestText.length - 1],
  ] as const) {
    it(`truncated ${name}: damaged, backup offered and restored`, async () => {
      await lay(latestText.slice(0, cut()));
      const o = await openAsThePersonWould();
      expect(o).toMatchObject({ opened: 'backup', offered: true });
      expect(o.told[0]).toMatch(/^The TokenDesk data file is damaged \(it could not be read\)\. TokenDesk has not touched it\. You can restore the backup/);
    });
  }

  it('deleted, with the backup still there: told the file is missing and offered the backup (not a new vault)', async () => {
    await lay(null);
    const o = await openAsThePersonWould();
    expect(o).toEqual({
      opened: 'backup',
      offered: true,
      told: ['The TokenDesk data file is missing, but the backup from the previous save is still there. You can restore the backup from the previous save.'],
    });
  });

  it('deleted together with its backup: a new vault is offered', async () => {
    await lay(null, null);
    expect(await openAsThePersonWould()).toEqual({ opened: 'new', told: [], offered: false });
  });

  it('replaced by an older genuine copy: opens as that older state (a rollback cannot be detected, but it is never a mix)', async () => {
    await lay(olderText);
    expect(await openAsThePersonWould()).toEqual({ opened: 'older', told: [], offered: false });
    await lay(backupText);
    expect(await openAsThePersonWould()).toEqual({ opened: 'backup', told: [], offered: false });
  });
});

// ---------------------------------------------------------------------------------------
// Part 2: a real child process killed (SIGKILL) at random moments while it saves.

const KILLS = 200;
const LANES = 2;

describe('killed in the middle of a save', () => {
  let bundle: string;
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'tokendesk-crash-'));
    // Plain JavaScript starts in a fraction of the time a TypeScript loader needs: 200 starts.
    await build({
      configFile: false,
      logLevel: 'silent',
      build: {
        ssr: fileURLToPath(new URL('../support/vault-save-child.ts', import.meta.url)),
        outDir: join(work, 'bundle'),
        emptyOutDir: true,
        minify: false,
        rollupOptions: { output: { format: 'es', entryFileNames: 'vault-save-child.mjs' } },
      },
      ssr: { noExternal: true },
    });
    bundle = join(work, 'bundle', 'vault-save-child.mjs');
  }, 60_000);
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  /** One lane: one vault folder, killed `kills` times; returns what each check saw. */
  async function lane(seed: number, kills: number): Promise<{ generations: number[]; lateCommits: number; waited: number }> {
    const folder = await mkdtemp(join(work, 'vault-'));
    const random = seededRandom(seed);
    const generations: number[] = [];
    let lateCommits = 0;
    let waited = 0;
    for (let k = 0; k < kills; k++) {
      const child = fork(bundle, [folder], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [] });
      let stderr = '';
      child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      // A random moment, counted in saves rather than milliseconds so it does not depend on the
      // machine's speed: after 0–3 committed saves, then 0–7 ms into whatever comes next.
      const saves = Math.floor(random() * 4);
      let start = -1;
      let acked = -1;
      const reached = new Promise<void>((resolve, reject) => {
        child.on('message', (m: { ready?: number; committed?: number }) => {
          if (m.ready !== undefined) start = m.ready;
          acked = Math.max(acked, m.ready ?? m.committed ?? -1);
          if (acked - start >= saves) resolve();
        });
        child.once('exit', (code) => reject(new Error(`child exited (${code}) before it was killed: ${stderr}`)));
      });
      const closed = once(child, 'close');
      await reached;
      waited += saves;
      await new Promise((r) => setTimeout(r, Math.floor(random() * 8)));
      child.kill('SIGKILL');
      await closed;

      const session = new VaultSession(new FilePersistence(join(folder, 'vault.json')), new PasswordKeyProtector({ cost: CRASH_TEST_KDF }), systemClock, silentLogger);
      await session.open();
      expect(session.status(), `kill ${k}: the vault must open, not be damaged`).toMatchObject({ state: 'locked', problem: null });
      await session.unlock(CRASH_TEST_PASSWORD);
      const gen = generationOf(session); // throws on any mix
      // The last committed state: the last one reported, or one more whose report the kill cut off.
      expect([acked, acked + 1], `kill ${k}: generation ${gen}, last reported ${acked}`).toContain(gen);
      if (gen === acked + 1) lateCommits += 1;
      const backup = await new FilePersistence(join(folder, 'vault.json')).loadBackup();
      if (gen >= 1) {
        const b = new VaultSession({ location: '', load: async () => backup, loadBackup: async () => null, save: async () => undefined }, new PasswordKeyProtector({ cost: CRASH_TEST_KDF }), systemClock, silentLogger);
        await b.open();
        await b.unlock(CRASH_TEST_PASSWORD);
        expect([gen - 1, gen], `kill ${k}: backup of generation ${gen}`).toContain(generationOf(b));
      }
      // Temp files of the interrupted save are cleaned up when the vault is next opened.
      expect((await readdir(folder)).filter((f) => f.includes('.tmp-')), `kill ${k}`).toEqual([]);
      generations.push(gen);
      session.lock();
    }
    return { generations, lateCommits, waited };
  }

  // About 30 s on an idle 2-core machine (each start is a fresh Node process); the generous
  // limit is for machines busy with other work, where process starts get much slower.
  it(`${KILLS} kills at random points: always the last committed state, never a mix`, async () => {
    const results = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(20261123 + i, KILLS / LANES)));
    for (const r of results) {
      // Every save the lane waited for is in the vault: nothing committed was ever lost.
      expect(r.generations.at(-1)!).toBeGreaterThanOrEqual(r.waited);
      expect([...r.generations].sort((a, b) => a - b)).toEqual(r.generations);
    }
  }, 300_000);
});
