/**
 * Turns the chosen new entries of a pack into stored connections with NO secrets: each
 * waits for the person's own credentials (see connections/credentials.ts), so nothing
 * signs in for it until they are typed.
 */
import type { AuthKind, PackPreview } from '../../../shared/views';
import { CoreError } from '../errors';
import { findRecipe } from '../providers/recipes';
import type { StoredConnection } from '../vault/document';
import type { PackConnection, TeamPack } from './format';

/** Sign-in kinds whose header TokenDesk builds itself: a pack cannot change it. */
const FIXED_HEADER: Partial<Record<AuthKind, { headerName: string; scheme: string }>> = {
  basic: { headerName: 'Authorization', scheme: 'Basic' },
  cogniac: { headerName: 'Authorization', scheme: 'Bearer' },
  'resolver-password': { headerName: 'Authorization', scheme: 'Bearer' },
  'oauth2-client-credentials': { headerName: 'Authorization', scheme: 'Bearer' },
  'oauth2-auth-code': { headerName: 'Authorization', scheme: 'Bearer' },
};

export interface ImportPlan {
  /** Entries to add, in pack order. */
  add: PackConnection[];
  /** Entries left out because they duplicate a connection already here. */
  skipped: number;
}

/** Which entries to add: the chosen ones (all new ones when none are chosen), never a duplicate. */
export function planImport(pack: TeamPack, preview: PackPreview, chosen: number[] | undefined): ImportPlan {
  const count = preview.entries.length;
  const bad = chosen?.find((i) => i >= count);
  if (bad !== undefined) {
    throw new CoreError('invalid-input', 'That choice does not match this pack (it may have changed since the preview). Open the pack again and choose what to add.');
  }
  const wanted = chosen ? new Set(chosen) : null;
  const add = preview.entries.filter((e) => e.status === 'new' && (!wanted || wanted.has(e.index))).map((e) => pack.connections[e.index]!);
  return { add, skipped: preview.entries.filter((e) => e.status === 'duplicate').length };
}

function storedOptions(e: PackConnection): StoredConnection['options'] {
  const out: StoredConnection['options'] = {};
  for (const [key, value] of Object.entries(e.options)) {
    if (value === undefined) continue;
    if (key === 'placement' && e.authKind !== 'api-key') continue;
    if (key === 'clientType' && e.authKind !== 'oauth2-auth-code') continue;
    out[key] = value;
  }
  return out;
}

export function toStoredConnection(e: PackConnection, id: string, now: number): StoredConnection {
  const fixed = FIXED_HEADER[e.authKind as AuthKind];
  return {
    id,
    providerId: e.providerId,
    label: e.label.trim(),
    authKind: e.authKind,
    baseUrl: e.baseUrl ?? findRecipe(e.providerId)?.defaultBaseUrl ?? null,
    checkUrl: e.checkUrl,
    username: e.username ?? null,
    headerName: fixed?.headerName ?? e.headerName,
    scheme: fixed?.scheme ?? e.scheme,
    options: storedOptions(e),
    secrets: {},
    // Tenants only mean something for Cogniac; their names come from the pack until the
    // person's own sign-in lists the tenants they can reach.
    tenants: e.authKind === 'cogniac' ? e.tenants.map((t) => ({ id: t.id, name: t.name, ...(t.kind !== undefined ? { kind: t.kind } : {}), selected: t.selected })) : [],
    tokens: {},
    createdAt: now,
    updatedAt: now,
  };
}
