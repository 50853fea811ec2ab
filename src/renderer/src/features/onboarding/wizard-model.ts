/**
 * The add-integration wizard's state and rules, free of React so they can be tested alone.
 * What was typed (secrets included) lives only in this state, inside the wizard component:
 * it is never put in the app store, and it is gone when the wizard closes.
 *
 * Validation is the contract's own: the draft is built exactly as it will be sent and run
 * through `connectionInput`, so each field shows the message main would send back.
 */
import { connectionInput, type ConnectionInput } from '../../../../shared/contract';
import { baseUrl as baseUrlSchema } from '../../../../shared/validation';
import type { AuthModeView, ConnectionView, ProviderView, TestResult } from '../../../../shared/views';

export type StepId = 'provider' | 'needs' | 'details' | 'test' | 'name' | 'done';

/** The numbered steps ("Step 2 of 5 — What you need"); "done" comes after them. */
export const STEPS: ReadonlyArray<{ id: Exclude<StepId, 'done'>; title: string }> = [
  { id: 'provider', title: 'Choose a service' },
  { id: 'needs', title: 'What you need' },
  { id: 'details', title: 'Your details' },
  { id: 'test', title: 'Test connection' },
  { id: 'name', title: 'Name it' },
];

/** The address is kept with the other values under this name (it is `baseUrl` in the contract). */
export const ADDRESS = 'baseUrl';

export type TestState =
  | { phase: 'idle' }
  | { phase: 'running' }
  | { phase: 'done'; result: TestResult }
  /** The request itself was refused (e.g. a sign-in kind this build does not have). */
  | { phase: 'error'; message: string; code?: string };

export interface WizardState {
  step: StepId;
  providerId: string | null;
  modeId: string | null;
  /** What was typed, by contract field name (plus ADDRESS). Secrets too: component state only. */
  values: Record<string, string>;
  /** Fields left at least once: their problems show from then on. */
  touched: Record<string, true>;
  /** Next was pressed on the details step: every problem shows. */
  submitted: boolean;
  /** "Use a different address" was opened for a provider with a known address. */
  changeAddress: boolean;
  test: TestState;
  mfaCode: string;
  /** A test said a one-time code is needed: the code field stays on screen from then on. */
  mfaAsked: boolean;
  /** Discovered tenants the person ticked. */
  picked: string[];
  /** Shown when Next is pressed on the test step with nothing ticked. */
  pickError: boolean;
  label: string;
  labelEdited: boolean;
  saving: boolean;
  saveError: string | null;
  saved: ConnectionView | null;
}

export const initialState: WizardState = {
  step: 'provider',
  providerId: null,
  modeId: null,
  values: {},
  touched: {},
  submitted: false,
  changeAddress: false,
  test: { phase: 'idle' },
  mfaCode: '',
  mfaAsked: false,
  picked: [],
  pickError: false,
  label: '',
  labelEdited: false,
  saving: false,
  saveError: null,
  saved: null,
};

export type WizardAction =
  | { type: 'choose-provider'; provider: ProviderView }
  | { type: 'choose-mode'; mode: AuthModeView }
  | { type: 'set-value'; name: string; value: string }
  | { type: 'touch'; name: string }
  | { type: 'submit-details' }
  | { type: 'change-address'; open: boolean }
  | { type: 'go'; step: StepId }
  | { type: 'test-started' }
  | { type: 'test-finished'; result: TestResult }
  | { type: 'test-failed'; message: string; code?: string }
  | { type: 'set-mfa'; code: string }
  | { type: 'pick'; tenantId: string; on: boolean }
  | { type: 'pick-error' }
  | { type: 'set-label'; label: string; edited: boolean }
  | { type: 'save-started' }
  | { type: 'saved'; connection: ConnectionView }
  | { type: 'save-failed'; message: string };

/** Starting text for a mode's fields that are still empty (never for secrets: recipes carry none). */
function withInitials(values: Record<string, string>, mode: AuthModeView): Record<string, string> {
  const next = { ...values };
  for (const f of mode.fields) if (f.initial !== null && next[f.name] === undefined) next[f.name] = f.initial;
  return next;
}

