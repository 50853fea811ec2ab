/**
 * Every provider response parser fed random answers through a fake fetch (fast-check):
 * random JSON, near-valid token and tenant answers with hostile field values, error bodies,
 * HTML, non-JSON, oversized bodies, odd statuses and content types, and network failures.
 * Sign-in, renew and discovery either return something usable (a header-safe token with a
 * sane expiry, well-formed tenants) or reject with a CoreError in plain words — never a
 * TypeError; Test connection and sign-out never throw. Expiry parsing never throws and
 * always lands in the plausible window.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../../src/main/core/errors';
import { cogniacFlow, verifyCogniacToken } from '../../../../../src/main/core/providers/cogniac';
import type { FlowContext, IssuedToken } from '../../../../../src/main/core/providers/flow';
import { resolverPasswordFlow } from '../../../../../src/main/core/providers/resolver';
import { basicFlow } from '../../../../../src/main/core/providers/static-flows';
import { DAY_MS, HOUR_MS, MINUTE_MS, normaliseExpiry } from '../../../../../src/main/core/tokens/refresh-policy';
import { flowContext, storedConnection } from '../../../../support/flow-context';
import { isPlainMessage } from '../../../../support/plain-message';

const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const NULL_BODY = new Set([204, 205, 304]);

interface FakeAnswer {
  kind: 'answer' | 'network-error';
  status: number;
  contentType: string;
  retryAfter: string | null;
  body: string;
}

/** A value for a field a parser reads: anything at all, or something close to what it wants. */
const fieldValue = fc.oneof(
  fc.jsonValue(),
  fc.string(),
  fc.stringMatching(/^[A-Za-z0-9\-._~+/]{8,40}$/),
  fc.constantFrom('', ' ', 'tok en', 'tok"en', 'tok\r\nX-Evil: 1', '432000', '-5', '1e400', '0x10', 'NaN', 'Infinity', '2026-11-23T10:00:00Z'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(432000, 0, -1, 1e12, 1e13, 2 ** 53, Number.MAX_VALUE),
);

const jsonBody = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.record({ access_token: fieldValue, expires_in: fieldValue, token_type: fieldValue }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.record({ tenants: fc.oneof(fieldValue, fc.array(fc.record({ tenant_id: fieldValue, name: fieldValue, type: fieldValue }, { requiredKeys: [] }), { maxLength: 4 })) }).map((v) => JSON.stringify(v)),
  fc.record({ tenant_id: fieldValue, name: fieldValue, type: fieldValue }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.record({ token: fieldValue, expiresAt: fieldValue, user: fieldValue }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.record({ code: fieldValue, errorCode: fieldValue, message: fieldValue, Message: fieldValue, error: fieldValue }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  fc.constant('{"__proto__":{"access_token":"polluted"},"constructor":{"prototype":{"token":"x"}}}'),
);

const anyBody = fc.oneof(
  { weight: 6, arbitrary: jsonBody },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.constantFrom('<!DOCTYPE html><html><body>Sign in to the Wi-Fi</body></html>', '  <html>', '{"access_token": "abc", oops', '', 'null', '[]', '"just a string"') },
);

const answer: fc.Arbitrary<FakeAnswer> = fc.record({
  kind: fc.constantFrom<'answer' | 'network-error'>('answer', 'answer', 'answer', 'answer', 'network-error'),
  status: fc.constantFrom(200, 200, 200, 201, 202, 204, 206, 299, 301, 302, 304, 307, 400, 401, 403, 404, 409, 418, 423, 429, 500, 502, 503, 504, 599),
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/html; charset=utf-8', 'text/plain', '', 'application/octet-stream'),
  retryAfter: fc.option(fc.oneof(fc.string(), fc.constantFrom('30', '0', '-1', 'Wed, 21 Oct 2015 07:28:00 GMT', '1e9'))),
  body: anyBody,
});

/** A fetch that gives `a` to every request (or fails like a dropped connection). */
function fakeFetch(a: FakeAnswer): FlowContext['fetch'] {
  return async () => {
    if (a.kind === 'network-error') throw new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    const headers: Record<string, string> = {};
    if (a.contentType) headers['content-type'] = a.contentType;
    if (a.retryAfter !== null) {
      try {
        new Headers({ 'retry-after': a.retryAfter });
        headers['retry-after'] = a.retryAfter;
      } catch {
        // not a legal header value: a real server could not have sent it either
      }
    }
    return new Response(NULL_BODY.has(a.status) ? null : a.body, { status: a.status, headers });
  };
}

function context(kind: 'cogniac' | 'resolver' | 'basic', a: FakeAnswer): FlowContext {
  const conn =
    kind === 'cogniac'
      ? storedConnection({ id: 'c1', providerId: 'cogniac', authKind: 'cogniac', baseUrl: 'https://api.cogniac.example', username: 'ops@example.com', tenants: [{ id: 't1', name: 'T1', selected: true }] })
      : kind === 'resolver'
        ? storedConnection({ id: 'r1', providerId: 'resolver', authKind: 'resolver-password', baseUrl: 'https://core.resolver.example', username: 'a@example.com', options: { orgId: 101 } })
        : storedConnection({ id: 'b1', providerId: 'cohortgo', authKind: 'basic', scheme: 'Basic', username: 'api@example.com', checkUrl: 'https://cohort.example/check' });
  return { ...flowContext({ conn, providerName: kind === 'basic' ? 'Cohort Go' : kind, password: 'pw' }), fetch: fakeFetch(a) };
}

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** Runs `call`; a rejection must be a CoreError in plain words. Returns the value or undefined. */
async function settle<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(CoreError);
    expect(isPlainMessage((e as CoreError).message), (e as CoreError).message).toBe(true);
    return undefined;
  }
}

function expectUsableToken(t: IssuedToken | undefined, maxLifetimeMs: number, before: number): void {
  if (!t) return;
  expect(t.token).toMatch(B64TOKEN);
  expect(Number.isFinite(t.expiresAt)).toBe(true);
  expect(t.expiresAt).toBeGreaterThan(before);
  expect(t.expiresAt).toBeLessThanOrEqual(Date.now() + maxLifetimeMs);
}

const RUNS = { numRuns: 300, seed: 1123 };

describe('Cogniac response handling', () => {
  it('token: a usable token with a sane expiry, or a plain CoreError', async () => {
    await fc.assert(
      fc.asyncProperty(answer, async (a) => {
        const before = Date.now();
        expectUsableToken(await settle(() => cogniacFlow.signIn(context('cogniac', a), 't1')), 30 * DAY_MS, before);
      }),
      RUNS,
    );
  });

  it('tenant discovery and token check: well-formed tenants, or a plain CoreError', async () => {
    await fc.assert(
      fc.asyncProperty(answer, async (a) => {
        const tenants = await settle(() => cogniacFlow.discoverTenants!(context('cogniac', a)));
        for (const t of tenants ?? []) {
          expect(typeof t.id).toBe('string');
          expect(t.id.length).toBeGreaterThan(0);
          expect(typeof t.name).toBe('string');
        }
        const current = await settle(() => verifyCogniacToken(context('cogniac', a), 'tok'));
        if (current) expect(typeof current.id).toBe('string');
      }),
      RUNS,
    );
  });

  it('Test connection never throws and always says something plain', async () => {
    await fc.assert(
      fc.asyncProperty(answer, async (a) => {
        const r = await cogniacFlow.test(context('cogniac', a));
        expect(typeof r.ok).toBe('boolean');
        expect(isPlainMessage(r.message), r.message).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('Resolver Core response handling', () => {
  it('sign-in and renew: a usable session within the hour, or a plain CoreError', async () => {
    await fc.assert(
      fc.asyncProperty(answer, fc.option(fc.constantFrom('123456', '000000')), async (a, mfa) => {
        const before = Date.now();
        expectUsableToken(await settle(() => resolverPasswordFlow.signIn(context('resolver', a), '', mfa ? { mfaCode: mfa } : undefined)), HOUR_MS, before);
        const current = { token: 'rsv.current', expiresAt: Date.now() + 10 * MINUTE_MS };
        expectUsableToken(await settle(() => resolverPasswordFlow.renew!(context('resolver', a), '', current)), HOUR_MS, before);
      }),
      RUNS,
    );
  });

  it('sign-out and Test connection never throw', async () => {
    await fc.assert(
      fc.asyncProperty(answer, async (a) => {
        await expect(resolverPasswordFlow.signOut!(context('resolver', a), '', { token: 'rsv.x', expiresAt: Date.now() + MINUTE_MS })).resolves.toBeUndefined();
        const r = await resolverPasswordFlow.test(context('resolver', a));
        expect(isPlainMessage(r.message), r.message).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('check address (Basic, API key, bearer)', () => {
  it('Test connection never throws and says something plain; a web page is never "Connected"', async () => {
    await fc.assert(
      fc.asyncProperty(answer, async (a) => {
        const r = await basicFlow.test(context('basic', a));
        expect(isPlainMessage(r.message), r.message).toBe(true);
        if (r.ok) {
          expect(a.status).toBeGreaterThanOrEqual(200);
          expect(a.status).toBeLessThan(300);
          expect(a.contentType).not.toMatch(/html/);
        }
      }),
      RUNS,
    );
  });
});

describe('expiry parsing', () => {
  it('never throws; the expiry is finite, in the future and within the plausible window', () => {
    const odd = fc.oneof(fc.anything(), fieldValue, fc.constantFrom('1e12', '1700000000', '1700000000000', ' 900 ', '+900', '.5', '2026-02-30T00:00:00Z'));
    fc.assert(
      fc.property(
        fc.option(odd, { nil: undefined }),
        fc.option(odd, { nil: undefined }),
        fc.integer({ min: 1_000_000_000_000, max: 4_000_000_000_000 }),
        fc.constantFrom({ doc: 432_000_000, max: 30 * DAY_MS }, { doc: 15 * MINUTE_MS, max: HOUR_MS }, { doc: HOUR_MS, max: DAY_MS }),
        (expiresIn, expiresAt, now, lifetimes) => {
          const r = normaliseExpiry({ now, expiresIn, expiresAt, documentedLifetimeMs: lifetimes.doc, maxPlausibleMs: lifetimes.max });
          expect(Number.isFinite(r.expiresAtMs)).toBe(true);
          expect(r.expiresAtMs).toBeGreaterThan(now);
          expect(r.expiresAtMs).toBeLessThanOrEqual(now + Math.max(lifetimes.doc, lifetimes.max));
          if (!r.trusted) {
            expect(r.expiresAtMs).toBe(now + lifetimes.doc);
            expect(typeof r.reason).toBe('string');
          }
        },
      ),
      { numRuns: 2000, seed: 1124 },
    );
  });

  it('no rejection went unhandled', () => {
    expect(unhandled).toEqual([]);
  });
});
