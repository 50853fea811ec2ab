/**
 * The wizard's rules without a browser: what Back/Next keep, the request it would send,
 * the contract's messages per field, and the suggested names.
 */
import { describe, expect, it } from 'vitest';
import type { AuthModeView, ProviderFieldView, ProviderView } from '../../../src/shared/views';
import {
  ADDRESS,
  buildInput,
  fillTemplate,
  hasTypedAnything,
  initialState,
  nothingToTest,
  siteName,
  suggestName,
  testPassed,
  validate,
  wizardReducer,
  type WizardAction,
  type WizardState,
} from '../../../src/renderer/src/features/onboarding/wizard-model';

const field = (over: Partial<ProviderFieldView> & Pick<ProviderFieldView, 'name'>): ProviderFieldView => ({
  label: over.name,
  help: 'help',
  placeholder: null,
  input: 'text',
  sensitive: false,
  optional: false,
  advanced: false,
  initial: null,
  ...over,
});

const mode = (over: Partial<AuthModeView> & Pick<AuthModeView, 'id' | 'kind' | 'fields'>): AuthModeView => ({
  label: over.id,
  explanation: 'x',
  recommended: false,
  headerFormat: 'Authorization: …',
  needs: [],
  preset: {},
  testDescription: 'TokenDesk tests {provider} at {baseUrl}.',
  discovery: null,
  notice: null,
  ...over,
});

/** Shaped like the Resolver Core recipe: address asked, API key (recommended) or password. */
const resolverLike: ProviderView = {
  id: 'resolver',
  name: 'Resolver Core',
  initials: 'RC',
  docsUrl: null,
  defaultBaseUrl: null,
  authKinds: ['resolver-api-key', 'resolver-password'],
  summary: 's',
  before: ['b'],
  keywords: [],
  address: { default: null, required: true, label: 'Address', help: 'h', placeholder: null },
  nameStyle: 'provider-and-site',
  modes: [
    mode({
      id: 'api-key',
      kind: 'resolver-api-key',
      recommended: true,
      fields: [
        field({ name: 'apiKey', input: 'password', sensitive: true }),
        field({ name: 'checkUrl', input: 'url', optional: true }),
        field({ name: 'prefix', optional: true, advanced: true, initial: 'ApiKey ' }),
      ],
      headerFormat: 'Authorization: {prefix}…',
    }),
    mode({
      id: 'password',
      kind: 'resolver-password',
      fields: [field({ name: 'username', input: 'email' }), field({ name: 'password', input: 'password', sensitive: true }), field({ name: 'orgId', input: 'number' })],
    }),
  ],
};
const apiKey = resolverLike.modes[0]!;
const password = resolverLike.modes[1]!;

/** Shaped like "Other HTTP API": optional address, named by host; one mode with a recipe-required optional secret. */
const customLike: ProviderView = {
  ...resolverLike,
  id: 'custom',
  name: 'Other HTTP API',
  address: { default: null, required: false, label: 'API address (optional)', help: 'h', placeholder: null },
  nameStyle: 'host',
  modes: [
    mode({
      id: 'query',
      kind: 'api-key',
      preset: { placement: 'query' },
      fields: [field({ name: 'headerName', initial: 'api_key' }), field({ name: 'apiKey', input: 'password', sensitive: true }), field({ name: 'checkUrl', input: 'url', optional: true })],
    }),
    mode({
      id: 'oauth',
      kind: 'oauth2-auth-code',
      fields: [field({ name: 'clientId' }), field({ name: 'clientSecret', label: 'Client secret', input: 'password', sensitive: true })],
    }),
  ],
};

function run(...actions: WizardAction[]): WizardState {
  return actions.reduce(wizardReducer, initialState);
}

describe('wizard state', () => {
  it('choosing a service starts on its recommended mode with the mode’s starting values', () => {
    const s = run({ type: 'choose-provider', provider: resolverLike });
    expect(s).toMatchObject({ step: 'needs', providerId: 'resolver', modeId: 'api-key', values: { prefix: 'ApiKey ' } });
  });

  it('Back to the same service keeps everything; another service starts afresh', () => {
    const typed = run(
      { type: 'choose-provider', provider: resolverLike },
      { type: 'set-value', name: 'apiKey', value: 'secret-key' },
      { type: 'go', step: 'provider' },
      { type: 'choose-provider', provider: resolverLike },
    );
    expect(typed.values.apiKey).toBe('secret-key');
    expect(typed.step).toBe('needs');
    const other = wizardReducer(typed, { type: 'choose-provider', provider: customLike });
    expect(other.values).toEqual({ headerName: 'api_key' });
  });

  it('switching the mode keeps the address and what both modes share', () => {
    const s = run(
      { type: 'choose-provider', provider: resolverLike },
      { type: 'choose-mode', mode: password },
      { type: 'set-value', name: ADDRESS, value: 'https://acme.resolver.example' },
      { type: 'set-value', name: 'username', value: 'ana@example.com' },
      { type: 'choose-mode', mode: apiKey },
    );
    expect(s.modeId).toBe('api-key');
    expect(s.values[ADDRESS]).toBe('https://acme.resolver.example');
  });

  it('changing a value makes an earlier test result stale', () => {
    const tested = run(
      { type: 'choose-provider', provider: resolverLike },
      { type: 'test-finished', result: { ok: true, message: 'ok', tenants: [{ id: 't1', name: 'T1' }] } },
    );
    expect(tested.picked).toEqual(['t1']);
    const changed = wizardReducer(tested, { type: 'set-value', name: 'apiKey', value: 'other' });
    expect(changed.test).toEqual({ phase: 'idle' });
    expect(changed.picked).toEqual([]);
  });

  it('a test that asks for an MFA code keeps the code field; success is not "passed" until no action remains', () => {
    const asked = run({ type: 'choose-provider', provider: resolverLike }, { type: 'choose-mode', mode: password }, {
      type: 'test-finished',
      result: { ok: false, message: 'code', action: 'enter-mfa' },
    });
    expect(asked.mfaAsked).toBe(true);
    expect(testPassed(asked, password)).toBe(false);
    const ok = wizardReducer(asked, { type: 'test-finished', result: { ok: true, message: 'signed in' } });
    expect(ok.mfaAsked).toBe(true);
    expect(testPassed(ok, password)).toBe(true);
  });

  it('nothing typed is not "dirty"; starting values are not typing; a saved connection is not lost by closing', () => {
    const chosen = run({ type: 'choose-provider', provider: resolverLike });
    expect(hasTypedAnything(chosen, resolverLike)).toBe(false);
    const typed = wizardReducer(chosen, { type: 'set-value', name: 'apiKey', value: 'k' });
    expect(hasTypedAnything(typed, resolverLike)).toBe(true);
    const saved = { ...typed, saved: { id: 'c' } as WizardState['saved'] };
    expect(hasTypedAnything(saved, resolverLike)).toBe(false);
  });
});

