/**
 * The shape of a provider recipe, checked with zod when the recipes module loads. Beyond
 * the shape it checks a recipe against THE contract (`authInput`): every field must fill
 * a real field of its sign-in kind, every field the contract requires must be asked or
 * preset, and starting values must pass the contract's own validators. A recipe that
 * breaks any of this stops the app at start-up with a message naming the recipe, the
 * place and the fix, instead of showing people a form that can never be saved.
 */
import { z } from 'zod';
import { authInput, connectionInput } from '../../../shared/contract';
import { baseUrl } from '../../../shared/validation';
import type { AuthKind, ProviderView } from '../../../shared/views';

/** Contract field schemas per sign-in kind, read from `authInput` so they can never drift. */
const AUTH_SHAPES = new Map<string, Record<string, z.ZodType>>(
  authInput.options.map((o) => [o.shape.kind.value, o.shape as unknown as Record<string, z.ZodType>]),
);
const AUTH_KINDS = [...AUTH_SHAPES.keys()] as [AuthKind, ...AuthKind[]];
/** Connection-level fields a mode may ask for besides its sign-in fields. */
const CONNECTION_FIELDS: Record<string, z.ZodType> = { checkUrl: connectionInput.shape.checkUrl };
const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'Use lower-case letters, digits and dashes, like "api-key".');
const text = z.string().trim().min(1, 'Write something here: it is shown to people.');
const httpsUrl = z.string().url().startsWith('https://', 'Links to documentation must start with https://.');

const fieldSchema = z.strictObject({
  name: z.string().min(1),
  label: text,
  help: text,
  placeholder: text.nullable().default(null),
  input: z.enum(['text', 'email', 'password', 'url', 'number']).default('text'),
  sensitive: z.boolean().default(false),
  optional: z.boolean().default(false),
  advanced: z.boolean().default(false),
  initial: z.string().nullable().default(null),
});

const modeSchema = z.strictObject({
  id: slug,
  kind: z.enum(AUTH_KINDS),
  label: text,
  explanation: text,
  recommended: z.boolean().default(false),
  headerFormat: text,
  needs: z.array(text).default([]),
  fields: z.array(fieldSchema).min(1, 'A sign-in mode needs at least one field.'),
  preset: z.record(z.string(), z.string()).default({}),
  testDescription: text,
  discovery: z.strictObject({ pick: z.enum(['many', 'confirm']), label: text, help: text }).nullable().default(null),
  notice: z.strictObject({ title: text, points: z.array(text).min(1), switchTo: slug, action: text }).nullable().default(null),
});

