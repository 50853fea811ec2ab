/**
 * Builds big vaults quickly: creates a real vault through the core (cheap test KDF),
 * then appends generated connections with sealed secrets and sealed, still-valid tokens
 * straight into vault.json — adding thousands through the API would time the set-up,
 * not the figure.
 */
import { randomUUID } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MASTER, makeCore, TEST_KDF_COST } from '../../test/support/core-harness';
import { PasswordKeyProtector } from '../../src/main/core';
import type { WrappedKey } from '../../src/main/core/ports';
import { encryptField } from '../../src/main/core/vault/crypto';
import { integrityFor } from '../../src/main/core/vault/integrity';
import type { StoredConnection, VaultDocument } from '../../src/main/core/vault/document';

export interface BigVaultOptions {
  connections: number;
  /** Tenants per connection (cogniac); 0 = Resolver password connections (one token each). */
  tenants: number;
  /** Token lifetime from now, ms. */
  lifetimeMs: number;
  now?: number;
}

export async function unwrapTestKey(doc: VaultDocument): Promise<Buffer> {
  return new PasswordKeyProtector({ cost: TEST_KDF_COST }).unwrap(doc.key as WrappedKey, MASTER);
}

/** Creates the vault in a temp dir and returns the dir (core closed). */
export async function makeBigVault(o: BigVaultOptions): Promise<string> {
  const h = await makeCore();
  await h.core.vault.create({ password: MASTER });
  await h.core.close();
  const file = join(h.dataDir, 'vault.json');
  const doc = JSON.parse(await readFile(file, 'utf8')) as VaultDocument;
  const key = await unwrapTestKey(doc);
  const now = o.now ?? Date.now();
  for (let i = 0; i < o.connections; i++) {
    const id = randomUUID();
    const cogniac = o.tenants > 0;
    const tenants = Array.from({ length: o.tenants }, (_, t) => ({ id: `tenant${t}x${i}`, name: `Tenant ${t} of ${i}`, selected: true }));
    const slots = cogniac ? tenants.map((t) => t.id) : [''];
    const tokens: StoredConnection['tokens'] = {};
    for (const slot of slots) {
      tokens[slot] = { sealed: encryptField(key, `${id}/${slot}`, 'accessToken', `tok_${randomUUID()}${randomUUID()}`), issuedAt: now, expiresAt: now + o.lifetimeMs };
    }
    doc.connections.push({
      id,
      providerId: cogniac ? 'cogniac' : 'resolver',
      label: `Connection ${i}`,
      authKind: cogniac ? 'cogniac' : 'resolver-password',
      baseUrl: cogniac ? 'https://api.cogniac.io' : 'https://resolver.example',
      checkUrl: null,
      username: `user${i}@example.com`,
      headerName: 'Authorization',
      scheme: 'Bearer',
      options: cogniac ? {} : { orgId: 101 },
      secrets: { password: encryptField(key, id, 'password', `pw-${randomUUID()}`) },
      tenants,
      tokens,
      createdAt: now,
      updatedAt: now,
    });
  }
  // Written by hand, so re-seal the whole-document checksum and MAC as a save would.
  doc.integrity = integrityFor(doc, key);
  await writeFile(file, JSON.stringify(doc));
  return h.dataDir;
}
