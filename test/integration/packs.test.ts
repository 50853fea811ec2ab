/**
 * Team packs through the core door, between two real cores (two temp folders) and the
 * provider simulator: export carries no secret, import adds connections that wait for the
 * person's own credentials (and sign nothing in until then), typing them makes the
 * connection work, duplicates are skipped, and every bad pack changes nothing at all.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findRecipe } from '../../src/main/core/providers/recipes';
import { PACK_MAX_BYTES } from '../../src/shared/contract';
import type { ConnectionView, PackPreview } from '../../src/shared/views';
import { handleCall } from '../../src/main/shell/ipc';
import { ACCOUNTS } from '../sim/fixture';
import { startSimulator, type Simulator } from '../sim/server';
import { makeCore, MASTER, readAllFiles, type Harness } from '../support/core-harness';
import { createFakeClock, type FakeClock } from '../support/fake-clock';
import { until as waitUntil } from '../support/wait';
import { cogniacConnection, resolverConnection } from '../support/fixture-connections';

let sim: Simulator;
let clock: FakeClock;
let a: Harness;
let b: Harness;

beforeEach(async () => {
  clock = createFakeClock();
  sim = await startSimulator({ now: () => clock.now() });
  a = await makeCore({ clock });
  b = await makeCore({ clock });
  await a.core.vault.create({ password: MASTER });
  await b.core.vault.create({ password: MASTER });
});
afterEach(async () => {
  await a.cleanup();
  await b.cleanup();
  await sim.close();
});

const until = <T>(check: () => Promise<T> | T, what: string) => waitUntil(clock, check, what);
const QUERY_KEY = 'query-key-Zq81x';
const HEADER_KEY = 'header-key-Lm42y';

/** A's vault: every built-in kind, real secrets, Cogniac and Resolver signed in. */
async function fillSource() {
  const core = a.core;
  const cogniac = await core.connections.add(cogniacConnection(sim.url, ['49wshskg', '12ir8sjgtl']));
  const resolver = await core.connections.add(resolverConnection(sim.url));
  const cohort = await core.connections.add({
    providerId: 'cohortgo',
    label: 'Cohort Go',
    checkUrl: `${sim.url}/check/cohortgo`,
    auth: { kind: 'basic', username: ACCOUNTS.cohortgo.username, password: ACCOUNTS.cohortgo.password },
  });
  const resolverKey = await core.connections.add({
    providerId: 'resolver',
    label: 'Resolver key',
    baseUrl: sim.url,
    checkUrl: `${sim.url}/user/apikey-check`,
    auth: { kind: 'resolver-api-key', apiKey: ACCOUNTS.resolverApiKey },
  });
  const maps = await core.connections.add({
    providerId: 'custom',
    label: 'Maps',
    baseUrl: 'https://maps.example.com',
    auth: { kind: 'api-key', apiKey: QUERY_KEY, placement: 'query', headerName: 'key' },
  });
  const crm = await core.connections.add({
    providerId: 'custom',
    label: 'CRM',
    baseUrl: 'https://crm.example.com',
    auth: { kind: 'api-key', apiKey: HEADER_KEY, headerName: 'X-CRM-Key', prefix: 'Key ' },
  });
  await until(async () => (await core.connections.get({ id: cogniac.id })).status.state === 'valid', 'Cogniac signed in');
  await until(async () => (await core.connections.get({ id: resolver.id })).status.state === 'valid', 'Resolver signed in');
  await core.tokens.copy({ connectionId: cogniac.id, tenantId: '12ir8sjgtl', format: 'header' });
  await core.tokens.copy({ connectionId: resolver.id, format: 'header' });
  await core.settings.update({ clipboardClearSeconds: 45, theme: 'dark', minValiditySeconds: 120 });
  return { cogniac, resolver, cohort, resolverKey, maps, crm };
}

async function vaultBytes(h: Harness): Promise<string> {
  return readFile(join(h.dataDir, 'vault.json'), 'utf8');
}

/** Waits until the background token saves of fillSource (2 Cogniac tenants + Resolver) reached the file. */
async function tokensSaved(h: Harness): Promise<void> {
  await until(async () => {
    const doc = JSON.parse(await vaultBytes(h)) as { connections: Array<{ tokens: Record<string, unknown> }> };
    return doc.connections.reduce((n, c) => n + Object.keys(c.tokens).length, 0) === 3;
  }, 'signed-in tokens saved');
}

