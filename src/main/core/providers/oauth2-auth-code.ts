/**
 * OAuth2 authorization code with PKCE (RFC 6749 §4.1, RFC 7636 S256) for a native app
 * (RFC 8252): the sign-in page opens in the person's SYSTEM browser, which comes back to a
 * one-shot loopback server (oauth2-loopback.ts); the code is exchanged for tokens, and the
 * refresh token renews them from then on.
 *
 * The browser opens only when the person presses "Sign in" (`extra.interactive`). Automatic
 * renewals use the refresh token alone; when there is none, or the server no longer accepts
 * it, the connection asks the person to sign in again ("needs you").
 */
import * as oauth from 'oauth4webapi';
import type { ParsedAuthInput } from '../../../shared/contract';
import type { TestResult } from '../../../shared/views';
import { isAllowedBaseUrl } from '../../../shared/validation';
import type { HeaderParts } from '../copy/formats';
import { CoreError, failedTest, isCoreError } from '../errors';
import type { ConnectionDraft, FlowContext, IssuedToken, TokenFlow } from './flow';
import { clientAuth, oauth2Draft, issuedFrom, openSession, revokeQuietly, serviceName, settingsOf, type OAuth2Session } from './oauth2-client';
import { insecureAddress } from './oauth2-errors';
import { DEFAULT_BROWSER_SIGN_IN_TIMEOUT_MS, startLoopbackRedirect } from './oauth2-loopback';

/** Any loopback port is allowed by the server for this address (RFC 8252 §7.3). */
export const REGISTERED_REDIRECT_URI = 'http://127.0.0.1/callback';

function clientSecret(ctx: FlowContext): string | null {
  return ctx.conn.secrets['clientSecret'] !== undefined ? ctx.secret('clientSecret') : null;
}

/** Why a renewal cannot happen without the person: never signed in, or the sign-in ended. */
function needsBrowser(ctx: FlowContext, tenantId: string): CoreError {
  let service = ctx.providerName;
  try {
    service = serviceName(ctx, settingsOf(ctx.conn));
  } catch {
    /* the message still reads well with the provider's name */
  }
  return new CoreError(
    'needs-sign-in',
    ctx.conn.tokens[tenantId]
      ? `Your sign-in to ${service} has ended. Press “Sign in” to sign in again with your browser.`
      : `Sign in with your browser to finish setting this up: press “Sign in”, then sign in to ${service} in the browser window that opens.`,
  );
}

function endpoints(session: OAuth2Session): { authorization: string; token: string } {
  const { as, service } = session;
  if (!as.authorization_endpoint || !as.token_endpoint) {
    throw new CoreError(
      'not-found',
      `${service}’s sign-in settings do not include ${as.authorization_endpoint ? 'a token address' : 'a sign-in page address (authorization endpoint)'}. Enter the addresses yourself, or ask its administrator.`,
    );
  }
  for (const url of [as.authorization_endpoint, as.token_endpoint]) if (!isAllowedBaseUrl(url)) throw insecureAddress(service);
  return { authorization: as.authorization_endpoint, token: as.token_endpoint };
}

/** Errors the token manager would retry by itself: a browser sign-in cannot be retried that way. */
const TRANSIENT = new Set(['network', 'timeout', 'server-error', 'rate-limited', 'bad-response', 'internal']);

/**
 * A browser sign-in is only ever retried by the person, so a network or server problem
 * during it must not say "TokenDesk will try again by itself": keep what went wrong (the
 * first sentence) and ask them to press Sign in again.
 */
function asBrowserFailure(e: CoreError, service: string): CoreError {
  if (!TRANSIENT.has(e.code)) return e;
  const what = e.message.split(/(?<=\.) /)[0] ?? e.message;
  return new CoreError('needs-sign-in', `${what} The sign-in to ${service} did not finish; press “Sign in” to try again in a moment.`, e.details);
}

async function browserSignIn(ctx: FlowContext): Promise<IssuedToken> {
  let service = ctx.providerName;
  try {
    const session = await openSession(ctx);
    service = session.service;
    return await signInWithBrowser(ctx, session);
  } catch (e) {
    throw isCoreError(e) ? asBrowserFailure(e, service) : e;
  }
}

