/**
 * Resolver Core, password mode: `POST /user/authenticate` with email, password, org id
 * (`selectedOrg`), `client: "core-client"` and an optional MFA code gives a 15-minute
 * session token; `GET /user/authenticate` (Bearer) renews it before expiry;
 * `POST /user/authenticate/logout` ends it. Resolver recommends API keys instead
 * (see RESOLVER_API_KEY_ADVICE and resolverApiKeyFlow in static-flows.ts).
 */
import { z } from 'zod';
import type { ParsedAuthInput } from '../../../shared/contract';
import type { TestResult } from '../../../shared/views';
import type { HeaderParts } from '../copy/formats';
import { CoreError, failedTest, isCoreError } from '../errors';
import { httpRequest, type HttpResponse } from '../http/request';
import { HOUR_MS, MINUTE_MS, normaliseExpiry } from '../tokens/refresh-policy';
import type { FlowContext, IssuedToken, TokenFlow } from './flow';

const SERVICE = 'Resolver Core';
/** Documented lifetime of a Resolver Core session token. */
export const RESOLVER_TOKEN_LIFETIME_MS = 15 * MINUTE_MS;
const MAX_PLAUSIBLE_MS = HOUR_MS;
const CLIENT = 'core-client';
/** RFC 6750 b64token: safe to put after "Bearer " in a header, a shell line or a snippet. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Why Resolver's API key beats a password: shown by the wizard when the password mode is chosen. */
export const RESOLVER_API_KEY_REASONS = [
  'Passwords expire under your org’s password policy. When yours does, this connection stops until you type the new one here.',
  'A password sign-in lasts only 15 minutes, so TokenDesk has to renew it all the time while it runs.',
  'If your org uses MFA, you will be asked for a code from your authenticator app whenever a fresh sign-in is needed.',
  'An API key has none of these problems. Your Resolver administrator can create one (Resolver help: “Create an API Key”).',
];
export const RESOLVER_API_KEY_ADVICE = `Resolver recommends an API key instead of your password. ${RESOLVER_API_KEY_REASONS.join(' ')}`;

const answerSchema = z.object({
  token: z.string().min(1),
  expiresAt: z.unknown().optional(),
  user: z.unknown().optional(),
});

const MESSAGES = {
  needsMfa: 'Resolver Core needs the 6-digit code from your authenticator app. Enter it to sign in.',
  wrongMfa: 'Resolver Core did not accept that code. Enter the current 6-digit code from your authenticator app (codes change every 30 seconds).',
  rejected: 'Resolver Core rejected the email or password (HTTP 401). Check them by signing in to Resolver Core in your browser.',
  expired:
    'Your Resolver Core password has expired. Sign in to Resolver Core in your browser to set a new one, then enter it here.',
  notMember:
    'Resolver Core says this user is not an active member of any org (HTTP 404). Check the org ID, or ask your Resolver administrator to add you.',
  sessionEnded:
    'Resolver Core ended this session (HTTP 401). TokenDesk will sign in again with the saved password.',
};

/** Error body fields Resolver may send; anything unreadable is treated as empty. */
function errorBody(text: string): { code: string; message: string } {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const str = (x: unknown) => (typeof x === 'string' ? x : '');
      return { code: str(o.code ?? o.errorCode), message: str(o.message ?? o.error ?? o.Message) };
    }
  } catch {
    /* not JSON */
  }
  return { code: '', message: text.length > 500 ? text.slice(0, 500) : text };
}

function loginError(status: number, bodyText: string, sentMfa: boolean): CoreError | undefined {
  const body = errorBody(bodyText);
  if (status === 401) {
    const mfa = /^MFA_/i.test(body.code) || /\bmfa\b|two[- ]factor|2fa|authenticator/i.test(body.message);
    if (mfa) return new CoreError('needs-mfa', sentMfa ? MESSAGES.wrongMfa : MESSAGES.needsMfa, { httpStatus: status });
    return new CoreError('auth-rejected', MESSAGES.rejected, { httpStatus: status });
  }
  if (status === 403 && (/PASSWORD_EXPIRED/i.test(body.code) || /expired/i.test(body.message))) {
    return new CoreError('password-expired', MESSAGES.expired, { httpStatus: status });
  }
  if (status === 404) return new CoreError('not-member', MESSAGES.notMember, { httpStatus: status });
  return undefined;
}

function baseUrl(ctx: FlowContext): string {
  const url = ctx.conn.baseUrl?.trim();
  if (!url) {
    throw new CoreError('invalid-input', 'Enter the address of your Resolver Core site (the one you open in your browser).');
  }
  return url.replace(/\/+$/, '');
}

function orgId(ctx: FlowContext): number {
  const n = Number(ctx.conn.options.orgId);
  if (!Number.isInteger(n) || n <= 0) {
    throw new CoreError('invalid-input', 'The Resolver Core org ID is missing. Edit the connection and enter it (a number, for example 101).');
  }
  return n;
}

/**
 * Who the sign-in answer says signed in. Resolver documents `user` only by example, so
 * every part is optional and anything unexpected is ignored.
 */
const accountSchema = z.object({
  first: z.string().optional().catch(undefined),
  last: z.string().optional().catch(undefined),
  email: z.string().optional().catch(undefined),
  selectedOrg: z.coerce.number().int().positive().optional().catch(undefined),
});

interface Account {
  /** "Ana Lyst (analyst@example.com)", or the email TokenDesk signed in with. */
  who: string;
  /** The org the session is for: the answer's `selectedOrg`, else the org that was accepted. */
  org: number;
}

