/**
 * Provider recipes: what the app knows about each service, as data. The wizard, the
 * provider list and error messages read from here, so adding a provider is mostly adding
 * a recipe (and a flow module only when its sign-in is new).
 */
import type { AuthKind, ProviderView } from '../../../shared/views';

export interface ProviderRecipe extends ProviderView {
  /** What the person must have or do before starting, in their words. */
  before: string;
}

export const recipes: ProviderRecipe[] = [
  {
    id: 'cohortgo',
    name: 'Cohort Go',
    initials: 'CG',
    docsUrl: 'https://docs.cohortgo.com/',
    defaultBaseUrl: null,
    authKinds: ['basic'],
    summary: 'Sign in with an API user’s generated email and password (Basic).',
    before:
      'Create an API user in Cohort Go under Settings → API Users → New API User. Copy the generated password straight away: it is shown only once.',
  },
  {
    id: 'cogniac',
    name: 'Cogniac',
    initials: 'CX',
    docsUrl: 'https://docs.cogniac.io/',
    defaultBaseUrl: 'https://api.cogniac.io',
    authKinds: ['cogniac'],
    summary: 'Email and password; TokenDesk keeps a 5-day token for each tenant you choose.',
    before: 'You need the email and password you use for the Cogniac web app. TokenDesk will list the tenants you can access.',
  },
  {
    id: 'nexudus',
    name: 'Nexudus',
    initials: 'NX',
    docsUrl: 'https://developers.nexudus.com/',
    defaultBaseUrl: 'https://spaces.nexudus.com',
    authKinds: ['basic'],
    summary: 'Your Nexudus email and password (Basic). The user needs “API Access”.',
    before: 'Your user needs API Access: in Nexudus open the user, go to the Status tab and turn on “API Access”.',
  },
  {
    id: 'resolver',
    name: 'Resolver Core',
    initials: 'RC',
    docsUrl: 'https://help.resolver.com/',
    defaultBaseUrl: null,
    authKinds: ['resolver-api-key', 'resolver-password'],
    summary: 'An API key (recommended), or email, password and org ID with 15-minute tokens renewed for you.',
    before:
      'Resolver recommends an API key. For password sign-in you need your email, password and your org ID (see Resolver’s “Locating an Org’s ID” article).',
  },
  {
    id: 'custom',
    name: 'Other HTTP API',
    initials: 'API',
    docsUrl: null,
    defaultBaseUrl: null,
    authKinds: ['basic', 'bearer', 'api-key', 'oauth2-client-credentials', 'oauth2-auth-code'],
    summary: 'Any service that uses Basic sign-in, a bearer token, an API key header, or OAuth2.',
    before: 'Have the service’s address and the credentials its administrator gave you.',
  },
];

const byId = new Map(recipes.map((r) => [r.id, r]));

export function findRecipe(id: string): ProviderRecipe | undefined {
  return byId.get(id);
}

export function recipeAllows(id: string, kind: AuthKind): boolean {
  return byId.get(id)?.authKinds.includes(kind) ?? false;
}

export function providerViews(): ProviderView[] {
  return recipes.map(({ before: _before, ...view }) => view);
}
