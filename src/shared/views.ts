/**
 * What the window may see. Views never carry a stored secret: passwords, API keys,
 * client secrets and token values stay in the main process. `NoSecretFields` makes that
 * a compile-time guarantee and test/unit/shared/views.test.ts checks it at run time.
 */

export type TokenState =
  | 'valid'
  | 'refreshing'
  | 'expiring'
  | 'expired'
  | 'needs-you'
  | 'offline'
  | 'error'
  /** A header built from stored credentials (Basic, API key): nothing to renew. */
  | 'static';

export interface TokenStatus {
  state: TokenState;
  /** One plain-language line: "Valid — renews in 4 min", "Password rejected — update it". */
  message: string;
  /** Absolute time (epoch ms) the current token stops working; null for static headers. */
  expiresAt: number | null;
  /** When TokenDesk will renew it by itself (epoch ms), when scheduled. */
  renewsAt: number | null;
  /** What to do, when the user must act. */
  action?: 'update-password' | 'enter-mfa' | 'sign-in-again' | 'check-settings' | 'unlock' | 'enter-credentials';
}

export type AuthKind =
  | 'basic'
  | 'bearer'
  | 'api-key'
  | 'cogniac'
  | 'resolver-password'
  | 'resolver-api-key'
  | 'oauth2-client-credentials'
  | 'oauth2-auth-code';

export interface TenantView {
  /** Provider's own id for the tenant/org (not secret: shown in the provider's UI). */
  id: string;
  name: string;
  kind?: string;
  /** The user chose to keep a signed-in token for this tenant. */
  selected: boolean;
  status: TokenStatus;
}

export interface ConnectionView {
  id: string;
  providerId: string;
  providerName: string;
  label: string;
  authKind: AuthKind;
  baseUrl: string | null;
  /** The sign-in name (an email for every seed provider); not a secret. */
  username: string | null;
  /** Header name the copy produces, e.g. "Authorization" or "X-API-Key" (the parameter name for 'query'). */
  headerName: string;
  /** Where the credential travels: a header (usual, also when absent), or a query parameter (some API keys). */
  placement?: 'header' | 'query';
  /** Set while the connection waits for the person's own credentials (e.g. after a team pack). */
  finishSetup?: FinishSetup | null;
  /** Names of the secret fields that are stored (so the UI can show "••••• saved"). */
  storedSecretFields: string[];
  /** Optional URL that Test connection calls. */
  checkUrl: string | null;
  /** OAuth2 connections: the client and its sign-in server (none of it secret). */
  oauth2?: OAuth2View | null;
  hasTenants: boolean;
  tenants: TenantView[];
  /** For connections without tenants: the one token's status. */
  status: TokenStatus;
  createdAt: number;
  updatedAt: number;
}

export interface OAuth2View {
  issuer: string | null;
  tokenUrl: string | null;
  /** Browser sign-in only. */
  authorizationUrl: string | null;
  clientId: string;
  scope: string | null;
}

/** What to type to finish setting up a connection that has no credentials yet. */
export interface FinishSetup {
  /** In the order a form asks for them, with the provider's words: "Your Cogniac password". */
  fields: Array<{ field: 'username' | 'password' | 'apiKey' | 'token' | 'clientSecret'; label: string; help?: string }>;
  /** What the person needs before starting, from the provider's recipe. */
  help: string;
}

export type VaultState = 'new' | 'locked' | 'unlocked' | 'damaged';

export interface VaultStatus {
  state: VaultState;
  protection: { kind: string; label: string; needsPassword: boolean };
  /** Where the encrypted vault file lives on disk. */
  location: string;
  /** When state is 'damaged' (or a newer version), what happened, in plain words. */
  problem: { code: string; message: string } | null;
  backupAvailable: boolean;
}

export interface CopyResult {
  /** "Authorization header for Cogniac — External Tenant 2" */
  description: string;
  copiedAt: number;
  /** When the clipboard will be cleared (if still unchanged), or null when auto-clear is off. */
  clearsAt: number | null;
  /** Token expiry at the moment of copying, or null for static headers. */
  expiresAt: number | null;
}

export interface TestResult {
  ok: boolean;
  /** Plain-language verdict and what to fix. */
  message: string;
  /** HTTP status seen, when there was one. */
  httpStatus?: number;
  /**
   * Why a failed test failed, as an error code (src/main/core/errors.ts: 'auth-rejected',
   * 'network', 'timeout', …), so the window's advice need not guess from the wording.
   */
  code?: string;
  /** Tenants or orgs the test discovered, for the wizard to offer. */
  tenants?: Array<{ id: string; name: string; kind?: string }>;
  /** What the person must do before testing again (e.g. 'enter-mfa': type a code). */
  action?: TokenStatus['action'];
  /** True when there was nothing to test against (no check address): neither proof nor failure. */
  unchecked?: boolean;
}

export interface ProviderView {
  id: string;
  name: string;
  initials: string;
  docsUrl: string | null;
  defaultBaseUrl: string | null;
  authKinds: AuthKind[];
  summary: string;
  /** What to have or do before starting, one plain-language step per item. */
  before: string[];
  /** Extra words the provider list matches when someone searches. */
  keywords: string[];
  address: ProviderAddressView;
  /** The ways this provider signs in; the recommended one first. */
  modes: AuthModeView[];
  /** How the wizard suggests a name: the provider's name, plus the site, or the address's host. */
  nameStyle: 'provider' | 'provider-and-site' | 'host';
}

/** The service address (base URL): asked, optional, or known and only changed on request. */
export interface ProviderAddressView {
  /** Known address; when set the wizard shows it and offers "Use a different address". */
  default: string | null;
  required: boolean;
  label: string;
  help: string;
  placeholder: string | null;
}

