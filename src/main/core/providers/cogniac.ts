/**
 * Cogniac: email + password (Basic) list the user's tenants and buy one Bearer token per
 * tenant (`GET /1/token?tenant_id=…`, documented lifetime 432000 s = 5 days). There is no
 * renew endpoint: a token is replaced by signing in again, and there is no sign-out.
 */
import { z } from 'zod';
import type { ParsedAuthInput } from '../../../shared/contract';
import type { TestResult } from '../../../shared/views';
import type { HeaderParts } from '../copy/formats';
import { CoreError, failedTest, isCoreError } from '../errors';
import { httpRequest, type HttpResponse } from '../http/request';
import { DAY_MS, SECOND_MS, normaliseExpiry } from '../tokens/refresh-policy';
import { basicAuthorization } from './basic-auth';
import type { FlowContext, IssuedToken, TokenFlow } from './flow';

const SERVICE = 'Cogniac';
export const COGNIAC_DEFAULT_BASE_URL = 'https://api.cogniac.io';
/** Documented lifetime of a Cogniac token: 432000 s (5 days). */
export const COGNIAC_TOKEN_LIFETIME_MS = 432_000 * SECOND_MS;
/** A reported expiry beyond this is not believed. */
const MAX_PLAUSIBLE_MS = 30 * DAY_MS;
/** RFC 6750 b64token: safe to put after "Bearer " in a header, a shell line or a snippet. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

const tenantsSchema = z.object({
  tenants: z.array(
    z.object({
      tenant_id: z.string().min(1),
      name: z.string(),
      type: z.string().optional(),
    }),
  ),
});

const tokenSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.unknown().optional(),
});

const currentTenantSchema = z.object({
  tenant_id: z.string(),
  name: z.string().optional(),
  type: z.string().optional(),
});

function baseUrl(ctx: FlowContext): string {
  return (ctx.conn.baseUrl ?? COGNIAC_DEFAULT_BASE_URL).replace(/\/+$/, '');
}

function basic(ctx: FlowContext): string {
  return basicAuthorization(ctx.conn.username ?? '', ctx.secret('password'));
}

function parse<T>(res: HttpResponse, schema: z.ZodType<T>, what: string): T {
  const parsed = schema.safeParse(res.json());
  if (!parsed.success) {
    throw new CoreError('bad-response', `Cogniac sent ${what} in a form TokenDesk does not recognise. Try again later; if it keeps happening, check the service address.`, {
      httpStatus: res.status,
    });
  }
  return parsed.data;
}

const on401 = () => 'Check them in the Cogniac web app.';

function tenantLabel(ctx: FlowContext, tenantId: string): string {
  const t = ctx.conn.tenants.find((x) => x.id === tenantId);
  return t && t.name && t.name !== tenantId ? `"${t.name}" (${tenantId})` : `"${tenantId}"`;
}

export async function discoverCogniacTenants(ctx: FlowContext): Promise<Array<{ id: string; name: string; kind?: string }>> {
  const res = await httpRequest(ctx.fetch, {
    timeoutMs: ctx.timeoutMs,
    url: `${baseUrl(ctx)}/1/users/current/tenants`,
    service: SERVICE,
    headers: { Authorization: basic(ctx) },
    on401,
  });
  const data = parse(res, tenantsSchema, 'the list of tenants');
  return data.tenants.map((t) => {
    const out: { id: string; name: string; kind?: string } = { id: t.tenant_id, name: t.name || t.tenant_id };
    if (t.type !== undefined) out.kind = t.type;
    return out;
  });
}

async function signIn(ctx: FlowContext, tenantId: string): Promise<IssuedToken> {
  if (!tenantId) throw new CoreError('invalid-input', 'Choose a Cogniac tenant to sign in to.');
  const label = tenantLabel(ctx, tenantId);
  const res = await httpRequest(ctx.fetch, {
    timeoutMs: ctx.timeoutMs,
    url: `${baseUrl(ctx)}/1/token?tenant_id=${encodeURIComponent(tenantId)}`,
    service: SERVICE,
    headers: { Authorization: basic(ctx) },
    on401,
    statusMessages: {
      403: {
        code: 'forbidden',
        message: `Cogniac says this account no longer has access to tenant ${label} (HTTP 403). Ask your Cogniac administrator to add you back, or untick this tenant.`,
      },
    },
  });
  const data = parse(res, tokenSchema, 'a sign-in answer');
  if (!B64TOKEN.test(data.access_token)) {
    throw new CoreError(
      'bad-response',
      'Cogniac sent a token TokenDesk cannot use safely (it contains spaces, quotes or other characters a token never has). Try again later; if it keeps happening, contact Cogniac support.',
      { httpStatus: res.status },
    );
  }
  const now = ctx.clock.now();
  const expiry = normaliseExpiry({
    now,
    expiresIn: data.expires_in,
    documentedLifetimeMs: COGNIAC_TOKEN_LIFETIME_MS,
    maxPlausibleMs: MAX_PLAUSIBLE_MS,
  });
  if (!expiry.trusted) {
    ctx.logger.warn('Cogniac token expiry not trusted; using the documented lifetime', {
      provider: 'cogniac',
      connectionId: ctx.conn.id,
      tenantId,
      reason: expiry.reason,
    });
  }
  return { token: data.access_token, expiresAt: expiry.expiresAtMs };
}

/** Checks a Cogniac token with `GET /1/tenants/current` (Bearer); returns the tenant it is for. */
export async function verifyCogniacToken(ctx: FlowContext, token: string): Promise<{ id: string; name: string; kind?: string }> {
  const res = await httpRequest(ctx.fetch, {
    timeoutMs: ctx.timeoutMs,
    url: `${baseUrl(ctx)}/1/tenants/current`,
    service: SERVICE,
    headers: { Authorization: `Bearer ${token}` },
    statusMessages: {
      401: {
        code: 'auth-rejected',
        message: 'Cogniac no longer accepts this token (HTTP 401): it expired or was revoked. TokenDesk will sign in again to get a new one.',
      },
      403: {
        code: 'forbidden',
        message: 'Cogniac says this account no longer has access to this tenant (HTTP 403). Ask your Cogniac administrator to add you back, or untick this tenant.',
      },
    },
  });
  const t = parse(res, currentTenantSchema, 'tenant details');
  const out: { id: string; name: string; kind?: string } = { id: t.tenant_id, name: t.name ?? t.tenant_id };
  if (t.type !== undefined) out.kind = t.type;
  return out;
}

