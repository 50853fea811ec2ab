/**
 * A deep copy of the vault document, written for its known shape. `VaultSession.mutate`
 * applies every change to a copy and only makes it current once it is saved, so a failed
 * save leaves the in-memory document exactly as it was. `structuredClone` did the same job
 * generically and cost ~40–55 ms for 10,000 connections; spreading the known nested
 * objects costs ~6 ms, or up to ~25 ms when it sets off a garbage collection (the copy
 * survives, so the collector moves it once). Every nested object or array of the schema must be copied here: the
 * document-copy tests walk a fully populated document and fail when a field of the
 * schema is missing from their fixture or shared between original and copy.
 */
import type { StoredConnection, StoredToken, VaultDocument } from './document';

export function copyVaultDocument(doc: VaultDocument): VaultDocument {
  return {
    ...doc,
    // The wrapped key's shape belongs to the key protector (passthrough in the schema), and it is small.
    key: structuredClone(doc.key),
    connections: doc.connections.map(copyConnection),
    ...(doc.integrity ? { integrity: { ...doc.integrity } } : {}),
  };
}

export function copyConnection(c: StoredConnection): StoredConnection {
  return {
    ...c,
    // Values are primitives (string, number, boolean, null) by the schema.
    options: { ...c.options },
    secrets: { ...c.secrets },
    tenants: c.tenants.map((t) => ({ ...t })),
    tokens: copyTokens(c.tokens),
  };
}

function copyTokens(tokens: Record<string, StoredToken>): Record<string, StoredToken> {
  const out: Record<string, StoredToken> = {};
  for (const slot of Object.keys(tokens)) out[slot] = { ...tokens[slot]! };
  return out;
}