async function signInWithBrowser(ctx: FlowContext, session: OAuth2Session): Promise<IssuedToken> {
  const { client, http, settings, service } = session;
  const { authorization } = endpoints(session);
  const openExternal = ctx.openExternal;
  if (!openExternal) {
    throw new CoreError('unsupported', `TokenDesk cannot open a web browser here, so it cannot sign in to ${service}. Use the TokenDesk app on your desktop.`);
  }
  const secret = clientSecret(ctx);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const loopback = await startLoopbackRedirect({
    state,
    timeoutMs: ctx.browserSignInTimeoutMs ?? DEFAULT_BROWSER_SIGN_IN_TIMEOUT_MS,
    clock: ctx.clock,
    logger: ctx.logger,
    service,
  });
  try {
    const url = new URL(authorization);
    url.searchParams.set('client_id', settings.clientId);
    url.searchParams.set('redirect_uri', loopback.redirectUri);
    url.searchParams.set('response_type', 'code');
    if (settings.scope) url.searchParams.set('scope', settings.scope);
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
    url.searchParams.set('code_challenge_method', 'S256');
    try {
      await openExternal(url.href);
    } catch (e) {
      ctx.logger.warn('could not open the browser for OAuth2 sign-in', { provider: 'oauth2', connectionId: ctx.conn.id, error: String(e) });
      throw new CoreError('unsupported', `TokenDesk could not open your web browser to sign in to ${service}. Check that a default browser is set, then press “Sign in” again.`);
    }
    const arrived = await loopback.arrived;
    try {
      // Without discovery there is no published issuer: the server names itself in the
      // answer (RFC 9207) and only it can be answering, on a port opened for this sign-in.
      const as = session.discovered ? session.as : { ...session.as, issuer: arrived.params.get('iss') ?? session.as.issuer };
      let params: URLSearchParams;
      try {
        params = oauth.validateAuthResponse(as, client, arrived.params, state);
      } catch (e) {
        throw session.fail(e, 'authorization');
      }
      let issued: IssuedToken;
      try {
        const res = await oauth.authorizationCodeGrantRequest(as, client, clientAuth(session, secret), params, loopback.redirectUri, verifier, {
          ...http,
          additionalParameters: session.codeExchangeParameters,
        });
        issued = issuedFrom(ctx, session, await oauth.processAuthorizationCodeResponse(as, client, res));
      } catch (e) {
        throw session.fail(e, 'code-exchange');
      }
      arrived.respond({ ok: true });
      return issued;
    } catch (e) {
      const error = asBrowserFailure(isCoreError(e) ? e : session.fail(e, 'code-exchange'), service);
      arrived.respond({ ok: false, message: error.message });
      throw error;
    }
  } finally {
    await loopback.close();
  }
}

async function refresh(ctx: FlowContext, tenantId: string, current: IssuedToken): Promise<IssuedToken> {
  if (!current.refreshToken) throw needsBrowser(ctx, tenantId);
  const session = await openSession(ctx);
  const { as, client, http } = session;
  try {
    const res = await oauth.refreshTokenGrantRequest(as, client, clientAuth(session, clientSecret(ctx)), current.refreshToken, http);
    // Servers that rotate refresh tokens send a new one; keep the old one otherwise.
    return issuedFrom(ctx, session, await oauth.processRefreshTokenResponse(as, client, res), current.refreshToken);
  } catch (e) {
    throw session.fail(e, 'refresh');
  }
}

/**
 * Test connection without a browser: the server's settings are found and complete, and a
 * token request with a made-up code tells a known client (invalid_grant) from an unknown
 * one or a wrong secret (invalid_client).
 */
async function check(ctx: FlowContext): Promise<TestResult> {
  const session = await openSession(ctx);
  endpoints(session);
  const { as, client, http, service, settings } = session;
  const after = 'After you save, press “Sign in”: your browser opens so you can finish signing in.';
  try {
    const res = await oauth.genericTokenEndpointRequest(
      as,
      client,
      clientAuth(session, clientSecret(ctx)),
      'authorization_code',
      { code: 'tokendesk-connection-test', redirect_uri: REGISTERED_REDIRECT_URI, code_verifier: oauth.generateRandomCodeVerifier() },
      http,
    );
    await oauth.processGenericTokenEndpointResponse(as, client, res);
  } catch (e) {
    const error = session.fail(e, 'client-check');
    const oauthError = error.details?.oauthError;
    if (oauthError === 'invalid_grant') return { ok: true, message: `Found ${service}, and it knows client “${settings.clientId}”. ${after}` };
    // No OAuth2 answer at all (unreachable, not found, a bare 401), or one about the client itself.
    if (typeof oauthError !== 'string' || CLIENT_ERRORS.has(oauthError)) {
      return failedTest(error);
    }
    // Anything else (e.g. a server that checks the redirect address first) says nothing about the client.
  }
  return { ok: true, message: `Found ${service}. TokenDesk can only check the client ID by signing in. ${after}` };
}

const CLIENT_ERRORS = new Set(['invalid_client', 'unauthorized_client', 'unsupported_grant_type']);

export const oauth2AuthCodeFlow: TokenFlow = {
  kind: 'oauth2-auth-code',
  type: 'token',
  interactive: true,
  keepTokensWhenLocked: true,
  fromInput(input: ParsedAuthInput): ConnectionDraft {
    if (input.kind !== 'oauth2-auth-code') throw new TypeError('oauth2-auth-code flow got ' + input.kind);
    return oauth2Draft(input);
  },
  headerFor(_conn, token): HeaderParts {
    return { name: 'Authorization', value: `Bearer ${token}`, credential: token };
  },
  signIn(ctx, tenantId, extra) {
    if (!extra?.interactive) return Promise.reject(needsBrowser(ctx, tenantId));
    return browserSignIn(ctx);
  },
  renew: (ctx, tenantId, current) => refresh(ctx, tenantId, current),
  signOut: (ctx, _tenantId, current) => revokeQuietly(ctx, current),
  async test(ctx): Promise<TestResult> {
    try {
      return await check(ctx);
    } catch (e) {
      if (isCoreError(e)) return failedTest(e);
      throw e;
    }
  },
};
