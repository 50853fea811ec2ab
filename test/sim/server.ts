/**
 * Provider simulator: a real HTTP server (node:http) bound to 127.0.0.1 that
 * imitates the sign-in endpoints of Cogniac, Resolver Core and Basic-auth
 * providers (Cohort Go, Nexudus), and a plain OAuth2 token endpoint (RFC 6749
 * client credentials and refresh tokens, RFC 7009 revocation, an RFC 6750
 * protected route), with switchable faults.
 */
import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { defaultFixture, type SimFixture, type CogniacUser, type ResolverUser, type BasicUser, type OAuthClient } from './fixture';
import { pick, seededRandom } from './random';

export type { SimFixture } from './fixture';

export const SIM_ROUTES = [
  'cogniac.tenants',
  'cogniac.token',
  'cogniac.current',
  'resolver.login',
  'resolver.renew',
  'resolver.logout',
  'resolver.check',
  'resolver.apikey',
  'check.cohortgo',
  'check.nexudus',
  'check.basic',
  'oauth.token',
  'oauth.revoke',
  'oauth.api',
] as const;
export type SimRoute = (typeof SIM_ROUTES)[number];

export const SIM_FAULTS = [
  'http-401',
  'http-403',
  'http-404',
  'http-423',
  'http-429',
  'http-500',
  'http-503',
  'html-200',
  'bad-json',
  'expires-missing',
  'expires-zero',
  'expires-negative',
  'expires-string',
  'expires-huge',
  'bad-token-chars',
  'slow',
  'hang',
  'hang-before-headers',
  'reset',
  'mfa-required',
  'password-expired',
  'redirect-other-host',
] as const;
export type SimFault = (typeof SIM_FAULTS)[number];

/** Method + path of every route (for docs, the CLI table and tests). */
export const ROUTE_TABLE: Record<SimRoute, { method: string; path: string; auth: string }> = {
  'cogniac.tenants': { method: 'GET', path: '/1/users/current/tenants', auth: 'Basic' },
  'cogniac.token': { method: 'GET', path: '/1/token?tenant_id=…', auth: 'Basic' },
  'cogniac.current': { method: 'GET', path: '/1/tenants/current', auth: 'Bearer' },
  'resolver.login': { method: 'POST', path: '/user/authenticate', auth: 'JSON body' },
  'resolver.renew': { method: 'GET', path: '/user/authenticate', auth: 'Bearer' },
  'resolver.logout': { method: 'POST', path: '/user/authenticate/logout', auth: 'Bearer' },
  'resolver.check': { method: 'GET', path: '/object/ping', auth: 'Bearer or ApiKey' },
  'resolver.apikey': { method: 'GET', path: '/user/apikey-check', auth: 'ApiKey' },
  'check.cohortgo': { method: 'GET', path: '/check/cohortgo', auth: 'Basic' },
  'check.nexudus': { method: 'GET', path: '/check/nexudus', auth: 'Basic' },
  'check.basic': { method: 'GET', path: '/check/basic', auth: 'Basic' },
  'oauth.token': { method: 'POST', path: '/oauth/token', auth: 'Basic (client ID + secret)' },
  'oauth.revoke': { method: 'POST', path: '/oauth/revoke', auth: 'Basic (client ID + secret)' },
  'oauth.api': { method: 'GET', path: '/api/me', auth: 'Bearer (OAuth2 access token)' },
};

export interface SimRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query string including '?', or ''. */
  search: string;
  route: SimRoute | 'unknown';
  authorization?: string;
  /** Host header as sent by the client. */
  host: string;
  /** True when the request arrived on the other host name used by 'redirect-other-host'. */
  redirected: boolean;
  /** Fault applied to this request, if any. */
  fault?: SimFault;
  /** True when `fault` came from the random injector. */
  randomFault?: boolean;
  /** Server clock (opts.now) at arrival. */
  at: number;
}

export type SimRequestLog = SimRequest[] & { count(route?: SimRoute | 'unknown'): number };

export interface SimIssuedToken {
  token: string;
  route: SimRoute;
  provider: 'cogniac' | 'resolver' | 'oauth';
  /** 'refresh' only for OAuth2 refresh tokens; every other token is an access token. */
  tokenType: 'access' | 'refresh';
  /** User e-mail; the client ID for OAuth2. */
  subject: string;
  tenantId?: string;
  org?: number;
  /** OAuth2: the scope granted (space-separated). */
  scope?: string;
  issuedAt: number;
  /** Server-side expiry, ms on the server clock. */
  expiresAt: number;
  revoked: boolean;
}

