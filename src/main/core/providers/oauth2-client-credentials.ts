/**
 * OAuth2 client credentials (RFC 6749 §4.4): a machine sign-in with a client ID and secret.
 * The token endpoint comes from discovery (issuer) or is typed by the person; the client
 * authenticates with client_secret_basic. There is no refresh token: renewing is simply
 * asking for a new token, which the token manager does before expiry.
 */
import * as oauth from 'oauth4webapi';
import type { ParsedAuthInput } from '../../../shared/contract';
import type { TestResult } from '../../../shared/views';
import type { HeaderParts } from '../copy/formats';
import { failedTest, isCoreError } from '../errors';
import type { FlowContext, IssuedToken, TokenFlow } from './flow';
import { clientAuth, oauth2Draft, describeLifetime, issuedFrom, openSession, revokeQuietly } from './oauth2-client';

async function requestToken(ctx: FlowContext): Promise<IssuedToken> {
  const session = await openSession(ctx);
  const { as, client, http, settings } = session;
  try {
    const parameters: Record<string, string> = settings.scope ? { scope: settings.scope } : {};
    const res = await oauth.clientCredentialsGrantRequest(as, client, clientAuth(session, ctx.secret('clientSecret')), parameters, http);
    const answer = await oauth.processClientCredentialsResponse(as, client, res);
    // A refresh token here is non-standard (RFC 6749 §4.4.3): a new request renews anyway.
    const { token, expiresAt } = issuedFrom(ctx, session, answer);
    return { token, expiresAt };
  } catch (e) {
    throw session.fail(e, 'client-credentials');
  }
}

export const oauth2ClientCredentialsFlow: TokenFlow = {
  kind: 'oauth2-client-credentials',
  type: 'token',
  keepTokensWhenLocked: true,
  fromInput(input: ParsedAuthInput) {
    if (input.kind !== 'oauth2-client-credentials') throw new TypeError('oauth2-client-credentials flow got ' + input.kind);
    return oauth2Draft(input);
  },
  headerFor(_conn, token): HeaderParts {
    return { name: 'Authorization', value: `Bearer ${token}`, credential: token };
  },
  signIn: (ctx) => requestToken(ctx),
  signOut: (ctx, _tenantId, current) => revokeQuietly(ctx, current),
  async test(ctx): Promise<TestResult> {
    try {
      const token = await requestToken(ctx);
      // The test token is not kept: tell the server so (best effort).
      await revokeQuietly(ctx, token);
      const clientId = String(ctx.conn.options['clientId'] ?? '');
      const lifetime = describeLifetime(token.expiresAt - ctx.clock.now());
      return { ok: true, message: `Connected: the sign-in server gave client “${clientId}” a token (valid for ${lifetime}).` };
    } catch (e) {
      if (isCoreError(e)) return failedTest(e);
      throw e;
    }
  },
};
