/**
 * The team-pack reader: a clean pack is read; every kind of bad pack is refused with its
 * own plain reason (and the field named when it matters); fuzzed input never throws
 * anything but a CoreError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PACK_MAX_BYTES } from '../../../../src/shared/contract';
import type { AuthKind } from '../../../../src/shared/views';
import { CoreError } from '../../../../src/main/core/errors';
import { PACK_FORMAT, PACK_MAX_CONNECTIONS } from '../../../../src/main/core/packs/format';
import { parsePack, type PackProblem } from '../../../../src/main/core/packs/parse';
import { findSecret, isSecretKey, looksLikeAuthHeader } from '../../../../src/main/core/packs/secret-scan';

const BUILT_IN: AuthKind[] = ['basic', 'bearer', 'api-key', 'cogniac', 'resolver-password', 'resolver-api-key'];
const options = { supportsAuthKind: (k: AuthKind) => BUILT_IN.includes(k) };

type Json = Record<string, unknown>;

function cogniacEntry(over: Json = {}): Json {
  return {
    providerId: 'cogniac',
    label: 'Cogniac prod',
    authKind: 'cogniac',
    baseUrl: 'https://api.cogniac.io',
    checkUrl: null,
    headerName: 'Authorization',
    scheme: 'Bearer',
    options: {},
    tenants: [{ id: '49wshskg', name: 'Internal Tenant 1', kind: 'internal', selected: true }],
    ...over,
  };
}

function pack(over: Json = {}, connections: Json[] = [cogniacEntry()]): Json {
  return { format: PACK_FORMAT, version: 1, createdAt: '2026-11-24T11:00:00.000Z', connections, ...over };
}

/** Parses and returns the refusal, checking it is a plain CoreError that changes nothing. */
function refusal(input: unknown): CoreError {
  const text = typeof input === 'string' ? input : JSON.stringify(input);
  try {
    parsePack(text, options);
  } catch (e) {
    expect(e).toBeInstanceOf(CoreError);
    const err = e as CoreError;
    expect(err.code).toBe('invalid-input');
    expect(err.message).toMatch(/Nothing was changed\.$/);
    return err;
  }
  throw new Error('expected the pack to be refused');
}

const problemOf = (input: unknown): PackProblem => refusal(input).details!.problem as PackProblem;

describe('a clean pack', () => {
  it('is read with defaults applied', () => {
    const p = parsePack(JSON.stringify(pack({ name: 'Ops team', settings: { theme: 'dark', clipboardClearSeconds: 20 } })), options);
    expect(p.name).toBe('Ops team');
    expect(p.connections[0]).toMatchObject({ providerId: 'cogniac', label: 'Cogniac prod', options: {}, tenants: [{ id: '49wshskg', selected: true }] });
    expect(p.settings).toEqual({ theme: 'dark', clipboardClearSeconds: 20 });
  });

  it('accepts a byte-order mark and every built-in sign-in kind', () => {
    const entries: Json[] = [
      cogniacEntry(),
      { providerId: 'cohortgo', label: 'CG', authKind: 'basic', baseUrl: null, checkUrl: 'https://cohort.example/check', headerName: 'Authorization', scheme: 'Basic' },
      { providerId: 'custom', label: 'Maps', authKind: 'api-key', baseUrl: 'https://maps.example.com', checkUrl: null, headerName: 'key', scheme: '', options: { placement: 'query' } },
      { providerId: 'resolver', label: 'R', authKind: 'resolver-password', baseUrl: 'https://acme.resolver.com', checkUrl: null, headerName: 'Authorization', scheme: 'Bearer', options: { orgId: 101 } },
      { providerId: 'resolver', label: 'RK', authKind: 'resolver-api-key', baseUrl: 'https://acme.resolver.com', checkUrl: null, headerName: 'Authorization', scheme: 'ApiKey ' },
      { providerId: 'custom', label: 'B', authKind: 'bearer', baseUrl: 'http://localhost:8080', checkUrl: null, headerName: 'Authorization', scheme: 'Bearer' },
    ];
    const p = parsePack('\uFEFF' + JSON.stringify(pack({}, entries)), options);
    expect(p.connections.map((c) => c.authKind)).toEqual(['cogniac', 'basic', 'api-key', 'resolver-password', 'resolver-api-key', 'bearer']);
  });
});