export interface SimOptions {
  /** Port to bind on 127.0.0.1; 0/undefined = random. */
  port?: number;
  fixture?: SimFixture;
  tokenLifetimes?: {
    cogniacSeconds?: number;
    resolverSeconds?: number;
    /** OAuth2 access tokens (default 3600). */
    oauthSeconds?: number;
    /** OAuth2 refresh tokens (default 14 days). */
    oauthRefreshSeconds?: number;
  };
  /** Server clock, ms. Default Date.now. */
  now?: () => number;
  /** Overrides fixture.resolver.expiresAtUnit. */
  resolverExpiresAtUnit?: 's' | 'ms';
  /** Delay of the 'slow' fault, ms. Default 2000. */
  slowMs?: number;
  /**
   * Serve the admin routes under `/__sim/` (switch faults by hand while it runs; see
   * README). Off by default so tests see only provider routes; `npm run sim` turns it on.
   */
  admin?: boolean;
  /** Inject faults at random (reproducibly, from a seed); see RandomFaultOptions. */
  randomFaults?: RandomFaultOptions;
  /**
   * Keep at most this many entries in `requests`, and forget expired or revoked tokens
   * beyond this many (long soak runs). Counts (`count`, `faultCount`) are never trimmed.
   */
  historyLimit?: number;
  /**
   * Append every issued token (one per line) to this file, so a leak scan can look for
   * them later. Default: the TOKENDESK_SIM_ISSUED_LOG environment variable, else off.
   */
  issuedLog?: string;
}

/** A fault the random injector may choose, with the Retry-After it sends (429/503). */
export type RandomFaultChoice = SimFault | { fault: SimFault; retryAfter: string };

export interface RandomFaultOptions {
  /** Share of requests (0..1) that get a fault. */
  rate: number;
  /** Same seed, same sequence of decisions for the same sequence of requests. */
  seed: number;
  /** Faults to choose from (uniformly). Default: RANDOM_FAULTS. */
  faults?: readonly RandomFaultChoice[];
  /** Routes that may get faults. Default: every route. */
  routes?: readonly SimRoute[];
}

/** Faults a long run can survive by itself or with one "sign in again": no hangs longer than the client timeout. */
export const RANDOM_FAULTS: readonly RandomFaultChoice[] = [
  'http-401',
  'http-403',
  'http-404',
  'http-423',
  'http-429',
  { fault: 'http-429', retryAfter: '7' },
  'http-500',
  'http-503',
  { fault: 'http-503', retryAfter: '3' },
  'html-200',
  'bad-json',
  'expires-missing',
  'expires-zero',
  'expires-negative',
  'expires-string',
  'expires-huge',
  'bad-token-chars',
  'reset',
  'hang',
  'redirect-other-host',
];

export interface SetFaultOptions {
  /** Apply only to the next N requests of the route; default: until cleared. */
  times?: number;
  /** Retry-After header value for 'http-429' (and 'http-503'). */
  retryAfter?: string;
}

export interface Simulator {
  url: string;
  port: number;
  fixture: SimFixture;
  requests: SimRequestLog;
  count(route?: SimRoute | 'unknown'): number;
  setFault(route: SimRoute, fault: SimFault | null, opts?: SetFaultOptions): void;
  /** Clears the faults set with setFault (random injection stays as configured). */
  clearFaults(): void;
  /** Turns random fault injection on (with a fresh seeded sequence) or off (null). */
  setRandomFaults(opts: RandomFaultOptions | null): void;
  /** Faults applied so far (explicit and random), by route or in total. Never trimmed. */
  faultCount(route?: SimRoute, which?: 'random' | 'explicit'): number;
  revoke(token: string): void;
  issuedTokens(route?: SimRoute): SimIssuedToken[];
  /** Requests of `route` (or of every route) being answered right now. */
  inflight(route?: SimRoute): number;
  /** Most requests of `route` (or of every route) ever answered at the same time. */
  peakInflight(route?: SimRoute): number;
  /**
   * Holds every request of `route` (after logging it, before answering) until the returned
   * function is called; then the held ones are answered and holding stops. Lets a test see
   * what the client shows while a request is under way, with no timing involved.
   */
  hold(route: SimRoute): () => void;
  /** The record of one issued token, if the simulator still knows it. */
  lookup(token: string): SimIssuedToken | undefined;
  /**
   * Issues an OAuth2 refresh token to a fixture client, as if it had been given one by an
   * earlier sign-in (a browser sign-in, which this simulator does not imitate), so the
   * `refresh_token` grant can be exercised. Scope: the client's scopes by default.
   */
  issueRefreshToken(clientId: string, scope?: string): string;
  close(): Promise<void>;
}

export const DEFAULT_COGNIAC_SECONDS = 432000;
export const DEFAULT_RESOLVER_SECONDS = 900;
export const DEFAULT_OAUTH_SECONDS = 3600;
export const DEFAULT_OAUTH_REFRESH_SECONDS = 14 * 24 * 3600;
const TEN_YEARS_S = 10 * 365 * 24 * 3600;

const CAPTIVE_PORTAL_HTML = `<!DOCTYPE html>
<html><head><title>Guest Wi-Fi – Sign in</title></head>
<body><h1>Welcome to Guest Wi-Fi</h1>
<p>Please accept the terms of use to continue.</p>
<form method="post" action="/portal/accept"><button>Accept &amp; connect</button></form>
</body></html>`;

interface ActiveFault {
  fault: SimFault;
  remaining?: number;
  retryAfter?: string;
}

interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  fault?: SimFault;
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Parse `Authorization: Basic …` as UTF-8 (RFC 7617). */
export function parseBasic(header: string | undefined): { user: string; pass: string } | null {
  if (!header) return null;
  const m = /^basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header);
  if (!m?.[1]) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return null;
  return { user: decoded.slice(0, i), pass: decoded.slice(i + 1) };
}

