/**
 * Turns what oauth4webapi throws (OAuth2 error answers, protocol checks that failed) into
 * CoreErrors a non-developer can act on. The codes decide what the token manager does:
 * `needs-sign-in`, `auth-rejected`, `forbidden`, `not-found` and `unsupported` stop and
 * ask the person; `bad-response` and the network/5xx/429 codes (mapped in the transport,
 * oauth2-client.ts) are retried with backoff.
 */
import * as oauth from 'oauth4webapi';
import { CoreError, isCoreError } from '../errors';
import { statusError } from '../http/request';

/** Which step failed: the same OAuth2 error means different things at different steps. */
export type OAuth2Step = 'discovery' | 'client-credentials' | 'authorization' | 'code-exchange' | 'refresh' | 'revocation' | 'client-check';

export interface OAuth2ErrorContext {
  /** "login.example.com" or the provider's name. */
  service: string;
  step: OAuth2Step;
  clientId: string;
  scope: string | null;
}

const GRANT_NAMES: Record<OAuth2Step, string> = {
  discovery: 'OAuth2',
  'client-credentials': 'client credentials',
  authorization: 'authorization code',
  'code-exchange': 'authorization code',
  refresh: 'refresh token',
  revocation: 'token revocation',
  'client-check': 'authorization code',
};

const METADATA_NAMES: Record<string, string> = {
  token_endpoint: 'a token address',
  authorization_endpoint: 'a sign-in page address (authorization endpoint)',
  revocation_endpoint: 'a revocation address',
};

export function oauth2Error(e: unknown, c: OAuth2ErrorContext): CoreError {
  if (isCoreError(e)) return e;
  if (e instanceof oauth.AuthorizationResponseError) return authorizationError(e.error, c);
  if (e instanceof oauth.ResponseBodyError) return tokenEndpointError(e.error, e.status, c);
  if (e instanceof oauth.WWWAuthenticateChallengeError) {
    const error = e.cause.map((ch) => ch.parameters.error).find((x): x is string => typeof x === 'string');
    return tokenEndpointError(error ?? (e.status === 401 ? 'invalid_client' : 'invalid_request'), e.status, c);
  }
  if (e instanceof oauth.UnsupportedOperationError) {
    const type = tokenTypeOf(e.cause);
    if (type !== undefined) return unsupportedTokenType(type, c.service);
    return new CoreError('unsupported', `${c.service} answered in a way TokenDesk does not support. Ask its administrator for a standard OAuth2 setup (Bearer tokens).`);
  }
  if (e instanceof oauth.OperationProcessingError) return processingError(e, c);
  return new CoreError('internal', `Something went wrong while signing in to ${c.service}. TokenDesk will try again.`);
}

/** Bearer tokens only: a DPoP-bound token is useless without a key TokenDesk does not have. */
export function unsupportedTokenType(type: string, service: string): CoreError {
  if (type === 'dpop') {
    return new CoreError(
      'unsupported',
      `${service} gave TokenDesk a DPoP token, which only works together with a key held by the app that asked for it, so it cannot be pasted as a header. Ask its administrator to turn off DPoP for this client.`,
    );
  }
  return new CoreError(
    'unsupported',
    `${service} gave TokenDesk a “${type.slice(0, 40)}” token. TokenDesk can only hand out Bearer tokens; ask its administrator whether this client can get Bearer tokens.`,
  );
}

function clientRejected(c: OAuth2ErrorContext, status: number): CoreError {
  return new CoreError(
    'auth-rejected',
    `${c.service} rejected the client ID or client secret (HTTP ${status}). Check both with whoever registered TokenDesk at ${c.service}, then update them here.`,
    { httpStatus: status },
  );
}

function tokenEndpointError(error: string, status: number, c: OAuth2ErrorContext): CoreError {
  const details = { httpStatus: status, oauthError: error };
  const grant = GRANT_NAMES[c.step];
  switch (error) {
    case 'invalid_client':
      return clientRejected(c, status);
    case 'invalid_grant':
      if (c.step === 'refresh') {
        return new CoreError(
          'needs-sign-in',
          `${c.service} no longer accepts the saved sign-in (it was signed out, revoked or has expired). Press “Sign in” to sign in again with your browser.`,
          details,
        );
      }
      if (c.step === 'code-exchange') {
        return new CoreError(
          'needs-sign-in',
          `${c.service} did not accept the sign-in from the browser (it took too long or was already used). Press “Sign in” to try again.`,
          details,
        );
      }
      return new CoreError('auth-rejected', `${c.service} refused the sign-in (invalid_grant). Check the client ID and client secret.`, details);
    case 'unauthorized_client':
      return new CoreError(
        'forbidden',
        `${c.service} does not allow client “${c.clientId}” to sign in with ${grant} (unauthorized_client). Ask its administrator to allow that for this client.`,
        details,
      );
    case 'invalid_scope':
      return new CoreError(
        'forbidden',
        c.scope
          ? `${c.service} does not accept the scope “${c.scope}” for this client (invalid_scope). Check the scope in the service’s documentation, or leave it empty.`
          : `${c.service} wants a scope for this client (invalid_scope). Enter the scope its documentation names.`,
        details,
      );
    case 'unsupported_grant_type':
      return new CoreError('unsupported', `${c.service} does not offer ${grant} sign-in (unsupported_grant_type). Check the sign-in type with its administrator.`, details);
    default:
      return new CoreError(
        'forbidden',
        `${c.service} refused the sign-in request (${safeCode(error)}, HTTP ${status}). Check the connection’s settings: the addresses, client ID and scope.`,
        details,
      );
  }
}

