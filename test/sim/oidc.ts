/**
 * A real OAuth2 / OpenID Connect server for tests: oidc-provider on 127.0.0.1 with
 * client credentials, revocation and its development login pages, plus a "person in a
 * browser" (`browse`) that signs in through those pages with a cookie jar until the
 * browser lands on the app's loopback redirect.
 *
 * oidc-provider keeps real time (token expiry, ID tokens): tests that use the fake clock
 * for the core only move the core's idea of time, never the server's.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import Provider, { type OidcContext, type StoredToken } from 'oidc-provider';
import { OIDC_CLIENTS } from './fixture';

// The registered clients live with the other fixture accounts, so the leak scan knows their secrets.
export { OIDC_CLIENTS };

export const OIDC_SCOPES = ['openid', 'offline_access', 'api:read', 'api:write'];

export interface OidcSimOptions {
  accessTokenSeconds?: number;
  clientCredentialsSeconds?: number;
  refreshTokenSeconds?: number;
  /** Issue a new refresh token on every refresh (default true). */
  rotateRefreshTokens?: boolean;
  /** 'oauth2' serves metadata only at RFC 8414's address (no OpenID discovery document). */
  discovery?: 'oidc' | 'oauth2';
}

export interface IssuedRecord {
  kind: 'AccessToken' | 'ClientCredentials' | 'RefreshToken';
  value: string;
  clientId: string | undefined;
}

export interface BrowseResult {
  /** The last page the browser showed: normally TokenDesk's loopback page. */
  status: number;
  text: string;
  url: string;
}

export interface OidcSim {
  issuer: string;
  /** Token requests by grant type, in order (client_credentials, authorization_code, refresh_token). */
  grants: string[];
  /** Tokens the server issued, in order. */
  issued: IssuedRecord[];
  /** Every request: method, path and the Authorization scheme it carried ("Basic", "Bearer"). */
  requests: Array<{ method: string; path: string; auth?: string }>;
  /**
   * Answers the next `times` requests to `path` with `status` (e.g. 503, 429 + Retry-After),
   * or never answers them ('hang'; the sockets are destroyed on close).
   */
  failNext(path: string, status: number | 'hang', opts?: { times?: number; retryAfter?: string }): void;
  /**
   * A person in the browser: opens `url`, follows redirects, signs in on the login page,
   * confirms consent, and stops at the first page outside the server (the app's redirect),
   * which it loads. `cancel` presses "Cancel" on the login page instead.
   */
  browse(url: string, opts?: { login?: string; cancel?: boolean }): Promise<BrowseResult>;
  /** 'active', 'consumed' (a rotated refresh token already used), or 'unknown' (revoked, never issued). */
  refreshTokenState(value: string): Promise<'active' | 'consumed' | 'unknown'>;
  /** True when the server still accepts this access token (code flow or client credentials). */
  accessTokenActive(value: string): Promise<boolean>;
  /** Revokes a refresh token on the server side (an administrator signing the app out). */
  revokeRefreshToken(value: string): Promise<void>;
  close(): Promise<void>;
}

