/** Builds the window's views from stored connections: no secret ever leaves this file. */
import type { ConnectionView, TenantView, TokenStatus } from '../../../shared/views';
import { settingsOf } from '../providers/oauth2-client';
import { findRecipe } from '../providers/recipes';
import { apiKeyPlacement } from '../providers/static-flows';
import { finishSetupOf } from './credentials';
import type { StoredConnection } from '../vault/document';

export const STATIC_STATUS: TokenStatus = {
  state: 'static',
  message: 'Ready — made from your saved credentials',
  expiresAt: null,
  renewsAt: null,
};

export type StatusLookup = (conn: StoredConnection, tenantId: string) => TokenStatus;

export function toConnectionView(conn: StoredConnection, statusOf: StatusLookup): ConnectionView {
  const tenants: TenantView[] = conn.tenants.map((t) => ({
    id: t.id,
    name: t.name,
    kind: t.kind,
    selected: t.selected,
    status: t.selected ? statusOf(conn, t.id) : { state: 'static', message: 'Not used — tick it to keep it signed in', expiresAt: null, renewsAt: null },
  }));
  const hasTenants = conn.authKind === 'cogniac';
  return {
    id: conn.id,
    providerId: conn.providerId,
    providerName: findRecipe(conn.providerId)?.name ?? conn.providerId,
    label: conn.label,
    authKind: conn.authKind as ConnectionView['authKind'],
    baseUrl: conn.baseUrl,
    username: conn.username,
    headerName: conn.headerName,
    placement: apiKeyPlacement(conn),
    finishSetup: finishSetupOf(conn),
    storedSecretFields: Object.keys(conn.secrets).sort(),
    checkUrl: conn.checkUrl,
    oauth2: conn.authKind === 'oauth2-client-credentials' || conn.authKind === 'oauth2-auth-code' ? oauth2View(conn) : null,
    hasTenants,
    tenants,
    status: hasTenants ? summarise(tenants) : statusOf(conn, ''),
    createdAt: conn.createdAt,
    updatedAt: conn.updatedAt,
  };
}

/** A connection with tenants shows its worst selected tenant, so trouble is never hidden. */
function summarise(tenants: TenantView[]): TokenStatus {
  const order: TokenStatus['state'][] = ['needs-you', 'error', 'expired', 'offline', 'refreshing', 'expiring', 'valid', 'static'];
  const selected = tenants.filter((t) => t.selected);
  if (selected.length === 0) {
    return { state: 'needs-you', message: 'Choose at least one tenant to use', expiresAt: null, renewsAt: null, action: 'check-settings' };
  }
  let worst = selected[0]!.status;
  for (const t of selected) if (order.indexOf(t.status.state) < order.indexOf(worst.state)) worst = t.status;
  return worst;
}

/** An imported OAuth2 connection may lack its client ID until set up: show what there is. */
function oauth2View(conn: StoredConnection): ConnectionView['oauth2'] {
  try {
    return settingsOf(conn);
  } catch {
    return null;
  }
}
