/**
 * What both OAuth2 flows share, on top of oauth4webapi (which does the protocol: discovery,
 * token requests, client authentication, response checks):
 *  - the connection's OAuth2 settings (kept in StoredConnection.options, none secret);
 *  - finding the authorization server: discovery from an issuer (OpenID Connect discovery,
 *    then RFC 8414), or the addresses the person typed;
 *  - a transport that sends oauth4webapi's requests through the core's injected fetch
 *    (Electron's net.fetch in the app) with the core's timeout and error mapping, so the
 *    token manager's retry rules apply as for every other provider;
 *  - turning a token answer into an IssuedToken (Bearer only, expiry sanitised);
 *  - best-effort revocation.
 */
import * as oauth from 'oauth4webapi';
import { isAllowedBaseUrl } from '../../../shared/validation';
import { CoreError, isCoreError } from '../errors';
import { looksLikeWebPage, networkError, readBody, statusError, webPageError } from '../http/request';
import { DAY_MS, HOUR_MS, normaliseExpiry } from '../tokens/refresh-policy';
import type { StoredConnection } from '../vault/document';
import type { ConnectionDraft, FlowContext, IssuedToken } from './flow';
import { discoveryNotFound, insecureAddress, oauth2Error, unsupportedTokenType, type OAuth2Step } from './oauth2-errors';

/** Lifetime assumed when a server does not say (`expires_in` missing or unusable). */
export const OAUTH2_DEFAULT_LIFETIME_MS = HOUR_MS;
/** A reported lifetime beyond this is not believed. */
const MAX_PLAUSIBLE_MS = 366 * DAY_MS;
/** RFC 6750 b64token: safe after "Bearer " in a header, a shell line or a snippet. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

export interface OAuth2Settings {
  issuer: string | null;
  tokenUrl: string | null;
  authorizationUrl: string | null;
  clientId: string;
  scope: string | null;
}

/** The non-secret settings as stored in StoredConnection.options. */
export function optionsFrom(s: OAuth2Settings): StoredConnection['options'] {
  return { issuer: s.issuer, tokenUrl: s.tokenUrl, authorizationUrl: s.authorizationUrl, clientId: s.clientId, scope: s.scope };
}

/** What both OAuth2 kinds store: a Bearer header, the settings as options, the client secret (when there is one) sealed. */
export function oauth2Draft(
  input: { issuer?: string; tokenUrl?: string; authorizationUrl?: string; clientId: string; scope?: string; clientSecret?: string },
): ConnectionDraft {
  return {
    username: null,
    headerName: 'Authorization',
    scheme: 'Bearer',
    options: optionsFrom({
      issuer: input.issuer ?? null,
      tokenUrl: input.tokenUrl ?? null,
      authorizationUrl: input.authorizationUrl ?? null,
      clientId: input.clientId.trim(),
      scope: input.scope || null,
    }),
    secrets: input.clientSecret ? { clientSecret: input.clientSecret } : {},
    tenants: [],
  };
}

export function settingsOf(conn: StoredConnection): OAuth2Settings {
  const text = (key: string): string | null => {
    const v = conn.options[key];
    return typeof v === 'string' && v.trim() !== '' ? v : null;
  };
  const clientId = text('clientId');
  if (!clientId) throw new CoreError('not-found', `The client ID of “${conn.label}” is missing. Remove the connection and add it again with its client ID.`);
  return { issuer: text('issuer'), tokenUrl: text('tokenUrl'), authorizationUrl: text('authorizationUrl'), clientId, scope: text('scope') };
}

/**
 * How messages name the server: the provider's name for a known provider, else the host
 * of the sign-in server ("login.example.com"), which is what the person recognises.
 */
export function serviceName(ctx: FlowContext, s: OAuth2Settings): string {
  if (ctx.conn.providerId !== 'custom') return ctx.providerName;
  const url = s.issuer ?? s.tokenUrl ?? s.authorizationUrl;
  try {
    return url ? new URL(url).host : ctx.providerName;
  } catch {
    return ctx.providerName;
  }
}