/** Anything that changes what would be tested makes an earlier result stale. */
const staleTest = { test: { phase: 'idle' } as TestState, picked: [] as string[], pickError: false };

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'choose-provider': {
      const p = action.provider;
      // Same service again: keep everything typed. Another service: a fresh draft.
      if (state.providerId === p.id) return { ...state, step: 'needs' };
      const mode = p.modes.find((m) => m.recommended) ?? p.modes[0]!;
      return { ...initialState, step: 'needs', providerId: p.id, modeId: mode.id, values: withInitials({}, mode) };
    }
    case 'choose-mode':
      if (state.modeId === action.mode.id) return state;
      // Values are kept by field name, so the address and email survive a switch of mode.
      return { ...state, modeId: action.mode.id, values: withInitials(state.values, action.mode), submitted: false, ...staleTest };
    case 'set-value':
      if (state.values[action.name] === action.value) return state;
      return { ...state, values: { ...state.values, [action.name]: action.value }, ...staleTest, mfaCode: '', mfaAsked: false };
    case 'touch':
      return state.touched[action.name] ? state : { ...state, touched: { ...state.touched, [action.name]: true } };
    case 'submit-details':
      return { ...state, submitted: true };
    case 'change-address':
      return { ...state, changeAddress: action.open };
    case 'go':
      return { ...state, step: action.step, saveError: null };
    case 'test-started':
      return { ...state, test: { phase: 'running' }, pickError: false };
    case 'test-finished': {
      const found = action.result.ok ? (action.result.tenants ?? []) : [];
      // One tenant: ticked for you. Several: the person chooses (kept if they tested again).
      const picked = found.length === 1 ? [found[0]!.id] : state.picked.filter((id) => found.some((t) => t.id === id));
      return { ...state, test: { phase: 'done', result: action.result }, picked, mfaAsked: state.mfaAsked || action.result.action === 'enter-mfa' };
    }
    case 'test-failed':
      return { ...state, test: { phase: 'error', message: action.message, ...(action.code ? { code: action.code } : {}) } };
    case 'set-mfa':
      return { ...state, mfaCode: action.code };
    case 'pick': {
      const picked = action.on ? [...new Set([...state.picked, action.tenantId])] : state.picked.filter((id) => id !== action.tenantId);
      return { ...state, picked, pickError: state.pickError && picked.length === 0 };
    }
    case 'pick-error':
      return { ...state, pickError: true };
    case 'set-label':
      return { ...state, label: action.label, labelEdited: state.labelEdited || action.edited, saveError: null };
    case 'save-started':
      return { ...state, saving: true, saveError: null };
    case 'saved':
      return { ...state, saving: false, saved: action.connection, step: 'done' };
    case 'save-failed':
      return { ...state, saving: false, saveError: action.message };
  }
}

export function stepNumber(step: StepId): number {
  return STEPS.findIndex((s) => s.id === step) + 1;
}

/** True when the address is typed by the person (no known default, or they chose to change it). */
export function asksAddress(provider: ProviderView, state: Pick<WizardState, 'changeAddress'>): boolean {
  return provider.address.default === null || state.changeAddress;
}

/** The address that will be used: what was typed, else the provider's known one. */
export function effectiveAddress(provider: ProviderView, values: Record<string, string>): string {
  return values[ADDRESS]?.trim() || provider.address.default || '';
}

const isBlank = (v: string | undefined) => v === undefined || v.trim() === '';

/**
 * The request exactly as the wizard would send it. Blank optional fields are left out (so
 * the contract's defaults apply); blank required ones are sent as typed, so the contract
 * names what is missing in its own words.
 */
export function buildInput(
  provider: ProviderView,
  mode: AuthModeView,
  values: Record<string, string>,
  extra: { label?: string; tenantIds?: string[]; mfaCode?: string } = {},
): ConnectionInput {
  const auth: Record<string, unknown> = { kind: mode.kind, ...mode.preset };
  let checkUrl: string | undefined;
  for (const field of mode.fields) {
    const value = values[field.name] ?? '';
    if (field.optional && isBlank(value)) continue;
    if (field.name === 'checkUrl') checkUrl = value;
    // A number left empty is "no number", which the contract explains ("The org ID is a number…").
    else auth[field.name] = field.input === 'number' && isBlank(value) ? undefined : value;
  }
  if (mode.kind === 'cogniac') auth.tenantIds = extra.tenantIds ?? [];
  if (mode.kind === 'resolver-password' && extra.mfaCode?.trim()) auth.mfaCode = extra.mfaCode.trim();
  const address = values[ADDRESS];
  return {
    providerId: provider.id,
    label: extra.label ?? provider.name,
    ...(isBlank(address) ? {} : { baseUrl: address }),
    ...(checkUrl === undefined ? {} : { checkUrl }),
    auth: auth as ConnectionInput['auth'],
  };
}

/**
 * Problems per field name (ADDRESS for the address, 'label' for the name), in the words
 * main uses. Only the first problem of each field is kept.
 */
