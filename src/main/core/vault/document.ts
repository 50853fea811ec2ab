/**
 * The on-disk vault document. Everything secret inside it is sealed field by field with
 * the data key (see crypto.ts); names, labels, URLs and tenant choices are plain so the
 * file can be validated and migrated without the key.
 */
import { z } from 'zod';
import { CoreError } from '../errors';
import { isCanonicalVaultDocument, SEALED_PATTERN } from './document-shape';

export const VAULT_FORMAT = 'tokendesk-vault';
export const VAULT_VERSION = 1;

const sealed = z.string().regex(SEALED_PATTERN);

export const storedTenant = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string().optional(),
  selected: z.boolean(),
});
export type StoredTenant = z.infer<typeof storedTenant>;

export const storedToken = z.object({
  /** Sealed access token; AAD = `${connectionId}/${tenantId ?? ''}` + 'accessToken'. */
  sealed,
  issuedAt: z.number(),
  expiresAt: z.number(),
  /** Sealed refresh token, when the provider gave one (OAuth2). */
  refreshSealed: sealed.optional(),
});
export type StoredToken = z.infer<typeof storedToken>;

export const storedConnection = z.object({
  id: z.string(),
  providerId: z.string(),
  label: z.string(),
  authKind: z.string(),
  baseUrl: z.string().nullable(),
  checkUrl: z.string().nullable(),
  username: z.string().nullable(),
  headerName: z.string(),
  /** "Bearer", "Basic", an API-key prefix such as "ApiKey ", or "" for a bare key. */
  scheme: z.string(),
  /** Non-secret, flow-specific settings: Resolver org id, OAuth2 token URL, client id, scope. */
  options: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  secrets: z.record(z.string(), sealed),
  tenants: z.array(storedTenant),
  /** Tokens by tenant id ('' for a connection without tenants). */
  tokens: z.record(z.string(), storedToken),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type StoredConnection = z.infer<typeof storedConnection>;

export const vaultDocument = z.object({
  format: z.literal(VAULT_FORMAT),
  version: z.literal(VAULT_VERSION),
  createdAt: z.number(),
  key: z.object({ kind: z.string() }).passthrough(),
  connections: z.array(storedConnection),
  /** Checksum + MAC over the rest of the document (see integrity.ts); checked by VaultSession. */
  integrity: z.object({ v: z.literal(1), sha256: z.string(), mac: z.string() }).optional(),
});
export type VaultDocument = z.infer<typeof vaultDocument>;

/** Checks a loaded document: right format, a version this build understands, sane shape. */
export function parseVaultDocument(raw: unknown): VaultDocument {
  if (typeof raw !== 'object' || raw === null || (raw as { format?: unknown }).format !== VAULT_FORMAT) {
    throw new CoreError('vault-corrupt', 'The TokenDesk data file is not a TokenDesk vault or is damaged. TokenDesk has not touched it.');
  }
  const version = (raw as { version?: unknown }).version;
  if (typeof version === 'number' && version > VAULT_VERSION) {
    throw new CoreError(
      'vault-newer-version',
      'This vault was saved by a newer version of TokenDesk. Install the latest TokenDesk to open it. Nothing was changed.',
      { version },
    );
  }
  // The usual case, a document this app wrote, takes the fast check; zod decides the rest.
  if (isCanonicalVaultDocument(raw, VAULT_FORMAT, VAULT_VERSION)) return raw;
  const parsed = vaultDocument.safeParse(raw);
  if (!parsed.success) {
    throw new CoreError('vault-corrupt', 'The TokenDesk data file is damaged (its contents are not laid out the way TokenDesk saves them). TokenDesk has not touched it.');
  }
  return parsed.data;
}
