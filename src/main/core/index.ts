/**
 * The one door into TokenDesk's core. `createCore` wires the vault, connections, flows,
 * clipboard guard, settings and audit log together and returns an object whose methods
 * mirror the IPC contract one-for-one (`core.connections.add` for `connections:add`).
 * The Electron shell, the tests, the benchmarks and the E2E bridge all use this door.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { channels, parseRequest, RequestError, splitChannel, type Channel, type CoreApi, type CoreHandlers, type EventName, type Events } from '../../shared/contract';
import type { TokenStatus } from '../../shared/views';
import { AuditLog } from './audit/audit-log';
import { ClipboardGuard, MemoryClipboard } from './clipboard/clipboard-guard';
import { STATIC_STATUS, toConnectionView } from './connections/connection-views';
import { describeFormat, formatCopy } from './copy/formats';
import { DEFAULT_TIMEOUT_MS } from './http/request';
import { CoreError } from './errors';
import type { AuthFlow, FlowContext, TokenFlow } from './providers/flow';
import { cogniacFlow } from './providers/cogniac';
import { resolverPasswordFlow } from './providers/resolver';
import { TokenManager, type HeldToken } from './tokens/token-manager';
import { findRecipe, providerViews, recipeAllows } from './providers/recipes';
import { apiKeyFlow, basicFlow, bearerFlow, resolverApiKeyFlow } from './providers/static-flows';
import { SettingsStore } from './settings/settings-store';
import type { ClipboardPort, Clock, FetchLike, KeyProtector, Logger, Persistence } from './ports';
import { silentLogger, systemClock } from './ports';
import { FilePersistence } from './vault/file-persistence';
import type { StoredConnection } from './vault/document';
import { VaultSession } from './vault/vault-session';

export interface CoreOptions {
  /** Folder for the vault, settings and audit log (the app's user-data folder). */
  dataDir: string;
  keyProtector: KeyProtector;
  fetch?: FetchLike;
  clock?: Clock;
  logger?: Logger;
  clipboard?: ClipboardPort;
  /** Per-request timeout for provider calls (default 15 s). */
  requestTimeoutMs?: number;
  /** Override where documents are stored (the shell passes electron-store backed ones). */
  persistence?: { vault?: Persistence; settings?: Persistence };
}

/** What the shell tells the core about the machine (not an IPC channel: main-only). */
export type SystemEvent = 'resume' | 'online' | 'unlock-screen';

export interface Core extends CoreApi {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Resume, network back, screen unlocked: re-check every token against wall-clock time. */
  notify(event: SystemEvent): void;
  /** For tests and benchmarks: OS timers the core holds right now. */
  timersArmed(): number;
  /** Stops timers and flushes the audit log; clears the clipboard if it still holds our value. */
  close(): Promise<void>;
}

const FLOWS: Record<string, AuthFlow> = {
  basic: basicFlow,
  bearer: bearerFlow,
  'api-key': apiKeyFlow,
  'resolver-api-key': resolverApiKeyFlow,
  cogniac: cogniacFlow,
  'resolver-password': resolverPasswordFlow,
};

