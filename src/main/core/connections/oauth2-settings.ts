/**
 * Editing a saved OAuth2 connection's client settings (client ID, scope, server addresses)
 * and its client secret. A new client ID or client secret is a new client: the tokens the old
 * one was given must go, and the next sign-in uses the new settings. The words for the
 * activity log name what changed ("Changed client ID, scope"), never a value.
 */
import { checkOAuth2Settings, RequestError, type OAuth2SettingsPatch } from '../../../shared/contract';
import { CoreError } from '../errors';
import { settingsOf, type OAuth2Settings } from '../providers/oauth2-client';
import type { StoredConnection } from '../vault/document';

/** What each setting is called on the details screen, in the order the log lists them. */
const SETTING_WORDS: ReadonlyArray<[keyof OAuth2Settings, string]> = [
  ['clientId', 'client ID'],
  ['scope', 'scope'],
  ['issuer', 'sign-in server address'],
  ['tokenUrl', 'token address'],
  ['authorizationUrl', 'browser sign-in address'],
];

export function isOAuth2(conn: Pick<StoredConnection, 'authKind'>): boolean {
  return conn.authKind === 'oauth2-client-credentials' || conn.authKind === 'oauth2-auth-code';
}

export interface OAuth2SettingsChange {
  /** The settings to store. */
  next: OAuth2Settings;
  /** What differs from now, in the person's words ("client ID", "scope"), in a fixed order. */
  words: string[];
  /** The client ID changed: tokens issued to the old client must not be used again. */
  newClientId: boolean;
}

/**
 * The OAuth2 settings a patch asks for, checked with the rules used when the connection was
 * added; null when they are the same as now (nothing to sign in again for). Throws a plain
 * 'invalid-input' error before anything changes when they are incomplete or not OAuth2.
 */
export function oauth2SettingsChange(conn: StoredConnection, patch: OAuth2SettingsPatch): OAuth2SettingsChange | null {
  if (!isOAuth2(conn)) {
    throw new CoreError('invalid-input', `“${conn.label}” does not use OAuth2, so it has no client ID or sign-in server to change.`);
  }
  const browserSignIn = conn.authKind === 'oauth2-auth-code';
  try {
    checkOAuth2Settings(patch, browserSignIn);
  } catch (e) {
    throw e instanceof RequestError ? new CoreError('invalid-input', e.message, { field: e.field }) : e;
  }
  const next: OAuth2Settings = {
    issuer: patch.issuer ?? null,
    tokenUrl: patch.tokenUrl ?? null,
    authorizationUrl: browserSignIn ? (patch.authorizationUrl ?? null) : null,
    clientId: patch.clientId.trim(),
    scope: patch.scope || null,
  };
  const now = settingsOf(conn);
  const words = SETTING_WORDS.filter(([k]) => next[k] !== now[k]).map(([, w]) => w);
  return words.length === 0 ? null : { next, words, newClientId: next.clientId !== now.clientId };
}

/**
 * Whether a patch's client secret is a new one (not the one stored): then the tokens held
 * were issued to another client. `stored` reads the saved secret; undefined when none is saved
 * or it cannot be read (then any typed secret counts as new).
 */
export function isNewClientSecret(conn: StoredConnection, typed: string | undefined, stored: () => string | undefined): boolean {
  if (!isOAuth2(conn) || typed === undefined) return false;
  return stored() !== typed;
}

/** "Changed client ID, scope" — or "No change"; never a value. */
export function changeDetail(words: string[]): string {
  return words.length ? `Changed ${words.join(', ')}` : 'No change';
}
