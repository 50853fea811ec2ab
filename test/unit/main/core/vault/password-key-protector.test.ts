import { describe, it, expect } from 'vitest';
import type { WrappedKey } from '../../../../../src/main/core/ports';
import { generateDataKey } from '../../../../../src/main/core/vault/crypto';
import { rejection } from '../../../../support/flow-context';
import {
  DEFAULT_SCRYPT,
  needsRewrap,
  PasswordKeyProtector,
} from '../../../../../src/main/core/vault/password-key-protector';

const CHEAP = { N: 2 ** 10, r: 8, p: 1 };


describe('PasswordKeyProtector', () => {
  it('describes itself for the UI', () => {
    const p = new PasswordKeyProtector({ cost: CHEAP });
    expect(p.kind).toBe('password-scrypt');
    expect(p.label).toBe('your master password');
    expect(p.needsPassword).toBe(true);
  });

  it('round-trips the data key', async () => {
    const p = new PasswordKeyProtector({ cost: CHEAP });
    const key = generateDataKey();
    const wrapped = await p.wrap(key, 'correct horse battery staple');
    const unwrapped = await p.unwrap(wrapped, 'correct horse battery staple');
    expect(unwrapped.equals(key)).toBe(true);
  });

  it('stores kdf params, a 16-byte salt and no plaintext key, and survives JSON', async () => {
    const p = new PasswordKeyProtector({ cost: CHEAP });
    const key = generateDataKey();
    const wrapped = await p.wrap(key, 'pw');
    expect(wrapped).toMatchObject({ kind: 'password-scrypt', kdf: 'scrypt', N: 2 ** 10, r: 8, p: 1 });
    expect(Buffer.from(wrapped.salt, 'base64url').length).toBe(16);
    const json = JSON.stringify(wrapped);
    expect(json).not.toContain(key.toString('base64url'));
    expect(json).not.toContain(key.toString('hex'));
    expect(json).not.toContain(key.toString('base64'));
    const back = JSON.parse(json) as WrappedKey;
    expect((await p.unwrap(back, 'pw')).equals(key)).toBe(true);
  });

  it('uses a fresh salt for every wrap', async () => {
    const p = new PasswordKeyProtector({ cost: CHEAP });
    const key = generateDataKey();
    const a = await p.wrap(key, 'pw');
    const b = await p.wrap(key, 'pw');
    expect(a.salt).not.toBe(b.salt);
    expect(a.sealed).not.toBe(b.sealed);
  });

  it('rejects a wrong password with a plain message', async () => {
    const p = new PasswordKeyProtector({ cost: CHEAP });
    const wrapped = await p.wrap(generateDataKey(), 'right');
    const err = await rejection(p.unwrap(wrapped, 'Right'));
    expect(err.code).toBe('wrong-password');
    expect(err.message).toBe('That master password is not right. Check Caps Lock and try again.');
  });

  it('asks for the password when it is missing or empty', async () => {
    const p = new PasswordKeyProtector({ cost: CHEAP });
    const wrapped = await p.wrap(generateDataKey(), 'right');
    for (const pw of [undefined, '']) {
      const err = await rejection(p.unwrap(wrapped, pw));
      expect(err.code).toBe('wrong-password');
      expect(err.message).toBe('Enter your master password.');
    }
  });

  it('refuses to wrap with an empty password', async () => {
    const p = new PasswordKeyProtector({ cost: CHEAP });
    const err = await rejection(p.wrap(generateDataKey(), ''));
    expect(err.code).toBe('invalid-input');
  });

  it('treats the same password in NFC and NFD as equal', async () => {
    const p = new PasswordKeyProtector({ cost: CHEAP });
    const key = generateDataKey();
    const wrapped = await p.wrap(key, 'caf\u00e9');
    expect((await p.unwrap(wrapped, 'cafe\u0301')).equals(key)).toBe(true);
  });

  it('reports malformed envelopes as vault-corrupt, before looking at the password', async () => {
    const p = new PasswordKeyProtector({ cost: CHEAP });
    const good = await p.wrap(generateDataKey(), 'pw');
    const bad: unknown[] = [
      null,
      {},
      { ...good, kind: 'os-keychain' },
      { ...good, kdf: 'argon2id' },
      { ...good, N: 1000 }, // not a power of two
      { ...good, N: 2 ** 30 }, // absurd memory demand from a tampered file
      { ...good, r: 0 },
      { ...good, p: '1' },
      { ...good, salt: 'short' },
      { ...good, salt: 42 },
      { ...good, sealed: 'v1.abc' },
      { ...good, sealed: good.sealed.replace(/^v1/, 'v9') },
    ];
    for (const w of bad) {
      const err = await rejection(p.unwrap(w as WrappedKey, 'pw'));
      expect(err.code).toBe('vault-corrupt');
    }
    const err = await rejection(p.unwrap({ ...good, N: 'x' } as unknown as WrappedKey, ''));
    expect(err.code).toBe('vault-corrupt');
  });

  it('treats a tampered sealed key like a wrong password (GCM cannot tell them apart)', async () => {
    const p = new PasswordKeyProtector({ cost: CHEAP });
    const good = await p.wrap(generateDataKey(), 'pw');
    const parts = good.sealed.split('.');
    const ct = Buffer.from(parts[2]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    parts[2] = ct.toString('base64url');
    const err = await rejection(p.unwrap({ ...good, sealed: parts.join('.') }, 'pw'));
    expect(err.code).toBe('wrong-password');
  });

  it('unwraps with the stored params even when built with a different cost', async () => {
    const old = new PasswordKeyProtector({ cost: CHEAP });
    const key = generateDataKey();
    const wrapped = await old.wrap(key, 'pw');
    const newer = new PasswordKeyProtector({ cost: { N: 2 ** 11, r: 8, p: 2 } });
    expect((await newer.unwrap(wrapped, 'pw')).equals(key)).toBe(true);
    const rewrapped = await newer.wrap(key, 'pw');
    expect(rewrapped).toMatchObject({ N: 2 ** 11, r: 8, p: 2 });
    expect((await old.unwrap(rewrapped, 'pw')).equals(key)).toBe(true);
  });

  it('rejects an invalid cost at construction', () => {
    expect(() => new PasswordKeyProtector({ cost: { N: 1000, r: 8, p: 1 } })).toThrow(TypeError);
    expect(() => new PasswordKeyProtector({ cost: { N: 1024, r: 0, p: 1 } })).toThrow(TypeError);
  });

  it('defaults to scrypt N=2^17, r=8, p=1 and stores those params', async () => {
    expect(DEFAULT_SCRYPT).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    const p = new PasswordKeyProtector();
    const key = generateDataKey();
    const wrapped = await p.wrap(key, 'pw');
    expect(wrapped).toMatchObject({ kind: 'password-scrypt', kdf: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
    // Proves the maxmem allowance is big enough for the default cost on unwrap too.
    expect((await p.unwrap(wrapped, 'pw')).equals(key)).toBe(true);
  });
});

describe('needsRewrap', () => {
  it('is true only when a stored param is weaker than the current cost', async () => {
    const wrapped = await new PasswordKeyProtector({ cost: CHEAP }).wrap(generateDataKey(), 'pw');
    expect(needsRewrap(wrapped, CHEAP)).toBe(false);
    expect(needsRewrap(wrapped, { N: 2 ** 9, r: 8, p: 1 })).toBe(false);
    expect(needsRewrap(wrapped, { N: 2 ** 11, r: 8, p: 1 })).toBe(true);
    expect(needsRewrap(wrapped, { N: 2 ** 10, r: 16, p: 1 })).toBe(true);
    expect(needsRewrap(wrapped, { N: 2 ** 10, r: 8, p: 2 })).toBe(true);
    expect(needsRewrap(wrapped, DEFAULT_SCRYPT)).toBe(true);
  });

  it('is false for an envelope it cannot read', () => {
    expect(needsRewrap({ kind: 'os-keychain' }, DEFAULT_SCRYPT)).toBe(false);
  });
});