export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const vaultStore = options.persistence?.vault ?? new FilePersistence(join(options.dataDir, 'vault.json'));
  const settingsDoc = options.persistence?.settings ?? new FilePersistence(join(options.dataDir, 'settings.json'));

  const vault = new VaultSession(vaultStore, options.keyProtector, clock, logger);
  const settings = new SettingsStore(settingsDoc, logger);
  const audit = new AuditLog(join(options.dataDir, 'audit.jsonl'), clock, logger);
  const clipboard = new ClipboardGuard(options.clipboard ?? new MemoryClipboard(), clock);
  await Promise.all([vault.open(), settings.load(), audit.load()]);

  const listeners = new Map<EventName, Set<(p: never) => void>>();
  function emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const fn of listeners.get(event) ?? []) {
      try {
        (fn as (p: Events[E]) => void)(payload);
      } catch (e) {
        logger.error('event listener failed', { event, error: String(e) });
      }
    }
  }
  audit.onAppend((entry) => emit('audit:appended', entry));

  const statusOf = (conn: StoredConnection, tenantId: string): TokenStatus => {
    const flow = FLOWS[conn.authKind];
    if (!flow) return { state: 'error', message: 'This sign-in type is not available in this version', expiresAt: null, renewsAt: null };
    return flow.type === 'static' ? STATIC_STATUS : tokens.status(conn.id, tenantId);
  };

  // Token changes can come in bursts (a wake-up renews many at once): push views at most
  // every 100 ms rather than once per token.
  let pushTimer: { cancel(): void } | null = null;
  const schedulePush = () => {
    if (pushTimer) return;
    pushTimer = clock.setTimer(100, () => {
      pushTimer = null;
      pushConnections();
    });
  };

  const tokens = new TokenManager({
    clock,
    logger,
    onChange: () => schedulePush(),
    async perform(connectionId, tenantId, current, extra) {
      const conn = findConnection(connectionId);
      const flow = tokenFlowFor(conn);
      const ctx = context(conn);
      if (current && flow.renew && current.expiresAt > clock.now()) {
        try {
          return await flow.renew(ctx, tenantId, current);
        } catch (e) {
          // Resolver: a failed renew falls back to a fresh sign-in with the stored password.
          logger.info('renew failed; signing in again', { code: (e as CoreError).code });
        }
      }
      const issued = await flow.signIn(ctx, tenantId, extra);
      audit.record('refreshed', conn.label, tenantId ? `Signed in for ${tenantName(conn, tenantId)}` : 'Signed in');
      return issued;
    },
    persist: (connectionId, tenantId, token) => persistToken(connectionId, tenantId, token),
  });

  // Renewed tokens are saved in batches: after a wake-up, hundreds of tokens renew within
  // moments, and one vault save for all of them beats one full save each.
  const pendingTokens = new Map<string, { connectionId: string; tenantId: string; token: HeldToken }>();
  let tokenFlush: Promise<void> | null = null;

  function persistToken(connectionId: string, tenantId: string, token: HeldToken): Promise<void> {
    pendingTokens.set(`${connectionId}/${tenantId}`, { connectionId, tenantId, token });
    tokenFlush ??= flushTokens().finally(() => {
      tokenFlush = null;
    });
    return tokenFlush;
  }

  async function flushTokens(): Promise<void> {
    let failure: unknown;
    while (pendingTokens.size > 0) {
      // Let sign-ins finishing in the same moment join this batch.
      await new Promise((r) => setImmediate(r));
      const batch = [...pendingTokens.values()];
      pendingTokens.clear();
      if (!vault.isUnlocked) return;
      try {
        await vault.mutate((doc) => {
          for (const { connectionId, tenantId, token } of batch) {
            const conn = doc.connections.find((c) => c.id === connectionId);
            if (!conn) continue;
            const record = `${connectionId}/${tenantId}`;
            conn.tokens[tenantId] = {
              sealed: vault.seal(record, 'accessToken', token.token),
              issuedAt: token.issuedAt,
              expiresAt: token.expiresAt,
              ...(token.refreshToken ? { refreshSealed: vault.seal(record, 'refreshToken', token.refreshToken) } : {}),
            };
          }
        });
      } catch (e) {
        failure = e;
      }
    }
    if (failure) throw failure;
  }

  function tenantName(conn: StoredConnection, tenantId: string): string {
    return conn.tenants.find((t) => t.id === tenantId)?.name ?? tenantId;
  }

  function tokenFlowFor(conn: StoredConnection): TokenFlow {
    const flow = flowFor(conn.authKind);
    if (flow.type !== 'token') throw new CoreError('unsupported', 'This connection does not sign in.');
    return flow;
  }

  /** Which token slots a connection needs: one per selected tenant, or one ('') without tenants. */
  function slotsOf(conn: StoredConnection): string[] {
    if (FLOWS[conn.authKind]?.type !== 'token') return [];
    return conn.authKind === 'cogniac' ? conn.tenants.filter((t) => t.selected).map((t) => t.id) : [''];
  }

  function storedToken(conn: StoredConnection, tenantId: string): HeldToken | undefined {
    const t = conn.tokens[tenantId];
    if (!t) return undefined;
    const record = `${conn.id}/${tenantId}`;
    try {
      return {
        token: vault.unseal(record, 'accessToken', t.sealed),
        issuedAt: t.issuedAt,
        expiresAt: t.expiresAt,
        ...(t.refreshSealed ? { refreshToken: vault.unseal(record, 'refreshToken', t.refreshSealed) } : {}),
      };
    } catch {
      logger.warn('a stored token could not be decrypted; signing in again', { connection: conn.id });
      return undefined;
    }
  }

  function trackConnection(conn: StoredConnection): void {
    for (const tenantId of slotsOf(conn)) {
      if (!tokens.isTracked(conn.id, tenantId)) tokens.track(conn.id, tenantId, storedToken(conn, tenantId));
    }
  }

  function trackAll(): void {
    for (const conn of vault.requireDoc().connections) trackConnection(conn);
    tokens.recheckAll();
  }

  /** Tells providers we are done with these tokens (best effort, in the background). */
  function signOutInBackground(conn: StoredConnection, held: Array<{ tenantId: string; token: HeldToken }>): void {
    const flow = FLOWS[conn.authKind];
    if (flow?.type !== 'token' || !flow.signOut) return;
    const ctx: FlowContext = { ...context(conn), secret: () => '' };
    for (const h of held) {
      void flow.signOut(ctx, h.tenantId, h.token).then(
        () => audit.record('signed-out', conn.label),
        (e: unknown) => logger.warn('sign-out failed', { code: (e as CoreError).code }),
      );
    }
  }

  const views = () => vault.requireDoc().connections.map((c) => toConnectionView(c, statusOf));
  const pushConnections = () => {
    if (vault.isUnlocked) emit('connections:changed', views());
  };
  const pushVault = () => emit('vault:changed', vault.status());

  function findConnection(id: string): StoredConnection {
    const conn = vault.connection(id);
    if (!conn) throw new CoreError('not-found', 'That connection no longer exists. It may have been removed.');
    return conn;
  }

  function flowFor(kind: string): AuthFlow {
    const flow = FLOWS[kind];
    if (!flow) throw new CoreError('unsupported', 'TokenDesk does not know this kind of sign-in. Update TokenDesk and try again.');
    return flow;
  }

  function context(conn: StoredConnection): FlowContext {
    return {
      conn,
      providerName: findRecipe(conn.providerId)?.name ?? conn.label,
      secret: (field) => {
        const sealed = conn.secrets[field];
        if (sealed === undefined) throw new CoreError('invalid-input', `The ${field} for “${conn.label}” is missing. Open the connection and enter it again.`);
        return vault.unseal(conn.id, field, sealed);
      },
      fetch: fetchImpl,
      timeoutMs: options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      clock,
      logger,
    };
  }

  function build(input: Parameters<CoreHandlers['connections']['add']>[0], id: string, now: number): StoredConnection {
    const recipe = findRecipe(input.providerId);
    if (!recipe) throw new CoreError('invalid-input', 'Choose a provider from the list.');
    if (!recipeAllows(recipe.id, input.auth.kind)) {
      throw new CoreError('invalid-input', `${recipe.name} does not use this kind of sign-in. Choose one of the options offered for it.`);
    }
    const flow = flowFor(input.auth.kind);
    const draft = flow.fromInput(input.auth);
    const secrets: Record<string, string> = {};
    for (const [field, value] of Object.entries(draft.secrets)) secrets[field] = vault.seal(id, field, value);
    return {
      id,
      providerId: recipe.id,
      label: input.label.trim(),
      authKind: input.auth.kind,
      baseUrl: input.baseUrl ?? recipe.defaultBaseUrl ?? null,
      checkUrl: input.checkUrl ?? null,
      username: draft.username,
      headerName: draft.headerName,
      scheme: draft.scheme,
      options: draft.options,
      secrets,
      tenants: draft.tenants,
      tokens: {},
      createdAt: now,
      updatedAt: now,
    };
  }

  /** The slot to use: the given tenant, the only selected one, or '' for connections without tenants. */
  function resolveSlot(conn: StoredConnection, tenantId: string | undefined): string {
    if (conn.authKind !== 'cogniac') return '';
    const slots = slotsOf(conn);
    if (tenantId !== undefined) {
      if (!slots.includes(tenantId)) throw new CoreError('invalid-input', `Tenant ${tenantId} is not ticked for “${conn.label}”. Tick it in the connection’s tenants first.`);
      return tenantId;
    }
    if (slots.length === 1) return slots[0]!;
    throw new CoreError('invalid-input', slots.length === 0 ? `Tick at least one tenant for “${conn.label}” first.` : `Choose which tenant of “${conn.label}” to copy.`);
  }

  /** The header to hand out now: built from secrets, or from a token valid for at least minValidity. */
  async function currentHeader(conn: StoredConnection, tenantId: string | undefined) {
    const flow = flowFor(conn.authKind);
    if (flow.type === 'static') return { header: flow.header(context(conn)), expiresAt: null };
    const slot = resolveSlot(conn, tenantId);
    const minValidityMs = settings.get().minValiditySeconds * 1000;
    // Usual case: the token in hand is valid, so no tracking check and no await.
    let token = tokens.validNow(conn.id, slot, minValidityMs);
    if (!token) {
      trackConnection(conn);
      token = await tokens.ensureValid(conn.id, slot, minValidityMs);
    }
    return { header: flow.headerFor(conn, token.token), expiresAt: token.expiresAt };
  }

  /** Before locking: drop tokens from memory; Resolver sessions are logged out and not kept. */
  async function forgetTokensForLock(): Promise<void> {
    const held = tokens.clear();
    const doc = vault.requireDoc();
    const toSignOut = new Map<StoredConnection, Array<{ tenantId: string; token: HeldToken }>>();
    for (const h of held) {
      const conn = doc.connections.find((c) => c.id === h.connectionId);
      const flow = conn && FLOWS[conn.authKind];
      if (conn && flow?.type === 'token' && flow.signOut) toSignOut.set(conn, [...(toSignOut.get(conn) ?? []), h]);
    }
    if (toSignOut.size > 0) {
      await vault
        .mutate((d) => {
          for (const conn of toSignOut.keys()) {
            const c = d.connections.find((x) => x.id === conn.id);
            if (c) c.tokens = {};
          }
        })
        .catch((e: unknown) => logger.warn('could not drop signed-out tokens from the vault', { code: (e as CoreError).code }));
      for (const [conn, list] of toSignOut) signOutInBackground(conn, list);
    }
  }

  const handlers: CoreHandlers = {
    vault: {
      async status() {
        return vault.status();
      },
      async create({ password }) {
        await vault.create(password);
        audit.record('vault-created', 'Vault', `Protected by ${options.keyProtector.label}`);
        trackAll();
        pushVault();
        pushConnections();
        return vault.status();
      },
      async unlock({ password }) {
        try {
          await vault.unlock(password);
        } catch (e) {
          if (e instanceof CoreError && e.code === 'wrong-password') audit.record('unlock-failed', 'Vault', 'Wrong master password');
          throw e;
        }
        audit.record('unlocked', 'Vault');
        trackAll();
        pushVault();
        pushConnections();
        return vault.status();
      },
      async lock() {
        if (vault.isUnlocked) {
          await forgetTokensForLock();
          vault.lock();
          await clipboard.clearIfUnchanged();
          audit.record('locked', 'Vault');
          pushVault();
        }
        return vault.status();
      },
      async changePassword({ current, next }) {
        if (!options.keyProtector.needsPassword) {
          throw new CoreError('unsupported', `Your vault is protected by ${options.keyProtector.label}, so there is no master password to change.`);
        }
        await vault.changePassword(current, next);
        audit.record('password-changed', 'Vault');
        return vault.status();
      },
      async restoreBackup() {
        await vault.restoreBackup();
        audit.record('backup-restored', 'Vault', 'The damaged file was kept beside the vault');
        pushVault();
        return vault.status();
      },
    },

    providers: {
      async list() {
        return providerViews();
      },
    },

    connections: {
      async list() {
        return views();
      },
      async get({ id }) {
        return toConnectionView(findConnection(id), statusOf);
      },
      async add(input) {
        const now = clock.now();
        const conn = build(input, randomUUID(), now);
        const flow = FLOWS[conn.authKind];
        if (flow?.type === 'token' && flow.discoverTenants && conn.tenants.length > 0) {
          // Fill in tenant names (and prove the password) before saving.
          const found = await flow.discoverTenants(context(conn));
          const known = new Map(found.map((t) => [t.id, t]));
          const missing = conn.tenants.filter((t) => !known.has(t.id)).map((t) => t.id);
          if (missing.length) throw new CoreError('invalid-input', `This account has no access to tenant ${missing.join(', ')}. Test the connection again and choose from the list.`);
          conn.tenants = found.map((t) => ({ ...t, selected: conn.tenants.some((c) => c.id === t.id) }));
        }
        await vault.mutate((doc) => {
          doc.connections.push(conn);
        });
        trackConnection(conn);
        audit.record('connection-added', conn.label, findRecipe(conn.providerId)?.name ?? '');
        pushConnections();
        return toConnectionView(conn, statusOf);
      },
      async update({ id, patch }) {
        const before = findConnection(id);
        const changed: string[] = [];
        const updated = await vault.mutate((doc) => {
          const conn = doc.connections.find((c) => c.id === id)!;
          const set = <K extends 'label' | 'baseUrl' | 'checkUrl' | 'username' | 'headerName'>(key: K, value: StoredConnection[K], what: string) => {
            conn[key] = value;
            changed.push(what);
          };
          if (patch.label !== undefined) set('label', patch.label.trim(), 'name');
          if (patch.baseUrl !== undefined) set('baseUrl', patch.baseUrl, 'address');
          if (patch.checkUrl !== undefined) set('checkUrl', patch.checkUrl, 'check address');
          if (patch.username !== undefined) set('username', patch.username, 'user name');
          if (patch.headerName !== undefined) set('headerName', patch.headerName, 'header name');
          if (patch.orgId !== undefined) {
            conn.options.orgId = patch.orgId;
            changed.push('org ID');
          }
          for (const [field, value] of Object.entries(patch.secrets ?? {})) {
            if (!(field in before.secrets)) {
              throw new CoreError('invalid-input', `This connection has no ${field} to replace.`);
            }
            conn.secrets[field] = vault.seal(id, field, value);
            changed.push(field === 'apiKey' ? 'API key' : field);
          }
          conn.updatedAt = clock.now();
          return conn;
        });
        audit.record('connection-changed', updated.label, changed.length ? `Changed ${changed.join(', ')}` : 'No change');
        if (patch.secrets || patch.username !== undefined || patch.baseUrl !== undefined || patch.orgId !== undefined) {
          // New credentials: sign in with them now instead of waiting for the next renewal.
          for (const tenantId of slotsOf(updated)) tokens.refreshNow(id, tenantId).catch(() => undefined);
        }
        pushConnections();
        return toConnectionView(updated, statusOf);
      },
      async remove({ id }) {
        const conn = findConnection(id);
        await vault.mutate((doc) => {
          doc.connections = doc.connections.filter((c) => c.id !== id);
        });
        const held = slotsOf(conn).flatMap((tenantId) => {
          const token = tokens.current(id, tenantId);
          return token ? [{ tenantId, token }] : [];
        });
        tokens.untrack(id);
        signOutInBackground(conn, held);
        audit.record('connection-removed', conn.label);
        pushConnections();
        return { removed: true as const };
      },
      async test({ id }) {
        const conn = findConnection(id);
        return flowFor(conn.authKind).test(context(conn));
      },
      async testDraft(input) {
        // A draft is sealed with the real key in memory only; nothing is saved.
        const conn = build(input, `draft-${randomUUID()}`, clock.now());
        return flowFor(conn.authKind).test(context(conn));
      },
      async signIn({ id, mfaCode }) {
        const conn = findConnection(id);
        const slots = slotsOf(conn);
        if (slots.length === 0) throw new CoreError('invalid-input', 'This connection has nothing to sign in to. For tenants, tick at least one first.');
        trackConnection(conn);
        const results = await Promise.allSettled(slots.map((t) => tokens.refreshNow(id, t, mfaCode ? { mfaCode } : undefined)));
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        pushConnections();
        if (failed) throw failed.reason;
        audit.record('signed-in', conn.label);
        return toConnectionView(findConnection(id), statusOf);
      },
    },

    tenants: {
      async discover({ connectionId }) {
        const conn = findConnection(connectionId);
        const flow = tokenFlowFor(conn);
        if (!flow.discoverTenants) throw new CoreError('unsupported', `${findRecipe(conn.providerId)?.name ?? 'This service'} has no tenants to choose from.`);
        const found = await flow.discoverTenants(context(conn));
        const previous = new Map(conn.tenants.map((t) => [t.id, t]));
        // Keep the person's choices; new tenants arrive unticked; tenants gone from the server go.
        const merged = found.map((t) => ({ ...t, selected: previous.get(t.id)?.selected ?? false }));
        const gone = conn.tenants.filter((t) => !found.some((f) => f.id === t.id)).map((t) => t.id);
        const updated = await vault.mutate((doc) => {
          const c = doc.connections.find((x) => x.id === connectionId)!;
          c.tenants = merged;
          for (const id of gone) delete c.tokens[id];
          c.updatedAt = clock.now();
          return c;
        });
        for (const id of gone) tokens.untrack(connectionId, id);
        pushConnections();
        return toConnectionView(updated, statusOf).tenants;
      },
      async select({ connectionId, tenantIds }) {
        findConnection(connectionId);
        const wanted = new Set(tenantIds);
        const unknown = tenantIds.filter((t) => !findConnection(connectionId).tenants.some((x) => x.id === t));
        if (unknown.length) throw new CoreError('invalid-input', `Unknown tenant ${unknown.join(', ')}. Refresh the tenant list and try again.`);
        const updated = await vault.mutate((doc) => {
          const conn = doc.connections.find((c) => c.id === connectionId)!;
          for (const t of conn.tenants) {
            t.selected = wanted.has(t.id);
            if (!t.selected) delete conn.tokens[t.id];
          }
          conn.updatedAt = clock.now();
          return conn;
        });
        for (const t of updated.tenants) if (!t.selected) tokens.untrack(connectionId, t.id);
        trackConnection(updated);
        pushConnections();
        return toConnectionView(updated, statusOf);
      },
    },

    tokens: {
      async copy({ connectionId, tenantId, format }) {
        const conn = findConnection(connectionId);
        const { header, expiresAt } = await currentHeader(conn, tenantId);
        const text = formatCopy(format, header, conn.baseUrl);
        const clearsAt = clipboard.write(text, settings.get().clipboardClearSeconds);
        const what = `${describeFormat(format)} for ${conn.label}${tenantId ? ` — ${conn.tenants.find((t) => t.id === tenantId)?.name ?? tenantId}` : ''}`;
        audit.record('copied', conn.label, `Copied the ${describeFormat(format)}`);
        return { description: what.charAt(0).toUpperCase() + what.slice(1), copiedAt: clock.now(), clearsAt, expiresAt };
      },
      async refresh({ connectionId, tenantId }) {
        const conn = findConnection(connectionId);
        const slot = resolveSlot(conn, tenantId);
        trackConnection(conn);
        await tokens.refreshNow(connectionId, slot);
        return toConnectionView(findConnection(connectionId), statusOf);
      },
      async reveal({ connectionId, tenantId }) {
        const conn = findConnection(connectionId);
        const { header, expiresAt } = await currentHeader(conn, tenantId);
        audit.record('revealed', conn.label, 'Showed the header on screen');
        return { header: `${header.name}: ${header.value}`, expiresAt };
      },
    },

    packs: {
      // Implemented in src/main/core/packs/ (team packs branch); until then say so plainly.
      async export() {
        throw new CoreError('unsupported', 'Team packs are not available in this build yet.');
      },
      async preview() {
        throw new CoreError('unsupported', 'Team packs are not available in this build yet.');
      },
      async import() {
        throw new CoreError('unsupported', 'Team packs are not available in this build yet.');
      },
    },

    settings: {
      async get() {
        return settings.get();
      },
      async update(patch) {
        const next = await settings.update(patch);
        audit.record('settings-changed', 'Settings', Object.keys(patch).join(', '));
        emit('settings:changed', next);
        return next;
      },
    },

    audit: {
      async list({ search, limit }) {
        return audit.list(search, limit);
      },
    },
  };

  const core: Core = {
    ...validated(handlers),
    notify(event) {
      logger.info('system event', { event });
      if (vault.isUnlocked) tokens.recheckAll();
    },
    timersArmed() {
      return tokens.timersArmed() + (pushTimer ? 1 : 0);
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (p: never) => void);
      return () => set.delete(listener as (p: never) => void);
    },

    async close() {
      tokens.close();
      pushTimer?.cancel();
      pushTimer = null;
      await clipboard.clearIfUnchanged();
      vault.lock();
      await audit.flush();
    },
  };
  return core;
}