export function validate(
  provider: ProviderView,
  mode: AuthModeView,
  values: Record<string, string>,
  label = provider.name,
): Record<string, string> {
  const errors: Record<string, string> = {};
  const parsed = connectionInput.safeParse(buildInput(provider, mode, values, { label }));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [top, sub] = issue.path;
      const name = top === 'auth' ? String(sub ?? 'auth') : String(top ?? '');
      errors[name === 'baseUrl' ? ADDRESS : name] ??= issue.message;
    }
  }
  // Required by the recipe though the contract lets it be empty (e.g. a client secret).
  for (const field of mode.fields) {
    if (!field.optional && isBlank(values[field.name]) && !errors[field.name]) errors[field.name] = `Fill in “${field.label}”.`;
  }
  if (provider.address.required && isBlank(values[ADDRESS]) && !errors[ADDRESS]) {
    const r = baseUrlSchema.safeParse('');
    errors[ADDRESS] = r.success ? 'Enter the address of the service.' : r.error.issues[0]!.message;
  }
  return errors;
}

/** The field names in the order they appear on the details step (for "focus the first problem"). */
export function fieldOrder(provider: ProviderView, mode: AuthModeView, state: Pick<WizardState, 'changeAddress'>): string[] {
  return [...(asksAddress(provider, state) ? [ADDRESS] : []), ...mode.fields.map((f) => f.name)];
}

/** Fills {field}, {provider} and {baseUrl} in a recipe's wording with what was typed. */
export function fillTemplate(template: string, provider: ProviderView, mode: AuthModeView, values: Record<string, string>): string {
  return template
    .replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
      if (name === 'provider') return provider.name;
      if (name === 'baseUrl') return effectiveAddress(provider, values);
      return values[name] ?? mode.preset[name] ?? mode.fields.find((f) => f.name === name)?.initial ?? '';
    })
    .replace(/ {2,}/g, ' ');
}

/** True when the mode tests through a check address and none was given: nothing to test against. */
export function nothingToTest(mode: AuthModeView, values: Record<string, string>): boolean {
  return mode.fields.some((f) => f.name === 'checkUrl') && isBlank(values.checkUrl);
}

const GENERIC_LABELS = new Set(['www', 'api', 'app', 'apps', 'portal', 'login', 'web', 'com', 'co', 'org', 'net']);

/** "acme" from https://acme.resolver.com, for naming; null for IP addresses and localhost. */
export function siteName(address: string, providerName: string): string | null {
  if (!URL.canParse(address)) return null;
  const host = new URL(address).hostname;
  if (host === 'localhost' || /^[\d.]+$/.test(host) || host.includes(':') || host.startsWith('[')) return null;
  const own = new Set(providerName.toLowerCase().split(/\s+/));
  const labels = host.toLowerCase().split('.').slice(0, -1);
  const site = labels.find((l) => !GENERIC_LABELS.has(l) && !own.has(l));
  return site ? site.charAt(0).toUpperCase() + site.slice(1) : null;
}

/** The name the last step starts with: "Cogniac", "Resolver Core — Acme", "api.example.com". */
export function suggestName(provider: ProviderView, values: Record<string, string>, result: TestResult | null, taken: string[]): string {
  let name = provider.name;
  if (provider.nameStyle === 'provider-and-site') {
    const site = siteName(effectiveAddress(provider, values), provider.name) ?? result?.tenants?.[0]?.name ?? null;
    if (site) name = `${provider.name} — ${site}`;
  } else if (provider.nameStyle === 'host') {
    for (const url of [values[ADDRESS], values.checkUrl]) {
      if (url && URL.canParse(url.trim())) {
        name = new URL(url.trim()).host;
        break;
      }
    }
  }
  const used = new Set(taken.map((t) => t.trim().toLowerCase()));
  if (!used.has(name.toLowerCase())) return name;
  for (let n = 2; ; n++) if (!used.has(`${name} ${n}`.toLowerCase())) return `${name} ${n}`;
}

/** True when the person typed something that would be lost by closing now. */
export function hasTypedAnything(state: WizardState, provider: ProviderView | undefined): boolean {
  if (state.saved) return false;
  if (state.labelEdited || state.mfaCode) return true;
  const initials = new Map<string, string>();
  for (const m of provider?.modes ?? []) for (const f of m.fields) if (f.initial !== null) initials.set(f.name, f.initial);
  return Object.entries(state.values).some(([k, v]) => v !== (initials.get(k) ?? ''));
}

/** Whether the test step lets the person go on, and if not, why (for Next). */
export function testPassed(state: WizardState, mode: AuthModeView): boolean {
  if (state.test.phase === 'done') return state.test.result.ok && state.test.result.action === undefined;
  return state.test.phase === 'idle' && nothingToTest(mode, state.values);
}

/** Problems with the name, in main's words. */
export function labelError(label: string): string | null {
  const r = connectionInput.shape.label.safeParse(label);
  return r.success ? null : (r.error.issues[0]?.message ?? 'Enter a name for this connection.');
}
