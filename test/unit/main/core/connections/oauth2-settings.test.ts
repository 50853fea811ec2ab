import { describe, expect, it } from 'vitest';
import { changeDetail, isNewClientSecret, oauth2SettingsChange } from '../../../../../src/main/core/connections/oauth2-settings';
import { SECRET_WORDS } from '../../../../../src/shared/secret-words';
import type { StoredConnection } from '../../../../../src/main/core/vault/document';

function conn(authKind = 'oauth2-client-credentials', options: StoredConnection['options'] = {}): StoredConnection {
  return {
    id: 'c1',
    providerId: 'custom',
    label: 'Billing API',
    authKind,
    baseUrl: null,
    checkUrl: null,
    username: null,
    headerName: 'Authorization',
    scheme: 'Bearer',
    options: { issuer: null, tokenUrl: 'https://login.example.com/token', authorizationUrl: null, clientId: 'old-client', scope: 'api:read', ...options },
    secrets: { clientSecret: 'sealed' },
    tenants: [],
    tokens: {},
    createdAt: 0,
    updatedAt: 0,
  };
}

const same = { tokenUrl: 'https://login.example.com/token', clientId: 'old-client', scope: 'api:read' };

describe('oauth2SettingsChange', () => {
  it('the same settings are no change', () => {
    expect(oauth2SettingsChange(conn(), { ...same })).toBeNull();
    // A client ID typed with spaces around it is the same client.
    expect(oauth2SettingsChange(conn(), { ...same, clientId: '  old-client ' })).toBeNull();
  });

  it('names what changed in the words of the details screen, in a fixed order, never a value', () => {
    const change = oauth2SettingsChange(conn(), { ...same, scope: 'api:read api:write', clientId: 'new-client' })!;
    expect(change.words).toEqual(['client ID', 'scope']);
    expect(change.newClientId).toBe(true);
    expect(change.next).toEqual({ issuer: null, tokenUrl: same.tokenUrl, authorizationUrl: null, clientId: 'new-client', scope: 'api:read api:write' });
    expect(changeDetail(change.words)).toBe('Changed client ID, scope');
    expect(changeDetail(change.words)).not.toContain('new-client');
  });

  it('a new server address or scope is a change but not a new client', () => {
    const change = oauth2SettingsChange(conn(), { ...same, tokenUrl: 'https://login2.example.com/token' })!;
    expect(change).toMatchObject({ words: ['token address'], newClientId: false });
    expect(oauth2SettingsChange(conn(), { ...same, scope: '' })).toMatchObject({ words: ['scope'], newClientId: false });
  });

  it('the browser sign-in address only counts for browser sign-in connections', () => {
    const browser = conn('oauth2-auth-code', { authorizationUrl: 'https://login.example.com/authorize' });
    const change = oauth2SettingsChange(browser, { ...same, authorizationUrl: 'https://login.example.com/authorize2' })!;
    expect(change.words).toEqual(['browser sign-in address']);
    // Client credentials never store one, whatever the patch says.
    expect(oauth2SettingsChange(conn(), { ...same, authorizationUrl: 'https://login.example.com/authorize' })).toBeNull();
  });

  it('refuses incomplete settings and non-OAuth2 connections in plain words', () => {
    expect(() => oauth2SettingsChange(conn(), { clientId: 'x', tokenUrl: '' })).toThrow(/Enter the sign-in server’s address \(issuer\) or its token address/);
    expect(() => oauth2SettingsChange(conn('basic'), { ...same })).toThrow('“Billing API” does not use OAuth2, so it has no client ID or sign-in server to change.');
  });
});

describe('isNewClientSecret', () => {
  it('a typed secret that differs from the saved one is a new client', () => {
    expect(isNewClientSecret(conn(), 'new-secret', () => 'old-secret')).toBe(true);
    // Nothing saved or unreadable: any typed secret is new.
    expect(isNewClientSecret(conn(), 'new-secret', () => undefined)).toBe(true);
  });

  it('the same secret again, no secret typed, or not OAuth2: not a new client', () => {
    expect(isNewClientSecret(conn(), 'old-secret', () => 'old-secret')).toBe(false);
    expect(isNewClientSecret(conn(), undefined, () => 'old-secret')).toBe(false);
    expect(isNewClientSecret(conn('basic'), 'x', () => 'y')).toBe(false);
  });
});

describe('secret words', () => {
  it('every secret a patch may carry has plain words', () => {
    expect(Object.keys(SECRET_WORDS).sort()).toEqual(['apiKey', 'clientSecret', 'password', 'token']);
    expect(SECRET_WORDS.clientSecret).toBe('client secret');
    expect(changeDetail([])).toBe('No change');
  });
});
