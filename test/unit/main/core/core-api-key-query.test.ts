/**
 * An API key that travels as a query parameter, through the core door: the copy formats,
 * the toast description, reveal, the view's placement, and Test connection sending the key
 * in the address (not in a header) to a real loopback server.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeCore, MASTER, type Harness } from '../../../support/core-harness';

const KEY = `k'y $x&=%?`;
let server: Server;
let origin: string;
const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ok = url.searchParams.get('api_key') === KEY;
    res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok }));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
});

let h: Harness;
afterEach(async () => h?.cleanup());

async function queryKeyConnection(apiKey = KEY) {
  h = await makeCore();
  await h.core.vault.create({ password: MASTER });
  return h.core.connections.add({
    providerId: 'custom',
    label: 'Maps',
    baseUrl: 'https://maps.example.com/v2?lang=en',
    checkUrl: `${origin}/ping`,
    auth: { kind: 'api-key', apiKey, placement: 'query', headerName: 'api_key' },
  });
}

describe('API key in a query parameter', () => {
  it('the view says where the key goes; a header key says header', async () => {
    const c = await queryKeyConnection();
    expect(c.placement).toBe('query');
    expect(c.headerName).toBe('api_key');
    const plain = await h.core.connections.add({ providerId: 'custom', label: 'H', auth: { kind: 'api-key', apiKey: 'k' } });
    expect(plain.placement).toBe('header');
  });

  it('"header" copies name=value, encoded, and the description says to add it to the address', async () => {
    const c = await queryKeyConnection();
    const r = await h.core.tokens.copy({ connectionId: c.id, format: 'header' });
    expect(h.clipboard.text).toBe('api_key=k%27y%20%24x%26%3D%25%3F');
    expect(r.description).toBe('Query parameter for Maps (api_key=…, add it to the web address after “?”)');
    expect(r.description).not.toContain('k%27');
    const audit = await h.core.audit.list({ search: 'copied' });
    expect(audit[0]!.detail).toBe('Copied the query parameter');
  });

  it('curl, PowerShell and Python call the connection address with the key added to its query', async () => {
    const c = await queryKeyConnection();
    const url = 'https://maps.example.com/v2?lang=en&api_key=k%27y%20%24x%26%3D%25%3F';
    await h.core.tokens.copy({ connectionId: c.id, format: 'curl' });
    expect(h.clipboard.text).toBe(`curl '${url}'`);
    await h.core.tokens.copy({ connectionId: c.id, format: 'powershell' });
    expect(h.clipboard.text).toBe(`Invoke-RestMethod -Uri '${url}'`);
    await h.core.tokens.copy({ connectionId: c.id, format: 'python' });
    expect(h.clipboard.text).toContain(`requests.get("${url}")`);
    await h.core.tokens.copy({ connectionId: c.id, format: 'token' });
    expect(h.clipboard.text).toBe(KEY);
  });

  it('reveal shows the parameter, not a header line', async () => {
    const c = await queryKeyConnection();
    const r = await h.core.tokens.reveal({ connectionId: c.id });
    expect(r.header).toBe('api_key=k%27y%20%24x%26%3D%25%3F');
  });

  it('Test connection sends the key in the query and no key header', async () => {
    const c = await queryKeyConnection();
    seen.length = 0;
    const ok = await h.core.connections.test({ id: c.id });
    expect(ok).toMatchObject({ ok: true, httpStatus: 200 });
    expect(seen).toHaveLength(1);
    expect(new URL(seen[0]!.url, origin).searchParams.get('api_key')).toBe(KEY);
    expect(seen[0]!.headers.authorization).toBeUndefined();
    expect(seen[0]!.headers.api_key).toBeUndefined();

    await h.core.connections.update({ id: c.id, patch: { secrets: { apiKey: 'wrong-key' } } });
    const bad = await h.core.connections.test({ id: c.id });
    expect(bad).toMatchObject({ ok: false, httpStatus: 401 });
  });
});
