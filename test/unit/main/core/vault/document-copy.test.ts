import { describe, expect, it } from 'vitest';
import { storedConnection, storedTenant, storedToken, vaultDocument, type VaultDocument } from '../../../../../src/main/core/vault/document';
import { copyVaultDocument } from '../../../../../src/main/core/vault/document-copy';

const SEALED = 'v1.AAAAAAAAAAAAAAAA.YWJj.AAAAAAAAAAAAAAAAAAAAAA';

/** A document with every field of the schema present, optional ones included. */
function fullDocument(): VaultDocument {
  return {
    format: 'tokendesk-vault',
    version: 1,
    createdAt: 1,
    key: { kind: 'password-scrypt', salt: 'c2FsdA', params: { N: 1024, r: 8, p: 1 }, wrapped: 'd3JhcA' },
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
        options: { orgId: 101, scope: 'read', flag: true, none: null },
        secrets: { password: SEALED },
        tenants: [
          { id: 't1', name: 'Tenant 1', kind: 'org', selected: true },
          { id: 't2', name: 'Tenant 2', selected: false },
        ],
        tokens: { t1: { sealed: SEALED, issuedAt: 1, expiresAt: 2, refreshSealed: SEALED }, t2: { sealed: SEALED, issuedAt: 3, expiresAt: 4 } },
        createdAt: 1,
        updatedAt: 2,
      },
    ],
    integrity: { v: 1, sha256: 'a'.repeat(64), mac: 'b'.repeat(64) },
  };
}

/** Every object or array reachable from `v`, with its path. */
function objects(v: unknown, path = '$', out = new Map<string, object>()): Map<string, object> {
  if (typeof v !== 'object' || v === null) return out;
  out.set(path, v);
  for (const [k, child] of Object.entries(v)) objects(child, `${path}.${k}`, out);
  return out;
}

describe('copyVaultDocument', () => {
  it('the fixture has every field of the schema, so the checks below cover them all', () => {
    const doc = fullDocument();
    const keys = (o: object) => Object.keys(o).sort();
    expect(vaultDocument.safeParse(doc).success).toBe(true);
    expect(keys(doc)).toEqual(keys(vaultDocument.shape));
    const conn = doc.connections[0]!;
    expect(keys(conn)).toEqual(keys(storedConnection.shape));
    expect(keys(conn.tenants[0]!)).toEqual(keys(storedTenant.shape));
    expect(keys(conn.tokens.t1!)).toEqual(keys(storedToken.shape));
  });

  it('returns an equal document that shares no object or array with the original', () => {
    const doc = fullDocument();
    const copy = copyVaultDocument(doc);
    expect(copy).toStrictEqual(doc);
    const original = objects(doc);
    const copied = objects(copy);
    expect([...copied.keys()].sort()).toEqual([...original.keys()].sort());
    for (const [path, obj] of copied) expect(obj, path).not.toBe(original.get(path));
  });

  it('a change to the copy never reaches the original', () => {
    const doc = fullDocument();
    const before = structuredClone(doc);
    const copy = copyVaultDocument(doc);
    const c = copy.connections[0]!;
    c.label = 'changed';
    c.options.orgId = 7;
    c.secrets.password = 'x';
    c.tenants[0]!.selected = false;
    c.tenants.push({ id: 't3', name: 'T3', selected: true });
    c.tokens.t1!.expiresAt = 99;
    delete c.tokens.t2;
    (copy.key.params as { N: number }).N = 1;
    copy.connections.push({ ...c, id: 'c2' });
    expect(doc).toStrictEqual(before);
  });
});
