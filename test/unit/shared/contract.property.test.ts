/**
 * Every IPC channel's request schema, and the core door behind it, fed random and hostile
 * payloads (fast-check): prototype-pollution keys, huge strings, wrong types, unicode and
 * control characters, and near-valid requests with one field made hostile. The schema never
 * throws (only safeParse results); the door rejects only with CoreError carrying a plain
 * message ('invalid-input' whenever the schema refused the payload); nothing pollutes
 * Object.prototype and no promise rejection goes unhandled.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError, type Core } from '../../../src/main/core';
import { channels, parseRequest, RequestError, splitChannel, type Channel } from '../../../src/shared/contract';
import { makeCore, MASTER, type Harness } from '../../support/core-harness';
import { isPlainMessage } from '../../support/plain-message';

const CHANNELS = Object.keys(channels) as Channel[];
const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__'];
const HUGE = ['a'.repeat(1_000_000), '\u0000'.repeat(10_000), '🔑'.repeat(100_000), 'x\r\nAuthorization: Bearer injected', '\u202e\u200b\ufeff'];

/** Strings people and attackers send: unicode, control characters, huge ones, header injection. */
const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)) }),
  fc.constantFrom(...HUGE, '', ' ', 'https://evil.example', 'http://10.0.0.1', 'javascript:alert(1)', '../../etc/passwd', '{"__proto__":{"x":1}}'),
);

/** Any value, including objects with prototype-pollution keys at any depth. */
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.anything(),
    fc.constantFrom(null, undefined, NaN, Infinity, -1, 0, 2 ** 53, -0, true, false),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string()), tie('value'), { maxKeys: 5 }),
    fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')),
  ),
})).value;

/** A request each channel accepts, so that one hostile field gets past the outer checks. */
const VALID: Record<Channel, unknown> = {
  'vault:status': undefined,
  'vault:create': { password: 'a long enough password' },
  'vault:unlock': { password: MASTER },
  'vault:lock': undefined,
  'vault:changePassword': { current: 'not the password', next: 'another long password' },
  'vault:restoreBackup': undefined,
  'providers:list': undefined,
  'connections:list': undefined,
  'connections:get': { id: 'x' },
  'connections:add': { providerId: 'cohortgo', label: 'L', auth: { kind: 'basic', username: 'u', password: 'p' } },
  'connections:update': { id: 'x', patch: { label: 'L' } },
  'connections:remove': { id: 'x' },
  'connections:test': { id: 'x' },
  'connections:testDraft': { providerId: 'cogniac', label: 'L', baseUrl: 'https://api.cogniac.io', auth: { kind: 'cogniac', username: 'u', password: 'p', tenantIds: ['t'] } },
  'connections:signIn': { id: 'x', mfaCode: '123456' },
  'tenants:discover': { connectionId: 'x' },
  'tenants:select': { connectionId: 'x', tenantIds: ['t'] },
  'tokens:copy': { connectionId: 'x', format: 'header' },
  'tokens:refresh': { connectionId: 'x' },
  'tokens:reveal': { connectionId: 'x' },
  'packs:export': {},
  'packs:preview': { json: '{}' },
  'packs:import': { json: '{}' },
  'settings:get': undefined,
  'settings:update': { clipboardClearSeconds: 30 },
  'audit:list': { search: 'x', limit: 10 },
};

/** A valid request with one field, at any depth, replaced by a hostile value (or a hostile key added). */
function nearValid(channel: Channel): fc.Arbitrary<unknown> {
  const base = VALID[channel];
  if (typeof base !== 'object' || base === null) return hostileValue;
  const paths: string[][] = [];
  const walk = (v: unknown, path: string[]) => {
    if (typeof v !== 'object' || v === null) return;
    for (const [k, child] of Object.entries(v)) {
      paths.push([...path, k]);
      walk(child, [...path, k]);
    }
    paths.push([...path, '__proto__'], [...path, 'constructor']);
  };
  walk(base, []);
  return fc.tuple(fc.constantFrom(...paths), hostileValue).map(([path, value]) => {
    const copy = structuredClone(base) as Record<string, unknown>;
    let at: Record<string, unknown> = copy;
    for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
    Object.defineProperty(at, path.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
    return copy;
  });
}

const payload = (channel: Channel) => fc.oneof(hostileValue, nearValid(channel));

let h: Harness;
const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  // No network at all: a request that gets through validation fails like being offline.
  h = await makeCore({
    fetch: async () => {
      throw new TypeError('fetch failed');
    },
  });
  await h.core.vault.create({ password: MASTER });
});
afterAll(async () => {
  await h.cleanup();
  process.off('unhandledRejection', onUnhandled);
});

function method(core: Core, channel: Channel): (req: unknown) => Promise<unknown> {
  const [domain, verb] = splitChannel(channel);
  return (core as unknown as Record<string, Record<string, (req: unknown) => Promise<unknown>>>)[domain]![verb]!;
}

function expectNoPollution(): void {
  const probe = {} as Record<string, unknown>;
  expect(probe['polluted']).toBeUndefined();
  expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  expect(typeof ({} as { toString: unknown }).toString).toBe('function');
}

describe('IPC request schemas', () => {
  for (const channel of CHANNELS) {
    it(`${channel}: safeParse never throws; parseRequest throws only a RequestError with a plain message`, () => {
      fc.assert(
        fc.property(payload(channel), (p) => {
          const r = channels[channel].request.safeParse(p);
          expect(typeof r.success).toBe('boolean');
          try {
            parseRequest(channel, p);
            expect(r.success).toBe(true);
          } catch (e) {
            expect(e).toBeInstanceOf(RequestError);
            expect(r.success).toBe(false);
            expect(isPlainMessage((e as RequestError).message), (e as RequestError).message).toBe(true);
          }
        }),
        { numRuns: 150, seed: 20261123 },
      );
      expectNoPollution();
    });
  }
});

describe('the core door', () => {
  for (const channel of CHANNELS) {
    it(`${channel}: refuses bad payloads with CoreError('invalid-input'); anything else fails only with a plain CoreError`, async () => {
      await fc.assert(
        fc.asyncProperty(payload(channel), async (p) => {
          const accepted = channels[channel].request.safeParse(p).success;
          let outcome: { ok: true } | { ok: false; error: unknown };
          try {
            await method(h.core, channel)(p);
            outcome = { ok: true };
          } catch (error) {
            outcome = { ok: false, error };
          }
          if (!accepted) {
            expect(outcome.ok).toBe(false);
            const err = (outcome as { error: unknown }).error;
            expect(err).toBeInstanceOf(CoreError);
            expect((err as CoreError).code).toBe('invalid-input');
          }
          if (!outcome.ok) {
            expect(outcome.error, String(outcome.error)).toBeInstanceOf(CoreError);
            expect(isPlainMessage((outcome.error as CoreError).message), (outcome.error as CoreError).message).toBe(true);
          }
          // A payload that locked the vault (vault:lock takes none) must not stop the next run going deep.
          if ((await h.core.vault.status()).state === 'locked') await h.core.vault.unlock({ password: MASTER });
        }),
        { numRuns: 80, seed: 20261124 },
      );
      expectNoPollution();
      expect(unhandled).toEqual([]);
    });
  }
});
