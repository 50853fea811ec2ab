import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checksumMatches, checksumOf, coveredFromText, coveredText, documentText, integrityFor, macMatches } from '../../../../../src/main/core/vault/integrity';

const key = randomBytes(32);
const doc = () => ({ format: 'tokendesk-vault', version: 1, createdAt: 1, key: { kind: 'x', salt: 'abc' }, connections: [{ id: 'a', label: 'Ünï 🔑', tokens: {} }] });

describe('vault integrity', () => {
  it('covers the document as JSON.stringify writes it, without the integrity record', () => {
    const d = { ...doc(), integrity: integrityFor(doc(), key) };
    expect(coveredText(d)).toBe(JSON.stringify(doc()));
  });

  it('seals a document so both checks pass, also after a save/reload round trip', () => {
    const d = { ...doc(), integrity: integrityFor(doc(), key) };
    expect(checksumMatches(d)).toBe(true);
    expect(macMatches(d, key)).toBe(true);
    const reloaded = JSON.parse(JSON.stringify(d, null, 2));
    expect(checksumMatches(reloaded)).toBe(true);
    expect(macMatches(reloaded, key)).toBe(true);
  });

  it('the file text is the covered text plus the record, and the covered text slices back out of it', () => {
    const covered = coveredText(doc());
    const record = integrityFor(doc(), key, covered);
    const text = documentText(covered, record);
    expect(text).toBe(JSON.stringify({ ...doc(), integrity: record }));
    expect(coveredFromText(text)).toBe(covered);
    // Anything but the exact closing record (pretty-printed, reordered, extra member) is not sliced.
    expect(coveredFromText(JSON.stringify({ ...doc(), integrity: record }, null, 2))).toBeNull();
    expect(coveredFromText(JSON.stringify({ integrity: record, ...doc() }))).toBeNull();
    expect(coveredFromText(`${text.slice(0, -1)},"x":1}`)).toBeNull();
    expect(documentText('{}', record)).toBe(JSON.stringify({ integrity: record }));
  });

  it('a file rewritten by another tool with its keys reordered reads as damaged (TokenDesk is the only writer)', () => {
    const d = { ...doc(), integrity: integrityFor(doc(), key) };
    const reordered = JSON.parse(JSON.stringify({ integrity: d.integrity, connections: d.connections, key: d.key, createdAt: 1, version: 1, format: 'tokendesk-vault' }));
    expect(checksumMatches(reordered)).toBe(false);
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
    d.integrity = { ...d.integrity, sha256: checksumOf(JSON.stringify(rest), d.integrity.mac) };
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
