import { describe, expect, it } from 'vitest';
import { makeCore, MASTER } from '../../support/core-harness';

/** Field names that would mean a secret leaked into something the window receives. */
const SECRET_NAME = /^(password|secret|token|accesstoken|refreshtoken|apikey|clientsecret|value|credential)$/i;

function secretKeys(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => secretKeys(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [...(SECRET_NAME.test(k) ? [`${path}.${k}`] : []), ...secretKeys(v, `${path}.${k}`)]);
  }
  return [];
}

describe('views carry no secrets', () => {
  it('the detector itself finds a secret-named field (so the real checks can fail)', () => {
    expect(secretKeys({ a: [{ b: { password: 'x' } }] })).toEqual(['$.a[0].b.password']);
  });

  it('every view the core returns is free of secret-named fields and secret values', async () => {
    const h = await makeCore();
    try {
      const core = h.core;
      const payloads: unknown[] = [await core.vault.create({ password: MASTER })];
      const values = ['pw-abc-123', 'tok-abc-123', 'key-abc-123'];
      payloads.push(await core.connections.add({ providerId: 'cohortgo', label: 'A', auth: { kind: 'basic', username: 'u@x.y', password: values[0]! } }));
      payloads.push(await core.connections.add({ providerId: 'custom', label: 'B', auth: { kind: 'bearer', token: values[1]! } }));
      const c = await core.connections.add({ providerId: 'custom', label: 'C', auth: { kind: 'api-key', apiKey: values[2]! } });
      payloads.push(c, await core.connections.list(), await core.providers.list(), await core.settings.get());
      payloads.push(await core.tokens.copy({ connectionId: c.id, format: 'header' }), await core.audit.list({}));
      payloads.push(await core.connections.get({ id: c.id }), await core.vault.status());
      for (const p of payloads) {
        expect(secretKeys(p)).toEqual([]);
        const text = JSON.stringify(p);
        for (const v of values) expect(text).not.toContain(v);
      }
    } finally {
      await h.cleanup();
    }
  });
});
