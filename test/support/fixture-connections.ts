/**
 * The simulator's fixture accounts as ready-to-add connections, so every test that needs
 * "a Cogniac connection" or "a Resolver connection" builds it the same way.
 */
import type { ConnectionInput } from '../../src/shared/contract';
import { ACCOUNTS } from '../sim/fixture';

/** Cogniac with the fixture login; both fixture tenants ticked unless told otherwise. */
export function cogniacConnection(baseUrl: string, tenantIds: string[] = ['49wshskg', '12ir8sjgtl'], label = 'Cogniac'): ConnectionInput {
  return {
    providerId: 'cogniac',
    label,
    baseUrl,
    auth: { kind: 'cogniac', username: ACCOUNTS.cogniac.email, password: ACCOUNTS.cogniac.password, tenantIds },
  };
}

/** Resolver Core in password mode with the fixture login, signed in to org 101 unless told otherwise. */
export function resolverConnection(baseUrl: string, label = 'Resolver', orgId = 101): ConnectionInput {
  return {
    providerId: 'resolver',
    label,
    baseUrl,
    auth: { kind: 'resolver-password', username: ACCOUNTS.resolver.email, password: ACCOUNTS.resolver.password, orgId },
  };
}
