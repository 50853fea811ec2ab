/**
 * Reads a team pack from text and refuses anything that is not a clean, current,
 * secret-free pack, with one plain-language reason. It never changes anything and never
 * throws anything but a CoreError (a fuzz test holds it to that).
 *
 * Checks, in order: size → readable JSON → is a pack → version → no secrets anywhere →
 * entry count → shape and values (https addresses, header-safe names) → services and
 * sign-in kinds this TokenDesk knows.
 */
import type { z } from 'zod';
import { PACK_MAX_BYTES } from '../../../shared/contract';
import type { AuthKind } from '../../../shared/views';
import { isAuthKind } from '../connections/credentials';
import { CoreError } from '../errors';
import { findRecipe, recipeAllows } from '../providers/recipes';
import { PACK_FILE_SUFFIX, PACK_FORMAT, PACK_MAX_CONNECTIONS, PACK_VERSION, packSchema, type PackConnection, type TeamPack } from './format';
import { depthOf, findSecret } from './secret-scan';

/** Real packs nest 4 levels deep; anything far deeper is not a pack. */
const MAX_DEPTH = 16;

export type PackProblem =
  | 'too-big'
  | 'unreadable'
  | 'not-a-pack'
  | 'newer-version'
  | 'secret'
  | 'too-many'
  | 'invalid'
  | 'unknown-provider'
  | 'unknown-auth-kind';

function refuse(problem: PackProblem, message: string, field?: string): CoreError {
  return new CoreError('invalid-input', message, { problem, ...(field ? { field } : {}) });
}

const UNREADABLE =
  'This file could not be read as a TokenDesk team pack: it is damaged or is not a pack at all. Ask the person who sent it to export it again. Nothing was changed.';
const NOT_A_PACK = `This file is not a TokenDesk team pack. Choose the file whose name ends in ${PACK_FILE_SUFFIX}. Nothing was changed.`;

export interface ParseOptions {
  /** Whether this build can sign in with a kind (a pack from a build with more kinds is refused plainly). */
  supportsAuthKind(kind: AuthKind): boolean;
}

export function parsePack(text: string, options: ParseOptions): TeamPack {
  if (typeof text !== 'string') throw refuse('unreadable', UNREADABLE);
  if (text.length > PACK_MAX_BYTES || Buffer.byteLength(text, 'utf8') > PACK_MAX_BYTES) {
    throw refuse('too-big', 'That file is too big to be a TokenDesk team pack (over 1 MB). Choose the pack file you were sent. Nothing was changed.');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw refuse('unreadable', UNREADABLE);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || (raw as { format?: unknown }).format !== PACK_FORMAT) {
    throw refuse('not-a-pack', NOT_A_PACK);
  }
  const version = (raw as { version?: unknown }).version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw refuse('unreadable', UNREADABLE);
  if (version > PACK_VERSION) {
    throw refuse(
      'newer-version',
      `This team pack was made by a newer TokenDesk (pack version ${version}). Update TokenDesk, then import it again. Nothing was changed.`,
    );
  }
  if (depthOf(raw, MAX_DEPTH) > MAX_DEPTH) throw refuse('unreadable', UNREADABLE);

  const secret = findSecret(raw);
  if (secret) {
    const place = secretPlace(secret.path);
    const what = secret.reason === 'key' ? `a secret (${place})` : `what looks like a password or token (in ${place})`;
    throw refuse(
      'secret',
      `This pack contains ${what}. Team packs never carry passwords, keys or tokens, so TokenDesk did not import it. Ask the person who sent it to export it again from TokenDesk, which leaves secrets out. Nothing was changed.`,
      secret.path,
    );
  }

  const list = (raw as { connections?: unknown }).connections;
  if (Array.isArray(list) && list.length > PACK_MAX_CONNECTIONS) {
    throw refuse(
      'too-many',
      `This pack lists ${list.length} connections; a team pack can hold at most ${PACK_MAX_CONNECTIONS}. Ask the sender to split it into smaller packs. Nothing was changed.`,
    );
  }

  const parsed = packSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw refuse('invalid', `${describeIssue(issue, raw)} Nothing was changed.`, issue.path.join('.'));
  }
  parsed.data.connections.forEach((c, i) => checkConnection(c, i, options));
  return parsed.data;
}