/** One conversation with the authorization server: its metadata, the client, and how to reach it. */
export interface OAuth2Session {
  settings: OAuth2Settings;
  service: string;
  as: oauth.AuthorizationServer;
  client: oauth.Client;
  /** Extra form fields the provider wants in the authorization-code exchange (see PROVIDER_QUIRKS). */
  codeExchangeParameters: Record<string, string>;
  /** True when `as` came from the server's published metadata, not from typed addresses. */
  discovered: boolean;
  /** Options for every oauth4webapi request (transport, loopback-only http). */
  http: oauth.HttpRequestOptions<'GET' | 'POST', URLSearchParams | undefined>;
  /** `expires_in` exactly as the last token answer carried it (before oauth4webapi's checks). */
  lastExpiresIn(): unknown;
  fail(e: unknown, step: OAuth2Step): CoreError;
}

/**
 * What some providers' OAuth2 servers need beyond the standard, from their own docs, for
 * servers TokenDesk reaches by typed addresses (no metadata to read it from).
 * Cohort Go (cohortgo.dev/guides/oauth2): the client secret goes in the form body, and the
 * code exchange carries `mode=server`.
 */
const PROVIDER_QUIRKS: Readonly<Record<string, { authMethods?: string[]; codeExchangeParameters?: Record<string, string> }>> = {
  cohortgo: { authMethods: ['client_secret_post'], codeExchangeParameters: { mode: 'server' } },
};

export async function openSession(ctx: FlowContext): Promise<OAuth2Session> {
  const settings = settingsOf(ctx.conn);
  const service = serviceName(ctx, settings);
  const transport = createTransport(ctx, service);
  const configured = [settings.issuer, settings.tokenUrl, settings.authorizationUrl].filter((u): u is string => u !== null);
  const http = {
    [oauth.customFetch]: transport.fetch,
    // http:// only ever for this computer (the contract refuses it elsewhere, and the
    // transport refuses any other http address a server might list).
    [oauth.allowInsecureRequests]: configured.some((u) => u.startsWith('http://')),
  };
  const fail = (e: unknown, step: OAuth2Step) => oauth2Error(e, { service, step, clientId: settings.clientId, scope: settings.scope });
  const quirks = PROVIDER_QUIRKS[ctx.conn.providerId] ?? {};
  const base = {
    settings,
    service,
    client: { client_id: settings.clientId },
    http,
    codeExchangeParameters: quirks.codeExchangeParameters ?? {},
    lastExpiresIn: transport.lastExpiresIn,
    fail,
  };
  if (settings.issuer) return { ...base, as: await discover(settings.issuer, http, fail, service), discovered: true };
  if (!settings.tokenUrl && !settings.authorizationUrl) {
    throw new CoreError('not-found', 'This connection has neither an issuer address nor a token address. Remove it and add it again with one of them.');
  }
  const as: oauth.AuthorizationServer = {
    // Without discovery there is no published issuer; the server's own origin stands in
    // (the auth-code flow takes the `iss` the server names in its answer, see there).
    issuer: new URL((settings.tokenUrl ?? settings.authorizationUrl)!).origin,
    ...(settings.tokenUrl ? { token_endpoint: settings.tokenUrl } : {}),
    ...(settings.authorizationUrl ? { authorization_endpoint: settings.authorizationUrl } : {}),
    ...(quirks.authMethods ? { token_endpoint_auth_methods_supported: quirks.authMethods } : {}),
  };
  return { ...base, as, discovered: false };
}

/**
 * OpenID Connect discovery (`<issuer>/.well-known/openid-configuration`), then RFC 8414
 * (`/.well-known/oauth-authorization-server<path>`); oauth4webapi checks that the
 * metadata names the same issuer.
 */
