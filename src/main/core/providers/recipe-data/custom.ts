/**
 * "Other HTTP API": any service that signs in with Basic, a bearer token, an API key in a
 * named header or query parameter, or OAuth2 (client credentials; authorization code + PKCE).
 */
import type { RecipeSource } from '../recipe-schema';

const checkUrl = {
  name: 'checkUrl',
  label: 'Check address (optional)',
  help: 'An address of the service that needs signing in. Test connection opens it to prove the credentials work. Leave it empty to skip the check.',
  placeholder: 'https://api.example.com/…',
  input: 'url',
  optional: true,
} as const;

const oauthFields = {
  issuer: {
    name: 'issuer',
    label: 'Issuer address',
    help: 'The sign-in server’s main address. TokenDesk finds the other addresses from it. Leave it empty if you have the token address instead.',
    placeholder: 'https://login.example.com',
    input: 'url',
    optional: true,
  },
  tokenUrl: {
    name: 'tokenUrl',
    label: 'Token address',
    help: 'Where tokens are issued (often ends in /token). Needed when there is no issuer address.',
    placeholder: 'https://login.example.com/oauth2/token',
    input: 'url',
    optional: true,
  },
  clientId: { name: 'clientId', label: 'Client ID', help: 'The client (application) ID the service’s administrator gave you.' },
  scope: {
    name: 'scope',
    label: 'Scope (optional)',
    help: 'The permissions to ask for, separated by spaces, for example “read write”. Leave it empty for the default.',
    optional: true,
  },
} as const;

export const custom: RecipeSource = {
  id: 'custom',
  name: 'Other HTTP API',
  initials: 'API',
  docsUrl: null,
  summary: 'Any service that uses Basic sign-in, a bearer token, an API key, or OAuth2.',
  keywords: ['custom', 'basic', 'bearer', 'api key', 'oauth', 'oauth2', 'rest'],
  before: [
    'How the service signs in. Its API documentation or its administrator can tell you.',
    'The credentials it gave you: a user name and password, a token, an API key, or an OAuth2 client ID and secret.',
  ],
  address: {
    default: null,
    required: false,
    label: 'API address (optional)',
    help: 'The start of the service’s API address. TokenDesk puts it in the curl, PowerShell and Python snippets it copies.',
    placeholder: 'https://api.example.com',
  },
  nameStyle: 'host',
  modes: [
    {
      id: 'basic',
      kind: 'basic',
      label: 'User name and password (Basic)',
      explanation: 'The service asks for a user name and password on every call.',
      headerFormat: 'Authorization: Basic …',
      fields: [
        { name: 'username', label: 'User name or email', help: 'The user name the service gave you.' },
        { name: 'password', label: 'Password', help: 'The password for that user.', input: 'password', sensitive: true },
        checkUrl,
      ],
      testDescription: 'TokenDesk opens {checkUrl} with the user name and password and checks that the service accepts them.',
    },
    {
      id: 'bearer',
      kind: 'bearer',
      label: 'Token (Bearer)',
      explanation: 'You were given a token to send as “Authorization: Bearer …”.',
      headerFormat: '{headerName}: {scheme} …',
      fields: [
        { name: 'token', label: 'Token', help: 'Paste the whole token, without “Bearer” in front.', input: 'password', sensitive: true },
        checkUrl,
        {
          name: 'headerName',
          label: 'Header name',
          help: 'Almost always Authorization.',
          optional: true,
          advanced: true,
          initial: 'Authorization',
        },
        {
          name: 'scheme',
          label: 'Word before the token',
          help: 'Almost always Bearer. Leave it empty to send the token alone.',
          optional: true,
          advanced: true,
          initial: 'Bearer',
        },
      ],
      testDescription: 'TokenDesk opens {checkUrl} with the token and checks that the service accepts it.',
    },
    {
      id: 'api-key-header',
      kind: 'api-key',
      label: 'API key in a header',
      explanation: 'The key travels in a header with a name the service chooses, such as X-API-Key.',
      headerFormat: '{headerName}: {prefix}…',
      preset: { placement: 'header' },
      fields: [
        {
          name: 'headerName',
          label: 'Header name',
          help: 'The name the service’s documentation gives, for example X-API-Key.',
          initial: 'X-API-Key',
        },
        { name: 'apiKey', label: 'API key', help: 'Paste the key exactly as you were given it.', input: 'password', sensitive: true },
        checkUrl,
        {
          name: 'prefix',
          label: 'Text before the key (optional)',
          help: 'Only if the documentation says the key needs something in front of it, such as “Key ”.',
          optional: true,
          advanced: true,
        },
      ],
      testDescription: 'TokenDesk opens {checkUrl} with the key in the {headerName} header and checks that the service accepts it.',
    },
    {
      id: 'api-key-query',
      kind: 'api-key',
      label: 'API key in the address (query parameter)',
      explanation: 'The key goes at the end of each address, like …?api_key=…',
      headerFormat: '…?{headerName}=…',
      preset: { placement: 'query' },
      fields: [
        {
          name: 'headerName',
          label: 'Parameter name',
          help: 'The name the service’s documentation gives, for example api_key or key.',
          initial: 'api_key',
        },
        { name: 'apiKey', label: 'API key', help: 'Paste the key exactly as you were given it.', input: 'password', sensitive: true },
        checkUrl,
      ],
      testDescription: 'TokenDesk opens {checkUrl} with the key and checks that the service accepts it.',
    },
    {
      id: 'oauth2-client',
      kind: 'oauth2-client-credentials',
      label: 'OAuth2 — app to app (client credentials)',
      explanation: 'A client ID and secret get short-lived tokens with no person signing in.',
      headerFormat: 'Authorization: Bearer …',
      fields: [
        oauthFields.issuer,
        oauthFields.tokenUrl,
        oauthFields.clientId,
        { name: 'clientSecret', label: 'Client secret', help: 'The secret that goes with the client ID.', input: 'password', sensitive: true },
        oauthFields.scope,
      ],
      testDescription: 'TokenDesk asks the sign-in server for a token with the client ID and secret.',
    },
    {
      id: 'oauth2-browser',
      kind: 'oauth2-auth-code',
      label: 'OAuth2 — sign in with your browser',
      explanation: 'You approve TokenDesk in your browser once; it then renews the tokens.',
      headerFormat: 'Authorization: Bearer …',
      fields: [
        oauthFields.issuer,
        {
          name: 'authorizationUrl',
          label: 'Sign-in page address',
          help: 'Where the browser sign-in starts (often ends in /authorize). Needed when there is no issuer address.',
          placeholder: 'https://login.example.com/oauth2/authorize',
          input: 'url',
          optional: true,
        },
        oauthFields.tokenUrl,
        oauthFields.clientId,
        {
          name: 'clientSecret',
          label: 'Client secret (optional)',
          help: 'Only if the service gave you one; apps without a secret are fine.',
          input: 'password',
          sensitive: true,
          optional: true,
        },
        oauthFields.scope,
      ],
      testDescription: 'TokenDesk checks that the sign-in server knows this client. Right after saving, you press “Sign in” and sign in once with your browser.',
    },
  ],
};
