/**
 * Header-bound fields refuse what would break or silently spoil an HTTP header — control
 * characters (C0, DEL, C1), U+2028/U+2029, zero-width and other invisible format
 * characters — with one plain message, for every sign-in kind the contract knows. Letters
 * of any language keep working in passwords (RFC 7617 with UTF-8: `test` / `123£`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { authInput, parseRequest, RequestError } from '../../../src/shared/contract';
import type { AuthKind } from '../../../src/shared/views';
import { handleCall } from '../../../src/main/shell/ipc';
import { ACCOUNTS } from '../../sim/fixture';
import { startSimulator, type Simulator } from '../../sim/server';
import { makeCore, MASTER, type Harness } from '../../support/core-harness';

/** A valid sign-in of each kind, and which of its fields travel in a header or credential. */
const KINDS: Record<AuthKind, { valid: Record<string, unknown>; headerBound: string[]; otherRules: string[] }> = {
  basic: { valid: { kind: 'basic', username: 'user', password: 'pass' }, headerBound: ['username', 'password'], otherRules: [] },
  bearer: { valid: { kind: 'bearer', token: 'tok' }, headerBound: ['token', 'scheme'], otherRules: ['headerName'] },
  'api-key': { valid: { kind: 'api-key', apiKey: 'key' }, headerBound: ['apiKey', 'prefix'], otherRules: ['headerName', 'placement'] },
  cogniac: { valid: { kind: 'cogniac', username: 'ops@example.com', password: 'pass' }, headerBound: ['username', 'password'], otherRules: ['tenantIds'] },
  'resolver-password': {
    valid: { kind: 'resolver-password', username: 'analyst@example.com', password: 'pass', orgId: 101 },
    headerBound: ['username', 'password'],
    otherRules: ['orgId', 'mfaCode'],
  },
  'resolver-api-key': { valid: { kind: 'resolver-api-key', apiKey: 'key' }, headerBound: ['apiKey', 'prefix'], otherRules: ['headerName'] },
  'oauth2-client-credentials': {
    valid: { kind: 'oauth2-client-credentials', tokenUrl: 'https://id.example.com/token', clientId: 'client', clientSecret: 'secret' },
    headerBound: ['clientId', 'clientSecret'],
    otherRules: ['issuer', 'tokenUrl', 'scope'],
  },
  'oauth2-auth-code': {
    valid: { kind: 'oauth2-auth-code', authorizationUrl: 'https://id.example.com/authorize', tokenUrl: 'https://id.example.com/token', clientId: 'client', clientSecret: 'secret' },
    headerBound: ['clientId', 'clientSecret'],
    otherRules: ['issuer', 'authorizationUrl', 'tokenUrl', 'scope'],
  },
};

/** Characters nobody types on purpose into a credential; each arrives with a paste. */
const BAD: Array<[string, string]> = [
  ['NUL', '\u0000'],
  ['BEL', '\u0007'],
  ['CR LF', '\r\n'],
  ['TAB', '\t'],
  ['DEL', '\u007f'],
  ['C1 U+0080', '\u0080'],
  ['C1 NEL U+0085', '\u0085'],
  ['C1 U+009F', '\u009f'],
  ['line separator U+2028', '\u2028'],
  ['paragraph separator U+2029', '\u2029'],
  ['zero-width space U+200B', '\u200b'],
  ['zero-width non-joiner U+200C', '\u200c'],
  ['zero-width joiner U+200D', '\u200d'],
  ['byte-order mark U+FEFF', '\ufeff'],
  ['soft hyphen U+00AD', '\u00ad'],
  ['left-to-right mark U+200E', '\u200e'],
  ['right-to-left override U+202E', '\u202e'],
  ['word joiner U+2060', '\u2060'],
  ['left-to-right isolate U+2066', '\u2066'],
  ['Mongolian vowel separator U+180E', '\u180e'],
  ['Hangul filler U+3164', '\u3164'],
  ['tag character U+E0041', '\u{e0041}'],
  ['unpaired surrogate', '\ud800'],
];

const PLAIN = / contains a line break or an invisible character\. Type or paste it again without extra characters\.$/;

function refusal(input: unknown): RequestError {
  try {
    parseRequest('connections:add', input);
  } catch (e) {
    expect(e).toBeInstanceOf(RequestError);
    return e as RequestError;
  }
  throw new Error('expected the input to be refused');
}

const connection = (auth: Record<string, unknown>) => ({ providerId: 'custom', label: 'x', auth });

describe('the table covers every sign-in kind and every field the contract has', () => {
  it('lists each kind and each of its fields exactly once', () => {
    const fromContract = Object.fromEntries(
      authInput.options.map((o) => [o.shape.kind.value, Object.keys(o.shape).filter((k) => k !== 'kind').sort()]),
    );
    const fromTable = Object.fromEntries(Object.entries(KINDS).map(([kind, k]) => [kind, [...k.headerBound, ...k.otherRules].sort()]));
    expect(fromTable).toEqual(fromContract);
    for (const k of Object.values(KINDS)) expect(() => parseRequest('connections:add', connection(k.valid))).not.toThrow();
  });
});

