import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseVaultDocument, vaultDocument, VAULT_FORMAT, VAULT_VERSION } from '../../../../../src/main/core/vault/document';
import { isCanonicalVaultDocument } from '../../../../../src/main/core/vault/document-shape';
import { encryptField, generateDataKey } from '../../../../../src/main/core/vault/crypto';

const fast = (doc: unknown) => isCanonicalVaultDocument(doc, VAULT_FORMAT, VAULT_VERSION);
/** What zod makes of it: accepted AND returned unchanged (nothing stripped). */
const zodKeepsAsIs = (doc: unknown) => {
  const r = vaultDocument.safeParse(doc);
  return r.success && isDeepStrictEqual(r.data, doc);
};

// Generators: each field is mostly valid, sometimes anything; objects sometimes lose a key
// or gain one, so both well-formed and damaged documents come out.
const junk = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);
const mostly = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 60 }, { arbitrary: junk as fc.Arbitrary<unknown>, weight: 1 });
const key = fc.oneof({ arbitrary: fc.string({ maxLength: 6 }), weight: 20 }, fc.constantFrom('', '__proto__', 'constructor', 'toString', 'kind'));
const b64 = (min: number) => fc.string({ unit: fc.constantFrom(...'AZaz09-_'), minLength: min, maxLength: 6 });
const sealedOk = fc.tuple(b64(1), b64(0), b64(1)).map(([a, b, c]) => `v1.${a}.${b}.${c}`);
const sealed = fc.oneof({ arbitrary: sealedOk, weight: 60 }, fc.string({ maxLength: 8 }), sealedOk.map((s) => `${s}=`), sealedOk.map((s) => s.replace('v1', 'v2')));
const num = fc.oneof({ arbitrary: fc.integer(), weight: 40 }, fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 1.5));
const str = fc.string({ maxLength: 6 });
const strOrNull = fc.option(str, { nil: null });
const optionValue = fc.oneof(str, num, fc.boolean(), fc.constant(null));

/** Sometimes deletes one key or adds one (possibly `__proto__` or `constructor`). */
function reshape<T extends Record<string, unknown>>(arb: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.tuple(arb, fc.nat(60), key, junk).map(([o, roll, k, v]) => {
    const copy: Record<string, unknown> = { ...o };
    const keys = Object.keys(copy);
    if (roll === 0 && keys.length) delete copy[keys[roll % keys.length]!];
    if (roll === 1) Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
    return copy;
  });
}

const tenant = reshape(fc.record({ id: mostly(str), name: mostly(str), kind: mostly(str), selected: mostly(fc.boolean()) }, { requiredKeys: ['id', 'name', 'selected'] }));
const token = reshape(fc.record({ sealed, issuedAt: mostly(num), expiresAt: mostly(num), refreshSealed: sealed }, { requiredKeys: ['sealed', 'issuedAt', 'expiresAt'] }));
const connection = reshape(
  fc.record({
    id: mostly(str),
    providerId: mostly(str),
    label: mostly(str),
    authKind: mostly(str),
    baseUrl: mostly(strOrNull),
    checkUrl: mostly(strOrNull),
    username: mostly(strOrNull),
    headerName: mostly(str),
    scheme: mostly(str),
    options: mostly(fc.dictionary(key, mostly(optionValue), { maxKeys: 3 })),
    secrets: mostly(fc.dictionary(key, sealed, { maxKeys: 2 })),
    tenants: mostly(fc.array(tenant, { maxLength: 3 })),
    tokens: mostly(fc.dictionary(key, token, { maxKeys: 2 })),
    createdAt: mostly(num),
    updatedAt: mostly(num),
  }),
);
const document = reshape(
  fc.record({
    format: mostly(fc.constant(VAULT_FORMAT)),
    version: mostly(fc.constant(VAULT_VERSION)),
    createdAt: mostly(num),
    key: mostly(reshape(fc.record({ kind: mostly(str), salt: str }))),
    connections: mostly(fc.array(connection, { maxLength: 3 })),
    integrity: reshape(fc.record({ v: mostly(fc.constant(1)), sha256: mostly(str), mac: mostly(str) })),
  }, { requiredKeys: ['format', 'version', 'createdAt', 'key', 'connections'] }),
);

describe('isCanonicalVaultDocument (the fast check on the unlock path)', () => {
  it('never accepts what zod would reject or change', () => {
    fc.assert(
      fc.property(document, (doc) => {
        if (fast(doc)) expect(zodKeepsAsIs(doc)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('on JSON from a file, agrees with zod exactly', () => {
    fc.assert(
      fc.property(document, (doc) => {
        const text = JSON.stringify(doc);
        if (text === undefined) return;
        const json: unknown = JSON.parse(text);
        expect(fast(json)).toBe(zodKeepsAsIs(json));
      }),
      { numRuns: 3000 },
    );
  });

  it('takes a document this app saved', () => {
    const key = generateDataKey();
    const doc = {
      format: VAULT_FORMAT,
      version: VAULT_VERSION,
      createdAt: 1,
      key: { kind: 'password-scrypt', salt: 'c2FsdA', params: { N: 1024, r: 8, p: 1 } },
      connections: [
        {
          id: 'c1',
          providerId: 'cogniac',
          label: 'Cogniac',
          authKind: 'cogniac',
          baseUrl: 'https://api.cogniac.io',
          checkUrl: null,
          username: 'a@b.c',
          headerName: 'Authorization',
          scheme: 'Bearer',
          options: { orgId: 101, flag: true, none: null, scope: 'read' },
          secrets: { password: encryptField(key, 'c1', 'password', 'pw'), empty: encryptField(key, 'c1', 'empty', '') },
          tenants: [
            { id: 't1', name: 'T1', kind: 'org', selected: true },
            { id: 't2', name: 'T2', selected: false },
          ],
          tokens: { t1: { sealed: encryptField(key, 'c1/t1', 'accessToken', 'tok'), issuedAt: 1, expiresAt: 2, refreshSealed: encryptField(key, 'c1/t1', 'refreshToken', 'r') } },
          createdAt: 1,
          updatedAt: 2,
        },
      ],
    };
    const json: unknown = JSON.parse(JSON.stringify(doc));
    expect(fast(json)).toBe(true);
    expect(parseVaultDocument(json)).toStrictEqual(doc);
  });

  it('sends damage to zod, which reports it plainly', () => {
    const damaged = { format: VAULT_FORMAT, version: VAULT_VERSION, createdAt: 1, key: { kind: 'x' }, connections: [{ id: 'c1' }] };
    expect(fast(damaged)).toBe(false);
    expect(() => parseVaultDocument(damaged)).toThrow(/damaged \(its contents are not laid out the way TokenDesk saves them\)/);
  });

  it('leaves a document with a key zod would strip to zod', () => {
    const doc = { format: VAULT_FORMAT, version: VAULT_VERSION, createdAt: 1, key: { kind: 'x' }, connections: [], extra: true };
    expect(fast(doc)).toBe(false);
    expect(parseVaultDocument(doc)).toStrictEqual({ format: VAULT_FORMAT, version: VAULT_VERSION, createdAt: 1, key: { kind: 'x' }, connections: [] });
  });
});
