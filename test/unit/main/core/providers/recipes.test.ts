/**
 * Provider recipes: every shipped recipe passes the schema and produces input the IPC
 * contract accepts; a broken recipe is refused with a message that names the recipe, the
 * place and the fix.
 */
import { describe, expect, it } from 'vitest';
import { connectionInput } from '../../../../../src/shared/contract';
import type { ProviderFieldView } from '../../../../../src/shared/views';
import { cogniac } from '../../../../../src/main/core/providers/recipe-data/cogniac';
import { cohortgo } from '../../../../../src/main/core/providers/recipe-data/cohortgo';
import { custom } from '../../../../../src/main/core/providers/recipe-data/custom';
import { nexudus } from '../../../../../src/main/core/providers/recipe-data/nexudus';
import { resolver } from '../../../../../src/main/core/providers/recipe-data/resolver';
import { parseRecipes, RecipeError, type RecipeSource } from '../../../../../src/main/core/providers/recipe-schema';
import { findRecipe, providerViews, recipeAllows, recipes, serviceName } from '../../../../../src/main/core/providers/recipes';

const SOURCES = [cohortgo, cogniac, nexudus, resolver, custom];

/** A value a person could type into a field of this input type. */
function sample(field: ProviderFieldView): string {
  if (field.initial !== null) return field.initial;
  switch (field.input) {
    case 'email':
      return 'person@example.com';
    case 'password':
      return 'secret-123';
    case 'number':
      return '101';
    case 'url':
      return 'https://api.example.com/check';
    case 'text':
      return 'sample';
  }
}

/** Throws the RecipeError for one changed copy of a real recipe. */
function refusal(change: (r: RecipeSource) => void): string {
  const broken = structuredClone(resolver);
  change(broken);
  try {
    parseRecipes([broken]);
  } catch (e) {
    expect(e).toBeInstanceOf(RecipeError);
    return (e as Error).message;
  }
  throw new Error('the broken recipe was accepted');
}

describe('shipped recipes', () => {
  it('every recipe parses, in the wizard order, with unique ids', () => {
    expect(parseRecipes(SOURCES).map((r) => r.id)).toEqual(['cohortgo', 'cogniac', 'nexudus', 'resolver', 'custom']);
    expect(recipes.map((r) => r.id)).toEqual(['cohortgo', 'cogniac', 'nexudus', 'resolver', 'custom']);
  });

  it('every mode, filled in, is input the contract accepts (with and without optional fields)', () => {
    for (const recipe of recipes) {
      for (const mode of recipe.modes) {
        for (const withOptional of [true, false]) {
          const auth: Record<string, unknown> = { kind: mode.kind, ...mode.preset };
          let checkUrl: string | undefined;
          for (const field of mode.fields) {
            if (field.optional && !withOptional) continue;
            if (field.name === 'checkUrl') checkUrl = sample(field);
            else auth[field.name] = sample(field);
          }
          // OAuth2 needs one of its optional addresses (issuer, or the endpoints): the contract
          // checks the group, which a per-field optional flag cannot say. Give the issuer.
          if (!withOptional && mode.kind.startsWith('oauth2') && auth.issuer === undefined && auth.tokenUrl === undefined) auth.issuer = 'https://login.example.com';
          const input = { providerId: recipe.id, label: recipe.name, baseUrl: recipe.address.default ?? 'https://api.example.com', checkUrl, auth };
          const parsed = connectionInput.safeParse(input);
          expect(parsed.success, `${recipe.id}/${mode.id}: ${parsed.error?.issues[0]?.message}`).toBe(true);
        }
      }
    }
  });

  it('has the seed providers’ facts', () => {
    expect(findRecipe('cogniac')).toMatchObject({ defaultBaseUrl: 'https://api.cogniac.io', authKinds: ['cogniac'] });
    expect(findRecipe('cohortgo')?.before.join(' ')).toMatch(/Settings → API Users.*shown only once/);
    expect(findRecipe('nexudus')?.before.join(' ')).toMatch(/Status tab.*API Access/);
    const res = findRecipe('resolver')!;
    expect(res.address).toMatchObject({ default: null, required: true });
    expect(res.modes.map((m) => [m.id, m.kind, m.recommended])).toEqual([
      ['api-key', 'resolver-api-key', true],
      ['password', 'resolver-password', false],
    ]);
    expect(res.modes[1]!.notice).toMatchObject({ switchTo: 'api-key' });
    expect(res.modes[1]!.needs.join(' ')).toMatch(/org ID/);
    const customModes = findRecipe('custom')!.modes;
    expect(customModes.map((m) => m.kind)).toEqual(['basic', 'bearer', 'api-key', 'api-key', 'oauth2-client-credentials', 'oauth2-auth-code']);
    expect(customModes.filter((m) => m.kind === 'api-key').map((m) => m.preset.placement)).toEqual(['header', 'query']);
    expect(findRecipe('cohortgo')!.modes.find((m) => m.kind === 'oauth2-auth-code')?.label).toMatch(/on request from Cohort Go/);
  });

  it('recipeAllows follows the modes', () => {
    expect(recipeAllows('resolver', 'resolver-password')).toBe(true);
    expect(recipeAllows('resolver', 'basic')).toBe(false);
    expect(recipeAllows('custom', 'oauth2-auth-code')).toBe(true);
    expect(recipeAllows('cohortgo', 'bearer')).toBe(false);
    expect(recipeAllows('nope', 'basic')).toBe(false);
  });

  it('providerViews hands out copies', () => {
    const views = providerViews();
    views[0]!.modes[0]!.label = 'changed';
    expect(recipes[0]!.modes[0]!.label).not.toBe('changed');
  });

  it('serviceName uses the host for "Other HTTP API" and the recipe name otherwise', () => {
    const conn = { label: 'Mine', checkUrl: null, baseUrl: null };
    expect(serviceName({ ...conn, providerId: 'cogniac' })).toBe('Cogniac');
    expect(serviceName({ ...conn, providerId: 'custom', checkUrl: 'https://api.example.com/me' })).toBe('api.example.com');
    expect(serviceName({ ...conn, providerId: 'custom', baseUrl: 'http://127.0.0.1:8080' })).toBe('127.0.0.1:8080');
    expect(serviceName({ ...conn, providerId: 'custom' })).toBe('Mine');
  });
});