async function discover(
  issuer: string,
  http: oauth.DiscoveryRequestOptions,
  fail: (e: unknown, step: OAuth2Step) => CoreError,
  service: string,
): Promise<oauth.AuthorizationServer> {
  let issuerUrl = new URL(issuer);
  for (const algorithm of ['oidc', 'oauth2'] as const) {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const res = await oauth.discoveryRequest(issuerUrl, { ...http, algorithm });
        return await oauth.processDiscoveryResponse(issuerUrl, res);
      } catch (e) {
        const reported = reportedIssuer(e);
        // The form drops a trailing slash some issuers have ("https://x.example/"): ask
        // again with the server's exact spelling, which must otherwise be identical.
        if (attempt === 0 && reported !== undefined && reported.replace(/\/+$/, '') === issuerUrl.href.replace(/\/+$/, '')) {
          issuerUrl = new URL(reported);
          continue;
        }
        const mapped = fail(e, 'discovery');
        if (mapped.details?.httpStatus === 404 && algorithm === 'oidc') break;
        throw mapped;
      }
    }
  }
  throw discoveryNotFound(service);
}

function reportedIssuer(e: unknown): string | undefined {
  if (!(e instanceof oauth.OperationProcessingError) || e.code !== oauth.JSON_ATTRIBUTE_COMPARISON) return undefined;
  const issuer = (e.cause as { body?: { issuer?: unknown } } | undefined)?.body?.issuer;
  return typeof issuer === 'string' && URL.canParse(issuer) ? issuer : undefined;
}

