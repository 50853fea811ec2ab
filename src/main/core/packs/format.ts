/**
 * The team pack file: versioned JSON that describes connections (service, address, name,
 * tenants, non-secret options) and, optionally, a few shared settings — never a password,
 * key, token, refresh token or client secret. A colleague imports it and types only their
 * own credentials.
 *
 *   { "format": "tokendesk-team-pack", "version": 1, "name"?: "…", "createdAt": "<ISO time>",
 *     "connections": [{ providerId, label, authKind, baseUrl, checkUrl, username?, headerName,
 *                       scheme, options: {orgId?, issuer?, tokenUrl?, authorizationUrl?,
 *                       clientId?, scope?, placement?, clientType?}, tenants: [{id, name,
 *                       kind?, selected}] }],
 *     "settings"?: { clipboardClearSeconds, lockAfterIdleMinutes, lockOnScreenLock,
 *                    minValiditySeconds, theme } }
 *
 * `username` is left out when exporting: each colleague signs in as themselves, and a
 * person's email is theirs, not the team's. A hand-written pack may still set it (for a
 * shared API user), and then the colleague only types the password.
 * `scheme` is what goes before the credential in the header ("Bearer", "ApiKey ", "").
 * Objects are strict: a field this version does not know is refused rather than ignored,
 * so nothing can ride along unseen; new fields come with a new `version`.
 */
import { z } from 'zod';
import { settingsPatch } from '../../../shared/contract';
import { baseUrl, basicUsername, headerName, requiredText } from '../../../shared/validation';

export const PACK_FORMAT = 'tokendesk-team-pack';
export const PACK_VERSION = 1;
/** More connections than any team shares; a bigger list is a mistake or an attack. */
export const PACK_MAX_CONNECTIONS = 500;
export const PACK_MAX_TENANTS = 500;
export const PACK_FILE_SUFFIX = '.tokendesk-pack.json';

const packTenant = z.strictObject({
  id: requiredText('the tenant ID', 200),
  name: requiredText('the tenant name', 200),
  kind: requiredText('the tenant type', 200).optional(),
  selected: z.boolean({ error: 'Each tenant says whether it is ticked (true or false).' }),
});

/** Non-secret, sign-in-specific settings a pack may carry: the same names the vault stores. */
export const PACK_OPTION_KEYS = ['orgId', 'issuer', 'tokenUrl', 'authorizationUrl', 'clientId', 'scope', 'placement', 'clientType'] as const;

const packOptions = z.strictObject({
  orgId: z
    .number({ error: 'The Resolver Core org ID is a number, for example 101.' })
    .int('The Resolver Core org ID is a whole number, for example 101.')
    .positive('The Resolver Core org ID is a positive number, for example 101.')
    .optional(),
  issuer: baseUrl.optional(),
  tokenUrl: baseUrl.optional(),
  authorizationUrl: baseUrl.optional(),
  clientId: requiredText('the client ID', 500).optional(),
  scope: z
    .string({ error: 'The scope is a list of words separated by spaces, for example "read write".' })
    .max(2000, 'The scope is too long (at most 2000 characters).')
    .regex(/^[\x21\x23-\x5b\x5d-\x7e ]*$/, 'The scope is a list of words separated by spaces, for example "read write".')
    .optional(),
  placement: z.enum(['header', 'query'], { error: 'The API key goes either in a "header" or in the "query".' }).optional(),
  clientType: z.enum(['public', 'confidential'], { error: 'The OAuth client is either "public" or "confidential".' }).optional(),
});

const packConnection = z.strictObject({
  providerId: requiredText('the service', 60),
  label: requiredText('a name for this connection', 120),
  authKind: requiredText('the kind of sign-in', 60),
  baseUrl: baseUrl.nullable(),
  checkUrl: baseUrl.nullable(),
  username: basicUsername().optional(),
  headerName,
  scheme: z
    .string({ error: 'The header prefix is missing.' })
    .max(40, 'The header prefix is too long (at most 40 characters).')
    .regex(/^[A-Za-z0-9\-_. ]*$/, 'The header prefix can only use letters, digits and spaces, like Bearer.'),
  options: packOptions.default({}),
  tenants: z.array(packTenant).max(PACK_MAX_TENANTS, `A connection can list at most ${PACK_MAX_TENANTS} tenants.`).default([]),
});

/** Settings a pack may share: team habits, not personal ones (no shortcut, no start-at-login). */
export const packSettings = settingsPatch
  .pick({ clipboardClearSeconds: true, lockAfterIdleMinutes: true, lockOnScreenLock: true, minValiditySeconds: true, theme: true })
  .strict();
export const PACK_SETTING_KEYS = ['clipboardClearSeconds', 'lockAfterIdleMinutes', 'lockOnScreenLock', 'minValiditySeconds', 'theme'] as const;

export const packSchema = z.strictObject({
  format: z.literal(PACK_FORMAT),
  version: z.literal(PACK_VERSION),
  name: requiredText('the pack name', 200).optional(),
  createdAt: z.iso.datetime({ offset: true, error: 'The date the pack was made is missing or not a date.' }),
  connections: z.array(packConnection).max(PACK_MAX_CONNECTIONS),
  settings: packSettings.optional(),
});

export type TeamPack = z.output<typeof packSchema>;
export type PackConnection = TeamPack['connections'][number];
/** What export writes (before JSON); the same shape as a parsed pack. */
export type PackDocument = z.input<typeof packSchema>;

/** "TokenDesk team pack - 2026-11-24.tokendesk-pack.json": ASCII only, safe on every OS. */
export function packFileName(createdAt: number): string {
  const date = new Date(createdAt).toISOString().slice(0, 10);
  return `TokenDesk team pack - ${date}${PACK_FILE_SUFFIX}`;
}