function parseScheme(header: string | undefined, scheme: string): string | null {
  if (!header) return null;
  const m = new RegExp(`^${scheme}\\s+(\\S.*?)\\s*$`, 'i').exec(header);
  return m?.[1] ?? null;
}

/** RFC 6749 §5.1: token answers (and their errors) are never cached. */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };
/** RFC 6749 §2.3.1 / RFC 7617: the answer to a failed client_secret_basic. */
const CLIENT_CHALLENGE = { 'www-authenticate': 'Basic realm="tokendesk-sim", charset="UTF-8"' };

/** An RFC 6749 §5.2 error answer. `description` must stay within its ASCII set (no quote, no backslash). */
function oauthError(res: ServerResponse, status: number, error: string, description: string, headers: Record<string, string> = {}): void {
  json(res, status, { error, error_description: description }, { ...NO_STORE, ...headers });
}

/** application/x-www-form-urlencoded value (RFC 6749 Appendix B): '+' is a space. Null when malformed. */
function formDecode(s: string): string | null {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

function newToken(prefix: string): string {
  return `${prefix}.${randomBytes(24).toString('base64url')}`;
}

function matchRoute(method: string, path: string): SimRoute | null {
  const p = path.length > 1 ? path.replace(/\/+$/, '') : path;
  switch (`${method} ${p}`) {
    case 'GET /1/users/current/tenants':
      return 'cogniac.tenants';
    case 'GET /1/token':
    case 'GET /1/oauth/token':
      return 'cogniac.token';
    case 'GET /1/tenants/current':
      return 'cogniac.current';
    case 'POST /user/authenticate':
      return 'resolver.login';
    case 'GET /user/authenticate':
      return 'resolver.renew';
    case 'POST /user/authenticate/logout':
      return 'resolver.logout';
    case 'GET /object/ping':
      return 'resolver.check';
    case 'GET /user/apikey-check':
      return 'resolver.apikey';
    case 'GET /check/cohortgo':
      return 'check.cohortgo';
    case 'GET /check/nexudus':
      return 'check.nexudus';
    case 'GET /check/basic':
      return 'check.basic';
    case 'POST /oauth/token':
      return 'oauth.token';
    case 'POST /oauth/revoke':
      return 'oauth.revoke';
    case 'GET /api/me':
      return 'oauth.api';
    default:
      return null;
  }
}

async function readBody(req: IncomingMessage, limit = 1 << 20): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startSimulator(opts: SimOptions = {}): Promise<Simulator> {
  const fixture = opts.fixture ?? defaultFixture();
  if (opts.resolverExpiresAtUnit) fixture.resolver.expiresAtUnit = opts.resolverExpiresAtUnit;
  const now = opts.now ?? Date.now;
  const cogniacSeconds = opts.tokenLifetimes?.cogniacSeconds ?? DEFAULT_COGNIAC_SECONDS;
  const resolverSeconds = opts.tokenLifetimes?.resolverSeconds ?? DEFAULT_RESOLVER_SECONDS;
  const oauthSeconds = opts.tokenLifetimes?.oauthSeconds ?? DEFAULT_OAUTH_SECONDS;
  const oauthRefreshSeconds = opts.tokenLifetimes?.oauthRefreshSeconds ?? DEFAULT_OAUTH_REFRESH_SECONDS;
  const slowMs = opts.slowMs ?? 2000;

  const faults = new Map<SimRoute, ActiveFault>();
  const tokens = new Map<string, SimIssuedToken>();
  const counts = new Map<SimRoute | 'unknown', number>();
  const faultCounts = new Map<string, number>();
  const historyLimit = opts.historyLimit ?? Infinity;
  const issuedLog = opts.issuedLog ?? process.env['TOKENDESK_SIM_ISSUED_LOG'] ?? '';
  let randomFaults: { opts: RandomFaultOptions; random: () => number } | null = null;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const log = Object.assign([] as SimRequest[], {
    count(route?: SimRoute | 'unknown'): number {
      return route ? log.filter((r) => r.route === route).length : log.length;
    },
  }) as SimRequestLog;
  let port = 0;
  let closed = false;
  const inflight = new Map<SimRoute | '*', number>();
  const peak = new Map<SimRoute | '*', number>();
  const held = new Map<SimRoute, Array<() => void>>();

  function enter(route: SimRoute): void {
    for (const key of [route, '*'] as const) {
      const n = (inflight.get(key) ?? 0) + 1;
      inflight.set(key, n);
      if (n > (peak.get(key) ?? 0)) peak.set(key, n);
    }
  }
  function leave(route: SimRoute): void {
    for (const key of [route, '*'] as const) inflight.set(key, (inflight.get(key) ?? 1) - 1);
  }

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  function setRandomFaults(o: RandomFaultOptions | null): void {
    if (o && !(o.rate >= 0 && o.rate <= 1)) throw new Error('setRandomFaults: rate must be between 0 and 1');
    randomFaults = o ? { opts: o, random: seededRandom(o.seed) } : null;
  }
  if (opts.randomFaults) setRandomFaults(opts.randomFaults);

  /** One decision per request on an eligible route, so the sequence depends only on the seed and the request order. */
  function randomFault(route: SimRoute): ActiveFault | undefined {
    if (!randomFaults) return undefined;
    const { opts: o, random } = randomFaults;
    if (o.routes && !o.routes.includes(route)) return undefined;
    const roll = random();
    const choice = pick(random, o.faults ?? RANDOM_FAULTS);
    if (roll >= o.rate) return undefined;
    return typeof choice === 'string' ? { fault: choice } : { fault: choice.fault, retryAfter: choice.retryAfter };
  }

  function bump<K>(map: Map<K, number>, key: K): void {
    map.set(key, (map.get(key) ?? 0) + 1);
  }

  function trimLog(): void {
    if (log.length > historyLimit) log.splice(0, log.length - historyLimit);
  }

  function trimTokens(): void {
    if (tokens.size > historyLimit) {
      const t = now();
      for (const [value, rec] of tokens) {
        if (tokens.size <= historyLimit) break;
        if (rec.revoked || rec.expiresAt <= t) tokens.delete(value);
      }
    }
  }

  function takeFault(route: SimRoute): ActiveFault | undefined {
    const f = faults.get(route);
    if (!f) return undefined;
    if (f.remaining !== undefined) {
      f.remaining -= 1;
      if (f.remaining <= 0) faults.delete(route);
    }
    return f;
  }

  const PREFIXES = { cogniac: 'cgn', resolver: 'rsv', oauth: 'oat' } as const;

  function issue(
    route: SimRoute,
    provider: SimIssuedToken['provider'],
    subject: string,
    lifetimeS: number,
    extra: { tenantId?: string; org?: number; scope?: string; tokenType?: 'access' | 'refresh' },
    fault?: SimFault,
  ): SimIssuedToken {
    const { tokenType = 'access', ...rest } = extra;
    let token = newToken(tokenType === 'refresh' ? 'ort' : PREFIXES[provider]);
    if (fault === 'bad-token-chars' && tokenType === 'access') token = `bad token "${token}" ünïcødé`;
    const rec: SimIssuedToken = {
      token,
      route,
      provider,
      tokenType,
      subject,
      ...rest,
      issuedAt: now(),
      expiresAt: now() + lifetimeS * 1000,
      revoked: false,
    };
    tokens.set(token, rec);
    trimTokens();
    if (issuedLog) appendFileSync(issuedLog, `${token}\n`, { mode: 0o600 });
    return rec;
  }

  function validToken(header: string | undefined, provider: SimIssuedToken['provider']): SimIssuedToken | null {
    const t = parseScheme(header, 'Bearer');
    if (!t) return null;
    const rec = tokens.get(t);
    if (!rec || rec.provider !== provider || rec.tokenType !== 'access' || rec.revoked || now() >= rec.expiresAt) return null;
    return rec;
  }

  /**
   * client_secret_basic (RFC 6749 §2.3.1): the client ID and secret are form-urlencoded,
   * joined with ':' and sent as Basic. Only this method is accepted; anything else fails
   * as invalid_client (401 with a Basic challenge, §5.2).
   */
  function oauthClient(ctx: Ctx, params: URLSearchParams): OAuthClient | null {
    if (params.has('client_secret')) return null;
    const cred = parseBasic(ctx.req.headers.authorization);
    if (!cred) return null;
    const id = formDecode(cred.user);
    const secret = formDecode(cred.pass);
    const client = fixture.oauth.clients.find((c) => c.clientId === id);
    if (!client || client.clientSecret !== secret) return null;
    // A client_id in the body too must name the same client (§3.2.1).
    if (params.has('client_id') && params.get('client_id') !== client.clientId) return null;
    return client;
  }

  /** The form body of an OAuth2 request, or null after answering invalid_request (§3.2: POST, form-encoded, no repeated parameters). */
  async function oauthForm(ctx: Ctx): Promise<URLSearchParams | null> {
    const type = (ctx.req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const text = await readBody(ctx.req);
    if (type !== 'application/x-www-form-urlencoded') {
      oauthError(ctx.res, 400, 'invalid_request', 'Send the parameters as application/x-www-form-urlencoded');
      return null;
    }
    const params = new URLSearchParams(text);
    const seen = new Set<string>();
    for (const key of params.keys()) {
      if (seen.has(key)) {
        oauthError(ctx.res, 400, 'invalid_request', `Parameter ${key.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '?').slice(0, 40)} is repeated`);
        return null;
      }
      seen.add(key);
    }
    return params;
  }

  /** The requested scope checked against what may be granted; null after answering invalid_scope. */
  function grantedScope(ctx: Ctx, requested: string | null, allowed: readonly string[]): string | null {
    const wanted = (requested ?? '').split(' ').filter(Boolean);
    if (wanted.length === 0) return allowed.join(' ');
    const refused = wanted.filter((s) => !allowed.includes(s));
    if (refused.length > 0) {
      oauthError(ctx.res, 400, 'invalid_scope', `This client may not have the scope ${refused.join(' ').replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '?').slice(0, 100)}`);
      return null;
    }
    return [...new Set(wanted)].join(' ');
  }

  /** A token answer (RFC 6749 §5.1), with the expiry faults applied to `expires_in`. */
  function oauthAnswer(ctx: Ctx, access: SimIssuedToken, refresh?: SimIssuedToken): void {
    const body: Record<string, unknown> = {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: expiryValue(oauthSeconds, TEN_YEARS_S, ctx.fault),
      scope: access.scope,
    };
    if (ctx.fault === 'expires-missing') delete body.expires_in;
    if (refresh) body.refresh_token = refresh.token;
    json(ctx.res, 200, body, NO_STORE);
  }

  function cogniacUser(ctx: Ctx): CogniacUser | null {
    const cred = parseBasic(ctx.req.headers.authorization);
    if (!cred) return null;
    const u = fixture.cogniac.users.find((x) => x.email === cred.user);
    return u && u.password === cred.pass ? u : null;
  }

  function expiryValue(real: number, huge: number, fault?: SimFault): unknown {
    switch (fault) {
      case 'expires-zero':
        return 0;
      case 'expires-negative':
        return -Math.abs(real || 3600);
      case 'expires-string':
        return String(real);
      case 'expires-huge':
        return huge;
      default:
        return real;
    }
  }

  function resolverAnswer(ctx: Ctx, rec: SimIssuedToken, user: ResolverUser): void {
    const unit = fixture.resolver.expiresAtUnit;
    const toUnit = (ms: number) => (unit === 'ms' ? ms : Math.floor(ms / 1000));
    const body: Record<string, unknown> = {
      token: rec.token,
      expiresAt: expiryValue(toUnit(rec.expiresAt), toUnit(now() + TEN_YEARS_S * 1000), ctx.fault),
      user: {
        id: user.id,
        first: user.first,
        last: user.last,
        email: user.email,
        isActive: user.isActive,
        isAdmin: user.isAdmin,
        selectedOrg: rec.org,
      },
    };
    if (ctx.fault === 'expires-missing') delete body.expiresAt;
    json(ctx.res, 200, body);
  }

  function basicCheck(ctx: Ctx, users: BasicUser[], nexudus: boolean): void {
    const cred = parseBasic(ctx.req.headers.authorization);
    const u = cred ? users.find((x) => x.username === cred.user && x.password === cred.pass) : undefined;
    const challenge = { 'www-authenticate': 'Basic realm="sim", charset="UTF-8"' };
    if (!u) {
      json(ctx.res, 401, nexudus ? { Message: 'Invalid username or password' } : { message: 'Invalid username or password' }, challenge);
      return;
    }
    if (nexudus && u.apiAccess === false) {
      json(ctx.res, 401, { Message: 'API Access is not enabled for this user' }, challenge);
      return;
    }
    json(ctx.res, 200, { ok: true, user: u.username });
  }

  const handlers: Record<SimRoute, (ctx: Ctx) => Promise<void> | void> = {
    'cogniac.tenants': (ctx) => {
      const u = cogniacUser(ctx);
      if (!u) return json(ctx.res, 401, { message: 'Invalid username or password' });
      json(ctx.res, 200, { tenants: u.tenants.map((t) => ({ ...t })) });
    },
    'cogniac.token': (ctx) => {
      const u = cogniacUser(ctx);
      if (!u) return json(ctx.res, 401, { message: 'Invalid username or password' });
      const tenantId = ctx.url.searchParams.get('tenant_id');
      if (!tenantId) return json(ctx.res, 400, { message: 'tenant_id is required' });
      const tenant = u.tenants.find((t) => t.tenant_id === tenantId);
      if (!tenant) return json(ctx.res, 403, { message: `User does not have access to tenant ${tenantId}` });
      const rec = issue('cogniac.token', 'cogniac', u.email, cogniacSeconds, { tenantId }, ctx.fault);
      const body: Record<string, unknown> = {
        access_token: rec.token,
        token_type: 'Bearer',
        expires_in: expiryValue(cogniacSeconds, TEN_YEARS_S, ctx.fault),
        user_email: u.email,
        user_id: u.userId,
        tenant_id: tenant.tenant_id,
        tenant_name: tenant.name,
        tenant_type: tenant.type,
      };
      if (ctx.fault === 'expires-missing') delete body.expires_in;
      json(ctx.res, 200, body);
    },
    'cogniac.current': (ctx) => {
      const rec = validToken(ctx.req.headers.authorization, 'cogniac');
      if (!rec) return json(ctx.res, 401, { message: 'Invalid or expired token' });
      const u = fixture.cogniac.users.find((x) => x.email === rec.subject);
      const tenant = u?.tenants.find((t) => t.tenant_id === rec.tenantId);
      if (!tenant) return json(ctx.res, 403, { message: 'User no longer has access to this tenant' });
      json(ctx.res, 200, {
        tenant_id: tenant.tenant_id,
        type: tenant.type,
        name: tenant.name,
        created_at: 1234567890,
        modified_at: 1234567890,
        aws_region: 'us-west-1',
        created_by: rec.subject,
      });
    },
    'resolver.login': async (ctx) => {
      let body: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(await readBody(ctx.req));
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
        body = parsed as Record<string, unknown>;
      } catch {
        return json(ctx.res, 400, { message: 'Request body must be a JSON object' });
      }
      if (body.client !== 'core-client') return json(ctx.res, 400, { message: 'Invalid client' });
      const u = fixture.resolver.users.find((x) => x.email === body.email);
      if (!u || u.password !== body.password) return json(ctx.res, 401, { message: 'Invalid email or password' });
      if (ctx.fault === 'password-expired') {
        return json(ctx.res, 403, { message: 'Password expired', code: 'PASSWORD_EXPIRED' });
      }
      if (ctx.fault === 'mfa-required' && String(body.mfaTokenCode ?? '') !== fixture.resolver.mfaCode) {
        return json(ctx.res, 401, { message: 'MFA token required', code: 'MFA_REQUIRED' });
      }
      const sel = body.selectedOrg;
      const wanted = sel === null || sel === undefined || sel === '' || sel === 0 ? undefined : Number(sel);
      let org: number | undefined;
      if (!u.isActive) org = undefined;
      else if (wanted === undefined) org = u.orgs[0];
      else org = u.orgs.includes(wanted) ? wanted : undefined;
      if (org === undefined) return json(ctx.res, 404, { message: 'User is not an active member of the selected org' });
      const rec = issue('resolver.login', 'resolver', u.email, resolverSeconds, { org }, ctx.fault);
      resolverAnswer(ctx, rec, u);
    },
    'resolver.renew': (ctx) => {
      const old = validToken(ctx.req.headers.authorization, 'resolver');
      if (!old) return json(ctx.res, 401, { message: 'Invalid or expired token' });
      const u = fixture.resolver.users.find((x) => x.email === old.subject);
      if (!u) return json(ctx.res, 401, { message: 'Invalid or expired token' });
      old.revoked = true;
      const rec = issue('resolver.renew', 'resolver', u.email, resolverSeconds, { org: old.org }, ctx.fault);
      resolverAnswer(ctx, rec, u);
    },
    'resolver.logout': (ctx) => {
      const rec = validToken(ctx.req.headers.authorization, 'resolver');
      if (!rec) return json(ctx.res, 401, { message: 'Invalid or expired token' });
      rec.revoked = true;
      json(ctx.res, 200, { ok: true });
    },
    'resolver.check': (ctx) => {
      const header = ctx.req.headers.authorization;
      const key = parseScheme(header, 'ApiKey');
      if (key !== null) {
        if (fixture.resolver.apiKeys.includes(key)) return json(ctx.res, 200, { ok: true, auth: 'apikey' });
        return json(ctx.res, 401, { message: 'Invalid API key' });
      }
      const rec = validToken(header, 'resolver');
      if (!rec) return json(ctx.res, 401, { message: 'Invalid or expired token' });
      json(ctx.res, 200, { ok: true, auth: 'bearer', user: rec.subject, org: rec.org });
    },
    'resolver.apikey': (ctx) => {
      const key = parseScheme(ctx.req.headers.authorization, 'ApiKey');
      if (key !== null && fixture.resolver.apiKeys.includes(key)) return json(ctx.res, 200, { ok: true, auth: 'apikey' });
      json(ctx.res, 401, { message: 'Invalid API key' });
    },
    'check.cohortgo': (ctx) => basicCheck(ctx, fixture.basic.cohortgo, false),
    'check.nexudus': (ctx) => basicCheck(ctx, fixture.basic.nexudus, true),
    'check.basic': (ctx) => basicCheck(ctx, fixture.basic.basic, false),
    'oauth.token': async (ctx) => {
      const params = await oauthForm(ctx);
      if (!params) return;
      const client = oauthClient(ctx, params);
      if (!client) return oauthError(ctx.res, 401, 'invalid_client', 'Unknown client or wrong client secret (client_secret_basic)', CLIENT_CHALLENGE);
      const grant = params.get('grant_type');
      if (!grant) return oauthError(ctx.res, 400, 'invalid_request', 'grant_type is required');
      if (grant !== 'client_credentials' && grant !== 'refresh_token') {
        return oauthError(ctx.res, 400, 'unsupported_grant_type', 'Grant types: client_credentials, refresh_token');
      }
      if (!client.grants.includes(grant)) return oauthError(ctx.res, 400, 'unauthorized_client', `This client may not use ${grant}`);
      if (grant === 'client_credentials') {
        const scope = grantedScope(ctx, params.get('scope'), client.scopes);
        if (scope === null) return;
        return oauthAnswer(ctx, issue('oauth.token', 'oauth', client.clientId, oauthSeconds, { scope }, ctx.fault));
      }
      // refresh_token (RFC 6749 §6): the old refresh token is spent, a new one replaces it.
      const presented = params.get('refresh_token');
      if (!presented) return oauthError(ctx.res, 400, 'invalid_request', 'refresh_token is required');
      const old = tokens.get(presented);
      if (!old || old.tokenType !== 'refresh' || old.subject !== client.clientId || old.revoked || now() >= old.expiresAt) {
        return oauthError(ctx.res, 400, 'invalid_grant', 'The refresh token is unknown, expired, revoked or already used');
      }
      const scope = grantedScope(ctx, params.get('scope'), (old.scope ?? '').split(' ').filter(Boolean));
      if (scope === null) return;
      old.revoked = true;
      const refresh = issue('oauth.token', 'oauth', client.clientId, oauthRefreshSeconds, { scope: old.scope ?? '', tokenType: 'refresh' });
      oauthAnswer(ctx, issue('oauth.token', 'oauth', client.clientId, oauthSeconds, { scope }, ctx.fault), refresh);
    },
    'oauth.revoke': async (ctx) => {
      // RFC 7009: the client revokes its own token; an unknown token is not an error (§2.2).
      const params = await oauthForm(ctx);
      if (!params) return;
      const client = oauthClient(ctx, params);
      if (!client) return oauthError(ctx.res, 401, 'invalid_client', 'Unknown client or wrong client secret (client_secret_basic)', CLIENT_CHALLENGE);
      const token = params.get('token');
      if (!token) return oauthError(ctx.res, 400, 'invalid_request', 'token is required');
      const rec = tokens.get(token);
      if (rec && rec.provider === 'oauth' && rec.subject === client.clientId) rec.revoked = true;
      ctx.res.writeHead(200, { 'content-length': '0', ...NO_STORE });
      ctx.res.end();
    },
    'oauth.api': (ctx) => {
      // RFC 6750 §3: a protected resource, so a copied "Authorization: Bearer …" can be proven.
      const header = ctx.req.headers.authorization;
      const rec = validToken(header, 'oauth');
      if (!rec) {
        const challenge = header === undefined ? 'Bearer realm="tokendesk-sim"' : 'Bearer realm="tokendesk-sim", error="invalid_token"';
        return json(ctx.res, 401, { error: 'invalid_token', message: 'Invalid, expired or revoked access token' }, { 'www-authenticate': challenge });
      }
      json(ctx.res, 200, { ok: true, client_id: rec.subject, scope: rec.scope, expires_at: Math.floor(rec.expiresAt / 1000) });
    },
  };

  /** Returns true when the fault fully handled (or deliberately abandoned) the request. */
  async function applyFault(ctx: Ctx, f: ActiveFault, route: SimRoute): Promise<boolean> {
    const { res, req } = ctx;
    const status = /^http-(\d{3})$/.exec(f.fault)?.[1];
    if (status) {
      const code = Number(status);
      const headers: Record<string, string> = {};
      if (f.retryAfter !== undefined && (code === 429 || code === 503)) headers['retry-after'] = f.retryAfter;
      const messages: Record<number, string> = {
        401: 'Unauthorized',
        403: 'Forbidden',
        404: 'Not found',
        423: 'Account locked',
        429: 'Too many requests',
        500: 'Internal server error',
        503: 'Service unavailable',
      };
      json(res, code, { message: messages[code] ?? 'Error', simulatedFault: f.fault }, headers);
      return true;
    }
    switch (f.fault) {
      case 'html-200':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(CAPTIVE_PORTAL_HTML);
        return true;
      case 'bad-json': {
        const text = '{"access_token": "abc", "expires_in": 43200, oops';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(text.length) });
        res.end(text);
        return true;
      }
      case 'slow':
        await delay(slowMs);
        return closed || res.destroyed;
      case 'hang':
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
        res.flushHeaders();
        res.write('{"token": "');
        return true;
      case 'hang-before-headers':
        return true;
      case 'reset':
        req.socket.destroy();
        return true;
      case 'redirect-other-host': {
        const code = req.method === 'GET' || req.method === 'HEAD' ? 302 : 307;
        const location = `http://localhost:${port}${ctx.url.pathname}${ctx.url.search}`;
        res.writeHead(code, { location, 'content-length': '0' });
        res.end();
        return true;
      }
      default:
        // Token/login-altering faults are handled by the route handler.
        void route;
        return false;
    }
  }

  /**
   * `GET /__sim/faults` lists active faults; `POST /__sim/faults` with
   * `{"route":"cogniac.token","fault":"http-500","times":1,"retryAfter":"30"}` sets one
   * (`"fault":null` clears it); `DELETE /__sim/faults` clears all.
   */
  async function admin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname !== '/__sim/faults') return json(res, 404, { message: 'Admin routes: GET, POST, DELETE /__sim/faults' });
    const list = () => [...faults].map(([route, f]) => ({ route, fault: f.fault, ...(f.remaining !== undefined ? { times: f.remaining } : {}), ...(f.retryAfter !== undefined ? { retryAfter: f.retryAfter } : {}) }));
    if (req.method === 'GET') return json(res, 200, { faults: list() });
    if (req.method === 'DELETE') {
      faults.clear();
      return json(res, 200, { faults: [] });
    }
    if (req.method !== 'POST') return json(res, 405, { message: 'Use GET, POST or DELETE' });
    let body: { route?: unknown; fault?: unknown; times?: unknown; retryAfter?: unknown };
    try {
      body = JSON.parse(await readBody(req)) as typeof body;
      if (!body || typeof body !== 'object') throw new Error('not an object');
    } catch {
      return json(res, 400, { message: 'Send a JSON object like {"route":"cogniac.token","fault":"http-500"}' });
    }
    if (!SIM_ROUTES.includes(body.route as SimRoute)) return json(res, 400, { message: `Unknown route. Routes: ${SIM_ROUTES.join(', ')}` });
    if (body.fault !== null && !SIM_FAULTS.includes(body.fault as SimFault)) return json(res, 400, { message: `Unknown fault. Faults: ${SIM_FAULTS.join(', ')}` });
    if (body.times !== undefined && (!Number.isInteger(body.times) || (body.times as number) < 1)) return json(res, 400, { message: 'times must be a positive whole number' });
    if (body.retryAfter !== undefined && typeof body.retryAfter !== 'string') return json(res, 400, { message: 'retryAfter must be a string, like "30"' });
    const o: SetFaultOptions = {};
    if (body.times !== undefined) o.times = body.times as number;
    if (body.retryAfter !== undefined) o.retryAfter = body.retryAfter as string;
    sim.setFault(body.route as SimRoute, body.fault as SimFault | null, o);
    return json(res, 200, { faults: list() });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const route = matchRoute(method, url.pathname);
    const host = req.headers.host ?? '';
    const redirected = host.replace(/:\d+$/, '').toLowerCase() === 'localhost';
    const entry: SimRequest = {
      method,
      path: url.pathname,
      search: url.search,
      route: route ?? 'unknown',
      host,
      redirected,
      at: now(),
    };
    if (req.headers.authorization !== undefined) entry.authorization = req.headers.authorization;
    if (opts.admin && url.pathname.startsWith('/__sim/')) return admin(req, res, url);
    log.push(entry);
    bump(counts, entry.route);
    trimLog();
    if (!route) return json(res, 404, { message: 'No such route' });
    // Counted until the answer is written or the socket goes away (hang, reset, close).
    enter(route);
    res.once('close', () => leave(route));
    const waiting = held.get(route);
    if (waiting) await new Promise<void>((resolve) => waiting.push(resolve));
    const ctx: Ctx = { req, res, url };
    // A request that followed our own redirect is served normally (no fault loop).
    const explicit = redirected ? undefined : takeFault(route);
    const f = explicit ?? (redirected ? undefined : randomFault(route));
    if (f) {
      entry.fault = f.fault;
      if (!explicit) entry.randomFault = true;
      bump(faultCounts, `${route}|${explicit ? 'explicit' : 'random'}`);
      ctx.fault = f.fault;
      if (await applyFault(ctx, f, route)) return;
    }
    await handlers[route](ctx);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      json(res, 500, { message: 'simulator error', detail: String(err) });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('simulator: unexpected address');
  port = addr.port;

  let closing: Promise<void> | null = null;
  const sim: Simulator = {
    url: `http://127.0.0.1:${port}`,
    port,
    fixture,
    requests: log,
    count: (route) => (route ? (counts.get(route) ?? 0) : [...counts.values()].reduce((a, b) => a + b, 0)),
    faultCount(route, which) {
      let n = 0;
      for (const [key, c] of faultCounts) {
        const [r, w] = key.split('|');
        if ((!route || r === route) && (!which || w === which)) n += c;
      }
      return n;
    },
    setRandomFaults,
    lookup(token) {
      const rec = tokens.get(token);
      return rec ? { ...rec } : undefined;
    },
    issueRefreshToken(clientId, scope) {
      const client = fixture.oauth.clients.find((c) => c.clientId === clientId);
      if (!client) throw new Error(`issueRefreshToken: no OAuth2 client ${clientId} in the fixture`);
      if (scope !== undefined && scope.split(' ').some((s) => s && !client.scopes.includes(s))) {
        throw new Error(`issueRefreshToken: ${clientId} may only have ${client.scopes.join(' ')}`);
      }
      const granted = scope?.split(' ').filter(Boolean).join(' ') || client.scopes.join(' ');
      return issue('oauth.token', 'oauth', clientId, oauthRefreshSeconds, { scope: granted, tokenType: 'refresh' }).token;
    },
    setFault(route, fault, o = {}) {
      if (fault === null) {
        faults.delete(route);
        return;
      }
      if (o.times !== undefined && (!Number.isInteger(o.times) || o.times < 1)) {
        throw new Error('setFault: times must be a positive integer');
      }
      const f: ActiveFault = { fault };
      if (o.times !== undefined) f.remaining = o.times;
      if (o.retryAfter !== undefined) f.retryAfter = o.retryAfter;
      faults.set(route, f);
    },
    clearFaults() {
      faults.clear();
    },
    revoke(token) {
      const rec = tokens.get(token);
      if (rec) rec.revoked = true;
    },
    issuedTokens(route) {
      return [...tokens.values()].filter((t) => !route || t.route === route).map((t) => ({ ...t }));
    },
    inflight: (route) => inflight.get(route ?? '*') ?? 0,
    peakInflight: (route) => peak.get(route ?? '*') ?? 0,
    hold(route) {
      const waiting: Array<() => void> = held.get(route) ?? [];
      held.set(route, waiting);
      return () => {
        if (held.get(route) === waiting) held.delete(route);
        for (const release of waiting.splice(0)) release();
      };
    },
    close() {
      if (closing) return closing;
      closed = true;
      for (const waiting of held.values()) for (const release of waiting.splice(0)) release();
      held.clear();
      closing = new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const s of sockets) s.destroy();
        sockets.clear();
      });
      return closing;
    },
  };
  return sim;
}