describe('a broken recipe is refused with a clear developer message', () => {
  it('a field that is not part of the contract', () => {
    expect(refusal((r) => (r.modes[1]!.fields[2]!.name = 'orgid'))).toMatch(
      /Provider recipe "resolver" at modes\.1\.fields\.2\.name: "orgid" is not part of the resolver-password sign-in\. Use one of: username, password, orgId, mfaCode, checkUrl\./,
    );
  });

  it('a field the contract needs but nobody asks for', () => {
    expect(refusal((r) => r.modes[1]!.fields.splice(2, 1))).toMatch(/modes\.1\.fields: The resolver-password sign-in needs "orgId", but no field asks for it/);
  });

  it('an optional field the contract requires', () => {
    expect(refusal((r) => (r.modes[0]!.fields[0]!.optional = true))).toMatch(/"apiKey" is required by the resolver-api-key sign-in/);
  });

  it('a secret with a starting value, or shown in clear', () => {
    expect(refusal((r) => (r.modes[0]!.fields[0]!.initial = 'abc'))).toMatch(/must never carry a starting value/);
    expect(refusal((r) => (r.modes[0]!.fields[0]!.input = 'text'))).toMatch(/its input must be "password"/);
  });

  it('a starting value or preset the contract refuses', () => {
    expect(refusal((r) => (r.modes[0]!.fields[2]!.initial = 'X Bad:'))).toMatch(/starting value "X Bad:" for "headerName" fails the contract's own check: A header name can only use/);
    const broken = structuredClone(custom);
    broken.modes[3]!.preset = { placement: 'cookie' };
    expect(() => parseRecipes([broken])).toThrow(/preset "cookie" for "placement" fails the contract's own check/);
  });

  it('a notice that offers an unknown mode, a template naming an unknown field', () => {
    expect(refusal((r) => (r.modes[1]!.notice!.switchTo = 'apikey'))).toMatch(/notice should offer another mode of this provider \(api-key\)/);
    expect(refusal((r) => (r.modes[0]!.headerFormat = '{header}: …'))).toMatch(/\{header\} is not a field of this mode/);
  });

  it('duplicate ids, two recommended modes, a bad docs link or default address', () => {
    expect(() => parseRecipes([resolver, resolver])).toThrow(/Provider recipe "resolver": another recipe already uses this id/);
    expect(refusal((r) => (r.modes[1]!.id = 'api-key'))).toMatch(/Two sign-in modes are called "api-key"/);
    expect(refusal((r) => (r.modes[1]!.recommended = true))).toMatch(/At most one sign-in mode can be recommended/);
    expect(refusal((r) => (r.docsUrl = 'http://help.example.com'))).toMatch(/docsUrl: Links to documentation must start with https/);
    expect(refusal((r) => (r.address = { ...r.address, default: 'http://example.com', required: false }))).toMatch(/address\.default: "http:\/\/example\.com" is not an address/);
  });

  it('unknown properties and missing text', () => {
    expect(refusal((r) => Object.assign(r, { colour: 'red' }))).toMatch(/Provider recipe "resolver" at \(top\):.*colour/);
    expect(refusal((r) => (r.before = []))).toMatch(/at before: Say what people need before starting/);
  });

  it('lists every problem at once', () => {
    const message = refusal((r) => {
      r.modes[0]!.fields[0]!.optional = true;
      r.modes[1]!.notice!.switchTo = 'nope';
    });
    expect(message.split('\n- ')).toHaveLength(3);
  });
});