function authorizationError(error: string, c: OAuth2ErrorContext): CoreError {
  const details = { oauthError: error };
  switch (error) {
    case 'access_denied':
      return new CoreError('needs-sign-in', `You cancelled the sign-in in the browser, or ${c.service} refused it (access_denied). Press “Sign in” to try again.`, details);
    case 'invalid_scope':
    case 'unauthorized_client':
      return tokenEndpointError(error, 400, c);
    default:
      return new CoreError(
        'needs-sign-in',
        `${c.service} could not finish the sign-in (${safeCode(error)}). Press “Sign in” to try again; if it keeps happening, check the connection’s settings.`,
        details,
      );
  }
}

function processingError(e: oauth.OperationProcessingError, c: OAuth2ErrorContext): CoreError {
  const cause = (e as { cause?: unknown }).cause;
  // Non-OAuth error answers (a 404 page, a bare 401) arrive with the Response as the cause.
  if (cause instanceof Response && (cause.status < 200 || cause.status > 299)) {
    if (cause.status === 401) return clientRejected(c, 401);
    if (c.step === 'discovery' && cause.status === 404) return discoveryNotFound(c.service);
    return statusError({ url: cause.url, service: c.service }, { status: cause.status, headers: cause.headers, text: '', json: () => undefined as never });
  }
  switch (e.code) {
    case oauth.JSON_ATTRIBUTE_COMPARISON: {
      const reported = issuerOf(cause);
      return new CoreError(
        'not-found',
        reported
          ? `The issuer address does not match the one ${c.service} reports. Enter exactly ${reported} as the issuer address.`
          : `${c.service} reported a different issuer address than the one entered. Check the issuer address.`,
      );
    }
    case oauth.MISSING_SERVER_METADATA:
    case oauth.INVALID_SERVER_METADATA: {
      const attribute = typeof (cause as { attribute?: unknown })?.attribute === 'string' ? (cause as { attribute: string }).attribute : '';
      return new CoreError(
        'not-found',
        `${c.service}’s published sign-in settings do not include ${METADATA_NAMES[attribute] ?? 'an address TokenDesk needs'}. Enter the addresses yourself instead of the issuer, or ask its administrator.`,
      );
    }
    case oauth.HTTP_REQUEST_FORBIDDEN:
    case oauth.REQUEST_PROTOCOL_FORBIDDEN:
      return insecureAddress(c.service);
    case oauth.JWT_TIMESTAMP_CHECK:
      return new CoreError('bad-response', `${c.service} sent a sign-in answer whose times do not fit this computer’s clock. Check that the date and time here are right, then try again.`);
    case oauth.JWT_CLAIM_COMPARISON:
    case oauth.KEY_SELECTION:
      return new CoreError('bad-response', `${c.service} sent a sign-in answer that failed TokenDesk’s security checks. Try again; if it keeps happening, check the issuer address.`);
    default:
      return new CoreError(
        'bad-response',
        `${c.service} sent an answer TokenDesk could not read (it is not a standard OAuth2 answer). Try again later; if it keeps happening, check the addresses in the connection’s settings.`,
      );
  }
}

export function discoveryNotFound(service: string): CoreError {
  return new CoreError(
    'not-found',
    `TokenDesk found no OAuth2 sign-in settings at that issuer address (${service}). Check the issuer address, or leave it empty and enter the token address yourself.`,
    { httpStatus: 404 },
  );
}

export function insecureAddress(service: string): CoreError {
  return new CoreError(
    'not-found',
    `${service} gave an address that does not start with https://, so TokenDesk did not use it (your secrets would travel unencrypted). Ask its administrator for https addresses.`,
  );
}

function tokenTypeOf(cause: unknown): string | undefined {
  const body = (cause as { body?: { token_type?: unknown } } | undefined)?.body;
  return typeof body?.token_type === 'string' ? body.token_type : undefined;
}

function issuerOf(cause: unknown): string | undefined {
  const body = (cause as { body?: { issuer?: unknown } } | undefined)?.body;
  return typeof body?.issuer === 'string' && body.issuer.length <= 2000 ? body.issuer : undefined;
}

/** An error code from the server, shown only when it looks like one (no free text). */
function safeCode(error: string): string {
  return /^[\x21\x23-\x5b\x5d-\x7e]{1,64}$/.test(error) ? error : 'error';
}