describe('the request the wizard sends', () => {
  it('leaves out blank optional fields, keeps presets, sends blank numbers as "no number"', () => {
    expect(buildInput(customLike, customLike.modes[0]!, { headerName: 'key', apiKey: 'abc', checkUrl: ' ' })).toEqual({
      providerId: 'custom',
      label: 'Other HTTP API',
      auth: { kind: 'api-key', placement: 'query', headerName: 'key', apiKey: 'abc' },
    });
    expect(buildInput(resolverLike, password, { username: 'a@b.c', password: 'p', orgId: '' }, { mfaCode: ' 123456 ' }).auth).toEqual({
      kind: 'resolver-password',
      username: 'a@b.c',
      password: 'p',
      orgId: undefined,
      mfaCode: '123456',
    });
  });

  it('sends the address and check address when given', () => {
    const input = buildInput(resolverLike, apiKey, { [ADDRESS]: 'https://acme.example.com', apiKey: 'k', checkUrl: 'https://acme.example.com/ping' }, { label: 'Mine' });
    expect(input).toMatchObject({ label: 'Mine', baseUrl: 'https://acme.example.com', checkUrl: 'https://acme.example.com/ping' });
  });
});

describe('messages per field are the contract’s', () => {
  it('names each problem under its field', () => {
    const errors = validate(resolverLike, password, { username: 'a@b.c', password: ' p', orgId: 'x' });
    expect(errors).toEqual({
      password: 'Your Resolver Core password starts or ends with a space. Remove it and try again.',
      orgId: 'The org ID is a number, for example 101.',
      [ADDRESS]: 'Enter the address of the service, for example https://api.example.com.',
    });
  });

  it('http addresses, and fields the recipe requires though the contract does not', () => {
    const errors = validate(customLike, customLike.modes[1]!, { [ADDRESS]: 'http://api.example.com', clientId: 'id' });
    expect(errors[ADDRESS]).toMatch(/starts with https:\/\//);
    expect(errors.clientSecret).toBe('Fill in “Client secret”.');
  });

  it('no problems when everything is right', () => {
    expect(validate(resolverLike, apiKey, { [ADDRESS]: 'https://acme.example.com', apiKey: 'key-1', prefix: 'ApiKey ' })).toEqual({});
  });

  it('a check address left empty means nothing to test against', () => {
    expect(nothingToTest(apiKey, { checkUrl: '' })).toBe(true);
    expect(nothingToTest(apiKey, { checkUrl: 'https://x.example/ping' })).toBe(false);
    expect(nothingToTest(password, {})).toBe(false);
  });
});

describe('wording and names', () => {
  it('fills templates with what was typed', () => {
    expect(fillTemplate(apiKey.headerFormat, resolverLike, apiKey, { prefix: 'ApiKey ' })).toBe('Authorization: ApiKey …');
    expect(fillTemplate(apiKey.testDescription, resolverLike, apiKey, { [ADDRESS]: 'https://acme.example.com' })).toBe(
      'TokenDesk tests Resolver Core at https://acme.example.com.',
    );
  });

  it('finds the site in an address, not in IPs or the provider’s own name', () => {
    expect(siteName('https://acme.resolver.com', 'Resolver Core')).toBe('Acme');
    expect(siteName('https://resolver.globex.co.uk/app', 'Resolver Core')).toBe('Globex');
    expect(siteName('http://127.0.0.1:8080', 'Resolver Core')).toBeNull();
    expect(siteName('http://localhost:8080', 'Resolver Core')).toBeNull();
    expect(siteName('not a url', 'Resolver Core')).toBeNull();
  });

  it('suggests "Resolver Core — Acme", the org when the address says nothing, the host for other APIs, and never a name in use', () => {
    expect(suggestName(resolverLike, { [ADDRESS]: 'https://acme.resolver.com' }, null, [])).toBe('Resolver Core — Acme');
    const org = { ok: true, message: 'ok', tenants: [{ id: '101', name: 'Org 101' }] };
    expect(suggestName(resolverLike, { [ADDRESS]: 'http://127.0.0.1:9000' }, org, [])).toBe('Resolver Core — Org 101');
    expect(suggestName(customLike, { checkUrl: 'https://api.example.com/me' }, null, [])).toBe('api.example.com');
    expect(suggestName(customLike, {}, null, ['Other HTTP API', 'other http api 2'])).toBe('Other HTTP API 3');
  });
});
