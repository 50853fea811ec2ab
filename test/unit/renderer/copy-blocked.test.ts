/**
 * When the details disable copying and what they say instead: only while the person must act
 * (the dashboard shows "Fix this…" for the same states), with the step to take in words.
 */
import { describe, expect, it } from 'vitest';
import { copyBlockedReason } from '../../../src/renderer/src/lib/copy';
import type { TokenStatus } from '../../../src/shared/views';
import { connectionView, tenantView, validStatus } from './view-fixtures';

const needsYou = (action?: TokenStatus['action']): TokenStatus => ({ state: 'needs-you', message: 'Needs you — something', expiresAt: null, renewsAt: null, ...(action ? { action } : {}) });

describe('copyBlockedReason', () => {
  it('allows a copy while the token works or TokenDesk can fix it by itself', () => {
    for (const state of ['valid', 'static', 'refreshing', 'expiring', 'expired', 'offline', 'error'] as const) {
      expect(copyBlockedReason(connectionView(1, { status: { ...validStatus(60_000), state } })), state).toBeNull();
    }
  });

  it('says what to do first for each thing only the person can do', () => {
    expect(copyBlockedReason(connectionView(1, { status: needsYou('enter-mfa') }))).toMatch(/^Sign in first: type the 6-digit code/);
    expect(copyBlockedReason(connectionView(1, { status: needsYou('sign-in-again') }))).toBe('Sign in first: press “Sign in again” below.');
    expect(copyBlockedReason(connectionView(1, { authKind: 'oauth2-auth-code', status: needsYou('sign-in-again') }))).toBe('Sign in first: press “Sign in” below.');
    expect(copyBlockedReason(connectionView(1, { status: needsYou('update-password') }))).toMatch(/^Update the password first: press “Replace”/);
    expect(copyBlockedReason(connectionView(1, { status: needsYou('check-settings') }))).toMatch(/^Fix the settings first/);
    expect(copyBlockedReason(connectionView(1, { status: needsYou('unlock') }))).toBe('Unlock TokenDesk first.');
    expect(copyBlockedReason(connectionView(1, { status: needsYou() }))).toBe('Sign in first: see “What to do” above.');
    expect(copyBlockedReason(connectionView(1, { status: needsYou('enter-credentials') }))).toMatch(/^Finish setting up first/);
  });

  it('per tenant: a tenant that needs the person is blocked, its valid sibling is not', () => {
    const ok = tenantView('a');
    const stuck = tenantView('b', needsYou('update-password'));
    const c = connectionView(1, { hasTenants: true, tenants: [ok, stuck], status: validStatus(60_000) });
    expect(copyBlockedReason(c, ok)).toBeNull();
    expect(copyBlockedReason(c, stuck)).toMatch(/^Update the password first/);
  });

  it('a connection still waiting for its own sign-in details blocks every tenant', () => {
    const c = connectionView(1, { hasTenants: true, tenants: [tenantView('a')], status: needsYou('enter-credentials') });
    expect(copyBlockedReason(c, c.tenants[0])).toMatch(/^Finish setting up first/);
  });
});