/** client_secret_basic (RFC 6749 §2.3.1) unless the server says it only takes client_secret_post; none for public clients. */
export function clientAuth(session: OAuth2Session, secret: string | null): oauth.ClientAuth {
  if (!secret) return oauth.None();
  const methods = session.as.token_endpoint_auth_methods_supported;
  if (methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')) return oauth.ClientSecretPost(secret);
  return oauth.ClientSecretBasic(secret);
}

/** A token answer as TokenDesk keeps it. `previousRefresh` stays when the server did not rotate it. */
export function issuedFrom(ctx: FlowContext, session: OAuth2Session, res: oauth.TokenEndpointResponse, previousRefresh?: string): IssuedToken {
  if (res.token_type !== 'bearer') throw unsupportedTokenType(res.token_type, session.service);
  if (!B64TOKEN.test(res.access_token)) {
    throw new CoreError(
      'bad-response',
      `${session.service} sent a token TokenDesk cannot use safely (it contains spaces, quotes or other characters a token never has). Try again later; if it keeps happening, ask its administrator.`,
    );
  }
  const expiry = normaliseExpiry({
    now: ctx.clock.now(),
    expiresIn: session.lastExpiresIn() ?? res.expires_in,
    documentedLifetimeMs: OAUTH2_DEFAULT_LIFETIME_MS,
    maxPlausibleMs: MAX_PLAUSIBLE_MS,
  });
  if (!expiry.trusted) {
    ctx.logger.warn('OAuth2 token expiry not usable; assuming one hour', { provider: 'oauth2', connectionId: ctx.conn.id, reason: expiry.reason });
  }
  const refreshToken = res.refresh_token ?? previousRefresh;
  return { token: res.access_token, expiresAt: expiry.expiresAtMs, ...(refreshToken ? { refreshToken } : {}) };
}

/**
 * Best effort (RFC 7009): tells the server to forget a refresh token (or, without one, the
 * access token). Servers without a revocation endpoint are left alone. Never throws.
 */
export async function revokeQuietly(ctx: FlowContext, current: IssuedToken): Promise<void> {
  try {
    const session = await openSession(ctx);
    if (!session.as.revocation_endpoint) {
      ctx.logger.info('OAuth2 server has no revocation endpoint; nothing to sign out', { provider: 'oauth2', connectionId: ctx.conn.id });
      return;
    }
    const secret = ctx.conn.secrets['clientSecret'] !== undefined ? ctx.secret('clientSecret') : null;
    const [token, hint] = current.refreshToken ? [current.refreshToken, 'refresh_token'] : [current.token, 'access_token'];
    try {
      const res = await oauth.revocationRequest(session.as, session.client, clientAuth(session, secret), token, {
        ...session.http,
        additionalParameters: { token_type_hint: hint },
      });
      await oauth.processRevocationResponse(res);
    } catch (e) {
      throw session.fail(e, 'revocation');
    }
  } catch (e) {
    ctx.logger.warn('OAuth2 sign-out (revocation) failed (ignored)', {
      provider: 'oauth2',
      connectionId: ctx.conn.id,
      code: isCoreError(e) ? e.code : 'internal',
      httpStatus: isCoreError(e) ? e.details?.httpStatus : undefined,
    });
  }
}

/** "1 hour", "10 minutes", "5 days": a token lifetime in words. */
export function describeLifetime(ms: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (ms >= 2 * DAY_MS) return unit(Math.round(ms / DAY_MS), 'day');
  if (ms >= 2 * HOUR_MS) return unit(Math.round(ms / HOUR_MS), 'hour');
  if (ms >= 60_000) return unit(Math.round(ms / 60_000), 'minute');
  return unit(Math.max(0, Math.round(ms / 1000)), 'second');
}

// ---- transport ------------------------------------------------------------------------

interface Transport {
  fetch: NonNullable<oauth.HttpRequestOptions<string, unknown>[typeof oauth.customFetch]>;
  lastExpiresIn(): unknown;
}

const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

/**
 * oauth4webapi's requests go through the core's fetch with a timeout, no cookies and no
 * redirects followed. Network failures, timeouts, redirects, 429 and 5xx become the same
 * CoreErrors as for every provider (so they are retried with backoff); 4xx answers go on
 * to oauth4webapi, which reads the OAuth2 error in them.
 */
function createTransport(ctx: FlowContext, service: string): Transport {
  let lastExpiresIn: unknown;
  const timeoutMs = ctx.timeoutMs ?? 15_000;
  const fetch: Transport['fetch'] = async (url, init) => {
    if (!isAllowedBaseUrl(url)) throw insecureAddress(service);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs);
    try {
      let res: Response;
      let text: string;
      try {
        // `cache` is honoured by Electron's net.fetch; Node's typings simply lack it.
        res = await ctx.fetch(url, {
          method: init.method,
          headers: init.headers,
          // A plain string travels through every fetch (Electron's net.fetch included).
          body: init.body instanceof URLSearchParams ? init.body.toString() : (init.body as RequestInit['body']),
          redirect: 'manual',
          credentials: 'omit',
          cache: 'no-store',
          signal: controller.signal,
        } as RequestInit);
        text = await readBody(res);
      } catch (e) {
        if (e instanceof CoreError) throw e;
        throw networkError(service, e, controller.signal.aborted);
      }
      const { status, headers } = res;
      if ((status >= 300 && status < 400) || status === 429 || status >= 500) {
        throw statusError({ url, service }, { status, headers, text, json: () => undefined as never });
      }
      if (status >= 200 && status < 300 && text.trim() !== '' && looksLikeWebPage(text, headers.get('content-type'))) throw webPageError(service);
      const isTokenRequest = init.body instanceof URLSearchParams && init.body.has('grant_type');
      if (isTokenRequest && status === 200) text = sanitiseExpiresIn(text, (v) => (lastExpiresIn = v));
      return new Response(NULL_BODY_STATUS.has(status) ? null : text, { status, statusText: res.statusText, headers });
    } finally {
      clearTimeout(timer);
    }
  };
  return { fetch, lastExpiresIn: () => lastExpiresIn };
}

/**
 * Keeps `expires_in` as sent (for normaliseExpiry, which falls back to a safe lifetime and
 * logs why, as for Cogniac and Resolver) and drops it from the body when it is negative or
 * not a number: oauth4webapi would otherwise refuse the whole answer, token included.
 */
function sanitiseExpiresIn(text: string, keep: (raw: unknown) => void): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text; // oauth4webapi reports the unreadable answer
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return text;
  const o = body as Record<string, unknown>;
  keep(o['expires_in']);
  if (!('expires_in' in o)) return text;
  const v = o['expires_in'];
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
  if (Number.isFinite(n) && n >= 0) return text;
  delete o['expires_in'];
  return JSON.stringify(o);
}