describe('header-bound fields refuse invisible and control characters with the plain message', () => {
  const cases = Object.entries(KINDS).flatMap(([kind, k]) => k.headerBound.map((field) => [kind, field] as const));
  it.each(cases)('%s.%s', (kind, field) => {
    const k = KINDS[kind as AuthKind];
    for (const [name, ch] of BAD) {
      const err = refusal(connection({ ...k.valid, [field]: `ab${ch}cd` }));
      expect(err.field, `${name} in ${kind}.${field}`).toBe(`auth.${field}`);
      expect(err.message, `${name} in ${kind}.${field}`).toMatch(PLAIN);
    }
  });

  it('edits are checked the same way (user name and every replaceable secret)', () => {
    for (const [name, ch] of BAD) {
      for (const field of ['password', 'apiKey', 'token', 'clientSecret']) {
        expect(() => parseRequest('connections:update', { id: 'c1', patch: { secrets: { [field]: `ab${ch}cd` } } }), name).toThrow(PLAIN);
      }
      expect(() => parseRequest('connections:update', { id: 'c1', patch: { username: `ab${ch}cd` } }), name).toThrow(PLAIN);
    }
  });

  it('a connection name may hold an emoji sequence (zero-width joiner) but no control character or line separator', () => {
    expect(() => parseRequest('connections:add', { ...connection(KINDS.basic.valid), label: 'Support 👩‍💻' })).not.toThrow();
    for (const ch of ['\u0085', '\u2028', '\r\n', '\u0000']) {
      expect(() => parseRequest('connections:add', { ...connection(KINDS.basic.valid), label: `a${ch}b` })).toThrow(/^A name for this connection contains a line break or an invisible character/);
    }
  });

  it('an address with an invisible character is refused plainly', () => {
    expect(() => parseRequest('connections:add', { ...connection(KINDS.bearer.valid), baseUrl: 'https://api.exa\u200bmple.com' })).toThrow(
      'The address contains a line break or an invisible character. Type or paste it again without extra characters.',
    );
  });
});

describe('letters of any language', () => {
  const letters = ['123£', 'pässwörd', 'пароль', '密码密码', 'contraseña€'];

  it('keep working in passwords, client secrets and user names', () => {
    for (const value of letters) {
      for (const [kind, field] of [
        ['basic', 'password'],
        ['basic', 'username'],
        ['cogniac', 'password'],
        ['resolver-password', 'password'],
        ['oauth2-client-credentials', 'clientSecret'],
        ['oauth2-auth-code', 'clientSecret'],
      ] as const) {
        expect(() => parseRequest('connections:add', connection({ ...KINDS[kind].valid, [field]: value })), `${kind}.${field} = ${value}`).not.toThrow();
      }
      expect(() => parseRequest('connections:update', { id: 'c1', patch: { secrets: { password: value } } })).not.toThrow();
    }
  });

  it('are refused in raw tokens and API keys, which travel in the header as typed', () => {
    for (const [kind, field, what] of [
      ['bearer', 'token', 'The token'],
      ['api-key', 'apiKey', 'The API key'],
      ['resolver-api-key', 'apiKey', 'The API key'],
    ] as const) {
      const err = refusal(connection({ ...KINDS[kind].valid, [field]: 'tok“en”' }));
      expect(err.field).toBe(`auth.${field}`);
      expect(err.message).toBe(
        `${what} contains a character that cannot be sent in a web request header (such as “é”, “£” or a curly quote). Copy it again from where it was issued: tokens and keys use only plain letters, digits and symbols.`,
      );
    }
    expect(() => parseRequest('connections:update', { id: 'c1', patch: { secrets: { token: 'tök' } } })).toThrow(/cannot be sent in a web request header/);
    expect(() => parseRequest('connections:update', { id: 'c1', patch: { secrets: { apiKey: 'kéy' } } })).toThrow(/cannot be sent in a web request header/);
  });

  it('are refused in a prefix, with what it may contain', () => {
    expect(refusal(connection({ ...KINDS['api-key'].valid, prefix: 'Clé ' })).message).toBe('The prefix can only use letters, digits and spaces.');
    expect(refusal(connection({ ...KINDS['resolver-api-key'].valid, prefix: 'Clé ' })).message).toBe('The prefix can only use letters, digits and spaces.');
  });
});

describe('through the core door', () => {
  let h: Harness | undefined;
  let sim: Simulator | undefined;
  afterEach(async () => {
    await h?.cleanup();
    await sim?.close();
    h = undefined;
    sim = undefined;
  });

  it('a refused value saves nothing; the RFC 7617 UTF-8 vector (test / 123£) signs in to a check address', async () => {
    sim = await startSimulator();
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    const refused = await handleCall(h.core, 'connections:add', { providerId: 'cogniac', label: 'x', auth: { kind: 'cogniac', username: 'ops@example.com', password: 'pa\u200bss' } });
    expect(refused).toEqual({ ok: false, error: { code: 'invalid-input', message: 'Your Cogniac password contains a line break or an invisible character. Type or paste it again without extra characters.' } });
    expect(await h.core.connections.list()).toEqual([]);

    const c = await h.core.connections.add({
      providerId: 'custom',
      label: 'UTF-8',
      checkUrl: `${sim.url}/check/basic`,
      auth: { kind: 'basic', username: ACCOUNTS.utf8.username, password: ACCOUNTS.utf8.password },
    });
    expect(await h.core.connections.test({ id: c.id })).toMatchObject({ ok: true, httpStatus: 200 });
    expect(sim.requests.at(-1)?.authorization).toBe('Basic dGVzdDoxMjPCow==');
  });
});
