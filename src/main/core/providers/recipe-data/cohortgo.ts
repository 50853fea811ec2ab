/**
 * Cohort Go (seed 000): an API user's generated email and password, sent as Basic. OAuth2
 * (authorization code) exists only on request from Cohort Go, for acting on behalf of people.
 * Addresses from Cohort Go's developer guides (cohortgo.dev): API at portal.cohortgo.com/api/v1,
 * OAuth2 at portal.cohortgo.com/oauth2/authorize and /oauth2/token.
 */
import type { RecipeSource } from '../recipe-schema';

export const cohortgo: RecipeSource = {
  id: 'cohortgo',
  name: 'Cohort Go',
  initials: 'CG',
  docsUrl: 'https://cohortgo.dev/guides/authentication/',
  summary: 'Sign in with an API user’s generated email and password (Basic).',
  keywords: ['api user', 'basic'],
  before: [
    'In your Cohort Go portal, open Settings → API Users and click “New API User”.',
    'Give it a name you will recognise and choose its access level. Administrator is simplest to start with; you can narrow it down later.',
    'Save it. Cohort Go then shows the API user’s email and generated password. Copy the password straight away: it is shown only once. (If it is lost, reset it from the … menu next to the user.)',
  ],
  address: {
    default: 'https://portal.cohortgo.com/api/v1',
    required: false,
    label: 'Cohort Go API address',
    help: 'Only change this if Cohort Go gave you a different address.',
    placeholder: 'https://portal.cohortgo.com/api/v1',
  },
  modes: [
    {
      id: 'api-user',
      kind: 'basic',
      label: 'API user (email and password)',
      explanation: 'The usual way: a generated API user, for a fixed connection between systems.',
      recommended: true,
      headerFormat: 'Authorization: Basic …',
      fields: [
        {
          name: 'username',
          label: 'API user’s email',
          help: 'The generated email address listed under Settings → API Users — not your own sign-in.',
          input: 'email',
        },
        {
          name: 'password',
          label: 'API user’s password',
          help: 'The generated password Cohort Go showed once, when you saved the API user.',
          input: 'password',
          sensitive: true,
        },
        {
          name: 'checkUrl',
          label: 'Check address (optional)',
          help: 'An address of the Cohort Go API that needs signing in. Test connection opens it to prove the email and password work. Leave it empty to skip the check.',
          placeholder: 'https://portal.cohortgo.com/api/v1/…',
          input: 'url',
          optional: true,
        },
      ],
      testDescription: 'TokenDesk opens {checkUrl} with the API user’s email and password and checks that {provider} accepts them.',
    },
    {
      id: 'oauth2',
      kind: 'oauth2-auth-code',
      label: 'OAuth2 — on request from Cohort Go',
      explanation: 'Only if Cohort Go has registered an OAuth2 app for you, to act on behalf of a person rather than an API user.',
      headerFormat: 'Authorization: Bearer …',
      needs: [
        'A client ID and client secret from Cohort Go. Ask your Cohort Go account representative: their tech team has to register and configure your app first.',
      ],
      fields: [
        { name: 'clientId', label: 'Client ID', help: 'The client ID Cohort Go gave you when they registered your app.' },
        {
          name: 'clientSecret',
          label: 'Client secret',
          help: 'The client secret Cohort Go gave you with the client ID.',
          input: 'password',
          sensitive: true,
        },
        {
          name: 'authorizationUrl',
          label: 'Sign-in page address',
          help: 'Where the Cohort Go sign-in page opens. Only change it if Cohort Go tells you to.',
          input: 'url',
          // Required (with Cohort Go's address filled in): without an issuer, OAuth2 needs both addresses.
          advanced: true,
          initial: 'https://portal.cohortgo.com/oauth2/authorize',
        },
        {
          name: 'tokenUrl',
          label: 'Token address',
          help: 'Where TokenDesk collects the token after you sign in. Only change it if Cohort Go tells you to.',
          input: 'url',
          // Required (with Cohort Go's address filled in): without an issuer, OAuth2 needs both addresses.
          advanced: true,
          initial: 'https://portal.cohortgo.com/oauth2/token',
        },
      ],
      testDescription: 'TokenDesk opens the Cohort Go sign-in page in your browser; after you approve, it collects a token.',
    },
  ],
};
