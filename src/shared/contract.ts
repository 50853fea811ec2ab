/**
 * THE IPC contract: every channel between the window and the main process, with a zod
 * schema for each request and the TypeScript type of each response. The preload exposes
 * it as `window.tokendesk`, the shell registers one validated handler per channel, and
 * the core implements `Core[domain][verb]` for channel `domain:verb` — so adding a
 * channel here is the one place a new capability starts.
 */
import { z } from 'zod';
import type {
  AuditEntry,
  ConnectionView,
  CopyResult,
  PackExport,
  PackImportResult,
  PackPreview,
  ProviderView,
  Settings,
  TenantView,
  TestResult,
  VaultStatus,
} from './views';
import { baseUrl, basicUsername, headerName, headerPrefix, headerSafeSecret, headerSafeToken, headerText, invisibleMessage, isHeaderAscii, isHeaderSafeText, nonAsciiMessage, oauthServerRefinement, requiredText } from './validation';

const id = z.string().trim().min(1, 'Missing id.').max(200);
/** An optional address: an empty form field means "none". */
const optionalUrl = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), baseUrl.optional());
const label = requiredText('a name for this connection', 120);
const oauthScope = z
  .string()
  .trim()
  .max(2000, 'The scope is too long (at most 2000 characters).')
  .regex(/^[\x21\x23-\x5b\x5d-\x7e ]*$/, 'The scope is a list of words separated by spaces, for example "read write".')
  .optional();
/** An optional secret: an empty form field means "none". */
const optionalSecret = (what: string, max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), headerSafeSecret(what, max).optional());
const masterPassword = z
  .string({ error: 'Enter your master password.' })
  .max(1024, 'That password is too long (at most 1024 characters).');

/** New master passwords must be long enough to resist guessing on a stolen laptop. */
export const newMasterPassword = masterPassword
  .refine((v) => v.length >= 10, 'Use at least 10 characters for the master password.')
  .refine((v) => v.trim().length === v.length, 'The master password cannot start or end with a space.');

/** The non-secret settings of an OAuth2 connection: where its server is and who the client is. */
const oauth2ServerFields = {
  /** Issuer URL for discovery (/.well-known/openid-configuration or oauth-authorization-server). */
  issuer: optionalUrl,
  /** Token endpoint; required when there is no issuer to discover it from. */
  tokenUrl: optionalUrl,
  clientId: headerText('the client ID', 500),
  scope: oauthScope,
};

/**
 * New OAuth2 settings for a saved connection, all of them as the form shows them (an empty
 * field means "none"). Whether the server part is complete depends on the connection's kind,
 * so the core checks that with `checkOAuth2Settings`.
 */
export const oauth2SettingsPatch = z.strictObject({ ...oauth2ServerFields, authorizationUrl: optionalUrl });
export type OAuth2SettingsPatch = z.output<typeof oauth2SettingsPatch>;

/** The same completeness rules as when the connection was added; throws RequestError. */
export function checkOAuth2Settings(settings: OAuth2SettingsPatch, browserSignIn: boolean): void {
  const parsed = oauth2SettingsPatch.superRefine(oauthServerRefinement(browserSignIn)).safeParse(settings);
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  const field = ['oauth2', ...(issue?.path ?? [])].join('.');
  throw new RequestError(plainIssue(issue?.message, field), field);
}

