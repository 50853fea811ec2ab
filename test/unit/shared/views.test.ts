import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCore, MASTER } from '../../support/core-harness';
import { buildEveryKind, KIND_BUILDERS, NOT_IN_THIS_BUILD, type EveryKind } from '../../support/every-kind';

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

describe('views from a core with a real connection of every kind carry no secrets', () => {
  let world: EveryKind;
  beforeAll(async () => {
    world = await buildEveryKind();
  }, 60_000);
  afterAll(async () => world?.cleanup());

  it('every kind this build can add is covered; the others are refused by the core', async () => {
    const covered = Object.entries(KIND_BUILDERS).filter(([, b]) => b).map(([k]) => k);
    expect(world.answers.filter((a) => a.call.startsWith('connections.add ')).map((a) => a.call.slice('connections.add '.length))).toEqual(covered);
    for (const [kind, input] of Object.entries(NOT_IN_THIS_BUILD)) {
      // When this kind arrives, this fails: give it a builder in test/support/every-kind.ts.
      // (Refused either as unknown to the core or as not offered for the provider.)
      const refused = await world.h.core.connections.add(input).then(
        () => null,
        (e: unknown) => e as { code: string; message: string },
      );
      expect(refused, kind).not.toBeNull();
      expect(refused!.code === 'unsupported' || /does not use this kind of sign-in/.test(refused!.message), `${kind}: ${refused!.message}`).toBe(true);
    }
  });

  it('tokens were really issued and copied, so the walk below has secrets to look for', () => {
    expect(world.sim.issuedTokens('cogniac.token').length).toBeGreaterThanOrEqual(2);
    expect(world.sim.issuedTokens('resolver.login').length).toBeGreaterThanOrEqual(1);
    expect(world.oidc.issued.some((t) => t.kind === 'ClientCredentials')).toBe(true);
    expect(world.oidc.issued.some((t) => t.kind === 'RefreshToken')).toBe(true);
    expect(world.secrets().length).toBeGreaterThan(20);
    expect(world.answers.length).toBeGreaterThan(40);
    expect(world.events.some((e) => e.event === 'connections:changed')).toBe(true);
  });

  it('no answer and no pushed event has a secret-named field or a secret value (or its base64)', () => {
    const secrets = world.secrets();
    const payloads = [...world.answers.map((a) => ({ where: a.call, value: a.value })), ...world.events.map((e) => ({ where: `event ${e.event}`, value: e.payload }))];
    for (const { where, value } of payloads) {
      expect(secretKeys(value), where).toEqual([]);
      const text = JSON.stringify(value);
      for (const s of secrets) expect(text.includes(s), `${where} contains a secret`).toBe(false);
    }
  });
});
