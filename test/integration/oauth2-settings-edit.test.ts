/**
 * Changing a saved OAuth2 connection's client settings (an administrator rotated the client,
 * or the scope changed): the tokens of the old client are dropped, never copied again, and
 * the next sign-in uses the new settings. Refusals are in plain words and change nothing.
 * Real core on a fake clock against the simulator's OAuth2 token endpoint.
 */
import * as fsp from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FilePersistence } from '../../src/main/core/vault/file-persistence';
import type { ConnectionView } from '../../src/shared/views';
import { ACCOUNTS } from '../sim/fixture';
import type { Simulator } from '../sim/server';
import { MASTER, readAllFiles, type Harness } from '../support/core-harness';
import type { FakeClock } from '../support/fake-clock';
import { useSimWorld } from '../support/sim-world';
import { until as waitUntil } from '../support/wait';

let sim: Simulator;
let clock: FakeClock;
let h: Harness;
useSimWorld((w) => ({ sim, clock, h } = w));

const until = <T>(check: () => Promise<T> | T, what: string) => waitUntil(clock, check, what);
const tokenUrl = () => `${sim.url}/oauth/token`;
const settingsNow = { tokenUrl: '', clientId: ACCOUNTS.oauth.clientId, scope: 'api:read' };

async function addValid(): Promise<ConnectionView> {
  const c = await h.core.connections.add({
    providerId: 'custom',
    label: 'Billing API',
    baseUrl: sim.url,
    auth: { kind: 'oauth2-client-credentials', tokenUrl: tokenUrl(), clientId: ACCOUNTS.oauth.clientId, clientSecret: ACCOUNTS.oauth.clientSecret, scope: 'api:read' },
  });
  await until(async () => (await h.core.connections.get({ id: c.id })).status.state === 'valid', 'signed in');
  settingsNow.tokenUrl = tokenUrl();
  return h.core.connections.get({ id: c.id });
}

async function copiedToken(id: string): Promise<string> {
  await h.core.tokens.copy({ connectionId: id, format: 'token' });
  return h.clipboard.text;
}