export const cogniacFlow: TokenFlow = {
  kind: 'cogniac',
  type: 'token',
  fromInput(input: ParsedAuthInput) {
    if (input.kind !== 'cogniac') throw new TypeError('cogniac flow got ' + input.kind);
    return {
      username: input.username,
      headerName: 'Authorization',
      scheme: 'Bearer',
      options: {},
      secrets: { password: input.password },
      tenants: input.tenantIds.map((id) => ({ id, name: id, selected: true })),
    };
  },
  headerFor(_conn, token): HeaderParts {
    return { name: 'Authorization', value: `Bearer ${token}`, credential: token };
  },
  signIn: (ctx, tenantId) => signIn(ctx, tenantId),
  discoverTenants: discoverCogniacTenants,
  async verify(ctx, tenantId, token) {
    const tenant = await verifyCogniacToken(ctx, token);
    if (tenant.id !== tenantId) {
      // A header for the wrong tenant would quietly read or change the wrong data.
      throw new CoreError(
        'bad-response',
        `Cogniac says this token is for tenant "${tenant.name}" (${tenant.id}), not ${tenantLabel(ctx, tenantId)}. Use "Sign in again"; if it keeps happening, contact Cogniac support.`,
      );
    }
    return tenant;
  },
  async test(ctx): Promise<TestResult> {
    try {
      const tenants = await discoverCogniacTenants(ctx);
      const n = tenants.length;
      return {
        ok: true,
        message: `Connected to Cogniac as ${ctx.conn.username ?? ''}. Found ${n} ${n === 1 ? 'tenant' : 'tenants'}.`,
        tenants,
      };
    } catch (e) {
      if (isCoreError(e)) return failedTest(e);
      throw e;
    }
  },
};
