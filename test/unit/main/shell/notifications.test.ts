import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionView, TokenStatus } from '../../../../src/shared/views';

const shown: Array<{ title: string; body: string }> = [];
vi.mock('electron', () => ({
  Notification: class {
    static isSupported = () => true;
    constructor(private readonly opts: { title: string; body: string }) {}
    on() {}
    show() {
      shown.push({ title: this.opts.title, body: this.opts.body });
    }
  },
}));

const { needsYouTransitions, NeedsYouNotifier, MAX_SEPARATE_NOTIFICATIONS } = await import('../../../../src/main/shell/notifications');

const ok: TokenStatus = { state: 'valid', message: 'Valid', expiresAt: 1, renewsAt: null };
const rejected: TokenStatus = { state: 'needs-you', message: 'Password rejected — update it', expiresAt: null, renewsAt: null, action: 'update-password' };
const mfa: TokenStatus = { state: 'needs-you', message: 'Enter the code from your authenticator', expiresAt: null, renewsAt: null, action: 'enter-mfa' };

function conn(id: string, s: TokenStatus, tenants: Array<[string, TokenStatus, boolean?]> = []): ConnectionView {
  return {
    id, providerId: 'p', providerName: 'P', label: `Conn ${id}`, authKind: 'resolver-password', baseUrl: null, username: null, headerName: 'Authorization',
    storedSecretFields: [], checkUrl: null, hasTenants: tenants.length > 0, status: s, createdAt: 0, updatedAt: 0,
    tenants: tenants.map(([tid, ts, selected = true]) => ({ id: tid, name: `Tenant ${tid}`, selected, status: ts })),
  };
}

describe('needsYouTransitions', () => {
  it('notifies once when a connection starts needing the user, never again while it stays so', () => {
    const first = needsYouTransitions([conn('a', ok)], [conn('a', rejected)]);
    expect(first).toEqual([{ key: 'a#update-password', connectionId: 'a', title: 'Conn a needs you', body: 'Password rejected — update it' }]);
    expect(needsYouTransitions([conn('a', rejected)], [conn('a', rejected)])).toEqual([]);
    expect(needsYouTransitions([conn('a', rejected)], [conn('a', { ...rejected, message: 'Password rejected — update it (2)' })])).toEqual([]);
  });

  it('notifies again when what it needs changes, or after it recovered and broke again', () => {
    expect(needsYouTransitions([conn('a', rejected)], [conn('a', mfa)])).toHaveLength(1);
    expect(needsYouTransitions([conn('a', rejected)], [conn('a', ok)])).toEqual([]);
    expect(needsYouTransitions([conn('a', ok)], [conn('a', rejected)])).toHaveLength(1);
  });

  it('tracks ticked tenants separately and ignores unticked ones', () => {
    const prev = [conn('c', ok, [['1', ok], ['2', ok], ['3', ok, false]])];
    const next = [conn('c', ok, [['1', rejected], ['2', ok], ['3', rejected, false]])];
    expect(needsYouTransitions(prev, next)).toEqual([
      { key: 'c/1#update-password', connectionId: 'c', tenantId: '1', title: 'Conn c — Tenant 1 needs you', body: 'Password rejected — update it' },
    ]);
  });

  it('treats no previous views as nothing needing the user, and removed connections as silent', () => {
    expect(needsYouTransitions(null, [conn('a', rejected)])).toHaveLength(1);
    expect(needsYouTransitions([conn('a', rejected)], [])).toEqual([]);
  });

  it('collapses a burst into one summary instead of a storm', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    const out = needsYouTransitions(ids.map((i) => conn(i, ok)), ids.map((i) => conn(i, rejected)));
    expect(ids.length).toBeGreaterThan(MAX_SEPARATE_NOTIFICATIONS);
    expect(out).toHaveLength(1);
    expect(out[0]!.title).toBe('5 connections need you');
    expect(out[0]!.body).toContain('Conn a, Conn b');
  });
});

describe('NeedsYouNotifier', () => {
  beforeEach(() => {
    shown.length = 0;
  });
  it('shows one desktop notification per change across repeated pushes', () => {
    const n = new NeedsYouNotifier(() => undefined);
    n.update([conn('a', ok)]);
    n.update([conn('a', rejected)]);
    n.update([conn('a', rejected)]);
    n.update([conn('a', rejected)]);
    expect(shown).toEqual([{ title: 'Conn a needs you', body: 'Password rejected — update it' }]);
  });
});