export const recipeSchema = z
  .strictObject({
    id: slug,
    name: text,
    initials: z.string().regex(/^[A-Za-z0-9]{1,3}$/, 'Initials are 1 to 3 letters or digits, like "CG".'),
    docsUrl: httpsUrl.nullable(),
    summary: text,
    before: z.array(text).min(1, 'Say what people need before starting (at least one item).'),
    keywords: z.array(z.string().min(1)).default([]),
    address: z.strictObject({
      default: z.string().nullable(),
      required: z.boolean(),
      label: text,
      help: text,
      placeholder: text.nullable().default(null),
    }),
    modes: z.array(modeSchema).min(1, 'A provider needs at least one sign-in mode.'),
    nameStyle: z.enum(['provider', 'provider-and-site', 'host']).default('provider'),
  })
  .superRefine((recipe, ctx) => {
    const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });

    if (recipe.address.default !== null && !baseUrl.safeParse(recipe.address.default).success) {
      issue(['address', 'default'], `"${recipe.address.default}" is not an address TokenDesk accepts (https://…, no user name in it).`);
    }
    if (recipe.address.default !== null && recipe.address.required) {
      issue(['address', 'required'], 'An address with a default is never required: people only change it on request. Set required to false.');
    }

    const modeIds = recipe.modes.map((m) => m.id);
    if (recipe.modes.filter((m) => m.recommended).length > 1) {
      issue(['modes'], 'At most one sign-in mode can be recommended.');
    }
    recipe.modes.forEach((mode, mi) => {
      const at = (...rest: PropertyKey[]) => ['modes', mi, ...rest];
      if (modeIds.indexOf(mode.id) !== mi) issue(at('id'), `Two sign-in modes are called "${mode.id}". Mode ids must be unique within a provider.`);
      const shape = AUTH_SHAPES.get(mode.kind)!;
      const authFields = Object.keys(shape).filter((k) => k !== 'kind');
      const allowed = [...authFields, ...Object.keys(CONNECTION_FIELDS)];
      const names = new Set<string>();

      mode.fields.forEach((field, fi) => {
        const fat = (key: string) => at('fields', fi, key);
        const schema = shape[field.name] ?? CONNECTION_FIELDS[field.name];
        if (field.name === 'kind' || !schema) {
          issue(fat('name'), `"${field.name}" is not part of the ${mode.kind} sign-in. Use one of: ${allowed.join(', ')}.`);
          return;
        }
        if (names.has(field.name)) issue(fat('name'), `The field "${field.name}" is listed twice.`);
        names.add(field.name);
        const contractRequired = !schema.safeParse(undefined).success;
        if (field.optional && contractRequired) {
          issue(fat('optional'), `"${field.name}" is required by the ${mode.kind} sign-in, so it cannot be optional here.`);
        }
        if (field.sensitive && field.input !== 'password') {
          issue(fat('input'), `"${field.name}" is secret: its input must be "password" so it is masked on screen.`);
        }
        if (field.sensitive && field.initial !== null) {
          issue(fat('initial'), `"${field.name}" is secret: a recipe must never carry a starting value for it.`);
        }
        if (field.initial !== null && !schema.safeParse(field.initial).success) {
          issue(fat('initial'), `The starting value "${field.initial}" for "${field.name}" fails the contract's own check: ${firstMessage(schema, field.initial)}`);
        }
      });

      for (const [key, value] of Object.entries(mode.preset)) {
        const schema = shape[key];
        if (key === 'kind' || !schema) {
          issue(at('preset', key), `"${key}" is not part of the ${mode.kind} sign-in. Use one of: ${authFields.join(', ')}.`);
        } else if (names.has(key)) {
          issue(at('preset', key), `"${key}" is both asked and preset. Keep one of the two.`);
        } else if (!schema.safeParse(value).success) {
          issue(at('preset', key), `The preset "${value}" for "${key}" fails the contract's own check: ${firstMessage(schema, value)}`);
        }
      }

      for (const key of authFields) {
        if (!shape[key]!.safeParse(undefined).success && !names.has(key) && !(key in mode.preset)) {
          issue(at('fields'), `The ${mode.kind} sign-in needs "${key}", but no field asks for it and no preset sets it.`);
        }
      }

      const known = new Set([...names, ...Object.keys(mode.preset), 'provider', 'baseUrl']);
      for (const [key, template] of [['headerFormat', mode.headerFormat], ['testDescription', mode.testDescription]] as const) {
        for (const [, name] of template.matchAll(PLACEHOLDER)) {
          if (!known.has(name!)) issue(at(key), `{${name}} is not a field of this mode. Use one of: ${[...known].map((k) => `{${k}}`).join(', ')}.`);
        }
      }

      if (mode.notice && (mode.notice.switchTo === mode.id || !modeIds.includes(mode.notice.switchTo))) {
        issue(at('notice', 'switchTo'), `The notice should offer another mode of this provider (${modeIds.filter((id) => id !== mode.id).join(', ') || 'there is none'}).`);
      }
    });
  })
  .transform(
    (r): ProviderView => ({
      ...r,
      defaultBaseUrl: r.address.default,
      authKinds: [...new Set(r.modes.map((m) => m.kind))],
    }),
  );

/** What recipe authors write (defaults may be left out). */
export type RecipeSource = z.input<typeof recipeSchema>;
/** A checked recipe: exactly what `providers:list` sends to the window. */
export type ProviderRecipe = z.output<typeof recipeSchema>;

function firstMessage(schema: z.ZodType, value: unknown): string {
  const r = schema.safeParse(value);
  return r.success ? '' : (r.error.issues[0]?.message ?? 'invalid');
}

/** A recipe that does not fit the schema or the contract: a developer's mistake, caught at start-up. */
export class RecipeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecipeError';
  }
}

/** Checks every recipe and their ids; throws one RecipeError listing every problem found. */
export function parseRecipes(sources: readonly unknown[]): ProviderRecipe[] {
  const problems: string[] = [];
  const parsed: ProviderRecipe[] = [];
  sources.forEach((source, i) => {
    const id = source && typeof source === 'object' && typeof (source as { id?: unknown }).id === 'string' ? (source as { id: string }).id : `#${i + 1}`;
    const r = recipeSchema.safeParse(source);
    if (!r.success) {
      for (const issue of r.error.issues) {
        problems.push(`Provider recipe "${id}" at ${issue.path.length ? issue.path.join('.') : '(top)'}: ${issue.message}`);
      }
      return;
    }
    if (parsed.some((p) => p.id === r.data.id)) problems.push(`Provider recipe "${id}": another recipe already uses this id.`);
    parsed.push(r.data);
  });
  if (problems.length) throw new RecipeError(`Provider recipes are not valid:\n- ${problems.join('\n- ')}`);
  return parsed;
}
