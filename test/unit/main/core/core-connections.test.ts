import { afterEach, describe, expect, it } from 'vitest';
import { makeCore, MASTER, readAllFiles, type Harness } from '../../../support/core-harness';
import { handleCall } from '../../../../src/main/shell/ipc';

let h: Harness;
afterEach(async () => h?.cleanup());

async function unlocked() {
  h = await makeCore();
  await h.core.vault.create({ password: MASTER });
  return h.core;
}

describe('Basic connections (RFC 7617, UTF-8)', () => {
  it('copies the RFC vector header', async () => {
    const core = await unlocked();
    const c = await core.connections.add({ providerId: 'custom', label: 'RFC', auth: { kind: 'basic', username: 'Aladdin', password: 'open sesame' } });
    await core.tokens.copy({ connectionId: c.id, format: 'header' });
    expect(h.clipboard.text).toBe('Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  });

  it('encodes non-ASCII credentials as UTF-8', async () => {
    const core = await unlocked();
    const c = await core.connections.add({ providerId: 'nexudus', label: 'UTF-8', auth: { kind: 'basic', username: 'test', password: '123£' } });
    await core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(h.clipboard.text).toBe('dGVzdDoxMjPCow==');
  });

  it('copies a curl command with the header quoted', async () => {
    const core = await unlocked();
    const c = await core.connections.add({
      providerId: 'custom',
      label: 'Key',
      baseUrl: 'https://api.example.com',
      auth: { kind: 'api-key', apiKey: "k'ey$1", headerName: 'X-API-Key' },
    });
    const r = await core.tokens.copy({ connectionId: c.id, format: 'curl' });
    expect(h.clipboard.text).toBe(`curl -H 'X-API-Key: k'\\''ey$1' 'https://api.example.com'`);
    expect(r.description).toBe('Curl command for Key');
    expect(r.clearsAt).toBe(r.copiedAt + 30_000);
  });

  it('bearer and Resolver API-key headers', async () => {
    const core = await unlocked();
    const b = await core.connections.add({ providerId: 'custom', label: 'B', auth: { kind: 'bearer', token: 'tok123' } });
    await core.tokens.copy({ connectionId: b.id, format: 'header' });
    expect(h.clipboard.text).toBe('Authorization: Bearer tok123');
    const r = await core.connections.add({ providerId: 'resolver', label: 'R', baseUrl: 'https://acme.resolver.com', auth: { kind: 'resolver-api-key', apiKey: 'k1' } });
    await core.tokens.copy({ connectionId: r.id, format: 'header' });
    expect(h.clipboard.text).toBe('Authorization: ApiKey k1');
  });

  it('views never carry secrets, and nothing secret reaches disk', async () => {
    const core = await unlocked();
    const secrets = ['s3cret-Pa55-word', 'bearer-abcdef-123456', 'api-key-zyx-987'];
    await core.connections.add({ providerId: 'cohortgo', label: 'CG', auth: { kind: 'basic', username: 'api@cohortgo.example', password: secrets[0]! } });
    await core.connections.add({ providerId: 'custom', label: 'B', auth: { kind: 'bearer', token: secrets[1]! } });
    const k = await core.connections.add({ providerId: 'custom', label: 'K', auth: { kind: 'api-key', apiKey: secrets[2]! } });
    await core.tokens.copy({ connectionId: k.id, format: 'header' });
    await core.connections.update({ id: k.id, patch: { secrets: { apiKey: 'replaced-key-5555' } } });
    secrets.push('replaced-key-5555');
    await core.vault.lock();
    await core.close();
    const everything = (await readAllFiles(h.dataDir)) + JSON.stringify(await core.audit.list({}));
    for (const s of secrets) {
      expect(everything).not.toContain(s);
      expect(everything).not.toContain(Buffer.from(s).toString('base64'));
      expect(everything).not.toContain(Buffer.from(`api@cohortgo.example:${s}`).toString('base64'));
    }
  });

  it('edits keep untouched secrets and replace given ones', async () => {
    const core = await unlocked();
    const c = await core.connections.add({ providerId: 'cohortgo', label: 'CG', auth: { kind: 'basic', username: 'u@x.y', password: 'old' } });
    await core.connections.update({ id: c.id, patch: { label: 'Cohort prod' } });
    await core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(Buffer.from(h.clipboard.text, 'base64').toString()).toBe('u@x.y:old');
    const v = await core.connections.update({ id: c.id, patch: { secrets: { password: 'new' } } });
    expect(v.label).toBe('Cohort prod');
    expect(v.storedSecretFields).toEqual(['password']);
    await core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(Buffer.from(h.clipboard.text, 'base64').toString()).toBe('u@x.y:new');
    await expect(core.connections.update({ id: c.id, patch: { secrets: { apiKey: 'x' } } })).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('removes a connection and audits the whole story without secrets', async () => {
    const core = await unlocked();
    const c = await core.connections.add({ providerId: 'cohortgo', label: 'CG', auth: { kind: 'basic', username: 'u@x.y', password: 'pw-zz-9' } });
    await core.tokens.copy({ connectionId: c.id, format: 'header' });
    await core.connections.remove({ id: c.id });
    expect(await core.connections.list()).toEqual([]);
    await expect(core.tokens.copy({ connectionId: c.id, format: 'header' })).rejects.toMatchObject({ code: 'not-found' });
    const actions = (await core.audit.list({})).map((e) => e.action).reverse();
    expect(actions).toEqual(['vault-created', 'connection-added', 'copied', 'connection-removed']);
    expect((await core.audit.list({ search: 'copied' })).length).toBe(1);
  });
});

describe('bad input gets a plain message and changes nothing (through the IPC schema)', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['empty user name', { providerId: 'cohortgo', label: 'x', auth: { kind: 'basic', username: '', password: 'p' } }, /Enter the user name/],
    ['whitespace password', { providerId: 'cohortgo', label: 'x', auth: { kind: 'basic', username: 'u', password: '   ' } }, /Enter the password/],
    ['blank name', { providerId: 'cohortgo', label: '  ', auth: { kind: 'basic', username: 'u', password: 'p' } }, /Enter a name for this connection/],
    ['colon in user name', { providerId: 'cohortgo', label: 'x', auth: { kind: 'basic', username: 'a:b', password: 'p' } }, /cannot contain a colon/],
    ['CR/LF in password', { providerId: 'cohortgo', label: 'x', auth: { kind: 'basic', username: 'u', password: 'p\r\nX-Evil: 1' } }, /line break or an invisible character/],
    ['NUL in token', { providerId: 'custom', label: 'x', auth: { kind: 'bearer', token: 'ab\u0000c' } }, /invisible character/],
    ['bad header name', { providerId: 'custom', label: 'x', auth: { kind: 'api-key', apiKey: 'k', headerName: 'X Key:' } }, /header name can only use/],
    ['http base URL', { providerId: 'custom', label: 'x', baseUrl: 'http://api.example.com', auth: { kind: 'bearer', token: 't' } }, /starts with https/],
    ['not a URL', { providerId: 'custom', label: 'x', baseUrl: 'api example', auth: { kind: 'bearer', token: 't' } }, /not a web address/],
  ];
  for (const [name, input, message] of cases) {
    it(name, async () => {
      const core = await unlocked();
      const r = await handleCall(core, 'connections:add', input);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid-input');
        expect(r.error.message).toMatch(message);
      }
      expect(await core.connections.list()).toEqual([]);
    });
  }

  it('http is allowed for localhost', async () => {
    const core = await unlocked();
    const r = await handleCall(core, 'connections:add', { providerId: 'custom', label: 'x', baseUrl: 'http://127.0.0.1:8080/', auth: { kind: 'bearer', token: 't' } });
    expect(r.ok).toBe(true);
  });

  it('a provider that does not use that sign-in is refused', async () => {
    const core = await unlocked();
    await expect(core.connections.add({ providerId: 'cohortgo', label: 'x', auth: { kind: 'bearer', token: 't' } })).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/does not use this kind of sign-in/),
    });
  });
});

