/**
 * Cohort Go's OAuth2 (cohortgo.dev/guides/oauth2) is the authorization-code flow with two
 * departures from the usual: the client secret travels in the form body, and the code
 * exchange carries `mode=server`; its token answer has no `expires_in`. A small imitation
 * of that server on 127.0.0.1 checks TokenDesk sends exactly that.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { makeCore, MASTER, type Harness } from '../support/core-harness';

const CLIENT = { id: 'tokendesk-cg', secret: 'cg-client-secret-91' };
let server: Server;
let base: string;
let exchanges: Array<{ auth: string | undefined; body: URLSearchParams }>;
let h: Harness;

beforeEach(async () => {
  exchanges = [];
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', base);
    if (req.method === 'GET' && url.pathname === '/oauth2/authorize') {
      // The person approves at once: back to the app with a code and the state it sent.
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.searchParams.set('code', 'code-123');
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.href }).end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/oauth2/token') {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        const body = new URLSearchParams(text);
        exchanges.push({ auth: req.headers.authorization, body });
        const ok = body.get('client_secret') === CLIENT.secret && body.get('mode') === 'server' && body.get('code') === 'code-123';
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(
          JSON.stringify(
            ok
              ? { access_token: 'cg-access-token-77', token_type: 'bearer', scope: '', api_base_url: `${base}/api/v1`, base_url: base }
              : { error: 'invalid_client' },
          ),
        );
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  h = await makeCore({
    // The "browser": follow the sign-in page's redirect back to TokenDesk's loopback address.
    openExternal: async (url) => {
      const res = await fetch(url, { redirect: 'manual' });
      void fetch(res.headers.get('location')!).then((r) => r.arrayBuffer());
    },
  });
  await h.core.vault.create({ password: MASTER });
});
afterEach(async () => {
  await h.cleanup();
  await new Promise((r) => server.close(r));
});

it('signs in to Cohort Go with the secret in the form body and mode=server, and hands out its Bearer token', async () => {
  const c = await h.core.connections.add({
    providerId: 'cohortgo',
    label: 'Cohort Go (OAuth2)',
    auth: {
      kind: 'oauth2-auth-code',
      authorizationUrl: `${base}/oauth2/authorize`,
      tokenUrl: `${base}/oauth2/token`,
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
    },
  });
  const view = await h.core.connections.signIn({ id: c.id });
  expect(view.status.state).toBe('valid');
  expect(exchanges).toHaveLength(1);
  const [exchange] = exchanges;
  expect(exchange!.auth).toBeUndefined();
  expect(Object.fromEntries(exchange!.body)).toMatchObject({
    grant_type: 'authorization_code',
    mode: 'server',
    client_id: CLIENT.id,
    client_secret: CLIENT.secret,
    code: 'code-123',
  });
  expect(exchange!.body.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
  await h.core.tokens.copy({ connectionId: c.id, format: 'header' });
  expect(h.clipboard.text).toBe('Authorization: Bearer cg-access-token-77');
});
