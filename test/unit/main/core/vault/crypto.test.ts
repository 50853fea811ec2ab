import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { CoreError } from '../../../../../src/main/core/errors';
import {
  decryptField,
  encryptField,
  fromB64url,
  generateDataKey,
  openBytes,
  sealBytes,
} from '../../../../../src/main/core/vault/crypto';

function expectCorrupt(fn: () => unknown): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(CoreError);
  expect((caught as CoreError).code).toBe('vault-corrupt');
  expect((caught as CoreError).message).toMatch(/could not be decrypted/);
}

/** Flips one bit inside a base64url part while keeping it valid base64url of the same length. */
function flipPart(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const buf = Buffer.from(parts[index]!, 'base64url');
  buf[0] = buf[0]! ^ 0x01;
  parts[index] = buf.toString('base64url');
  return parts.join('.');
}

describe('generateDataKey', () => {
  it('returns 32 random bytes', () => {
    const a = generateDataKey();
    const b = generateDataKey();
    expect(a.length).toBe(32);
    expect(a.equals(b)).toBe(false);
  });
});

describe('encryptField / decryptField', () => {
  const key = generateDataKey();

  it('round-trips text, including empty and non-ASCII', () => {
    // Sizes on both sides of the shared decode buffer's limits (2 kB start, 64 kB cap), in turn.
    for (const text of ['s3cr3t', '', 'pässwörd 🔑 密码', 'x'.repeat(10_000), 'short again', 'y'.repeat(100_000), 'z']) {
      const sealed = encryptField(key, 'rec-1', 'token', text);
      expect(decryptField(key, 'rec-1', 'token', sealed)).toBe(text);
    }
  });

  it('uses the compact v1 format with a 96-bit IV and 128-bit tag', () => {
    const sealed = encryptField(key, 'rec-1', 'token', 'hello');
    const parts = sealed.split('.');
    expect(parts).toHaveLength(4);
    expect(parts[0]).toBe('v1');
    for (const p of parts.slice(1)) expect(p).toMatch(/^[A-Za-z0-9_-]*$/);
    expect(Buffer.from(parts[1]!, 'base64url').length).toBe(12);
    expect(Buffer.from(parts[2]!, 'base64url').length).toBe(5);
    expect(Buffer.from(parts[3]!, 'base64url').length).toBe(16);
    expect(sealed).not.toContain('hello');
  });

  it('uses a fresh IV every time', () => {
    const ivs = new Set<string>();
    const ciphertexts = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const sealed = encryptField(key, 'rec-1', 'token', 'same text');
      ivs.add(sealed.split('.')[1]!);
      ciphertexts.add(sealed);
    }
    expect(ivs.size).toBe(500);
    expect(ciphertexts.size).toBe(500);
  });

  it('detects a tampered IV', () => {
    expectCorrupt(() => decryptField(key, 'rec-1', 'token', flipPart(encryptField(key, 'rec-1', 'token', 'abc'), 1)));
  });

  it('detects a tampered ciphertext', () => {
    expectCorrupt(() => decryptField(key, 'rec-1', 'token', flipPart(encryptField(key, 'rec-1', 'token', 'abc'), 2)));
  });

  it('detects a tampered tag', () => {
    expectCorrupt(() => decryptField(key, 'rec-1', 'token', flipPart(encryptField(key, 'rec-1', 'token', 'abc'), 3)));
  });

  it('detects a value moved to another record', () => {
    const sealed = encryptField(key, 'rec-1', 'token', 'abc');
    expectCorrupt(() => decryptField(key, 'rec-2', 'token', sealed));
  });

  it('detects a value moved to another field', () => {
    const sealed = encryptField(key, 'rec-1', 'token', 'abc');
    expectCorrupt(() => decryptField(key, 'rec-1', 'refreshToken', sealed));
  });

  it('keeps record and field apart in the AAD', () => {
    const sealed = encryptField(key, 'a', 'bc', 'abc');
    expectCorrupt(() => decryptField(key, 'ab', 'c', sealed));
  });

  it('detects the wrong key', () => {
    const sealed = encryptField(key, 'rec-1', 'token', 'abc');
    expectCorrupt(() => decryptField(generateDataKey(), 'rec-1', 'token', sealed));
  });

  it('rejects malformed input as vault-corrupt', () => {
    const good = encryptField(key, 'rec-1', 'token', 'abc');
    const [, iv, ct, tag] = good.split('.');
    const bad = [
      '',
      'garbage',
      `v2.${iv}.${ct}.${tag}`,
      `v1.${iv}.${ct}`,
      `v1.${iv}.${ct}.${tag}.extra`,
      `v1.${iv}.${ct}.${tag!.slice(0, 8)}`, // truncated tag
      `v1.${iv!.slice(0, 8)}.${ct}.${tag}`, // short IV
      `v1.${iv}.${ct}.${tag}=`,
      `v1.${iv}.${ct}!.${tag}`,
      `v1.${iv}.${ct}.${tag} `,
    ];
    for (const s of bad) expectCorrupt(() => decryptField(key, 'rec-1', 'token', s));
    expectCorrupt(() => decryptField(key, 'rec-1', 'token', 42 as unknown as string));
  });

  it('rejects a second spelling of the same bytes (unused low bits set)', () => {
    const sealed = encryptField(key, 'rec-1', 'token', 'abcde'); // 5-byte ciphertext: 7 chars
    expect(decryptField(key, 'rec-1', 'token', sealed)).toBe('abcde');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const respell = (part: string, bit: number) => part.slice(0, -1) + alphabet[alphabet.indexOf(part.at(-1)!) | bit];
    const parts = sealed.split('.');
    for (const [index, bit] of [
      [2, 1], // ciphertext: 7 chars, 2 unused bits
      [3, 1], // tag: 22 chars, 4 unused bits
      [3, 8],
    ] as const) {
      const other = [...parts];
      other[index] = respell(parts[index]!, bit);
      expect(Buffer.from(other[index]!, 'base64url').equals(Buffer.from(parts[index]!, 'base64url'))).toBe(true);
      expectCorrupt(() => decryptField(key, 'rec-1', 'token', other.join('.')));
    }
  });

  it('round-trips any text under any record id and field name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }), fc.string({ minLength: 1, maxLength: 8 }), (text, record, field) => {
        const sealed = encryptField(key, record, field, text);
        expect(decryptField(key, record, field, sealed)).toBe(text);
        expectCorrupt(() => decryptField(key, `${record}x`, field, sealed));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a key of the wrong size as a programming error', () => {
    expect(() => encryptField(Buffer.alloc(16), 'r', 'f', 'x')).toThrow(TypeError);
  });
});

describe('sealBytes / openBytes', () => {
  it('round-trips bytes and rejects a different AAD', () => {
    const key = generateDataKey();
    const plain = Buffer.from([0, 1, 2, 255]);
    const sealed = sealBytes(key, Buffer.from('aad'), plain);
    expect(openBytes(key, Buffer.from('aad'), sealed).equals(plain)).toBe(true);
    expect(() => openBytes(key, Buffer.from('other'), sealed)).toThrow();
  });
});

describe('fromB64url', () => {
  /** The previous, obviously-right definition: decode, re-encode, compare. */
  const reference = (text: string) => {
    if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
    const buf = Buffer.from(text, 'base64url');
    return buf.toString('base64url') === text ? buf : null;
  };

  it('decodes exactly the canonical spellings, like decode + re-encode + compare', () => {
    const b64ish = fc.string({ unit: fc.constantFrom(...'AQgwBCDEFPZaz019-_=+/ '), maxLength: 12 });
    fc.assert(
      fc.property(fc.oneof(b64ish, fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b).toString('base64url'))), (text) => {
        expect(fromB64url(text)).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
  });
});
