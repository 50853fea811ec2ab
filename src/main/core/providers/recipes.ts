/**
 * Provider recipes: what the app knows about each service, as data (one file per provider
 * in recipe-data/). They are checked against the recipe schema and the IPC contract when
 * this module loads, so a broken recipe stops the app at start-up with a clear message
 * rather than reaching anyone's screen. The wizard, the provider list and `recipeAllows`
 * read from here: adding a provider is adding a recipe (and a flow module only when its
 * sign-in is new).
 */
import type { AuthKind, ProviderView } from '../../../shared/views';
import { cogniac } from './recipe-data/cogniac';
import { cohortgo } from './recipe-data/cohortgo';
import { custom } from './recipe-data/custom';
import { nexudus } from './recipe-data/nexudus';
import { resolver } from './recipe-data/resolver';
import { parseRecipes, type ProviderRecipe } from './recipe-schema';

export type { ProviderRecipe } from './recipe-schema';

/** In the order the wizard lists them; "Other HTTP API" last. */
export const recipes: readonly ProviderRecipe[] = parseRecipes([cohortgo, cogniac, nexudus, resolver, custom]);

const byId = new Map(recipes.map((r) => [r.id, r]));

export function findRecipe(id: string): ProviderRecipe | undefined {
  return byId.get(id);
}

/** True when one of the provider's sign-in modes uses this kind. */
export function recipeAllows(id: string, kind: AuthKind): boolean {
  return byId.get(id)?.modes.some((m) => m.kind === kind) ?? false;
}

/**
 * How messages name the service ("Cogniac rejected…"). For recipes named by host ("Other
 * HTTP API") that is the host the connection talks to, which means something to the reader.
 */
export function serviceName(conn: { providerId: string; label: string; checkUrl: string | null; baseUrl: string | null }): string {
  const recipe = byId.get(conn.providerId);
  if (recipe && recipe.nameStyle !== 'host') return recipe.name;
  for (const url of [conn.checkUrl, conn.baseUrl]) {
    if (url && URL.canParse(url)) return new URL(url).host;
  }
  return conn.label;
}

/** The recipes as the window sees them (copies, so no caller can change the originals). */
export function providerViews(): ProviderView[] {
  return structuredClone(recipes) as ProviderView[];
}
