import { describe, expect, it } from 'vitest';
import { redact, redactText, REDACTED } from '../../../../src/main/shell/redact';

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhcGktdXNlciIsImV4cCI6MTcwMDAwMDAwMH0.c2lnbmF0dXJlLWJ5dGVzLWhlcmU';
const BASIC = Buffer.from('api-user@cohortgo.example:generated-Pa55').toString('base64');

/** Every test value that must never survive redaction. */
function expectClean(out: unknown, ...secrets: string[]) {
  const text = typeof out === 'string' ? out : JSON.stringify(out, (_k, v: unknown) => (v instanceof Error ? { message: v.message, stack: v.stack } : v));
  for (const s of secrets) expect(text).not.toContain(s);
}

describe('redact', () => {
  it('removes Basic and Bearer credentials and Authorization header values', () => {
    const out = redactText(`sent Authorization: Basic ${BASIC} to host; retry with Bearer ${JWT}`);
    expectClean(out, BASIC, JWT, 'generated-Pa55');
    expect(out).toContain('Authorization: [redacted]');
    expect(out).toContain(`Bearer ${REDACTED}`);
    expect(redactText(`authorization=Bearer abc.def-123`)).toBe('authorization=[redacted]');
  });

  it('removes JSON, form and query fields named like secrets', () => {
    const json = redactText('{"username":"api-user@cohortgo.example","password":"generated-Pa55","access_token":"tok_9f8e7d"}');
    expectClean(json, 'generated-Pa55', 'tok_9f8e7d');
    expect(json).toContain('"username":"api-user@cohortgo.example"');
    const escaped = redactText('{"password": "a\\"b c"}');
    expectClean(escaped, 'b c');
    const form = redactText('grant_type=password&password=hunter2hunter2&client_secret=s3cr3t&scope=read');
    expectClean(form, 'hunter2hunter2', 's3cr3t');
    expect(form).toContain('scope=read');
    expect(redactText('GET https://x.example/cb?code=1&access_token=abcd1234&state=z')).toBe('GET https://x.example/cb?code=1&access_token=[redacted]&state=z');
  });

  it('removes JWTs, long base64 / hex blobs and credentials in URLs, keeps UUIDs and plain words', () => {
    const blob = 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJ+/==';
    const hex = 'a3f1c9e07b2d4f6a8c1e3b5d7f9a0c2e';
    const out = redactText(`got ${JWT} and ${blob} and ${hex} from https://user:pa55@host.example/path`);
    expectClean(out, JWT, blob, hex, 'pa55');
    expect(out).toContain('host.example/path');
    const id = '123e4567-e89b-12d3-a456-426614174000';
    expect(redactText(`connection ${id} renewed`)).toBe(`connection ${id} renewed`);
    expect(redactText('renew failed; signing in again')).toBe('renew failed; signing in again');
    expect(redactText('Basic connection added')).toBe('Basic connection added');
  });

  it('walks nested objects and arrays, redacting secret-named keys whatever they hold', () => {
    const input = {
      connection: 'abc',
      headers: { Authorization: `Basic ${BASIC}`, Accept: 'application/json' },
      nested: [{ apiKey: 'k-123456' }, { refreshToken: { value: 'r-1' } }, `Bearer ${JWT}`],
      expiresAt: 1700000000000,
      mfaRequired: true,
    };
    const out = redact(input) as typeof input;
    expectClean(out, BASIC, 'k-123456', 'r-1', JWT);
    expect(out.headers.Authorization).toBe(REDACTED);
    expect(out.headers.Accept).toBe('application/json');
    expect(out.expiresAt).toBe(1700000000000);
    expect(out.mfaRequired).toBe(true);
    expect(input.headers.Authorization).toContain('Basic '); // the original is untouched
  });

  it('redacts Error objects (message, stack, cause) and survives cycles and buffers', () => {
    const err = Object.assign(new Error(`401 for password=generated-Pa55 with Bearer ${JWT}`), { code: 'auth', cause: { token: 'abc' } });
    const out = redact(err) as Error & { code: string; cause: unknown };
    expect(out).toBeInstanceOf(Error);
    expectClean(out.message, 'generated-Pa55', JWT);
    expectClean(out.stack ?? '', 'generated-Pa55', JWT);
    expect(out.code).toBe('auth');
    expect(JSON.stringify(out.cause)).not.toContain('abc');

    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    expect(redact(cyclic)).toEqual({ name: 'x', self: '[circular]' });
    expect(redact({ data: Buffer.from('secret') })).toEqual({ data: '[binary 6 bytes]' });
  });
});