describe('export', () => {
  it('writes a pretty, versioned pack with no secret, token or base64 of one in it', async () => {
    const src = await fillSource();
    const pack = await a.core.packs.export({});
    expect(pack.connectionCount).toBe(6);
    expect(pack.fileName).toMatch(/^TokenDesk team pack - \d{4}-\d{2}-\d{2}\.tokendesk-pack\.json$/);
    expect(pack.json).toContain('\n  "format": "tokendesk-team-pack"');

    const secrets: string[] = [
      ACCOUNTS.cogniac.password,
      ACCOUNTS.resolver.password,
      ACCOUNTS.cohortgo.password,
      ACCOUNTS.resolverApiKey,
      QUERY_KEY,
      HEADER_KEY,
      ...sim.issuedTokens().map((t) => t.token),
    ];
    expect(sim.issuedTokens().length).toBeGreaterThanOrEqual(3);
    // The simulator's Resolver password is "resolver-pass", a prefix of the sign-in kind's name.
    const text = pack.json.replaceAll('"resolver-password"', '');
    for (const s of secrets) {
      expect(text).not.toContain(s);
      expect(pack.json).not.toContain(Buffer.from(s).toString('base64'));
      expect(pack.json).not.toContain(Buffer.from(s).toString('base64url'));
    }
    for (const [user, pw] of [
      [ACCOUNTS.cogniac.email, ACCOUNTS.cogniac.password],
      [ACCOUNTS.cohortgo.username, ACCOUNTS.cohortgo.password],
    ] as const) {
      expect(pack.json).not.toContain(Buffer.from(`${user}:${pw}`).toString('base64'));
    }
    // The person's own user names stay home too (each colleague signs in as themselves).
    for (const user of [ACCOUNTS.cogniac.email, ACCOUNTS.resolver.email, ACCOUNTS.cohortgo.username]) expect(pack.json).not.toContain(user);
    expect(pack.json).not.toMatch(/"(username|password|secrets|tokens|apiKey|token)"/);

    const doc = JSON.parse(pack.json) as { version: number; connections: Array<Record<string, unknown>>; settings: Record<string, unknown> };
    expect(doc.version).toBe(1);
    expect(doc.settings).toEqual({ clipboardClearSeconds: 45, lockAfterIdleMinutes: 15, lockOnScreenLock: true, minValiditySeconds: 120, theme: 'dark' });
    const byLabel = new Map(doc.connections.map((c) => [c.label, c]));
    expect(byLabel.get('Cogniac')).toMatchObject({
      providerId: 'cogniac',
      authKind: 'cogniac',
      baseUrl: sim.url,
      tenants: [
        { id: '49wshskg', name: 'Internal Tenant 1', kind: 'usertenant', selected: true },
        { id: '12ir8sjgtl', name: 'External Tenant 2', kind: 'orgtenant', selected: true },
        { id: '7qa0tenant', name: 'QA Tenant 3', kind: 'orgtenant', selected: false },
      ],
    });
    expect(byLabel.get('Resolver')).toMatchObject({ authKind: 'resolver-password', options: { orgId: 101 } });
    expect(byLabel.get('Maps')).toMatchObject({ authKind: 'api-key', headerName: 'key', scheme: '', options: { placement: 'query' } });
    expect(byLabel.get('CRM')).toMatchObject({ headerName: 'X-CRM-Key', scheme: 'Key ', options: { placement: 'header' } });
    expect(byLabel.get('Cohort Go')).toMatchObject({ baseUrl: findRecipe('cohortgo')!.defaultBaseUrl, checkUrl: `${sim.url}/check/cohortgo` });

    const audit = await a.core.audit.list({ search: 'pack' });
    expect(audit[0]).toMatchObject({ action: 'pack-exported', detail: '6 connections and settings, no secrets' });
    expect(src.cogniac.id).toBeTruthy();
  });

  it('exports only the chosen connections, and settings only when asked', async () => {
    const src = await fillSource();
    const pack = await a.core.packs.export({ connectionIds: [src.maps.id, src.cohort.id], includeSettings: false });
    const doc = JSON.parse(pack.json) as { connections: Array<{ label: string }>; settings?: unknown };
    expect(doc.connections.map((c) => c.label)).toEqual(['Maps', 'Cohort Go']);
    expect(doc.settings).toBeUndefined();
    await expect(a.core.packs.export({ connectionIds: ['gone'] })).rejects.toMatchObject({ code: 'not-found' });
    await expect(a.core.packs.export({ connectionIds: [], includeSettings: false })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/Choose at least one connection/),
    });
  });

  it('refuses, before writing anything, a connection whose name looks like a token', async () => {
    await a.core.connections.add({ providerId: 'custom', label: 'Bearer abcdef0123456789xyz', auth: { kind: 'bearer', token: 't' } });
    await expect(a.core.packs.export({})).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/Something saved in “Bearer abcdef0123456789xyz” \(connections\[0\]\.label\) looks like a password or token/),
    });
    expect(await a.core.audit.list({ search: 'pack-exported' })).toEqual([]);
  });
});