export type FieldInputType = 'text' | 'email' | 'password' | 'url' | 'number';

/** One form field of a sign-in mode. Describes a field; never holds what was typed. */
export interface ProviderFieldView {
  /** The contract field it fills: a key of the mode's `authInput` kind, or 'checkUrl'. */
  name: string;
  label: string;
  help: string;
  placeholder: string | null;
  input: FieldInputType;
  /** Typed secrets are masked and never shown again once saved. */
  sensitive: boolean;
  optional: boolean;
  /** Tucked under "More settings": rarely changed. */
  advanced: boolean;
  /** Starting text for non-secret fields (e.g. a header name). */
  initial: string | null;
}

export interface AuthModeView {
  /** Unique within its provider, e.g. 'api-key', 'password'. */
  id: string;
  kind: AuthKind;
  label: string;
  /** One line: when to choose it. */
  explanation: string;
  recommended: boolean;
  /** The header it hands out; {field} is replaced with what was typed, e.g. "{headerName}: …". */
  headerFormat: string;
  /** What this mode needs beyond the provider's `before` list. */
  needs: string[];
  fields: ProviderFieldView[];
  /** Contract settings the mode fixes without asking, e.g. { placement: 'query' }. */
  preset: Record<string, string>;
  /** What *Test connection* does, in plain words; {field} and {provider} are filled in. */
  testDescription: string;
  /** What the test discovers: tenants to tick (at least one), or the org to confirm. */
  discovery: { pick: 'many' | 'confirm'; label: string; help: string } | null;
  /** Advice shown when this mode is chosen, with a button to switch to a better mode. */
  notice: { title: string; points: string[]; switchTo: string; action: string } | null;
}

/** A team pack ready to save: versioned JSON with no secret in it. */
export interface PackExport {
  fileName: string;
  json: string;
  connectionCount: number;
}

export interface PackPreviewEntry {
  index: number;
  label: string;
  providerId: string;
  providerName: string;
  authKind: AuthKind;
  baseUrl: string | null;
  /** 'new' is added on import; 'duplicate' matches a connection already here and is skipped. */
  status: 'new' | 'duplicate';
  /** For duplicates: the label of the existing connection it matches. */
  duplicateOf?: string;
  /** What the person will have to type after import (e.g. "your Cogniac password"). */
  needs: string[];
}

export interface PackPreview {
  name: string | null;
  createdAt: number | null;
  entries: PackPreviewEntry[];
  /** Settings the pack would apply when chosen (names and values, nothing secret). */
  settings: Partial<Settings>;
}

export interface PackImportResult {
  added: ConnectionView[];
  skipped: number;
  settingsApplied: boolean;
}

export type AuditAction =
  | 'vault-created'
  | 'unlocked'
  | 'unlock-failed'
  | 'locked'
  | 'password-changed'
  | 'backup-restored'
  | 'connection-added'
  | 'connection-changed'
  | 'connection-removed'
  | 'copied'
  | 'revealed'
  | 'refreshed'
  | 'refresh-failed'
  | 'signed-in'
  | 'signed-out'
  | 'settings-changed'
  | 'pack-exported'
  | 'pack-imported';

export interface AuditEntry {
  at: number;
  action: AuditAction;
  /** Connection label or other subject, never a secret. */
  subject: string;
  detail: string;
}

export interface Settings {
  /** Seconds before a copied value is cleared from the clipboard (if unchanged); 0 = never. */
  clipboardClearSeconds: number;
  /** Minutes of inactivity before the vault locks; 0 = never. */
  lockAfterIdleMinutes: number;
  lockOnScreenLock: boolean;
  launchAtLogin: boolean;
  shortcut: string;
  theme: 'system' | 'light' | 'dark';
  /** A copied token must still be valid for at least this many seconds. */
  minValiditySeconds: number;
}

export const DEFAULT_SETTINGS: Settings = {
  clipboardClearSeconds: 30,
  lockAfterIdleMinutes: 15,
  lockOnScreenLock: true,
  launchAtLogin: false,
  shortcut: 'CommandOrControl+Shift+Space',
  theme: 'system',
  minValiditySeconds: 60,
};

/** Field names that would mean a secret is leaking into a view. */
export type SecretFieldName =
  | 'password'
  | 'secret'
  | 'token'
  | 'accessToken'
  | 'refreshToken'
  | 'apiKey'
  | 'clientSecret'
  | 'value';

/** True when T, at any depth, has a field whose name says it holds a secret. */
export type HasSecretField<T> = T extends readonly (infer U)[]
  ? HasSecretField<U>
  : T extends object
    ? [Extract<keyof T, SecretFieldName>] extends [never]
      ? true extends { [K in keyof T]-?: HasSecretField<T[K]> }[keyof T]
        ? true
        : false
      : true
    : false;

// Compile-time guarantee: if a view grows a secret-named field, these lines stop compiling.
type AssertFalse<T extends false> = T;
export type SecretFreeViews = [
  AssertFalse<HasSecretField<ConnectionView>>,
  AssertFalse<HasSecretField<TenantView>>,
  AssertFalse<HasSecretField<VaultStatus>>,
  AssertFalse<HasSecretField<CopyResult>>,
  AssertFalse<HasSecretField<TestResult>>,
  AssertFalse<HasSecretField<AuditEntry>>,
  AssertFalse<HasSecretField<ProviderView>>,
  AssertFalse<HasSecretField<PackPreview>>,
  AssertFalse<HasSecretField<PackImportResult>>,
];
