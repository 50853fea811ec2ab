import { describe, expect, it } from 'vitest';
import { reuseUnchanged, sameData } from '../../../src/renderer/src/store/structural-sharing';
import { asPushed, connectionView, tenantView, validStatus } from './view-fixtures';

describe('sameData', () => {
  it('compares plain data deeply', () => {
    expect(sameData({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(sameData({ a: [1, { b: null }] }, { a: [1, { b: 0 }] })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameData([1, 2], { 0: 1, 1: 2 })).toBe(false);
    expect(sameData(null, {})).toBe(false);
    expect(sameData(NaN, NaN)).toBe(true);
  });
});

describe('reuseUnchanged', () => {
  const list = [connectionView(1), connectionView(2, { hasTenants: true, tenants: [tenantView('a'), tenantView('b')] }), connectionView(3)];

  it('an identical push keeps the very same array', () => {
    expect(reuseUnchanged(list, asPushed(list))).toBe(list);
  });

  it('keeps every unchanged connection object; only the changed one is new', () => {
    const next = asPushed(list);
    next[2]!.label = 'Renamed';
    const out = reuseUnchanged(list, next);
    expect(out).not.toBe(list);
    expect(out[0]).toBe(list[0]);
    expect(out[1]).toBe(list[1]);
    expect(out[2]).not.toBe(list[2]);
    expect(out[2]).toEqual(next[2]);
    expect(out[2]!.label).toBe('Renamed');
  });

  it('inside a changed connection, unchanged tenants keep their objects', () => {
    const next = asPushed(list);
    next[1]!.tenants[1]!.status = validStatus(7_200_000);
    const out = reuseUnchanged(list, next);
    expect(out[1]).not.toBe(list[1]);
    expect(out[1]!.tenants[0]).toBe(list[1]!.tenants[0]);
    expect(out[1]!.tenants[1]).toBe(next[1]!.tenants[1]);
    expect(out[1]).toEqual(next[1]);
  });

  it('added, removed and reordered connections come through as pushed', () => {
    const next = [asPushed(list[2]!), connectionView(4)];
    const out = reuseUnchanged(list, next);
    expect(out).toEqual(next);
    expect(out[0]).toBe(list[2]);
    expect(out[1]).toBe(next[1]);
    expect(reuseUnchanged(list, [])).toEqual([]);
    expect(reuseUnchanged(list, asPushed([list[1]!, list[0]!, list[2]!])).map((c) => c.id)).toEqual(['c2', 'c1', 'c3']);
  });
});
