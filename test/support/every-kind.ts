/**
 * A real core (fake clock) with a real connection of every sign-in kind, signed in
 * against the provider simulator, driven through every channel the window uses. It
 * records every answer and every pushed event, and knows every secret it typed and every
 * token the simulator issued — so tests can prove none of them reaches a view or a file.
 */
import { expect } from 'vitest';
import type { AuthInput } from '../../src/shared/contract';
import { eventNames } from '../../src/shared/contract';
import type { AuthKind } from '../../src/shared/views';
import { ACCOUNTS } from '../sim/fixture';
import { startSimulator, type Simulator } from '../sim/server';
import { OIDC_CLIENTS, startOidcServer, type OidcSim } from '../sim/oidc';
import { makeCore, MASTER, type Harness } from './core-harness';
import { createFakeClock, type FakeClock } from './fake-clock';
import { until } from './wait';

export interface EveryKind {
  h: Harness;
  sim: Simulator;
  oidc: OidcSim;
  clock: FakeClock;
  /** What each channel answered, labelled with the call. */
  answers: Array<{ call: string; value: unknown }>;
  /** Every event the core pushed. */
  events: Array<{ event: string; payload: unknown }>;
  /** Every secret typed or issued, plus the base64 forms a header would carry. */
  secrets(): string[];
  cleanup(): Promise<void>;
}

/**
 * Passwords set on the simulator's accounts for this world: distinctive, so finding one
 * in a view means a leak (the fixture's "resolver-pass" is also part of "resolver-password").
 */
const PASSWORDS = { cogniac: 'cgn-Pw-4471-secret', resolver: 'rsv-Pw-5582-secret', cohortgo: 'cg-Pw-6693-secret' };

type Build = (sim: Simulator, oidc: OidcSim) => { providerId: string; label: string; baseUrl?: string; checkUrl?: string; auth: AuthInput };

/**
 * One connection per sign-in kind. `null` marks a kind this build cannot add yet: the
 * test using this table then proves the core refuses it, so the day the kind arrives,
 * that test fails until a real connection of that kind is added here.
 */
export const KIND_BUILDERS: Record<AuthKind, Build | null> = {
  basic: (sim) => ({
    providerId: 'cohortgo',
    label: 'Cohort Go',
    checkUrl: `${sim.url}/check/cohortgo`,
    auth: { kind: 'basic', username: ACCOUNTS.cohortgo.username, password: PASSWORDS.cohortgo },
  }),
  bearer: () => ({ providerId: 'custom', label: 'Pasted bearer', auth: { kind: 'bearer', token: 'bearer-Zq81-secret-value' } }),
  'api-key': () => ({ providerId: 'custom', label: 'Key header', auth: { kind: 'api-key', apiKey: 'apikey-Hv27-secret-value', headerName: 'X-API-Key' } }),
  'resolver-api-key': (sim) => ({
    providerId: 'resolver',
    label: 'Resolver key',
    baseUrl: sim.url,
    checkUrl: `${sim.url}/user/apikey-check`,
    auth: { kind: 'resolver-api-key', apiKey: ACCOUNTS.resolverApiKey },
  }),
  cogniac: (sim) => ({
    providerId: 'cogniac',
    label: 'Cogniac',
    baseUrl: sim.url,
    auth: { kind: 'cogniac', username: ACCOUNTS.cogniac.email, password: PASSWORDS.cogniac, tenantIds: ['49wshskg', '12ir8sjgtl'] },
  }),
  'resolver-password': (sim) => ({
    providerId: 'resolver',
    label: 'Resolver password',
    baseUrl: sim.url,
    auth: { kind: 'resolver-password', username: ACCOUNTS.resolver.email, password: PASSWORDS.resolver, orgId: 101 },
  }),
  'oauth2-client-credentials': (_sim, oidc) => ({
    providerId: 'custom',
    label: 'OAuth2 machine',
    auth: {
      kind: 'oauth2-client-credentials',
      issuer: oidc.issuer,
      clientId: OIDC_CLIENTS.machine.id,
      clientSecret: OIDC_CLIENTS.machine.secret,
      scope: 'api:read',
    },
  }),
  'oauth2-auth-code': (_sim, oidc) => ({
    providerId: 'custom',
    label: 'OAuth2 browser',
    auth: { kind: 'oauth2-auth-code', issuer: oidc.issuer, clientId: OIDC_CLIENTS.app.id, clientSecret: OIDC_CLIENTS.app.secret, scope: 'api:read' },
  }),
};

/** A valid request for each kind not in this build, to prove the core refuses it (none today). */
export const NOT_IN_THIS_BUILD: Partial<Record<AuthKind, { providerId: string; label: string; auth: AuthInput }>> = {};

/** A replacement secret typed in an edit: must never show up either. */
const REPLACED_BEARER = 'bearer-Replaced-77-secret';