describe('import into a fresh vault', () => {
  it('previews, adds connections that wait for credentials, and signs nothing in for them', async () => {
    await fillSource();
    const { json } = await a.core.packs.export({});
    const requestsBefore = sim.requests.length;

    const preview = await b.core.packs.preview({ json });
    expect(preview.entries.map((e) => [e.label, e.status])).toEqual([
      ['Cogniac', 'new'],
      ['Resolver', 'new'],
      ['Cohort Go', 'new'],
      ['Resolver key', 'new'],
      ['Maps', 'new'],
      ['CRM', 'new'],
    ]);
    expect(preview.entries.map((e) => e.needs)).toEqual([
      ['your Cogniac email', 'your Cogniac password'],
      ['your Resolver Core email', 'your Resolver Core password'],
      ['the email of your Cohort Go API user', 'the generated password of your Cohort Go API user'],
      ['your Resolver Core API key'],
      ['your API key'],
      ['your API key'],
    ]);
    expect(preview.settings).toMatchObject({ theme: 'dark', clipboardClearSeconds: 45 });
    expect(preview.createdAt).toBe(clock.now());

    const result = await b.core.packs.import({ json, applySettings: true });
    expect(result.skipped).toBe(0);
    expect(result.settingsApplied).toBe(true);
    expect(result.added).toHaveLength(6);
    for (const view of result.added) {
      expect(view.storedSecretFields).toEqual([]);
      expect(view.status).toMatchObject({ state: 'needs-you', action: 'enter-credentials' });
      expect(view.finishSetup?.fields.length).toBeGreaterThan(0);
    }
    const byLabel = new Map(result.added.map((v) => [v.label, v]));
    expect(byLabel.get('Cogniac')!.status.message).toBe('Waiting for your email and password — enter them to finish setting this up');
    expect(byLabel.get('Cogniac')!.tenants.map((t) => [t.id, t.selected])).toEqual([
      ['49wshskg', true],
      ['12ir8sjgtl', true],
      ['7qa0tenant', false],
    ]);
    expect(byLabel.get('Maps')!.status.message).toBe('Waiting for your API key — enter it to finish setting this up');
    expect(byLabel.get('Maps')!.placement).toBe('query');
    expect(byLabel.get('Cohort Go')!.finishSetup).toEqual({
      fields: [
        // The wizard's own words for these fields, from the Cohort Go recipe.
        { field: 'username', label: 'API user’s email', help: expect.stringContaining('Settings → API Users') },
        { field: 'password', label: 'API user’s password', help: expect.stringContaining('showed once') },
      ],
      help: expect.stringContaining('Settings → API Users'),
    });
    expect(await b.core.settings.get()).toMatchObject({ theme: 'dark', clipboardClearSeconds: 45, minValiditySeconds: 120 });

    // Nothing tries to sign in: no timers, no requests, even after time passes.
    expect(b.core.timersArmed()).toBe(0);
    await clock.advance(10 * 60_000);
    expect(sim.requests.length).toBe(requestsBefore);

    // Using a waiting connection says plainly what to do.
    const cogniac = byLabel.get('Cogniac')!;
    await expect(b.core.tokens.copy({ connectionId: cogniac.id, tenantId: '49wshskg', format: 'header' })).rejects.toMatchObject({
      code: 'invalid-input',
      message: '“Cogniac” is waiting for your email and password. Open it and enter them under “Finish setting up”.',
    });
    await expect(b.core.connections.test({ id: cogniac.id })).rejects.toMatchObject({ message: expect.stringMatching(/is waiting for your/) });
    await expect(b.core.connections.signIn({ id: cogniac.id })).rejects.toMatchObject({ message: expect.stringMatching(/is waiting for your/) });
    await expect(b.core.tokens.refresh({ connectionId: cogniac.id, tenantId: '49wshskg' })).rejects.toMatchObject({ message: expect.stringMatching(/is waiting for your/) });
    await expect(b.core.tenants.discover({ connectionId: cogniac.id })).rejects.toMatchObject({ message: expect.stringMatching(/is waiting for your/) });
    expect(sim.requests.length).toBe(requestsBefore);

    const actions = (await b.core.audit.list({})).map((e) => `${e.action}: ${e.detail}`);
    expect(actions[0]).toBe('pack-imported: Added 6 connections; skipped 0 duplicates; applied its settings');
    expect(actions).toContain('settings-changed: From a team pack: clipboard clearing, idle lock, lock with the computer, minimum validity, appearance');
  });

  it('typing the credentials finishes the setup: token flows sign in and copies work', async () => {
    await fillSource();
    const { json } = await a.core.packs.export({});
    const { added } = await b.core.packs.import({ json });
    const byLabel = new Map(added.map((v) => [v.label, v]));
    const core = b.core;

    // Cogniac: email and password in one edit; both ticked tenants sign in by themselves.
    const cogniac = byLabel.get('Cogniac')!;
    const half = await core.connections.update({ id: cogniac.id, patch: { username: ACCOUNTS.cogniac.email } });
    expect(half.status.message).toBe('Waiting for your password — enter it to finish setting this up');
    expect(half.finishSetup?.fields.map((f) => f.field)).toEqual(['password']);
    const done = await core.connections.update({ id: cogniac.id, patch: { secrets: { password: ACCOUNTS.cogniac.password } } });
    expect(done.finishSetup).toBeNull();
    expect(done.storedSecretFields).toEqual(['password']);
    await until(async () => (await core.connections.get({ id: cogniac.id })).tenants.filter((t) => t.status.state === 'valid').length === 2, 'both tenants valid');
    await core.tokens.copy({ connectionId: cogniac.id, tenantId: '12ir8sjgtl', format: 'header' });
    const issued = sim.issuedTokens('cogniac.token').filter((t) => t.tenantId === '12ir8sjgtl').at(-1)!;
    expect(b.clipboard.text).toBe(`Authorization: Bearer ${issued.token}`);

    // Resolver (password): org ID came with the pack.
    const resolver = byLabel.get('Resolver')!;
    await core.connections.update({ id: resolver.id, patch: { username: ACCOUNTS.resolver.email, secrets: { password: ACCOUNTS.resolver.password } } });
    await until(async () => (await core.connections.get({ id: resolver.id })).status.state === 'valid', 'Resolver valid');

    // Cohort Go (Basic): works at once, and Test connection reaches the check address.
    const cohort = byLabel.get('Cohort Go')!;
    await core.connections.update({ id: cohort.id, patch: { username: ACCOUNTS.cohortgo.username, secrets: { password: ACCOUNTS.cohortgo.password } } });
    expect((await core.connections.get({ id: cohort.id })).status.state).toBe('static');
    expect(await core.connections.test({ id: cohort.id })).toMatchObject({ ok: true });
    await core.tokens.copy({ connectionId: cohort.id, format: 'header' });
    expect(b.clipboard.text).toBe(`Authorization: Basic ${Buffer.from(`${ACCOUNTS.cohortgo.username}:${ACCOUNTS.cohortgo.password}`).toString('base64')}`);

    // API keys keep their header name, prefix and placement.
    await core.connections.update({ id: byLabel.get('CRM')!.id, patch: { secrets: { apiKey: 'my-own-key' } } });
    await core.tokens.copy({ connectionId: byLabel.get('CRM')!.id, format: 'header' });
    expect(b.clipboard.text).toBe('X-CRM-Key: Key my-own-key');
    await core.connections.update({ id: byLabel.get('Maps')!.id, patch: { secrets: { apiKey: 'my key' } } });
    await core.tokens.copy({ connectionId: byLabel.get('Maps')!.id, format: 'header' });
    expect(b.clipboard.text).toBe('key=my%20key');
    const rk = byLabel.get('Resolver key')!;
    await core.connections.update({ id: rk.id, patch: { secrets: { apiKey: ACCOUNTS.resolverApiKey } } });
    expect(await core.connections.test({ id: rk.id })).toMatchObject({ ok: true });
  });

  it('still refuses secrets the sign-in kind does not use', async () => {
    await fillSource();
    const { json } = await a.core.packs.export({});
    const { added } = await b.core.packs.import({ json });
    const cogniac = added.find((v) => v.label === 'Cogniac')!;
    await expect(b.core.connections.update({ id: cogniac.id, patch: { secrets: { apiKey: 'k' } } })).rejects.toMatchObject({
      code: 'invalid-input',
      message: 'This connection has no API key to replace.',
    });
    expect((await b.core.connections.get({ id: cogniac.id })).storedSecretFields).toEqual([]);
  });

  it('imports only the chosen entries and leaves settings alone unless asked', async () => {
    const before = await b.core.settings.get();
    await fillSource();
    const { json } = await a.core.packs.export({});
    const result = await b.core.packs.import({ json, entries: [2, 4] });
    expect(result.added.map((v) => v.label)).toEqual(['Cohort Go', 'Maps']);
    expect(result.settingsApplied).toBe(false);
    expect(await b.core.settings.get()).toEqual(before);
    await expect(b.core.packs.import({ json, entries: [99] })).rejects.toMatchObject({ message: expect.stringMatching(/does not match this pack/) });
  });

  it('survives a restart: waiting connections stay waiting after unlock', async () => {
    await fillSource();
    const { json } = await a.core.packs.export({ connectionIds: [(await a.core.connections.list())[0]!.id] });
    await b.core.packs.import({ json });
    const core = await b.reopen({ clock });
    await core.vault.unlock({ password: MASTER });
    const [view] = await core.connections.list();
    expect(view!.status).toMatchObject({ state: 'needs-you', action: 'enter-credentials' });
    expect(core.timersArmed()).toBe(0);
  });
});