describe('bad packs are refused, each with its own plain reason', () => {
  it('malformed JSON', () => {
    for (const text of ['', '{', '{"format": "tokendesk-team-pack",', 'not json at all', '\u0000']) {
      expect(problemOf(text)).toBe('unreadable');
    }
    expect(refusal('{').message).toMatch(/could not be read as a TokenDesk team pack/);
  });

  it('other JSON that is not a pack', () => {
    for (const other of [{}, [], JSON.stringify('text'), 42, null, { format: 'tokendesk-vault', version: 1, connections: [] }, { connections: [] }, [pack()]]) {
      expect(problemOf(other)).toBe('not-a-pack');
    }
    expect(refusal({ hello: 'world' }).message).toMatch(/not a TokenDesk team pack\. Choose the file whose name ends in \.tokendesk-pack\.json/);
  });

  it('a pack with a missing or nonsense version', () => {
    expect(problemOf(pack({ version: undefined }))).toBe('unreadable');
    expect(problemOf(pack({ version: 'one' }))).toBe('unreadable');
    expect(problemOf(pack({ version: 0 }))).toBe('unreadable');
    expect(problemOf(pack({ version: 1.5 }))).toBe('unreadable');
  });

  it('a newer version: "update TokenDesk"', () => {
    const err = refusal(pack({ version: 2, somethingNew: true }));
    expect(err.details!.problem).toBe('newer-version');
    expect(err.message).toMatch(/made by a newer TokenDesk \(pack version 2\)\. Update TokenDesk/);
  });

  it('an unknown service', () => {
    const err = refusal(pack({}, [cogniacEntry({ providerId: 'acme-crm', label: 'Acme' })]));
    expect(err.details!.problem).toBe('unknown-provider');
    expect(err.message).toMatch(/Connection 1 \(“Acme”\) is for a service this TokenDesk does not know \(“acme-crm”\)\. Update TokenDesk/);
  });

  it('an unknown kind of sign-in, or one this build cannot use', () => {
    const err = refusal(pack({}, [cogniacEntry({ authKind: 'kerberos' })]));
    expect(err.details!.problem).toBe('unknown-auth-kind');
    expect(err.message).toMatch(/uses a kind of sign-in this TokenDesk does not know \(“kerberos”\)/);
    const oauth = { providerId: 'custom', label: 'O', authKind: 'oauth2-client-credentials', baseUrl: null, checkUrl: null, headerName: 'Authorization', scheme: 'Bearer', options: { clientId: 'c', tokenUrl: 'https://id.example/token' } };
    expect(problemOf(pack({}, [oauth]))).toBe('unknown-auth-kind');
    // The same entry reads fine in a build that has the OAuth2 flow.
    expect(parsePack(JSON.stringify(pack({}, [oauth])), { supportsAuthKind: () => true }).connections[0]!.options.clientId).toBe('c');
  });

  it('a sign-in kind the service does not use', () => {
    const err = refusal(pack({}, [cogniacEntry({ authKind: 'basic' })]));
    expect(err.details!.problem).toBe('invalid');
    expect(err.message).toMatch(/Cogniac does not sign in this way \(“basic”\)/);
  });

  it('a Resolver password entry without its org ID or address', () => {
    const base = { providerId: 'resolver', label: 'R', authKind: 'resolver-password', baseUrl: 'https://acme.resolver.com', checkUrl: null, headerName: 'Authorization', scheme: 'Bearer' };
    expect(refusal(pack({}, [{ ...base, options: {} }])).message).toMatch(/is missing the Resolver Core org ID/);
    expect(refusal(pack({}, [{ ...base, baseUrl: null, options: { orgId: 101 } }])).message).toMatch(/is missing the address of the Resolver Core site/);
    expect(refusal(pack({}, [{ ...base, options: { orgId: '101; drop' } }])).message).toMatch(/org ID is a number/);
  });

  const secretCases: Array<[string, Json, string, string]> = [
    ['a password at the top', pack({ password: 'hunter2' }), 'password', 'the “password” field of the pack'],
    ['an entry password', pack({}, [cogniacEntry({ password: 'hunter2' })]), 'connections[0].password', 'the “password” field of connection 1'],
    ['a client secret in options', pack({}, [cogniacEntry({ options: { clientSecret: 'x' } })]), 'connections[0].options.clientSecret', 'the “clientSecret” field of connection 1'],
    [
      'a token in a tenant, any case',
      pack({}, [cogniacEntry(), cogniacEntry({ tenants: [{ id: 't', name: 'T', selected: true }, { id: 'u', name: 'U', selected: true, TOKEN: 'abc' }] })]),
      'connections[1].tenants[1].TOKEN',
      'the “TOKEN” field of connection 2, tenant 2',
    ],
    ['snake_case refresh_token', pack({ settings: { refresh_token: 'r' } }), 'settings.refresh_token', 'the “refresh_token” field in its settings'],
    ['api-key with a dash', pack({ extra: { deeper: { 'api-key': 'k' } } }), 'extra.deeper.api-key', 'the “api-key” field of the pack'],
    ['apiKey', pack({ apiKey: 'k' }), 'apiKey', 'the “apiKey” field'],
    ['accessToken', pack({ accessToken: 'k' }), 'accessToken', 'the “accessToken” field'],
    ['Authorization', pack({}, [cogniacEntry({ Authorization: 'x' })]), 'connections[0].Authorization', 'the “Authorization” field of connection 1'],
    ['a name ending in Password', pack({ userPassword: '' }), 'userPassword', 'the “userPassword” field'],
    ['a Bearer header as a name', pack({}, [cogniacEntry({ label: 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc123' })]), 'connections[0].label', 'in the “label” field of connection 1'],
    ['a Basic header as a prefix', pack({}, [cogniacEntry({ scheme: 'Basic dXNlcjpwYXNzd29yZA==' })]), 'connections[0].scheme', 'in the “scheme” field of connection 1'],
    [
      'a full header line in a tenant name',
      pack({}, [cogniacEntry({ tenants: [{ id: 't', name: 'Authorization: Bearer 0123456789abcdefXYZ', selected: true }] })]),
      'connections[0].tenants[0].name',
      'in the “name” field of connection 1, tenant 1',
    ],
  ];
  for (const [name, input, field, words] of secretCases) {
    it(`a secret anywhere is refused, naming the field: ${name}`, () => {
      const err = refusal(input);
      expect(err.details).toMatchObject({ problem: 'secret', field });
      expect(err.message).toContain(words);
      expect(err.message).toMatch(/Team packs never carry passwords, keys or tokens/);
      // The value that looked secret is never repeated back.
      expect(err.message).not.toMatch(/hunter2|eyJhbGci|dXNlcjpw|0123456789abcdef/);
    });
  }

  it('ordinary words are not mistaken for secrets', () => {
    expect(isSecretKey('tokenUrl')).toBe(false);
    expect(isSecretKey('authorizationUrl')).toBe(false);
    expect(isSecretKey('headerName')).toBe(false);
    expect(looksLikeAuthHeader('Basic authentication for the support desk')).toBe(false);
    expect(looksLikeAuthHeader('Bearer tokens for everything')).toBe(false);
    expect(looksLikeAuthHeader('Bearer')).toBe(false);
    expect(findSecret(pack({}, [cogniacEntry({ label: 'Basic sign-in (Bearer later)' })]))).toBeNull();
  });

  it('a file over the size limit, counted in bytes', () => {
    const big = JSON.stringify(pack({ name: 'x'.repeat(PACK_MAX_BYTES) }));
    expect(problemOf(big)).toBe('too-big');
    // Under the limit in characters, over it in UTF-8 bytes.
    const wide = JSON.stringify(pack({ name: '€'.repeat(Math.ceil(PACK_MAX_BYTES / 2.5)) }));
    expect(wide.length).toBeLessThan(PACK_MAX_BYTES);
    expect(problemOf(wide)).toBe('too-big');
  });

  it('too many entries', () => {
    const many = Array.from({ length: PACK_MAX_CONNECTIONS + 1 }, (_, i) => cogniacEntry({ label: `C${i}` }));
    const err = refusal(pack({}, many));
    expect(err.details!.problem).toBe('too-many');
    expect(err.message).toMatch(/lists 501 connections; a team pack can hold at most 500/);
  });

  it('too many tenants in one entry', () => {
    const tenants = Array.from({ length: 501 }, (_, i) => ({ id: `t${i}`, name: `T${i}`, selected: false }));
    expect(refusal(pack({}, [cogniacEntry({ tenants })])).message).toMatch(/at most 500 tenants/);
  });

  it('deeply nested junk', () => {
    const n = 100_000;
    const text = JSON.stringify(pack({ extra: '@' })).replace('"@"', `${'['.repeat(n)}"x"${']'.repeat(n)}`);
    expect(problemOf(text)).toBe('unreadable');
  });

  const invalidCases: Array<[string, Json, RegExp]> = [
    ['an http address', cogniacEntry({ baseUrl: 'http://api.example.com' }), /starts with https:\/\//],
    ['a javascript: address', cogniacEntry({ checkUrl: 'javascript:alert(1)' }), /starts with https:\/\//],
    ['an address with a user and password in it', cogniacEntry({ baseUrl: 'https://u:p@api.example.com' }), /starts with https:\/\//],
    ['not an address', cogniacEntry({ baseUrl: 'api example' }), /not a web address/],
    ['an http OAuth endpoint', { providerId: 'custom', label: 'O', authKind: 'bearer', baseUrl: null, checkUrl: null, headerName: 'Authorization', scheme: 'Bearer', options: { tokenUrl: 'http://id.example/token' } }, /starts with https:\/\//],
    ['a header name with a space and colon', cogniacEntry({ headerName: 'X Key:' }), /header name can only use/],
    ['a header name with a line break', cogniacEntry({ headerName: 'X-Key\r\nX-Evil' }), /header name can only use/],
    ['a name with a line break', cogniacEntry({ label: 'Prod\r\nX-Evil: 1' }), /line break or an invisible character/],
    ['a prefix with quotes', cogniacEntry({ scheme: 'Bearer"' }), /prefix can only use letters/],
    ['a tenant id with a NUL', cogniacEntry({ tenants: [{ id: 'a\u0000b', name: 'T', selected: true }] }), /invisible character/],
    ['a user name with a colon', cogniacEntry({ username: 'a:b' }), /cannot contain a colon/],
    ['an empty name', cogniacEntry({ label: '  ' }), /Enter a name for this connection/],
    ['a missing address field', cogniacEntry({ baseUrl: undefined }), /the address of the service/],
    ['a tenant without its ticked flag', cogniacEntry({ tenants: [{ id: 't', name: 'T' }] }), /says whether it is ticked/],
    ['options that are not a list of settings', cogniacEntry({ options: [1, 2] }), /“options” is missing or not in the expected form/],
    ['a field this version does not know', cogniacEntry({ colour: 'blue' }), /does not know \(“colour”\)/],
    ['a query placement that is neither', cogniacEntry({ options: { placement: 'cookie' } }), /either in a "header" or in the "query"/],
  ];
  for (const [name, entry, message] of invalidCases) {
    it(`invalid values: ${name}`, () => {
      const err = refusal(pack({}, [entry]));
      expect(err.details!.problem).toBe('invalid');
      expect(err.message).toMatch(/^Connection 1/);
      expect(err.message).toMatch(message);
    });
  }

  it('settings outside their ranges, or personal ones', () => {
    expect(refusal(pack({ settings: { clipboardClearSeconds: 5 } })).message).toMatch(/^The settings in this pack has a problem: Choose Off, or between 10 and 300 seconds/);
    expect(refusal(pack({ settings: { shortcut: 'Ctrl+Q' } })).message).toMatch(/does not know \(“shortcut”\)/);
    expect(refusal(pack({ settings: { theme: 'purple' } })).details!.problem).toBe('invalid');
  });

  it('a bad date', () => {
    expect(refusal(pack({ createdAt: 'yesterday' })).message).toMatch(/date the pack was made/);
  });
});

describe('fuzz: the reader never throws anything but a CoreError', () => {
  const readsOrRefuses = (text: string) => {
    try {
      parsePack(text, options);
    } catch (e) {
      if (!(e instanceof CoreError)) throw e;
      expect(e.message.length).toBeGreaterThan(20);
    }
  };

  it('arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), readsOrRefuses), { numRuns: 500 });
  });

  it('arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => readsOrRefuses(JSON.stringify(v))), { numRuns: 500 });
  });

  it('real packs with any field replaced by anything', () => {
    const fields = ['format', 'version', 'name', 'createdAt', 'connections', 'settings'];
    const entryFields = ['providerId', 'label', 'authKind', 'baseUrl', 'checkUrl', 'username', 'headerName', 'scheme', 'options', 'tenants'];
    fc.assert(
      fc.property(
        fc.constantFrom(...fields),
        fc.constantFrom(...entryFields),
        fc.jsonValue({ maxDepth: 3 }),
        fc.jsonValue({ maxDepth: 3 }),
        (field, entryField, a, b) => {
          readsOrRefuses(JSON.stringify(pack({ [field]: a })));
          readsOrRefuses(JSON.stringify(pack({}, [cogniacEntry({ [entryField]: b })])));
          readsOrRefuses(JSON.stringify(pack({}, [cogniacEntry({ options: { [entryField]: b }, tenants: [{ id: 'x', name: 'y', selected: true, [field]: a }] })])));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('cut-off and spliced packs', () => {
    const text = JSON.stringify(pack({ settings: { theme: 'dark' } }));
    fc.assert(
      fc.property(fc.nat({ max: text.length }), fc.nat({ max: text.length }), fc.string({ maxLength: 20 }), (at, to, insert) => {
        readsOrRefuses(text.slice(0, at));
        readsOrRefuses(text.slice(0, Math.min(at, to)) + insert + text.slice(Math.max(at, to)));
      }),
      { numRuns: 500 },
    );
  });
});