export const authInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('basic'),
    username: basicUsername(),
    password: headerSafeSecret('the password', 1024),
  }),
  z.object({
    kind: z.literal('bearer'),
    token: headerSafeToken('the token'),
    headerName: headerName.default('Authorization'),
    scheme: z
      .string()
      .trim()
      .max(40)
      .refine(isHeaderSafeText, invisibleMessage('the scheme'))
      .regex(/^[A-Za-z0-9\-_.]*$/, 'The scheme can only use letters and digits, like Bearer.')
      .default('Bearer'),
  }),
  z.object({
    kind: z.literal('api-key'),
    apiKey: headerSafeToken('the API key'),
    /** Where the key travels: a named header (usual) or a named query parameter. */
    placement: z.enum(['header', 'query']).default('header'),
    /** Header name, or the query parameter name when placement is 'query'. */
    headerName: headerName.default('X-API-Key'),
    prefix: headerPrefix('the prefix').default(''),
  }),
  z.object({
    kind: z.literal('cogniac'),
    username: basicUsername('your Cogniac email'),
    password: headerSafeSecret('your Cogniac password', 1024),
    tenantIds: z.array(id).max(500).default([]),
  }),
  z.object({
    kind: z.literal('resolver-password'),
    username: headerText('your Resolver Core email', 320),
    password: headerSafeSecret('your Resolver Core password', 1024),
    orgId: z.coerce
      .number({ error: 'The org ID is a number, for example 101.' })
      .int('The org ID is a whole number, for example 101.')
      .positive('The org ID is a positive number, for example 101.'),
    mfaCode: z.string().trim().regex(/^\d{4,10}$/, 'The MFA code is the 6-digit number from your authenticator app.').optional(),
  }),
  z.object({
    kind: z.literal('resolver-api-key'),
    apiKey: headerSafeToken('the API key'),
    headerName: headerName.default('Authorization'),
    prefix: headerPrefix('the prefix').default('ApiKey '),
  }),
  z.object({
    kind: z.literal('oauth2-client-credentials'),
    ...oauth2ServerFields,
    clientSecret: headerSafeSecret('the client secret', 4096),
  }).superRefine(oauthServerRefinement(false)),
  z.object({
    kind: z.literal('oauth2-auth-code'),
    ...oauth2ServerFields,
    /** Authorization endpoint (the browser sign-in page); required when there is no issuer. */
    authorizationUrl: optionalUrl,
    /** Public clients (PKCE only) have no secret. */
    clientSecret: optionalSecret('the client secret', 4096),
  }).superRefine(oauthServerRefinement(true)),
]);
export type AuthInput = z.input<typeof authInput>;
/** Sign-in details after validation, with defaults applied: what flows receive. */
export type ParsedAuthInput = z.output<typeof authInput>;

export const connectionInput = z.object({
  providerId: z.string().trim().min(1, 'Choose a provider.').max(60),
  label,
  baseUrl: optionalUrl,
  checkUrl: optionalUrl,
  auth: authInput,
});
export type ConnectionInput = z.input<typeof connectionInput>;

/** Edits: any subset; secret fields left out keep their stored value. */
export const connectionPatch = z.object({
  label: label.optional(),
  baseUrl: optionalUrl,
  checkUrl: optionalUrl,
  username: basicUsername().optional(),
  /** New values for stored secrets (password, apiKey, token, clientSecret). */
  secrets: z
    .partialRecord(z.enum(['password', 'apiKey', 'token', 'clientSecret']), headerSafeSecret('the new value', 8192))
    // Tokens and keys go into the header as typed; passwords and client secrets are encoded first.
    .refine((s) => [s.token, s.apiKey].every((v) => v === undefined || isHeaderAscii(v)), { message: nonAsciiMessage('the new value') })
    .optional(),
  headerName: headerName.optional(),
  orgId: z.coerce.number().int().positive().optional(),
  /** OAuth2 connections only: client ID, scope and server addresses (the whole set). */
  oauth2: oauth2SettingsPatch.optional(),
});

export const copyFormat = z.enum(['header', 'token', 'curl', 'powershell', 'python']);
export type CopyFormat = z.infer<typeof copyFormat>;

const target = z.object({ connectionId: id, tenantId: id.optional() });

const clipboardRange = 'Choose Off, or between 10 and 300 seconds.';
const idleMinutes = 'Enter the minutes as a whole number from 0 (never) to 1440 (24 hours).';
const minValidity = 'Enter a whole number of seconds from 10 to 86400 (24 hours).';
const onOff = (what: string) => z.boolean({ error: `Choose on or off for ${what}.` });

export const settingsPatch = z
  .strictObject(
    {
      clipboardClearSeconds: z
        .number({ error: clipboardRange })
        .int(clipboardRange)
        .refine((v) => v === 0 || (v >= 10 && v <= 300), clipboardRange),
      lockAfterIdleMinutes: z.number({ error: idleMinutes }).int(idleMinutes).min(0, idleMinutes).max(24 * 60, idleMinutes),
      lockOnScreenLock: onOff('locking when the screen locks'),
      launchAtLogin: onOff('starting at login'),
      shortcut: z
        .string({ error: 'Press the keys for the shortcut, for example Ctrl+Shift+Space.' })
        .trim()
        .min(1, 'Press the keys for the shortcut, for example Ctrl+Shift+Space.')
        .max(100, 'That shortcut is too long.'),
      theme: z.enum(['system', 'light', 'dark'], { error: 'Choose the theme: system, light or dark.' }),
      minValiditySeconds: z.number({ error: minValidity }).int(minValidity).min(10, minValidity).max(24 * 3600, minValidity),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `TokenDesk has no setting called ${issue.keys.map((k) => `“${k}”`).join(', ')}.` : undefined) },
  )
  .partial();