describe('OAuth2 settings after saving', () => {
  it('the view shows the client settings (nothing secret)', async () => {
    const c = await addValid();
    expect(c.oauth2).toEqual({ issuer: null, tokenUrl: tokenUrl(), authorizationUrl: null, clientId: ACCOUNTS.oauth.clientId, scope: 'api:read' });
    expect(JSON.stringify(c)).not.toContain(ACCOUNTS.oauth.clientSecret);
  });

  it('a rotated client: the old token is dropped and the next copy is a token issued to the new client', async () => {
    const c = await addValid();
    const old = await copiedToken(c.id);
    expect(sim.lookup(old)?.subject).toBe(ACCOUNTS.oauth.clientId);

    const updated = await h.core.connections.update({
      id: c.id,
      patch: { oauth2: { ...settingsNow, clientId: ACCOUNTS.oauthRotated.clientId }, secrets: { clientSecret: ACCOUNTS.oauthRotated.clientSecret } },
    });
    expect(updated.oauth2?.clientId).toBe(ACCOUNTS.oauthRotated.clientId);
    await until(async () => (await h.core.connections.get({ id: c.id })).status.state === 'valid', 'signed in with the new client');

    const fresh = await copiedToken(c.id);
    expect(fresh).not.toBe(old);
    expect(sim.lookup(fresh)?.subject).toBe(ACCOUNTS.oauthRotated.clientId);
    // The old client's token is not kept anywhere.
    await h.core.close();
    const files = await readAllFiles(h.dataDir);
    expect(files).toContain(ACCOUNTS.oauthRotated.clientId);
    expect(files).not.toContain(old);
    const audit = await h.reopen();
    await audit.vault.unlock({ password: MASTER });
    expect((await audit.audit.list({ limit: 10 })).find((e) => e.action === 'connection-changed')?.detail).toBe('Changed client ID, client secret');
  });

  it('a new client secret alone is a new client: the token in hand is dropped at once and a fresh sign-in starts', async () => {
    const c = await addValid();
    const old = await copiedToken(c.id);
    const NEW_SECRET = 'sim-machine-new-secret-5Tq2';
    // The administrator rotated the secret on the server.
    sim.fixture.oauth.clients.find((x) => x.clientId === ACCOUNTS.oauth.clientId)!.clientSecret = NEW_SECRET;
    const release = sim.hold('oauth.token');
    try {
      const updated = await h.core.connections.update({ id: c.id, patch: { secrets: { clientSecret: NEW_SECRET } } });
      // The old client's token is not handed out while the new sign-in is under way.
      expect(updated.status).toMatchObject({ state: 'refreshing', message: 'Signing in…', expiresAt: null });
    } finally {
      release();
    }
    await until(async () => (await h.core.connections.get({ id: c.id })).status.state === 'valid', 'signed in with the new secret');
    const fresh = await copiedToken(c.id);
    expect(fresh).not.toBe(old);
    expect(sim.lookup(fresh)?.subject).toBe(ACCOUNTS.oauth.clientId);
    const entry = (await h.core.audit.list({ limit: 10 })).find((e) => e.action === 'connection-changed');
    expect(entry?.detail).toBe('Changed client secret');
    expect(JSON.stringify(await h.core.audit.list({ limit: 50 }))).not.toContain(NEW_SECRET);
  });

  it('the same client secret typed again is not a new client: the token in hand stays', async () => {
    const c = await addValid();
    const old = await copiedToken(c.id);
    const updated = await h.core.connections.update({ id: c.id, patch: { secrets: { clientSecret: ACCOUNTS.oauth.clientSecret } } });
    // Still held (a renewal may be on its way, as after any credential edit): never dropped.
    expect(updated.status.expiresAt).not.toBeNull();
    expect(sim.lookup(old)?.revoked).toBe(false);
  });

  it('the activity log names each changed setting in plain words, never a value', async () => {
    const c = await addValid();
    await h.core.connections.update({ id: c.id, patch: { oauth2: { ...settingsNow, clientId: ACCOUNTS.oauthRotated.clientId, scope: 'api:read api:write' } } });
    const entry = (await h.core.audit.list({ limit: 10 })).find((e) => e.action === 'connection-changed');
    expect(entry?.detail).toBe('Changed client ID, scope');
    expect(entry?.detail).not.toContain(ACCOUNTS.oauthRotated.clientId);
  });

  it('a change that cannot be saved keeps the previous settings and the connection keeps renewing by itself', async () => {
    const c = await addValid();
    const old = await copiedToken(c.id);
    // Same data folder, but the next vault saves fail as on a full disk.
    let diskFull = false;
    const fs = {
      ...fsp,
      open: (path: string, flags: string, mode?: number) =>
        diskFull && flags === 'wx' ? Promise.reject(Object.assign(new Error('no space left'), { code: 'ENOSPC' })) : fsp.open(path, flags, mode),
    };
    const core = await h.reopen({ persistence: { vault: new FilePersistence(join(h.dataDir, 'vault.json'), fs) } });
    await core.vault.unlock({ password: MASTER });
    await until(async () => (await core.connections.get({ id: c.id })).status.state === 'valid', 'valid after unlock');
    diskFull = true;
    await expect(
      core.connections.update({ id: c.id, patch: { oauth2: { ...settingsNow, clientId: ACCOUNTS.oauthRotated.clientId }, secrets: { clientSecret: ACCOUNTS.oauthRotated.clientSecret } } }),
    ).rejects.toMatchObject({ code: expect.any(String) });
    const after = await core.connections.get({ id: c.id });
    expect(after.oauth2?.clientId).toBe(ACCOUNTS.oauth.clientId);
    // Still looked after: valid, with a renewal planned, and the same token is handed out.
    expect(after.status).toMatchObject({ state: 'valid', renewsAt: expect.any(Number) });
    await core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(h.clipboard.text).toBe(old);
    diskFull = false;
    // Its renewal comes by itself, from the old (still saved) client.
    const before = sim.issuedTokens('oauth.token').length;
    await clock.advance(after.status.renewsAt! - clock.now() + 1_000);
    await until(() => sim.issuedTokens('oauth.token').length > before, 'the planned renewal');
    await until(async () => (await core.connections.get({ id: c.id })).status.state === 'valid', 'valid after renewal');
    await core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(h.clipboard.text).not.toBe(old);
    expect(sim.lookup(h.clipboard.text)?.subject).toBe(ACCOUNTS.oauth.clientId);
  });

  it('a change refused while it is applied keeps the previous settings and the connection keeps renewing by itself', async () => {
    const c = await addValid();
    const old = await copiedToken(c.id);
    // An OAuth2 connection has no password: refused inside the change, after the settings were checked.
    await expect(
      h.core.connections.update({ id: c.id, patch: { oauth2: { ...settingsNow, clientId: ACCOUNTS.oauthRotated.clientId }, secrets: { password: 'x' } } }),
    ).rejects.toThrow('This connection has no password to replace.');
    const after = await h.core.connections.get({ id: c.id });
    expect(after.oauth2?.clientId).toBe(ACCOUNTS.oauth.clientId);
    expect(after.status).toMatchObject({ state: 'valid', renewsAt: expect.any(Number) });
    expect(await copiedToken(c.id)).toBe(old);
    const before = sim.issuedTokens('oauth.token').length;
    await clock.advance(after.status.renewsAt! - clock.now() + 1_000);
    await until(() => sim.issuedTokens('oauth.token').length > before, 'the planned renewal');
    expect(sim.issuedTokens('oauth.token').at(-1)?.subject).toBe(ACCOUNTS.oauth.clientId);
  });

  it('a new scope: the next token carries it', async () => {
    const c = await addValid();
    const old = await copiedToken(c.id);
    await h.core.connections.update({ id: c.id, patch: { oauth2: { ...settingsNow, scope: 'api:read api:write' } } });
    await until(async () => (await copiedToken(c.id)) !== old, 'a new token');
    expect(sim.lookup(await copiedToken(c.id))?.scope).toBe('api:read api:write');
  });

  it('the same settings again: nothing is dropped, no new sign-in', async () => {
    const c = await addValid();
    const old = await copiedToken(c.id);
    const issued = sim.issuedTokens().length;
    await h.core.connections.update({ id: c.id, patch: { oauth2: { ...settingsNow } } });
    expect(await copiedToken(c.id)).toBe(old);
    expect(sim.issuedTokens()).toHaveLength(issued);
  });

  it('a client that does not exist: the connection says what went wrong, in plain words', async () => {
    const c = await addValid();
    await h.core.connections.update({ id: c.id, patch: { oauth2: { ...settingsNow, clientId: 'no-such-client' } } });
    const status = await until(async () => {
      const s = (await h.core.connections.get({ id: c.id })).status;
      return s.state === 'needs-you' || s.state === 'error' ? s : false;
    }, 'the refusal');
    expect(status.message).toMatch(/rejected the client ID or client secret \(HTTP 401\). Check both with whoever registered TokenDesk/);
    await expect(h.core.tokens.copy({ connectionId: c.id, format: 'header' })).rejects.toThrow();
  });

  it('refuses incomplete settings with the same words as when adding, and changes nothing', async () => {
    const c = await addValid();
    const old = await copiedToken(c.id);
    await expect(h.core.connections.update({ id: c.id, patch: { oauth2: { clientId: 'x', tokenUrl: '' } } })).rejects.toThrow(
      'Enter the sign-in server’s address (issuer) or its token address. The service’s OAuth2 documentation lists them.',
    );
    await expect(h.core.connections.update({ id: c.id, patch: { oauth2: { ...settingsNow, tokenUrl: 'http://login.example.com/token' } } })).rejects.toThrow(/https/);
    await expect(h.core.connections.update({ id: c.id, patch: { oauth2: { ...settingsNow, clientId: '   ' } } })).rejects.toThrow(/client ID/);
    expect((await h.core.connections.get({ id: c.id })).oauth2?.clientId).toBe(ACCOUNTS.oauth.clientId);
    expect(await copiedToken(c.id)).toBe(old);
  });

  it('refuses OAuth2 settings for a connection that does not use OAuth2', async () => {
    await addValid();
    const basic = await h.core.connections.add({ providerId: 'cohortgo', label: 'Cohort Go', auth: { kind: 'basic', username: 'u', password: 'p' } });
    await expect(h.core.connections.update({ id: basic.id, patch: { oauth2: { ...settingsNow } } })).rejects.toThrow(
      '“Cohort Go” does not use OAuth2, so it has no client ID or sign-in server to change.',
    );
    expect((await h.core.connections.get({ id: basic.id })).oauth2).toBeNull();
  });
});