export async function buildEveryKind(): Promise<EveryKind> {
  const clock = createFakeClock();
  const sim = await startSimulator({ now: () => clock.now() });
  const oidc = await startOidcServer();
  // The person in the browser: signs in on the OAuth2 server's pages when TokenDesk opens them.
  const browsing: Array<Promise<unknown>> = [];
  sim.fixture.cogniac.users.find((u) => u.email === ACCOUNTS.cogniac.email)!.password = PASSWORDS.cogniac;
  sim.fixture.resolver.users.find((u) => u.email === ACCOUNTS.resolver.email)!.password = PASSWORDS.resolver;
  sim.fixture.basic.cohortgo.find((u) => u.username === ACCOUNTS.cohortgo.username)!.password = PASSWORDS.cohortgo;
  const h = await makeCore({
    clock,
    openExternal: async (url) => {
      browsing.push(oidc.browse(url));
    },
  });
  const answers: EveryKind['answers'] = [];
  const events: EveryKind['events'] = [];
  for (const event of eventNames) h.core.on(event, (payload) => events.push({ event, payload }));
  const keep = async <T>(call: string, p: Promise<T>): Promise<T> => {
    const value = await p;
    answers.push({ call, value });
    return value;
  };
  const typed: string[] = [MASTER, REPLACED_BEARER];

  await keep('vault.create', h.core.vault.create({ password: MASTER }));
  const ids: Array<{ kind: AuthKind; id: string }> = [];
  for (const [kind, build] of Object.entries(KIND_BUILDERS) as Array<[AuthKind, Build | null]>) {
    if (!build) continue;
    const input = build(sim, oidc);
    const auth = input.auth as Record<string, unknown>;
    for (const field of ['password', 'token', 'apiKey', 'clientSecret']) if (typeof auth[field] === 'string') typed.push(auth[field] as string);
    if (typeof auth.username === 'string' && typeof auth.password === 'string') typed.push(`${auth.username}:${auth.password}`);
    await keep(`connections.testDraft ${kind}`, h.core.connections.testDraft(input));
    const view = await keep(`connections.add ${kind}`, h.core.connections.add(input));
    // A browser sign-in only happens when the person asks for it.
    if (kind === 'oauth2-auth-code') await keep('connections.signIn oauth2-auth-code', h.core.connections.signIn({ id: view.id }));
    ids.push({ kind, id: view.id });
  }
  await until(clock, async () => (await h.core.connections.list()).every((c) => c.status.state === 'valid' || c.status.state === 'static'), 'every connection ready');

  for (const { kind, id } of ids) {
    const result = await keep(`connections.test ${kind}`, h.core.connections.test({ id }));
    expect(result.ok, `${kind}: ${result.message}`).toBe(true);
    await keep(`connections.get ${kind}`, h.core.connections.get({ id }));
    const tenantId = kind === 'cogniac' ? '12ir8sjgtl' : undefined;
    for (const format of ['header', 'token', 'curl'] as const) await keep(`tokens.copy ${kind} ${format}`, h.core.tokens.copy({ connectionId: id, tenantId, format }));
    if (kind === 'cogniac' || kind === 'resolver-password') {
      await keep(`tokens.refresh ${kind}`, h.core.tokens.refresh({ connectionId: id, tenantId }));
      await keep(`connections.signIn ${kind}`, h.core.connections.signIn({ id }));
    }
    if (kind === 'cogniac') {
      await keep('tenants.discover', h.core.tenants.discover({ connectionId: id }));
      await keep('tenants.select', h.core.tenants.select({ connectionId: id, tenantIds: ['49wshskg', '12ir8sjgtl', '7qa0tenant'] }));
    }
    if (kind === 'bearer') await keep('connections.update', h.core.connections.update({ id, patch: { label: 'Pasted bearer (new)', secrets: { token: REPLACED_BEARER } } }));
  }
  await until(clock, async () => (await h.core.connections.list()).every((c) => c.status.state === 'valid' || c.status.state === 'static'), 'every connection ready again');
  await keep('connections.list', h.core.connections.list());
  await keep('providers.list', h.core.providers.list());
  await keep('settings.update', h.core.settings.update({ clipboardClearSeconds: 10 }));
  await keep('settings.get', h.core.settings.get());
  await keep('audit.list', h.core.audit.list({}));
  await keep('vault.lock', h.core.vault.lock());
  await keep('vault.unlock', h.core.vault.unlock({ password: MASTER }));
  await keep('vault.status', h.core.vault.status());
  await until(clock, async () => (await h.core.connections.list()).every((c) => c.status.state === 'valid' || c.status.state === 'static'), 'ready after unlock');
  await clock.advance(200); // the batched connections:changed push
  await keep('connections.list after unlock', h.core.connections.list());

  return {
    h,
    sim,
    oidc,
    clock,
    answers,
    events,
    secrets() {
      const all = [...typed, ...sim.issuedTokens().map((t) => t.token), ...oidc.issued.map((t) => t.value)];
      return [...new Set(all.flatMap((s) => [s, Buffer.from(s, 'utf8').toString('base64')]))];
    },
    async cleanup() {
      await Promise.allSettled(browsing);
      await h.cleanup();
      await sim.close();
      await oidc.close();
    },
  };
}