const none = z.undefined().optional();

/** Team packs are small: a pack over 1 MB is not a pack. */
export const PACK_MAX_BYTES = 1_000_000;
const packText = z.object({
  json: z.string().max(PACK_MAX_BYTES, 'That file is too big to be a TokenDesk team pack (over 1 MB).'),
});
const packExportRequest = z.object({
  /** Which connections to include; all when left out. */
  connectionIds: z.array(id).max(10_000).optional(),
  includeSettings: z.boolean().default(true),
});
const packImportRequest = packText.extend({
  /** Indexes (from the preview) of the entries to add; all new ones when left out. */
  entries: z.array(z.number().int().min(0)).max(10_000).optional(),
  applySettings: z.boolean().default(false),
});

/** Declares one channel: its request schema and (type-only) response. */
function ch<Req extends z.ZodType, Res>(request: Req): { request: Req; response?: Res } {
  return { request };
}

export const channels = {
  'vault:status': ch<typeof none, VaultStatus>(none),
  'vault:create': ch<z.ZodObject<{ password: z.ZodOptional<typeof newMasterPassword> }>, VaultStatus>(
    z.object({ password: newMasterPassword.optional() }),
  ),
  'vault:unlock': ch<z.ZodObject<{ password: z.ZodOptional<typeof masterPassword> }>, VaultStatus>(
    z.object({ password: masterPassword.optional() }),
  ),
  'vault:lock': ch<typeof none, VaultStatus>(none),
  'vault:changePassword': ch<
    z.ZodObject<{ current: typeof masterPassword; next: typeof newMasterPassword }>,
    VaultStatus
  >(z.object({ current: masterPassword, next: newMasterPassword })),
  'vault:restoreBackup': ch<typeof none, VaultStatus>(none),

  'providers:list': ch<typeof none, ProviderView[]>(none),

  'connections:list': ch<typeof none, ConnectionView[]>(none),
  'connections:get': ch<z.ZodObject<{ id: typeof id }>, ConnectionView>(z.object({ id })),
  'connections:add': ch<typeof connectionInput, ConnectionView>(connectionInput),
  'connections:update': ch<z.ZodObject<{ id: typeof id; patch: typeof connectionPatch }>, ConnectionView>(
    z.object({ id, patch: connectionPatch }),
  ),
  'connections:remove': ch<z.ZodObject<{ id: typeof id }>, { removed: true }>(z.object({ id })),
  'connections:test': ch<z.ZodObject<{ id: typeof id }>, TestResult>(z.object({ id })),
  /** Wizard: test what was typed before saving it. */
  'connections:testDraft': ch<typeof connectionInput, TestResult>(connectionInput),
  /** Sign in again now (after a password update, or with an MFA code). */
  'connections:signIn': ch<
    z.ZodObject<{ id: typeof id; mfaCode: z.ZodOptional<z.ZodString> }>,
    ConnectionView
  >(z.object({ id, mfaCode: z.string().trim().regex(/^\d{4,10}$/, 'The MFA code is the 6-digit number from your authenticator app.').optional() })),

  'tenants:discover': ch<z.ZodObject<{ connectionId: typeof id }>, TenantView[]>(z.object({ connectionId: id })),
  'tenants:select': ch<
    z.ZodObject<{ connectionId: typeof id; tenantIds: z.ZodArray<typeof id> }>,
    ConnectionView
  >(z.object({ connectionId: id, tenantIds: z.array(id).max(500) })),

  'tokens:copy': ch<z.ZodObject<{ connectionId: typeof id; tenantId: z.ZodOptional<typeof id>; format: typeof copyFormat }>, CopyResult>(
    target.extend({ format: copyFormat }),
  ),
  'tokens:refresh': ch<typeof target, ConnectionView>(target),
  /** Shows a token value once, on an explicit "reveal" (audited). */
  'tokens:reveal': ch<typeof target, { header: string; expiresAt: number | null }>(target),

  /** Team packs: shareable setup without any secret (see src/main/core/packs/). */
  'packs:export': ch<typeof packExportRequest, PackExport>(packExportRequest),
  'packs:preview': ch<typeof packText, PackPreview>(packText),
  'packs:import': ch<typeof packImportRequest, PackImportResult>(packImportRequest),

  'settings:get': ch<typeof none, Settings>(none),
  'settings:update': ch<typeof settingsPatch, Settings>(settingsPatch),

  'audit:list': ch<
    z.ZodObject<{ search: z.ZodOptional<z.ZodString>; limit: z.ZodOptional<z.ZodNumber> }>,
    AuditEntry[]
  >(z.object({ search: z.string().max(200).optional(), limit: z.number().int().min(1).max(5000).optional() })),
} as const;

