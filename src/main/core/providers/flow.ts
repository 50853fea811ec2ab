/**
 * What every sign-in flow provides. A flow turns validated user input into a stored
 * connection (plain settings + sealed secrets) and, later, into a header. Static flows
 * (Basic, API key, a pasted bearer token) build the header straight from the secrets;
 * token flows (Cogniac, Resolver, OAuth2) sign in and hand their tokens to the token
 * manager.
 */
import type { ParsedAuthInput } from '../../../shared/contract';
import type { AuthKind, TestResult } from '../../../shared/views';
import type { HeaderParts } from '../copy/formats';
import type { StoredConnection, StoredTenant } from '../vault/document';
import type { Clock, FetchLike, Logger, OpenExternal } from '../ports';

export interface FlowContext {
  conn: StoredConnection;
  providerName: string;
  /** Reads one stored secret of this connection (decrypted on demand, never cached here). */
  secret(field: string): string;
  fetch: FetchLike;
  /** How long one request may take before it counts as a timeout. */
  timeoutMs?: number;
  clock: Clock;
  logger: Logger;
  /** Opens the system browser (absent where there is none, e.g. a headless tool). */
  openExternal?: OpenExternal;
  /** How long a browser sign-in may take before TokenDesk gives up on it. */
  browserSignInTimeoutMs?: number;
}

export interface ConnectionDraft {
  username: string | null;
  headerName: string;
  scheme: string;
  options: StoredConnection['options'];
  secrets: Record<string, string>;
  tenants: StoredTenant[];
}

/** One-time input for a test that is never stored (the wizard's MFA code). */
export interface TestExtra {
  mfaCode?: string;
}

export interface StaticFlow {
  kind: AuthKind;
  type: 'static';
  fromInput(input: ParsedAuthInput): ConnectionDraft;
  header(ctx: FlowContext): HeaderParts;
  test(ctx: FlowContext, extra?: TestExtra): Promise<TestResult>;
}

export interface IssuedToken {
  token: string;
  expiresAt: number;
  refreshToken?: string;
}

/** What a sign-in may carry besides the stored settings. */
export interface SignInExtra {
  /** One-time MFA code typed by the person (Resolver). */
  mfaCode?: string;
  /** The person pressed "Sign in": a flow may open the browser. Never set for automatic renewals. */
  interactive?: boolean;
}

export interface TokenFlow {
  kind: AuthKind;
  type: 'token';
  /**
   * Signing in needs the person (a browser sign-in): signIn only succeeds when
   * `extra.interactive` is set, and a failed renew never falls back to signIn.
   */
  interactive?: boolean;
  /**
   * Tokens stay sealed in the vault while it is locked instead of being signed out: an
   * OAuth2 refresh token stands for a browser sign-in the person would otherwise repeat
   * after every lock. Flows without it (Resolver sessions) are logged out on lock.
   */
  keepTokensWhenLocked?: boolean;
  fromInput(input: ParsedAuthInput): ConnectionDraft;
  /** Header made from a token this flow issued. */
  headerFor(conn: StoredConnection, token: string): HeaderParts;
  /** Sign in for one tenant ('' when the provider has none). */
  signIn(ctx: FlowContext, tenantId: string, extra?: SignInExtra): Promise<IssuedToken>;
  /** Renew an existing token when the provider supports it; otherwise undefined. */
  renew?(ctx: FlowContext, tenantId: string, current: IssuedToken): Promise<IssuedToken>;
  /** Tell the provider we are done (best effort). */
  signOut?(ctx: FlowContext, tenantId: string, current: IssuedToken): Promise<void>;
  discoverTenants?(ctx: FlowContext): Promise<Array<{ id: string; name: string; kind?: string }>>;
  /** Asks the service whether a token works (and for what); *Test connection* uses it. */
  verify?(ctx: FlowContext, tenantId: string, token: string): Promise<{ id: string; name: string }>;
  test(ctx: FlowContext, extra?: TestExtra): Promise<TestResult>;
}

export type AuthFlow = StaticFlow | TokenFlow;
