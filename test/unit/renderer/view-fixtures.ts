/** Plain connection views for renderer unit tests (what main would push). */
import type { ConnectionView, TenantView, TokenStatus } from '../../../src/shared/views';

export const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);

export function validStatus(expiresInMs: number, message = 'Valid — renews by itself'): TokenStatus {
  return { state: 'valid', message, expiresAt: T0 + expiresInMs, renewsAt: T0 + expiresInMs / 2 };
}

export function tenantView(id: string, status: TokenStatus = validStatus(3_600_000)): TenantView {
  return { id, name: `Tenant ${id}`, selected: true, status };
}

export function connectionView(n: number, more: Partial<ConnectionView> = {}): ConnectionView {
  return {
    id: `c${n}`,
    providerId: 'resolver',
    providerName: 'Resolver Core',
    label: `Connection ${String(n).padStart(3, '0')}`,
    authKind: 'resolver-password',
    baseUrl: 'https://api.example.com',
    username: `user${n}@example.com`,
    headerName: 'Authorization',
    storedSecretFields: ['password'],
    checkUrl: null,
    hasTenants: false,
    tenants: [],
    status: validStatus(15 * 60_000),
    createdAt: T0,
    updatedAt: T0,
    ...more,
  };
}

/** A fresh deep copy, as a new IPC push would deliver it. */
export const asPushed = <T>(v: T): T => structuredClone(v);