function accountOf(ctx: FlowContext, user: unknown): Account {
  const a = accountSchema.safeParse(user ?? {});
  const data = a.success ? a.data : {};
  const name = [data.first, data.last].filter((x) => x && x.trim()).join(' ').trim();
  const email = data.email?.trim() || ctx.conn.username || '';
  return { who: name ? `${name} (${email})` : email, org: data.selectedOrg ?? orgId(ctx) };
}

function issued(ctx: FlowContext, res: HttpResponse, what: string): IssuedToken {
  return answer(ctx, res, what).token;
}

function answer(ctx: FlowContext, res: HttpResponse, what: string): { token: IssuedToken; user: unknown } {
  const parsed = answerSchema.safeParse(res.json());
  if (!parsed.success) {
    throw new CoreError('bad-response', `Resolver Core sent ${what} in a form TokenDesk does not recognise. Try again later; if it keeps happening, check the service address.`, {
      httpStatus: res.status,
    });
  }
  const { token, expiresAt, user } = parsed.data;
  if (!B64TOKEN.test(token)) {
    throw new CoreError(
      'bad-response',
      'Resolver Core sent a token TokenDesk cannot use safely (it contains spaces, quotes or other characters a token never has). Try again later; if it keeps happening, contact your Resolver administrator.',
      { httpStatus: res.status },
    );
  }
  const expiry = normaliseExpiry({
    now: ctx.clock.now(),
    expiresAt,
    documentedLifetimeMs: RESOLVER_TOKEN_LIFETIME_MS,
    maxPlausibleMs: MAX_PLAUSIBLE_MS,
  });
  if (!expiry.trusted) {
    ctx.logger.warn('Resolver Core token expiry not trusted; using the documented 15 minutes', {
      provider: 'resolver',
      connectionId: ctx.conn.id,
      reason: expiry.reason,
    });
  }
  return { token: { token, expiresAt: expiry.expiresAtMs }, user };
}

async function signIn(ctx: FlowContext, extra?: { mfaCode?: string }): Promise<IssuedToken> {
  return (await login(ctx, extra)).token;
}

async function login(ctx: FlowContext, extra?: { mfaCode?: string }): Promise<{ token: IssuedToken; user: unknown }> {
  const mfaCode = extra?.mfaCode?.trim() || null;
  const res = await httpRequest(ctx.fetch, {
    timeoutMs: ctx.timeoutMs,
    method: 'POST',
    url: `${baseUrl(ctx)}/user/authenticate`,
    service: SERVICE,
    json: {
      email: ctx.conn.username ?? '',
      password: ctx.secret('password'),
      selectedOrg: orgId(ctx),
      client: CLIENT,
      mfaTokenCode: mfaCode,
    },
    mapError: (status, text) => loginError(status, text, mfaCode !== null),
  });
  return answer(ctx, res, 'a sign-in answer');
}

async function renew(ctx: FlowContext, current: IssuedToken): Promise<IssuedToken> {
  const res = await httpRequest(ctx.fetch, {
    timeoutMs: ctx.timeoutMs,
    url: `${baseUrl(ctx)}/user/authenticate`,
    service: SERVICE,
    headers: { Authorization: `Bearer ${current.token}` },
    statusMessages: { 401: { code: 'auth-rejected', message: MESSAGES.sessionEnded } },
  });
  return issued(ctx, res, 'a renewed session');
}

async function signOut(ctx: FlowContext, current: IssuedToken): Promise<void> {
  try {
    await httpRequest(ctx.fetch, {
    timeoutMs: ctx.timeoutMs,
      method: 'POST',
      url: `${baseUrl(ctx)}/user/authenticate/logout`,
      service: SERVICE,
      headers: { Authorization: `Bearer ${current.token}` },
    });
  } catch (e) {
    ctx.logger.warn('Resolver Core sign-out failed (ignored)', {
      provider: 'resolver',
      connectionId: ctx.conn.id,
      code: isCoreError(e) ? e.code : 'internal',
      httpStatus: isCoreError(e) ? e.details?.httpStatus : undefined,
    });
  }
}

export const resolverPasswordFlow: TokenFlow = {
  kind: 'resolver-password',
  type: 'token',
  fromInput(input: ParsedAuthInput) {
    if (input.kind !== 'resolver-password') throw new TypeError('resolver-password flow got ' + input.kind);
    // input.mfaCode is one-time: the caller passes it to signIn as extra.mfaCode, never stored.
    return {
      username: input.username,
      headerName: 'Authorization',
      scheme: 'Bearer',
      options: { orgId: input.orgId },
      secrets: { password: input.password },
      tenants: [],
    };
  },
  headerFor(_conn, token): HeaderParts {
    return { name: 'Authorization', value: `Bearer ${token}`, credential: token };
  },
  signIn: (ctx, _tenantId, extra) => signIn(ctx, extra),
  renew: (ctx, _tenantId, current) => renew(ctx, current),
  signOut: (ctx, _tenantId, current) => signOut(ctx, current),
  /** Signs in (with a one-time MFA code when given), reports who and which org, signs out. */
  async test(ctx, extra): Promise<TestResult> {
    try {
      const { token, user } = await login(ctx, extra);
      await signOut(ctx, token);
      const { who, org } = accountOf(ctx, user);
      return {
        ok: true,
        message: `Signed in to Resolver Core as ${who} in org ${org}.`,
        tenants: [{ id: String(org), name: `Org ${org}`, kind: 'org' }],
      };
    } catch (e) {
      if (!isCoreError(e)) throw e;
      return { ...failedTest(e), ...(e.code === 'needs-mfa' ? { action: 'enter-mfa' as const } : {}) };
    }
  },
};
