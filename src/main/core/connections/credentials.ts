/**
 * What a person must type for each kind of sign-in, and what is still missing for a
 * connection. A connection imported from a team pack arrives with no secrets (packs never
 * carry them): until the person types their own, it is "waiting for your credentials" —
 * nothing tries to sign in for it, and it says plainly what to enter.
 */
import type { AuthKind, FinishSetup, TokenStatus } from '../../../shared/views';
import { SECRET_WORDS } from '../../../shared/secret-words';
import { CoreError } from '../errors';
import { findRecipe } from '../providers/recipes';
import type { StoredConnection } from '../vault/document';

export type CredentialField = FinishSetup['fields'][number]['field'];
export type SecretField = Exclude<CredentialField, 'username'>;

/** Credentials each sign-in kind needs from the person, in the order a form asks for them. */
const NEEDED: Record<AuthKind, CredentialField[]> = {
  basic: ['username', 'password'],
  bearer: ['token'],
  'api-key': ['apiKey'],
  cogniac: ['username', 'password'],
  'resolver-password': ['username', 'password'],
  'resolver-api-key': ['apiKey'],
  'oauth2-client-credentials': ['clientSecret'],
  // A public client (PKCE only) has no secret; a confidential one needs its client secret.
  'oauth2-auth-code': [],
};

export function isAuthKind(kind: string): kind is AuthKind {
  return Object.hasOwn(NEEDED, kind);
}

/** The credentials this connection needs, whether or not they are saved yet. */
export function neededCredentials(conn: Pick<StoredConnection, 'authKind' | 'options'>): CredentialField[] {
  if (!isAuthKind(conn.authKind)) return [];
  if (conn.authKind === 'oauth2-auth-code' && conn.options.clientType === 'confidential') return ['clientSecret'];
  return NEEDED[conn.authKind];
}

/** Secret fields this kind of sign-in can hold; an edit may add one of these when it is missing. */
export function fillableSecrets(authKind: string): SecretField[] {
  if (!isAuthKind(authKind)) return [];
  if (authKind === 'oauth2-auth-code') return ['clientSecret'];
  return NEEDED[authKind].filter((f): f is SecretField => f !== 'username');
}

/** What is still to be typed before this connection can work; empty for a complete one. */
export function missingCredentials(conn: Pick<StoredConnection, 'authKind' | 'options' | 'username' | 'secrets'>): CredentialField[] {
  return neededCredentials(conn).filter((f) => (f === 'username' ? !conn.username?.trim() : conn.secrets[f] === undefined));
}

/** Short names for the status line: "Waiting for your email and password". */
function shortName(field: CredentialField, providerId: string): string {
  switch (field) {
    case 'username':
      return providerId === 'custom' ? 'user name' : 'email';
    default:
      return SECRET_WORDS[field];
  }
}

/**
 * What the person will type, in the provider's words ("your Cogniac password"); Cohort Go
 * signs in with a dedicated API user, so its words say so (see its recipe).
 */
export function credentialWords(field: CredentialField, providerId: string): string {
  const name = findRecipe(providerId)?.name ?? 'the service';
  if (providerId === 'cohortgo') {
    if (field === 'username') return 'the email of your Cohort Go API user';
    if (field === 'password') return 'the generated password of your Cohort Go API user';
  }
  if (providerId === 'custom') {
    return { username: 'your user name', password: 'your password', apiKey: 'your API key', token: 'your token', clientSecret: 'the client secret' }[field];
  }
  switch (field) {
    case 'username':
      return `your ${name} email`;
    case 'password':
      return `your ${name} password`;
    case 'apiKey':
      return `your ${name} API key`;
    case 'token':
      return `your ${name} token`;
    case 'clientSecret':
      return `the ${name} client secret`;
  }
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** "Waiting for your password" — the status of a connection that still needs the person's credentials. */
export function waitingStatus(conn: StoredConnection): TokenStatus | null {
  const missing = missingCredentials(conn);
  if (missing.length === 0) return null;
  const what = joinWords(missing.map((f) => shortName(f, conn.providerId)));
  const lead = missing.length === 1 && missing[0] === 'clientSecret' ? 'the' : 'your';
  return {
    state: 'needs-you',
    message: `Waiting for ${lead} ${what} — enter ${missing.length === 1 ? 'it' : 'them'} to finish setting this up`,
    expiresAt: null,
    renewsAt: null,
    action: 'enter-credentials',
  };
}

/** For the window's "Finish setting up" form: the fields to type and the provider's advice. */
export function finishSetupOf(conn: StoredConnection): FinishSetup | null {
  const missing = missingCredentials(conn);
  if (missing.length === 0) return null;
  const recipe = findRecipe(conn.providerId);
  // The wizard's own words for these fields (label and help), from the recipe mode this
  // connection uses; a query-parameter key is its own mode of the same kind.
  const placement = conn.options.placement === 'query' ? 'query' : undefined;
  const modes = recipe?.modes.filter((m) => m.kind === conn.authKind) ?? [];
  const mode = modes.find((m) => (placement ? m.preset.placement === placement : m.preset.placement !== 'query')) ?? modes[0];
  return {
    fields: missing.map((field) => {
      const described = mode?.fields.find((f) => f.name === field);
      const words = credentialWords(field, conn.providerId);
      return {
        field,
        label: described?.label ?? words.charAt(0).toUpperCase() + words.slice(1),
        ...(described?.help ? { help: described.help } : {}),
      };
    }),
    help: recipe?.before.length ? recipe.before.join(' ') : 'Have the credentials the service’s administrator gave you.',
  };
}

/** The error for using a connection that still waits for credentials, or null when it is complete. */
export function waitingError(conn: StoredConnection): CoreError | null {
  const missing = missingCredentials(conn);
  if (missing.length === 0) return null;
  const what = joinWords(missing.map((f) => shortName(f, conn.providerId)));
  const lead = missing.length === 1 && missing[0] === 'clientSecret' ? 'the' : 'your';
  return new CoreError(
    'invalid-input',
    `“${conn.label}” is waiting for ${lead} ${what}. Open it and enter ${missing.length === 1 ? 'it' : 'them'} under “Finish setting up”.`,
    { action: 'enter-credentials' },
  );
}