describe('duplicates', () => {
  it('a pack imported where its connections already are: every entry is a duplicate, named', async () => {
    await fillSource();
    const { json } = await a.core.packs.export({});
    const preview = await a.core.packs.preview({ json });
    expect(preview.entries.every((e) => e.status === 'duplicate')).toBe(true);
    expect(preview.entries.map((e) => e.duplicateOf)).toEqual(['Cogniac', 'Resolver', 'Cohort Go', 'Resolver key', 'Maps', 'CRM']);
    await tokensSaved(a);
    const before = await vaultBytes(a);
    const result = await a.core.packs.import({ json });
    expect(result).toEqual({ added: [], skipped: 6, settingsApplied: false });
    expect(await vaultBytes(a)).toBe(before);
  });

  it('importing the same pack twice adds nothing the second time', async () => {
    await fillSource();
    const { json } = await a.core.packs.export({});
    await b.core.packs.import({ json });
    const again = await b.core.packs.import({ json });
    expect(again.added).toEqual([]);
    expect(again.skipped).toBe(6);
    expect(await b.core.connections.list()).toHaveLength(6);
  });

  it('a different tenant set, org, address or user name is new; the same entry twice in a pack is a duplicate', async () => {
    await fillSource();
    const { json } = await a.core.packs.export({});
    const doc = JSON.parse(json) as { connections: Array<Record<string, unknown>> };
    const [cogniac, resolver, cohort] = doc.connections as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    const variants = [
      { ...cogniac, label: 'Other tenants', tenants: [{ id: '7qa0tenant', name: 'QA Tenant 3', selected: true }] },
      { ...resolver, label: 'Other org', options: { orgId: 202 } },
      { ...cohort, label: 'Other check', checkUrl: `${sim.url}/check/basic` },
      { ...resolver, label: 'Other user', username: 'someone.else@example.com' },
      { ...resolver, label: 'Same user', username: ACCOUNTS.resolver.email.toUpperCase() },
      { ...cohort, label: 'Twice A', checkUrl: 'https://cohort.example/check' },
      { ...cohort, label: 'Twice B', checkUrl: 'https://cohort.example/check/' },
    ];
    const preview: PackPreview = await a.core.packs.preview({ json: JSON.stringify({ ...doc, connections: variants }) });
    expect(preview.entries.map((e) => [e.label, e.status, e.duplicateOf ?? null])).toEqual([
      ['Other tenants', 'new', null],
      ['Other org', 'new', null],
      ['Other check', 'new', null],
      ['Other user', 'new', null],
      ['Same user', 'duplicate', 'Resolver'],
      ['Twice A', 'new', null],
      ['Twice B', 'duplicate', 'Twice A (earlier in this pack)'],
    ]);
  });
});