/**
 * Where a secret was found, in words: "the “token” field of connection 1, tenant 2". The
 * value itself, and the connection's name (which may be the very thing that looked like a
 * token), are never repeated.
 */
function secretPlace(path: string): string {
  const field = /([^.[\]]+)\]?$/.exec(path)?.[1] ?? path;
  const conn = /^connections\[(\d+)\]/.exec(path);
  const tenant = /\.tenants\[(\d+)\]/.exec(path);
  let where = 'of the pack';
  if (conn) where = `of connection ${Number(conn[1]) + 1}${tenant ? `, tenant ${Number(tenant[1]) + 1}` : ''}`;
  else if (path.startsWith('settings.')) where = 'in its settings';
  return `the “${field}” field ${where}`;
}

/** "Connection 2 (“Cogniac prod”)", from whatever the raw file holds. */
function connectionName(raw: unknown, index: number): string {
  const entry = (raw as { connections?: unknown[] }).connections?.[index];
  const label = entry && typeof entry === 'object' ? (entry as { label?: unknown }).label : undefined;
  const shown = typeof label === 'string' && label.trim() ? ` (“${label.trim().slice(0, 80)}”)` : '';
  return `Connection ${index + 1}${shown}`;
}

/** Zod's own messages are for developers; ours (from the shared validators) are for people. */
const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Unrecognized|Expected)/;

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const path = issue.path;
  let where = 'This pack';
  let rest = path;
  if (path[0] === 'connections' && typeof path[1] === 'number') {
    where = `${connectionName(raw, path[1])} in this pack`;
    rest = path.slice(2);
  } else if (path[0] === 'settings') {
    where = 'The settings in this pack';
    rest = path.slice(1);
  }
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `“${k}”`).join(', ');
    return `${where} has something this TokenDesk does not know (${keys}). It may have been edited by hand or made by a newer TokenDesk; ask the sender to export it again.`;
  }
  const field = rest.length ? `“${rest.join('.')}”` : 'it';
  const message = ZOD_DEFAULT.test(issue.message) ? `${field} is missing or not in the expected form.` : issue.message;
  return `${where} has a problem: ${message}`;
}

function checkConnection(c: PackConnection, index: number, options: ParseOptions): void {
  const name = `Connection ${index + 1} (“${c.label.trim()}”)`;
  const recipe = findRecipe(c.providerId);
  if (!recipe) {
    throw refuse('unknown-provider', `${name} is for a service this TokenDesk does not know (“${c.providerId}”). Update TokenDesk, then import the pack again. Nothing was changed.`);
  }
  if (!isAuthKind(c.authKind) || !options.supportsAuthKind(c.authKind)) {
    throw refuse(
      'unknown-auth-kind',
      `${name} uses a kind of sign-in this TokenDesk does not know (“${c.authKind}”). Update TokenDesk, then import the pack again. Nothing was changed.`,
    );
  }
  if (!recipeAllows(recipe.id, c.authKind)) {
    throw refuse(
      'invalid',
      `${name}: ${recipe.name} does not sign in this way (“${c.authKind}”). The pack may have been edited by hand; ask the sender to export it again. Nothing was changed.`,
    );
  }
  const missing = (what: string) => refuse('invalid', `${name} is missing ${what}. Ask the sender to export the pack again. Nothing was changed.`);
  const o = c.options;
  switch (c.authKind) {
    case 'resolver-password':
      if (o.orgId === undefined) throw missing('the Resolver Core org ID');
      if (!c.baseUrl) throw missing('the address of the Resolver Core site');
      break;
    case 'oauth2-client-credentials':
      if (!o.clientId) throw missing('the OAuth client ID');
      if (!o.issuer && !o.tokenUrl) throw missing('the OAuth issuer or token address');
      break;
    case 'oauth2-auth-code':
      if (!o.clientId) throw missing('the OAuth client ID');
      if (!o.issuer && !(o.authorizationUrl && o.tokenUrl)) throw missing('the OAuth issuer, or the authorization and token addresses');
      break;
    default:
      break;
  }
}
