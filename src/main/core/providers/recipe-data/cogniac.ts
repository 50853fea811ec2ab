/**
 * Cogniac (seed 001): email + password (Basic) list the user's tenants; TokenDesk keeps one
 * Bearer token per ticked tenant (5 days, renewed at half-life). Default API host from the docs.
 */
import type { RecipeSource } from '../recipe-schema';

export const cogniac: RecipeSource = {
  id: 'cogniac',
  name: 'Cogniac',
  initials: 'CX',
  docsUrl: 'https://docs.cogniac.io/',
  summary: 'Email and password; TokenDesk keeps a 5-day token for each tenant you choose.',
  keywords: ['tenant', 'vision'],
  before: [
    'The email and password you use to sign in to the Cogniac web app.',
    'TokenDesk then lists the tenants your account can use, and you tick the ones you need. It keeps a token for each (valid 5 days) and renews it by itself.',
  ],
  address: {
    default: 'https://api.cogniac.io',
    required: false,
    label: 'Cogniac API address',
    help: 'Only change this if Cogniac gave you a different address (for example a private installation).',
    placeholder: 'https://api.cogniac.io',
  },
  modes: [
    {
      id: 'password',
      kind: 'cogniac',
      label: 'Email and password',
      explanation: 'Your Cogniac sign-in; TokenDesk gets a token for each tenant you tick.',
      recommended: true,
      headerFormat: 'Authorization: Bearer … (one token per tenant)',
      fields: [
        { name: 'username', label: 'Cogniac email', help: 'The email you use to sign in to the Cogniac web app.', input: 'email' },
        {
          name: 'password',
          label: 'Cogniac password',
          help: 'Your Cogniac password. TokenDesk keeps it encrypted on this computer to get new tokens.',
          input: 'password',
          sensitive: true,
        },
      ],
      testDescription: 'TokenDesk signs in to {provider} at {baseUrl} and lists the tenants you can use.',
      discovery: { pick: 'many', label: 'Tenants to use', help: 'Tick at least one. TokenDesk keeps a signed-in token for each tenant you tick.' },
    },
  ],
};
