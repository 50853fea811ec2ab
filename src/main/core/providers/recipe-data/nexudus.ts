/**
 * Nexudus (seed 002): email + password of a user with "API Access", sent as Basic. A 401
 * whose body mentions API Access gets the fix in plain words (static-flows.ts). The default
 * address and the check address are the REST API examples in Nexudus' developer docs.
 */
import type { RecipeSource } from '../recipe-schema';

export const nexudus: RecipeSource = {
  id: 'nexudus',
  name: 'Nexudus',
  initials: 'NX',
  docsUrl: 'https://developers.nexudus.com/',
  summary: 'Your Nexudus email and password (Basic). The user needs “API Access”.',
  keywords: ['coworking', 'spaces'],
  before: [
    'The email and password you use to sign in to Nexudus.',
    'Your user needs API Access: in Nexudus open the users list, open your user, go to the Status tab and turn on “API Access”.',
    'The user must also be an unrestricted administrator or have at least one role, or Nexudus refuses its calls.',
  ],
  address: {
    default: 'https://spaces.nexudus.com/api',
    required: false,
    label: 'Nexudus API address',
    help: 'Only change this if Nexudus gave you a different address.',
    placeholder: 'https://spaces.nexudus.com/api',
  },
  modes: [
    {
      id: 'password',
      kind: 'basic',
      label: 'Email and password',
      explanation: 'Calls run as your Nexudus user, with its roles.',
      recommended: true,
      headerFormat: 'Authorization: Basic …',
      fields: [
        { name: 'username', label: 'Nexudus email', help: 'The email you sign in to Nexudus with.', input: 'email' },
        { name: 'password', label: 'Nexudus password', help: 'Your Nexudus password.', input: 'password', sensitive: true },
        {
          name: 'checkUrl',
          label: 'Check address',
          help: 'A Nexudus API address that needs signing in. Test connection opens it to prove your user has API Access. Leave it empty to skip the check.',
          input: 'url',
          optional: true,
          initial: 'https://spaces.nexudus.com/api/sys/coworkers',
        },
      ],
      testDescription: 'TokenDesk opens {checkUrl} with your email and password and checks that {provider} accepts them.',
    },
  ],
};
