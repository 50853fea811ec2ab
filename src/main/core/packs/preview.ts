/**
 * What importing a pack would do: which entries are new and which duplicate a connection
 * already here (or an earlier entry of the same pack), and what the person will have to
 * type for each. Import uses the same plan, recomputed at that moment, so a preview that
 * went stale can never add a duplicate.
 *
 * A duplicate is the same service, sign-in kind and address — plus, where they matter, the
 * same user name (only when both sides have one: packs usually leave it out), Resolver org
 * and set of ticked Cogniac tenants, and the check address when both have one (for services
 * without an address it must match, as it is the only place the account shows).
 */
import type { PackPreview, PackPreviewEntry } from '../../../shared/views';
import { credentialWords, neededCredentials } from '../connections/credentials';
import { findRecipe } from '../providers/recipes';
import type { StoredConnection } from '../vault/document';
import type { PackConnection, TeamPack } from './format';

interface Target {
  label: string;
  providerId: string;
  authKind: string;
  baseUrl: string | null;
  checkUrl: string | null;
  username: string | null;
  orgId: unknown;
  tenantIds: string;
}

function normUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).href.replace(/\/+$/, '');
  } catch {
    return url;
  }
}

type Comparable = Pick<StoredConnection, 'label' | 'providerId' | 'authKind' | 'baseUrl' | 'checkUrl' | 'tenants'> & {
  username?: string | null;
  options: Record<string, unknown>;
};

function target(c: Comparable): Target {
  return {
    label: c.label,
    providerId: c.providerId,
    authKind: c.authKind,
    baseUrl: normUrl(c.baseUrl ?? findRecipe(c.providerId)?.defaultBaseUrl),
    checkUrl: normUrl(c.checkUrl),
    username: c.username?.trim().toLowerCase() || null,
    orgId: c.options.orgId,
    tenantIds: c.tenants
      .filter((t) => t.selected)
      .map((t) => t.id)
      .sort()
      .join('\n'),
  };
}

function same(a: Target, b: Target): boolean {
  if (a.providerId !== b.providerId || a.authKind !== b.authKind || a.baseUrl !== b.baseUrl) return false;
  // The check address tells apart two accounts of one service (e.g. a live and a test API
  // user); without an address it is the only place the account shows at all.
  if (a.checkUrl !== b.checkUrl && (a.baseUrl === null || (a.checkUrl !== null && b.checkUrl !== null))) return false;
  if (a.username && b.username && a.username !== b.username) return false;
  if (a.authKind === 'resolver-password' && a.orgId !== b.orgId) return false;
  if (a.authKind === 'cogniac' && a.tenantIds !== b.tenantIds) return false;
  return true;
}

/** The pack's entries as the vault would hold them, for comparing. */
function entryTarget(e: PackConnection): Target {
  return target({ ...e, username: e.username ?? null });
}

export function needsOf(e: PackConnection): string[] {
  return neededCredentials({ authKind: e.authKind, options: e.options })
    .filter((f) => !(f === 'username' && e.username))
    .map((f) => credentialWords(f, e.providerId));
}

export function previewPack(pack: TeamPack, existing: StoredConnection[]): PackPreview {
  const here = existing.map(target);
  const earlier: Target[] = [];
  const entries: PackPreviewEntry[] = pack.connections.map((e, index) => {
    const t = entryTarget(e);
    const match = here.find((x) => same(x, t));
    const inPack = match ? undefined : earlier.find((x) => same(x, t));
    if (!match && !inPack) earlier.push(t);
    const entry: PackPreviewEntry = {
      index,
      label: e.label,
      providerId: e.providerId,
      providerName: findRecipe(e.providerId)?.name ?? e.providerId,
      authKind: e.authKind as PackPreviewEntry['authKind'],
      baseUrl: e.baseUrl ?? findRecipe(e.providerId)?.defaultBaseUrl ?? null,
      status: match || inPack ? 'duplicate' : 'new',
      needs: needsOf(e),
    };
    if (match) entry.duplicateOf = match.label;
    else if (inPack) entry.duplicateOf = `${inPack.label} (earlier in this pack)`;
    return entry;
  });
  const createdAt = Date.parse(pack.createdAt);
  return {
    name: pack.name ?? null,
    createdAt: Number.isFinite(createdAt) ? createdAt : null,
    entries,
    settings: pack.settings ?? {},
  };
}