describe('clipboard auto-clear only when unchanged', () => {
  it('is cleared after the set time if it still holds our value, left alone otherwise', async () => {
    const timers: Array<{ at: number; fn: () => void }> = [];
    let now = 1_000_000;
    const clock = { now: () => now, setTimer: (d: number, fn: () => void) => { const t = { at: now + d, fn }; timers.push(t); return { cancel: () => timers.splice(timers.indexOf(t), 1) }; } };
    h = await makeCore({ clock });
    await h.core.vault.create({ password: MASTER });
    await h.core.settings.update({ clipboardClearSeconds: 10 });
    const c = await h.core.connections.add({ providerId: 'custom', label: 'B', auth: { kind: 'bearer', token: 'tok' } });
    await h.core.tokens.copy({ connectionId: c.id, format: 'header' });
    now += 10_000;
    timers.splice(0).forEach((t) => t.fn());
    await new Promise((r) => setImmediate(r));
    expect(h.clipboard.text).toBe('');
    await h.core.tokens.copy({ connectionId: c.id, format: 'header' });
    h.clipboard.text = 'something the user copied';
    timers.splice(0).forEach((t) => t.fn());
    await new Promise((r) => setImmediate(r));
    expect(h.clipboard.text).toBe('something the user copied');
  });

  it('is cleared on lock if unchanged', async () => {
    const core = await unlocked();
    const c = await core.connections.add({ providerId: 'custom', label: 'B', auth: { kind: 'bearer', token: 'tok' } });
    await core.tokens.copy({ connectionId: c.id, format: 'header' });
    await core.vault.lock();
    expect(h.clipboard.text).toBe('');
  });
});
