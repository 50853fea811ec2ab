/**
 * Default data set of the provider simulator. Every call to `defaultFixture()`
 * returns a fresh deep copy, so tests can mutate it freely (change a password,
 * add or remove tenants, toggle API access) without affecting other tests.
 */

export interface CogniacTenant {
  tenant_id: string;
  type: 'usertenant' | 'orgtenant' | string;
  name: string;
}

export interface CogniacUser {
  email: string;
  password: string;
  userId: string;
  tenants: CogniacTenant[];
}

export interface ResolverUser {
  id: number;
  first: string;
  last: string;
  email: string;
  password: string;
  isActive: boolean;
  isAdmin: boolean;
  /** Org ids the user is an active member of. Empty → login answers 404. */
  orgs: number[];
}

export interface BasicUser {
  username: string;
  password: string;
  /** Nexudus only: a user without API access is refused with 401. Defaults to true. */
  apiAccess?: boolean;
}

/** An OAuth2 client registered at the simulator's token endpoint (`/oauth/token`). */
export interface OAuthClient {
  clientId: string;
  /** Checked with client_secret_basic (RFC 6749 §2.3.1: both parts form-urlencoded, then Basic). */
  clientSecret: string;
  /** Grant types this client may use; any other answers 400 unauthorized_client. */
  grants: Array<'client_credentials' | 'refresh_token'>;
  /** Scopes it may ask for; asking for no scope grants all of them. */
  scopes: string[];
}

export interface SimFixture {
  cogniac: {
    users: CogniacUser[];
  };
  resolver: {
    users: ResolverUser[];
    /** Keys accepted with `Authorization: ApiKey <key>`. */
    apiKeys: string[];
    /** mfaTokenCode accepted while the 'mfa-required' fault is on. */
    mfaCode: string;
    /** Unit of `expiresAt` in login/renew answers: epoch seconds (default) or milliseconds. */
    expiresAtUnit: 's' | 'ms';
  };
  basic: {
    cohortgo: BasicUser[];
    nexudus: BasicUser[];
    basic: BasicUser[];
  };
  oauth: {
    clients: OAuthClient[];
  };
}

/** Documented test accounts (also printed by `npm run sim`). */
export const ACCOUNTS = {
  cogniac: { email: 'ops@example.com', password: 'cogniac-pass' },
  resolver: { email: 'analyst@example.com', password: 'resolver-pass', orgs: [101, 202] },
  resolverNoOrg: { email: 'no-org@example.com', password: 'resolver-pass' },
  resolverApiKey: 'resolver-api-key-1',
  resolverMfaCode: '123456',
  cohortgo: { username: 'api-user@cohortgo.example', password: 'generated-Pa55' },
  nexudus: { username: 'admin@nexudus.example', password: 'nexudus-pass' },
  nexudusNoApi: { username: 'noapi@nexudus.example', password: 'nexudus-pass' },
  utf8: { username: 'test', password: '123£' },
  /**
   * OAuth2 machine client (client credentials and refresh tokens). The secret holds ':', '+'
   * and '/' on purpose: a client that skips RFC 6749's form-encoding before Basic is refused.
   */
  oauth: { clientId: 'tokendesk-sim-machine', clientSecret: 'sim-machine:s3cret+/Kq7', scopes: ['api:read', 'api:write'] },
  /** OAuth2 client allowed only refresh tokens (as a browser-sign-in app would be). */
  oauthRefreshOnly: { clientId: 'tokendesk-sim-desktop', clientSecret: 'sim-desktop-secret-3Jv9', scopes: ['api:read'] },
  /** A second machine client: the one an administrator rotates to. */
  oauthRotated: { clientId: 'tokendesk-sim-machine-2026', clientSecret: 'sim-rotated-secret-8Wd4', scopes: ['api:read', 'api:write'] },
} as const;

export function defaultFixture(): SimFixture {
  return {
    cogniac: {
      users: [
        {
          email: ACCOUNTS.cogniac.email,
          password: ACCOUNTS.cogniac.password,
          userId: '38osksd',
          tenants: [
            { tenant_id: '49wshskg', type: 'usertenant', name: 'Internal Tenant 1' },
            { tenant_id: '12ir8sjgtl', type: 'orgtenant', name: 'External Tenant 2' },
            { tenant_id: '7qa0tenant', type: 'orgtenant', name: 'QA Tenant 3' },
          ],
        },
      ],
    },
    resolver: {
      users: [
        {
          id: 5001,
          first: 'Ana',
          last: 'Lyst',
          email: ACCOUNTS.resolver.email,
          password: ACCOUNTS.resolver.password,
          isActive: true,
          isAdmin: true,
          orgs: [101, 202],
        },
        {
          id: 5002,
          first: 'Nora',
          last: 'Orgless',
          email: ACCOUNTS.resolverNoOrg.email,
          password: ACCOUNTS.resolverNoOrg.password,
          isActive: true,
          isAdmin: false,
          orgs: [],
        },
      ],
      apiKeys: [ACCOUNTS.resolverApiKey],
      mfaCode: ACCOUNTS.resolverMfaCode,
      expiresAtUnit: 's',
    },
    basic: {
      cohortgo: [{ ...ACCOUNTS.cohortgo }],
      nexudus: [
        { ...ACCOUNTS.nexudus, apiAccess: true },
        { ...ACCOUNTS.nexudusNoApi, apiAccess: false },
      ],
      basic: [{ ...ACCOUNTS.utf8 }],
    },
    oauth: {
      clients: [
        { clientId: ACCOUNTS.oauth.clientId, clientSecret: ACCOUNTS.oauth.clientSecret, grants: ['client_credentials', 'refresh_token'], scopes: [...ACCOUNTS.oauth.scopes] },
        { clientId: ACCOUNTS.oauthRefreshOnly.clientId, clientSecret: ACCOUNTS.oauthRefreshOnly.clientSecret, grants: ['refresh_token'], scopes: [...ACCOUNTS.oauthRefreshOnly.scopes] },
        { clientId: ACCOUNTS.oauthRotated.clientId, clientSecret: ACCOUNTS.oauthRotated.clientSecret, grants: ['client_credentials', 'refresh_token'], scopes: [...ACCOUNTS.oauthRotated.scopes] },
      ],
    },
  };
}

/** The clients registered on the OIDC test server (test/sim/oidc.ts). Loopback redirects may use any port (RFC 8252 §7.3). */
export const OIDC_CLIENTS = {
  /** Client credentials (machine to machine). */
  machine: { id: 'tokendesk-machine', secret: 'machine-secret-7Yq2' },
  /** Confidential native app: authorization code + PKCE + refresh tokens. */
  app: { id: 'tokendesk-desktop', secret: 'desktop-secret-Kp4z' },
  /** Public native app: PKCE only, no secret. */
  publicApp: { id: 'tokendesk-public' },
} as const;
