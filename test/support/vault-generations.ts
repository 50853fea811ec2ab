/**
 * A vault whose whole content is stamped with one "generation" number, for the crash test:
 * every connection's label, options, secrets and token carry the same generation, so a
 * document that mixes two saves is easy to spot. Shared by the child that saves and gets
 * killed (vault-save-child.ts) and the test that checks what is left on disk.
 */
import type { VaultDocument } from '../../src/main/core/vault/document';
import type { VaultSession } from '../../src/main/core/vault/vault-session';

/** A cheap KDF cost so each child start unlocks in milliseconds (tests only). */
export const CRASH_TEST_KDF = { N: 2 ** 10, r: 8, p: 1 };
export const CRASH_TEST_PASSWORD = 'crash test master password';
const CONNECTIONS = 4;

/** Replaces the document's connections with generation `gen` (called inside VaultSession.mutate). */
export function writeGeneration(doc: VaultDocument, gen: number, session: VaultSession): void {
  doc.connections = Array.from({ length: CONNECTIONS }, (_, i) => {
    const id = `conn-${i}`;
    return {
      id,
      providerId: 'cohortgo',
      label: `gen ${gen} #${i}`,
      authKind: 'basic',
      baseUrl: null,
      checkUrl: null,
      username: `user${i}@example.com`,
      headerName: 'Authorization',
      scheme: 'Basic',
      options: { gen },
      secrets: { password: session.seal(id, 'password', `secret ${gen} #${i}`) },
      tenants: [],
      tokens: { '': { sealed: session.seal(`${id}/`, 'accessToken', `token ${gen} #${i}`), issuedAt: gen, expiresAt: gen + 1 } },
      createdAt: 0,
      updatedAt: gen,
    };
  });
}

/**
 * The generation of an unlocked vault, after checking that every part of it (plain fields,
 * decrypted secrets and tokens) belongs to that same generation. Throws on any mix.
 */
export function generationOf(session: VaultSession): number {
  const doc = session.requireDoc();
  if (doc.connections.length === 0) return 0;
  if (doc.connections.length !== CONNECTIONS) throw new Error(`mixed vault: ${doc.connections.length} connections`);
  const gen = Number(doc.connections[0]!.options.gen);
  doc.connections.forEach((c, i) => {
    const parts = [
      c.label === `gen ${gen} #${i}`,
      c.options.gen === gen,
      c.updatedAt === gen,
      session.unseal(c.id, 'password', c.secrets.password!) === `secret ${gen} #${i}`,
      session.unseal(`${c.id}/`, 'accessToken', c.tokens['']!.sealed) === `token ${gen} #${i}`,
      c.tokens['']!.issuedAt === gen,
    ];
    if (parts.some((ok) => !ok)) throw new Error(`mixed vault: connection ${i} is not all generation ${gen}`);
  });
  return gen;
}