describe('bad packs change nothing', () => {
  async function exportedDoc() {
    await fillSource();
    return JSON.parse((await a.core.packs.export({})).json) as Record<string, unknown> & { connections: Array<Record<string, unknown>> };
  }
  const withEntry = (doc: Record<string, unknown> & { connections: Array<Record<string, unknown>> }, over: Record<string, unknown>) =>
    JSON.stringify({ ...doc, connections: [{ ...doc.connections[0], ...over }] });

  it('every kind of bad pack is refused in plain words, and the vault and settings stay byte-for-byte the same', async () => {
    const doc = await exportedDoc();
    // B already has something, so "unchanged" means more than "still empty".
    await b.core.connections.add({ providerId: 'custom', label: 'Mine', auth: { kind: 'bearer', token: 'mine' } });
    const cases: Array<[string, string, RegExp]> = [
      ['malformed JSON', '{"format": "tokendesk-team-pack", "version": 1,', /could not be read as a TokenDesk team pack/],
      ['not a pack', JSON.stringify({ name: 'shopping list', items: ['milk'] }), /is not a TokenDesk team pack/],
      ['unknown provider', withEntry(doc, { providerId: 'acme' }), /service this TokenDesk does not know \(“acme”\)/],
      ['unknown auth kind', withEntry(doc, { authKind: 'saml' }), /kind of sign-in this TokenDesk does not know \(“saml”\)/],
      ['newer version', JSON.stringify({ ...doc, version: 7 }), /made by a newer TokenDesk \(pack version 7\)\. Update TokenDesk/],
      ['a secret', withEntry(doc, { options: { client_secret: 's3cret' } }), /contains a secret \(the “client_secret” field of connection 1\)/],
      ['a header-looking value', withEntry(doc, { label: 'Basic ' + Buffer.from('ops@example.com:cogniac-pass').toString('base64') }), /looks like a password or token \(in the “label” field of connection 1\)/],
      ['too many entries', JSON.stringify({ ...doc, connections: Array.from({ length: 501 }, () => doc.connections[0]) }), /at most 500/],
      ['an http address', withEntry(doc, { baseUrl: 'http://api.cogniac.io' }), /starts with https:\/\//],
      ['a header-unsafe name', withEntry(doc, { headerName: 'Authorization\r\nX-Evil: 1' }), /header name can only use/],
      ['over 1 MB in bytes', JSON.stringify({ ...doc, name: 'é'.repeat(PACK_MAX_BYTES / 2 + 10) }), /too big to be a TokenDesk team pack/],
    ];
    const vaultBefore = await vaultBytes(b);
    const settingsBefore = await b.core.settings.get();
    const listBefore = await b.core.connections.list();
    for (const [name, json, message] of cases) {
      for (const channel of ['packs:preview', 'packs:import'] as const) {
        const r = await handleCall(b.core, channel, channel === 'packs:import' ? { json, applySettings: true } : { json });
        expect(r.ok, `${name} via ${channel}`).toBe(false);
        if (!r.ok) {
          expect(r.error.code, name).toBe('invalid-input');
          expect(r.error.message, name).toMatch(message);
        }
      }
    }
    expect(await vaultBytes(b)).toBe(vaultBefore);
    expect(await b.core.settings.get()).toEqual(settingsBefore);
    expect(await b.core.connections.list()).toEqual(listBefore);
    expect((await b.core.audit.list({ search: 'pack-imported' })).length).toBe(0);
  });

  it('a file over 1 MB in characters is stopped at the door', async () => {
    const r = await handleCall(b.core, 'packs:preview', { json: ' '.repeat(PACK_MAX_BYTES + 1) });
    expect(r).toEqual({ ok: false, error: { code: 'invalid-input', message: 'That file is too big to be a TokenDesk team pack (over 1 MB).' } });
  });

  it('a locked vault cannot preview or import', async () => {
    const doc = await exportedDoc();
    await b.core.vault.lock();
    await expect(b.core.packs.preview({ json: JSON.stringify(doc) })).rejects.toMatchObject({ code: 'vault-locked' });
    await expect(b.core.packs.import({ json: JSON.stringify(doc) })).rejects.toMatchObject({ code: 'vault-locked' });
  });
});

describe('nothing secret reaches the second computer', () => {
  it('the importing core never holds any of the exporter’s secrets, on disk or in its views', async () => {
    await fillSource();
    const { json } = await a.core.packs.export({});
    const result = await b.core.packs.import({ json, applySettings: true });
    const views: ConnectionView[] = await b.core.connections.list();
    await b.core.close();
    const everything = ((await readAllFiles(b.dataDir)) + JSON.stringify(views) + JSON.stringify(result)).replaceAll('"resolver-password"', '');
    for (const s of [ACCOUNTS.cogniac.password, ACCOUNTS.resolver.password, ACCOUNTS.cohortgo.password, QUERY_KEY, HEADER_KEY, ACCOUNTS.cogniac.email]) {
      expect(everything).not.toContain(s);
    }
  });
});