export type Channel = keyof typeof channels;
export type RequestOf<C extends Channel> = z.input<(typeof channels)[C]['request']>;
export type ParsedRequestOf<C extends Channel> = z.output<(typeof channels)[C]['request']>;
export type ResponseOf<C extends Channel> = NonNullable<(typeof channels)[C]['response']>;

/** Events pushed from main to the window. */
export interface Events {
  'vault:changed': VaultStatus;
  'connections:changed': ConnectionView[];
  'settings:changed': Settings;
  'audit:appended': AuditEntry;
  /** Main asks the window to show something (e.g. after a tray copy). */
  'ui:notice': { kind: 'info' | 'error'; message: string };
}
export type EventName = keyof Events;
export const eventNames: EventName[] = [
  'vault:changed',
  'connections:changed',
  'settings:changed',
  'audit:appended',
  'ui:notice',
];

type Domain<C extends string> = C extends `${infer D}:${string}` ? D : never;
type Verb<C extends string, D extends string> = C extends `${D}:${infer V}` ? V : never;

type Method<C extends Channel, Req> = undefined extends Req
  ? (req?: Req) => Promise<ResponseOf<C>>
  : (req: Req) => Promise<ResponseOf<C>>;

/**
 * The core's public shape, derived from the channels: `core.vault.unlock(req)` for
 * `vault:unlock`. It takes what a caller may send (defaults not yet applied) and
 * validates it with the channel's schema, whoever the caller is.
 */
export type CoreApi = {
  [D in Domain<Channel>]: { [V in Verb<Channel, D>]: Method<`${D}:${V}` & Channel, RequestOf<`${D}:${V}` & Channel>> };
};

/** What the core implements internally: requests already validated, defaults applied. */
export type CoreHandlers = {
  [D in Domain<Channel>]: {
    [V in Verb<Channel, D>]: (req: ParsedRequestOf<`${D}:${V}` & Channel>) => Promise<ResponseOf<`${D}:${V}` & Channel>>;
  };
};

/** Validates a request against its channel; throws the first problem in plain words. */
export function parseRequest<C extends Channel>(channel: C, request: unknown): ParsedRequestOf<C> {
  const parsed = channels[channel].request.safeParse(request);
  if (parsed.success) return parsed.data as ParsedRequestOf<C>;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join('.') ?? '';
  throw new RequestError(plainIssue(issue?.message, field), field);
}

/** zod's own wording ("Invalid input: expected string, received array") is for programmers. */
const VALIDATOR_WORDING = /^(?:Invalid (?:input|option|key|element|string|number|discriminator|value|type|date)|Too (?:big|small)|Unrecognized keys?)\b/;

/**
 * Our schemas word every message for people; a payload of the wrong shape altogether (which
 * the window never sends) gets zod's wording, replaced here by a plain sentence.
 */
function plainIssue(message: string | undefined, field: string): string {
  if (message && !VALIDATOR_WORDING.test(message)) return message;
  const where = /^[A-Za-z0-9_.]{1,60}$/.test(field) ? ` (at “${field}”)` : '';
  return `TokenDesk received a request it does not understand${where}. Close and reopen the window, then try again.`;
}

export class RequestError extends Error {
  readonly code = 'invalid-input';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

/** What the preload exposes as `window.tokendesk`. */
export interface TokenDeskApi {
  invoke<C extends Channel>(channel: C, request?: RequestOf<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** Errors cross IPC as plain data; `code` is stable, `message` is for people. */
export interface IpcError {
  code: string;
  message: string;
}
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export function splitChannel(channel: Channel): [string, string] {
  const [domain, verb] = channel.split(':') as [string, string];
  return [domain, verb];
}
