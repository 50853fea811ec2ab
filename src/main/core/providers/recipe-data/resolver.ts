/**
 * Resolver Core (seed 003): an API key (Resolver's recommendation) or email + password +
 * org ID (+ MFA code when asked) for 15-minute session tokens. Every customer has their own
 * site, so the address is always asked.
 */
import { RESOLVER_API_KEY_REASONS } from '../resolver';
import type { RecipeSource } from '../recipe-schema';

export const resolver: RecipeSource = {
  id: 'resolver',
  name: 'Resolver Core',
  initials: 'RC',
  docsUrl: 'https://help.resolver.com/',
  summary: 'An API key (recommended), or email, password and org ID with 15-minute tokens renewed for you.',
  keywords: ['core', 'risk', 'incident'],
  before: ['The address of your Resolver Core site: the one you open Resolver Core at in your browser.'],
  address: {
    default: null,
    required: true,
    label: 'Resolver Core address',
    help: 'Copy it from your browser’s address bar when Resolver Core is open: the part up to the first / after the name.',
    placeholder: 'https://yourcompany.example.com',
  },
  nameStyle: 'provider-and-site',
  modes: [
    {
      id: 'api-key',
      kind: 'resolver-api-key',
      label: 'API key',
      explanation: 'Resolver’s recommended way: it does not expire with your password and needs no codes.',
      recommended: true,
      headerFormat: '{headerName}: {prefix}…',
      needs: ['An API key. Your Resolver administrator creates it (Resolver help: “Create an API Key”).'],
      fields: [
        { name: 'apiKey', label: 'API key', help: 'The key your Resolver administrator gave you. Paste it exactly.', input: 'password', sensitive: true },
        {
          name: 'checkUrl',
          label: 'Check address (optional)',
          help: 'An address of your Resolver Core API that needs signing in. Test connection opens it with the key. Leave it empty to skip the check.',
          placeholder: 'https://yourcompany.example.com/…',
          input: 'url',
          optional: true,
        },
        {
          name: 'headerName',
          label: 'Header name',
          help: 'The header your Resolver Core site expects the key in. Usually Authorization.',
          optional: true,
          advanced: true,
          initial: 'Authorization',
        },
        {
          name: 'prefix',
          label: 'Text before the key',
          help: 'What comes before the key in the header. Usually “ApiKey ” (with a space).',
          optional: true,
          advanced: true,
          initial: 'ApiKey ',
        },
      ],
      testDescription: 'TokenDesk opens {checkUrl} with the API key and checks that {provider} accepts it.',
    },
    {
      id: 'password',
      kind: 'resolver-password',
      label: 'Email, password and org ID',
      explanation: 'Signs in as you; the 15-minute session is renewed by TokenDesk while it runs.',
      headerFormat: 'Authorization: Bearer … (renewed every 15 minutes)',
      needs: [
        'Your Resolver Core email and password.',
        'Your org ID: a number. Resolver’s help article “Locating an Org’s ID” shows how to find it.',
        'If your org uses MFA, your authenticator app: TokenDesk asks for a code when Resolver Core needs one.',
      ],
      fields: [
        { name: 'username', label: 'Resolver Core email', help: 'The email you sign in to Resolver Core with.', input: 'email' },
        { name: 'password', label: 'Resolver Core password', help: 'Your Resolver Core password.', input: 'password', sensitive: true },
        {
          name: 'orgId',
          label: 'Org ID',
          help: 'A number, for example 101. See Resolver’s help article “Locating an Org’s ID”.',
          placeholder: 'e.g. 101',
          input: 'number',
        },
      ],
      testDescription: 'TokenDesk signs in to {provider} at {baseUrl} as {username} for org {orgId}, then signs out again.',
      discovery: { pick: 'confirm', label: 'Org', help: 'The org Resolver Core signed you in to.' },
      notice: {
        title: 'Resolver recommends an API key instead',
        points: RESOLVER_API_KEY_REASONS,
        switchTo: 'api-key',
        action: 'Use an API key instead',
      },
    },
  ],
};