/** Wraps every handler so each call through the door is checked against the contract. */
function validated(handlers: CoreHandlers): CoreApi {
  const api: Record<string, Record<string, (req: unknown) => Promise<unknown>>> = {};
  for (const channel of Object.keys(channels) as Channel[]) {
    const [domain, verb] = splitChannel(channel);
    const impl = (handlers as unknown as Record<string, Record<string, (req: unknown) => Promise<unknown>>>)[domain]![verb]!;
    // Not an async function: `impl` already returns a promise, and wrapping it in another
    // costs every call (a copy included) extra microtask turns.
    (api[domain] ??= {})[verb] = (req: unknown) => {
      let parsed: unknown;
      try {
        parsed = parseRequest(channel, req);
      } catch (e) {
        return Promise.reject(e instanceof RequestError ? new CoreError('invalid-input', e.message, { field: e.field }) : e);
      }
      return impl(parsed);
    };
  }
  return api as unknown as CoreApi;
}

export { CoreError } from './errors';
export type { ClipboardPort, Clock, FetchLike, KeyProtector, Logger, Persistence } from './ports';
export { PasswordKeyProtector } from './vault/password-key-protector';
export { FilePersistence } from './vault/file-persistence';
export { MemoryClipboard } from './clipboard/clipboard-guard';
