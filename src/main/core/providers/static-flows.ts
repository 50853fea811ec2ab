/**
 * Flows whose header comes straight from stored credentials: Basic (Cohort Go, Nexudus,
 * any API), a pasted bearer token, an API key in a named header or query parameter, and
 * Resolver's API key. Test connection calls the optional check URL with the credential.
 */
import type { ParsedAuthInput } from '../../../shared/contract';
import type { TestResult } from '../../../shared/views';
import { failedTest, isCoreError } from '../errors';
import type { HeaderParts } from '../copy/formats';
import { withQueryParam } from '../copy/formats';
import { httpRequest, looksLikeWebPage } from '../http/request';
import { basicCredentials } from './basic-auth';
import type { ConnectionDraft, FlowContext, StaticFlow } from './flow';

function draft(partial: Partial<ConnectionDraft> & Pick<ConnectionDraft, 'headerName' | 'scheme' | 'secrets'>): ConnectionDraft {
  return { username: null, options: {}, tenants: [], ...partial };
}

function schemeHeader(ctx: FlowContext, field: string): HeaderParts {
  const credential = ctx.secret(field);
  const scheme = ctx.conn.scheme;
  // A scheme like "Bearer" gets a space; a prefix like "ApiKey " or "" is used verbatim.
  const value = scheme === '' || scheme.endsWith(' ') ? `${scheme}${credential}` : `${scheme} ${credential}`;
  return { name: ctx.conn.headerName, value, credential };
}

/** Extra advice for a 401 from providers whose docs explain a common cause. */
export function providerHint401(providerId: string, body: string): string | undefined {
  if (providerId === 'nexudus' || /api access/i.test(body)) {
    return 'In Nexudus, open this user, go to the Status tab and turn on "API Access", then try again.';
  }
  if (providerId === 'cohortgo') {
    return 'Check the API user under Settings → API Users in Cohort Go. If the password was lost, reset it there (it is shown only once).';
  }
  return undefined;
}

/**
 * Test connection for headers built from stored credentials: open the check address with
 * the header. Without a check address there is nothing to ask, which is said plainly
 * (`unchecked`) rather than passed off as a success. `credential` names what a 401 rejected
 * ("the token"); Basic keeps the default "email or password" wording and provider advice.
 */
export async function testWithCheckUrl(ctx: FlowContext, header: HeaderParts, credential?: string): Promise<TestResult> {
  const url = ctx.conn.checkUrl;
  if (!url) {
    return {
      ok: true,
      unchecked: true,
      message: `Not checked: without a check address TokenDesk cannot ask ${ctx.providerName} whether these credentials work. It builds the header from what you entered. Add a check address to test them.`,
    };
  }
  // A key that travels in the address goes there, and no header is sent.
  const inQuery = header.placement === 'query';
  try {
    const res = await httpRequest(ctx.fetch, {
      timeoutMs: ctx.timeoutMs,
      url: inQuery ? withQueryParam(url, header.name, header.value) : url,
      service: ctx.providerName,
      headers: inQuery ? {} : { [header.name]: header.value },
      on401: (body) => providerHint401(ctx.conn.providerId, body),
      ...(credential
        ? {
            statusMessages: {
              401: {
                code: 'auth-rejected' as const,
                message: `${ctx.providerName} rejected ${credential} (HTTP 401). Check that you pasted all of it, that it has not expired or been revoked, and that the ${inQuery ? 'parameter' : 'header'} name is the one the service expects.`,
              },
            },
          }
        : {}),
    });
    if (looksLikeWebPage(res.text, res.headers.get('content-type'))) {
      // A captive portal (hotel Wi-Fi) or a website address answers 200 with a page: that
      // proves nothing about the credentials, so it must not read as "Connected".
      return {
        ok: false,
        message: `${ctx.providerName} answered with a web page instead of data, so the credentials were not checked. If you are on hotel or guest Wi-Fi, open a browser to sign in to the network first; otherwise check that the check address is the service's API address, not its website.`,
        httpStatus: res.status,
        code: 'bad-response',
      };
    }
    return { ok: true, message: `Connected: ${ctx.providerName} accepted these credentials at ${url} (HTTP ${res.status}).`, httpStatus: res.status };
  } catch (e) {
    if (isCoreError(e)) return failedTest(e);
    throw e;
  }
}

export const basicFlow: StaticFlow = {
  kind: 'basic',
  type: 'static',
  fromInput(input: ParsedAuthInput) {
    if (input.kind !== 'basic') throw new TypeError('basic flow got ' + input.kind);
    return draft({ username: input.username, headerName: 'Authorization', scheme: 'Basic', secrets: { password: input.password } });
  },
  header(ctx) {
    const credential = basicCredentials(ctx.conn.username ?? '', ctx.secret('password'));
    return { name: 'Authorization', value: `Basic ${credential}`, credential };
  },
  test(ctx) {
    return testWithCheckUrl(ctx, this.header(ctx));
  },
};

export const bearerFlow: StaticFlow = {
  kind: 'bearer',
  type: 'static',
  fromInput(input: ParsedAuthInput) {
    if (input.kind !== 'bearer') throw new TypeError('bearer flow got ' + input.kind);
    return draft({ headerName: input.headerName, scheme: input.scheme, secrets: { token: input.token } });
  },
  header: (ctx) => schemeHeader(ctx, 'token'),
  test(ctx) {
    return testWithCheckUrl(ctx, this.header(ctx), 'the token');
  },
};

/** Where an API key connection sends its key; connections saved before placement existed use a header. */
export function apiKeyPlacement(conn: { authKind: string; options: Record<string, unknown> }): 'header' | 'query' {
  return conn.authKind === 'api-key' && conn.options.placement === 'query' ? 'query' : 'header';
}

export const apiKeyFlow: StaticFlow = {
  kind: 'api-key',
  type: 'static',
  fromInput(input: ParsedAuthInput) {
    if (input.kind !== 'api-key') throw new TypeError('api-key flow got ' + input.kind);
    // headerName holds the query parameter's name when the key travels in the address.
    return draft({ headerName: input.headerName, scheme: input.prefix, secrets: { apiKey: input.apiKey }, options: { placement: input.placement } });
  },
  header: (ctx) => ({ ...schemeHeader(ctx, 'apiKey'), placement: apiKeyPlacement(ctx.conn) }),
  test(ctx) {
    return testWithCheckUrl(ctx, this.header(ctx), 'the API key');
  },
};

export const resolverApiKeyFlow: StaticFlow = {
  kind: 'resolver-api-key',
  type: 'static',
  fromInput(input: ParsedAuthInput) {
    if (input.kind !== 'resolver-api-key') throw new TypeError('resolver-api-key flow got ' + input.kind);
    return draft({ headerName: input.headerName, scheme: input.prefix, secrets: { apiKey: input.apiKey } });
  },
  header: (ctx) => schemeHeader(ctx, 'apiKey'),
  test(ctx) {
    return testWithCheckUrl(ctx, this.header(ctx), 'the API key');
  },
};