export async function startOidcServer(opts: OidcSimOptions = {}): Promise<OidcSim> {
  const server = createServer();
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const ttl = (seconds: number) => () => seconds;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENTS.machine.id,
        client_secret: OIDC_CLIENTS.machine.secret,
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: 'api:read api:write',
      },
      {
        client_id: OIDC_CLIENTS.app.id,
        client_secret: OIDC_CLIENTS.app.secret,
        application_type: 'native',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback'],
      },
      {
        client_id: OIDC_CLIENTS.publicApp.id,
        token_endpoint_auth_method: 'none',
        application_type: 'native',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback'],
      },
    ],
    jwks: { keys: [signingKey()] },
    cookies: { keys: ['tokendesk-oidc-sim-cookie-key'] },
    scopes: OIDC_SCOPES,
    features: {
      clientCredentials: { enabled: true },
      revocation: { enabled: true, allowedPolicy: async () => true },
      devInteractions: { enabled: true },
    },
    // Every code-flow client gets a refresh token (no offline_access + consent dance needed).
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(type: string): boolean }) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: () => opts.rotateRefreshTokens ?? true,
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub }) }),
    ttl: {
      AccessToken: ttl(opts.accessTokenSeconds ?? 3600),
      ClientCredentials: ttl(opts.clientCredentialsSeconds ?? 600),
      RefreshToken: ttl(opts.refreshTokenSeconds ?? 14 * 24 * 3600),
      AuthorizationCode: ttl(60),
      IdToken: ttl(3600),
      Interaction: ttl(600),
      Session: ttl(24 * 3600),
      Grant: ttl(14 * 24 * 3600),
    },
  });

  const grants: string[] = [];
  const issued: IssuedRecord[] = [];
  const requests: OidcSim['requests'] = [];
  provider.on('grant.success', ((ctx: OidcContext) => grants.push(String(ctx.oidc.params?.['grant_type']))) as (...a: never[]) => void);
  for (const kind of ['AccessToken', 'ClientCredentials', 'RefreshToken'] as const) {
    const event = `${kind.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase()}.saved`;
    provider.on(event, ((t: StoredToken) => issued.push({ kind, value: t.jti, clientId: t.clientId })) as (...a: never[]) => void);
  }

  const faults = new Map<string, { status: number | 'hang'; times: number; retryAfter?: string }>();
  const handle = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    const auth = req.headers.authorization?.split(' ')[0];
    requests.push({ method: req.method ?? 'GET', path, ...(auth ? { auth } : {}) });
    const fault = faults.get(path);
    if (fault && fault.times > 0) {
      fault.times -= 1;
      if (fault.status === 'hang') return;
      res.writeHead(fault.status, { 'Content-Type': 'application/json', ...(fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {}) });
      res.end(JSON.stringify({ error: fault.status === 429 ? 'slow_down' : 'temporarily_unavailable' }));
      return;
    }
    if (opts.discovery === 'oauth2') {
      // Only RFC 8414's address: the same metadata, without OpenID discovery.
      if (path === '/.well-known/openid-configuration') {
        res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"error":"not_found"}');
        return;
      }
      if (path === '/.well-known/oauth-authorization-server') req.url = '/.well-known/openid-configuration';
    }
    handle(req, res);
  });

  const jar = new Map<string, string>();
  async function browse(start: string, o: { login?: string; cancel?: boolean } = {}): Promise<BrowseResult> {
    let url = start;
    let method = 'GET';
    let body: string | undefined;
    for (let step = 0; step < 20; step++) {
      const inside = url.startsWith(`${issuer}/`);
      const res = await fetch(url, {
        method,
        body,
        redirect: 'manual',
        headers: {
          ...(inside && jar.size ? { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } : {}),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
      });
      if (inside) rememberCookies(jar, res.headers.getSetCookie());
      const text = await res.text();
      const location = res.headers.get('location');
      if (!inside || !location) {
        if (!inside || res.status >= 400) return { status: res.status, text, url };
        const action = /<form[^>]*action="([^"]+)"/.exec(text)?.[1];
        const prompt = /name="prompt" value="([^"]+)"/.exec(text)?.[1];
        if (!action || !prompt) return { status: res.status, text, url };
        if (prompt === 'login' && o.cancel) {
          const abort = /href="([^"]*\/abort)"/.exec(text)?.[1];
          if (!abort) throw new Error('no cancel link on the login page');
          url = new URL(abort, url).href;
          method = 'GET';
          body = undefined;
          continue;
        }
        url = new URL(action, url).href;
        method = 'POST';
        body = new URLSearchParams(prompt === 'login' ? { prompt, login: o.login ?? 'pat@example.com', password: 'any' } : { prompt }).toString();
        continue;
      }
      url = new URL(location, url).href;
      method = 'GET';
      body = undefined;
    }
    throw new Error('the browser went round in circles');
  }

  return {
    issuer,
    grants,
    issued,
    requests,
    failNext(path, status, o = {}) {
      faults.set(path, { status, times: o.times ?? 1, ...(o.retryAfter ? { retryAfter: o.retryAfter } : {}) });
    },
    browse,
    async refreshTokenState(value) {
      const t = await provider.RefreshToken.find(value);
      if (!t) return 'unknown';
      return t.consumed ? 'consumed' : 'active';
    },
    async accessTokenActive(value) {
      const t = (await provider.AccessToken.find(value)) ?? (await provider.ClientCredentials.find(value));
      return t !== undefined && !t.isExpired;
    },
    async revokeRefreshToken(value) {
      await (await provider.RefreshToken.find(value))?.destroy();
    },
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

/** One RSA key per test process: generating one for every server start costs CPU for nothing. */
let key: Record<string, unknown> | undefined;
function signingKey(): Record<string, unknown> {
  key ??= { ...generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }), kid: 'sim-key', use: 'sig', alg: 'RS256' };
  return key;
}

function rememberCookies(jar: Map<string, string>, setCookies: string[]): void {
  for (const line of setCookies) {
    const [pair = '', ...attrs] = line.split(';');
    const eq = pair.indexOf('=');
    if (eq < 1) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attrs.some((a) => /^\s*expires=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now()) || attrs.some((a) => /^\s*max-age=0\s*$/i.test(a));
    if (expired || value === '') jar.delete(name);
    else jar.set(name, value);
  }
}
