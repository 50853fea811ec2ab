import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, checksumMatches, integrityFor, macMatches } from '../../../../../src/main/core/vault/integrity';

const key = randomBytes(32);
const doc = () => ({ format: 'tokendesk-vault', version: 1, createdAt: 1, key: { kind: 'x', salt: 'abc' }, connections: [{ id: 'a', label: 'Ünï 🔑', tokens: {} }] });

describe('vault integrity', () => {
  it('canonical JSON sorts keys at every level and drops undefined like JSON does', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('seals a document so both checks pass, whatever the key order, and after a save/reload round trip', () => {
    const d = { ...doc(), integrity: integrityFor(doc(), key) };
    expect(checksumMatches(d)).toBe(true);
    expect(macMatches(d, key)).toBe(true);
    const reordered = JSON.parse(JSON.stringify({ integrity: d.integrity, connections: d.connections, key: d.key, createdAt: 1, version: 1, format: 'tokendesk-vault' }));
    expect(checksumMatches(reordered)).toBe(true);
    expect(macMatches(reordered, key)).toBe(true);
  });

  it('any change to the content fails the checksum', () => {
    const d = { ...doc(), integrity: integrityFor(doc(), key) };
    d.connections[0]!.label = 'Üni 🔑';
    expect(checksumMatches(d)).toBe(false);
    expect(macMatches(d, key)).toBe(false);
  });

  it('an edit that recomputes the checksum still fails the MAC; another key fails it too', () => {
    const d = { ...doc(), integrity: integrityFor(doc(), key) };
    d.connections[0]!.label = 'evil';
    const { integrity: _i, ...rest } = d;
    d.integrity = { ...d.integrity, sha256: createHash('sha256').update(canonicalJson({ ...rest, integrity: { v: 1, mac: d.integrity.mac } })).digest('hex') };
    expect(checksumMatches(d)).toBe(true);
    expect(macMatches(d, key)).toBe(false);
    const fresh = { ...doc(), integrity: integrityFor(doc(), key) };
    expect(macMatches(fresh, randomBytes(32))).toBe(false);
  });

  it('damage to the MAC itself reads as damage (checksum), not as tampering', () => {
    const d = { ...doc(), integrity: integrityFor(doc(), key) };
    d.integrity = { ...d.integrity, mac: (d.integrity.mac[0] === '0' ? '1' : '0') + d.integrity.mac.slice(1) };
    expect(checksumMatches(d)).toBe(false);
  });

  it('a missing or malformed record never passes', () => {
    const sealed = integrityFor(doc(), key);
    for (const integrity of [undefined, null, 'x', { ...sealed, v: 2 }, { ...sealed, sha256: 'zz' }, { ...sealed, mac: sealed.mac.slice(2) }]) {
      const d = { ...doc(), integrity };
      expect(checksumMatches(d)).toBe(false);
      expect(macMatches(d, key)).toBe(false);
    }
  });
});
