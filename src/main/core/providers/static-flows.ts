/**
 * Flows whose header comes straight from stored credentials: Basic (Cohort Go, Nexudus,
 * any API), a pasted bearer token, an API key in a named header, and Resolver's API key.
 * Test connection calls the optional check URL with the header.
 */
import type { ParsedAuthInput } from '../../../shared/contract';
import type { TestResult } from '../../../shared/views';
import { isCoreError } from '../errors';
import type { HeaderParts } from '../copy/formats';
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

export async function testWithCheckUrl(ctx: FlowContext, header: HeaderParts): Promise<TestResult> {
  const url = ctx.conn.checkUrl;
  if (!url) {
    return {
      ok: true,
      message: `Saved. ${ctx.providerName} has no sign-in step to test, so TokenDesk builds the header from what you entered. Add a check address to test it against the service.`,
    };
  }
  try {
    const res = await httpRequest(ctx.fetch, {
    timeoutMs: ctx.timeoutMs,
      url,
      service: ctx.providerName,
      headers: { [header.name]: header.value },
      on401: (body) => providerHint401(ctx.conn.providerId, body),
    });
    if (looksLikeWebPage(res.text, res.headers.get('content-type'))) {
      // A captive portal (hotel Wi-Fi) or a website address answers 200 with a page: that
      // proves nothing about the credentials, so it must not read as "Connected".
      return {
        ok: false,
        message: `${ctx.providerName} answered with a web page instead of data, so the credentials were not checked. If you are on hotel or guest Wi-Fi, open a browser to sign in to the network first; otherwise check that the check address is the service's API address, not its website.`,
        httpStatus: res.status,
      };
    }
    return { ok: true, message: `Connected: ${ctx.providerName} accepted these credentials (HTTP ${res.status}).`, httpStatus: res.status };
  } catch (e) {
    if (isCoreError(e)) return { ok: false, message: e.message, httpStatus: e.details?.httpStatus as number | undefined };
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
    return testWithCheckUrl(ctx, this.header(ctx));
  },
};

export const apiKeyFlow: StaticFlow = {
  kind: 'api-key',
  type: 'static',
  fromInput(input: ParsedAuthInput) {
    if (input.kind !== 'api-key') throw new TypeError('api-key flow got ' + input.kind);
    return draft({ headerName: input.headerName, scheme: input.prefix, secrets: { apiKey: input.apiKey } });
  },
  header: (ctx) => schemeHeader(ctx, 'apiKey'),
  test(ctx) {
    return testWithCheckUrl(ctx, this.header(ctx));
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
    return testWithCheckUrl(ctx, this.header(ctx));
  },
};
