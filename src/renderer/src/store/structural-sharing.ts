/**
 * Main pushes the whole connection list on every change (a renewed token, a rename). Fresh
 * objects for unchanged connections would make every memoised row re-render; this keeps the
 * previous object wherever the data is the same — per connection and per tenant — so only
 * the rows whose data changed render again, and an identical list keeps its identity.
 */
import type { ConnectionView, TenantView } from '../../../shared/views';

/** Deep equality for plain JSON data (what crosses IPC): objects, arrays, primitives. */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((v, i) => sameData(v, other[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(rb, k) && sameData((a as Record<string, unknown>)[k], rb[k]));
}

function shareTenants(prev: TenantView[], next: TenantView[]): TenantView[] {
  const byId = new Map(prev.map((t) => [t.id, t]));
  let reusedAll = prev.length === next.length;
  const out = next.map((t, i) => {
    const old = byId.get(t.id);
    const kept = old && sameData(old, t) ? old : t;
    if (kept !== prev[i]) reusedAll = false;
    return kept;
  });
  return reusedAll ? prev : out;
}

/** `next` with every unchanged connection (and tenant) replaced by the previous object. */
export function reuseUnchanged(prev: ConnectionView[], next: ConnectionView[]): ConnectionView[] {
  const byId = new Map(prev.map((c) => [c.id, c]));
  let reusedAll = prev.length === next.length;
  const out = next.map((c, i) => {
    const old = byId.get(c.id);
    let kept: ConnectionView = c;
    if (old) {
      if (sameData(old, c)) kept = old;
      else {
        // Changed: still keep the tenants that did not change, so their rows stay put.
        const tenants = shareTenants(old.tenants, c.tenants);
        if (tenants !== c.tenants) kept = { ...c, tenants };
      }
    }
    if (kept !== prev[i]) reusedAll = false;
    return kept;
  });
  return reusedAll ? prev : out;
}
