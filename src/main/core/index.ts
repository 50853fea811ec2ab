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
import { fillableSecrets, missingCredentials, waitingError, waitingStatus } from './connections/credentials';
import { canCheckTokens, testWithTokens } from './connections/token-check';
import { describeFormat, formatCopy } from './copy/formats';
import { DEFAULT_TIMEOUT_MS } from './http/request';
import { DEFAULT_BROWSER_SIGN_IN_TIMEOUT_MS } from './providers/oauth2-loopback';
import { CoreError } from './errors';
import type { AuthFlow, FlowContext, TokenFlow } from './providers/flow';
import { cogniacFlow } from './providers/cogniac';
import { oauth2AuthCodeFlow } from './providers/oauth2-auth-code';
import { optionsFrom } from './providers/oauth2-client';
import { changeDetail, isNewClientSecret, oauth2SettingsChange } from './connections/oauth2-settings';
import { secretWord } from '../../shared/secret-words';
import { oauth2ClientCredentialsFlow } from './providers/oauth2-client-credentials';
import { resolverPasswordFlow } from './providers/resolver';
import { TokenManager, withHeldTokenRejected, type HeldToken } from './tokens/token-manager';
import { findRecipe, providerViews, recipeAllows, serviceName } from './providers/recipes';
import { apiKeyFlow, basicFlow, bearerFlow, resolverApiKeyFlow } from './providers/static-flows';
import { createPackHandlers } from './packs/service';
import { SettingsStore } from './settings/settings-store';
import type { ClipboardPort, Clock, FetchLike, KeyProtector, Logger, OpenExternal, Persistence, SystemSettingsPort } from './ports';
import { silentLogger, systemClock } from './ports';
import { FilePersistence } from './vault/file-persistence';
import type { StoredConnection } from './vault/document';
import { VaultSession } from './vault/vault-session';
import { describeSettings } from './settings/setting-words';

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
  /** Opens the system browser for OAuth2 sign-in; without it, browser sign-in says it is unavailable. */
  openExternal?: OpenExternal;
  /** How long a browser sign-in may take (default 5 min). */
  browserSignInTimeoutMs?: number;
  /** Override where documents are stored (the shell passes electron-store backed ones). */
  persistence?: { vault?: Persistence; settings?: Persistence };
  /** The shell applies the shortcut and start-at-sign-in before they are saved (see ports.ts). */
  systemSettings?: SystemSettingsPort;
}

/** What the shell tells the core about the machine (not an IPC channel: main-only). */
export type SystemEvent = 'resume' | 'online' | 'unlock-screen';

export interface Core extends CoreApi {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Resume, network back, screen unlocked: re-check every token against wall-clock time. */
  notify(event: SystemEvent): void;
  /** For tests and benchmarks: OS timers the core holds right now. */
  timersArmed(): number;
  /** Stops timers, waits for saves in progress, flushes the audit log; clears the clipboard if it still holds our value. */
  close(): Promise<void>;
}

const FLOWS: Record<string, AuthFlow> = {
  basic: basicFlow,
  bearer: bearerFlow,
  'api-key': apiKeyFlow,
  'resolver-api-key': resolverApiKeyFlow,
  cogniac: cogniacFlow,
  'resolver-password': resolverPasswordFlow,
  'oauth2-client-credentials': oauth2ClientCredentialsFlow,
  'oauth2-auth-code': oauth2AuthCodeFlow,
};

export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const vaultStore = options.persistence?.vault ?? new FilePersistence(join(options.dataDir, 'vault.json'));
  const settingsDoc = options.persistence?.settings ?? new FilePersistence(join(options.dataDir, 'settings.json'));

  const vault = new VaultSession(vaultStore, options.keyProtector, clock, logger);
  const settings = new SettingsStore(settingsDoc, logger, options.systemSettings);
  const audit = new AuditLog(join(options.dataDir, 'audit.jsonl'), clock, logger);
  const clipboard = new ClipboardGuard(options.clipboard ?? new MemoryClipboard(), clock);
  await Promise.all([vault.open(), settings.load(), audit.load()]);

  // Aborted by close(): a sign-in still waiting on a slow or hung server lets go at once
  // instead of holding a socket (and the process) until its timeout.
  const closing = new AbortController();
  const coreFetch: FetchLike = (input, init) =>
    fetchImpl(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, closing.signal]) : closing.signal });

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
    // Imported from a team pack and still without the person's credentials: nothing to sign in with yet.
    const waiting = waitingStatus(conn);
    if (waiting) return waiting;
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
      // A refresh token renews even after the access token expired; a person pressing
      // "Sign in" on a browser flow wants the browser, not the refresh token.
      const renewable = current !== undefined && (current.expiresAt > clock.now() || current.refreshToken !== undefined);
      let sessionRefused = false;
      if (current && renewable && flow.renew && !(flow.interactive && extra?.interactive)) {
        // Browser flows never fall back to a sign-in here: that would pop up a browser.
        if (flow.interactive) return renewed(conn, tenantId, await flow.renew(ctx, tenantId, current));
        try {
          return renewed(conn, tenantId, await flow.renew(ctx, tenantId, current));
        } catch (e) {
          // Resolver: a failed renew falls back to a fresh sign-in with the stored password.
          sessionRefused = e instanceof CoreError && (e.code === 'auth-rejected' || e.code === 'forbidden');
          logger.info('renew failed; signing in again', { code: (e as CoreError).code });
        }
      }
      let issued: Awaited<ReturnType<TokenFlow['signIn']>>;
      try {
        issued = await flow.signIn(ctx, tenantId, extra);
      } catch (e) {
        // The session in hand was refused and no new one came: stop handing the dead one out.
        throw sessionRefused && e instanceof CoreError ? withHeldTokenRejected(e) : e;
      }
      audit.record('refreshed', conn.label, tenantId ? `Signed in for ${tenantName(conn, tenantId)}` : 'Signed in');
      return issued;
    },
    persist: (connectionId, tenantId, token) => persistToken(connectionId, tenantId, token),
  });

  /** A session renewed with the token in hand (Resolver's GET /user/authenticate, an OAuth2 refresh) goes in the activity log too. */
  function renewed<T>(conn: StoredConnection, tenantId: string, issued: T): T {
    audit.record('refreshed', conn.label, tenantId ? `Session renewed for ${tenantName(conn, tenantId)}` : 'Session renewed');
    return issued;
  }

  // Renewed tokens are saved in batches: after a wake-up, hundreds of tokens renew within
  // moments, and one vault save for all of them beats one full save each.
  const pendingTokens = new Map<string, { connectionId: string; tenantId: string; token: HeldToken }>();
  /** Tokens of an OAuth2 client that was replaced (see connections.update): a save already under way skips them. */
  const oldClientTokens = new WeakSet<HeldToken>();
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
            // Issued to a client the person has since replaced: never written back.
            if (oldClientTokens.has(token)) continue;
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
    if (FLOWS[conn.authKind]?.type !== 'token' || missingCredentials(conn).length > 0) return [];
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

  /** One saved secret of a connection, or undefined when there is none or it cannot be read. */
  function storedSecret(conn: StoredConnection, field: string): string | undefined {
    const sealed = conn.secrets[field];
    if (sealed === undefined) return undefined;
    try {
      return vault.unseal(conn.id, field, sealed);
    } catch {
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
    // Sign-out runs in the background, possibly after the vault locked: read now the few
    // secrets it may need (an OAuth2 client secret for the revocation request).
    const secrets: Record<string, string> = {};
    for (const [field, sealed] of Object.entries(conn.secrets)) {
      try {
        secrets[field] = vault.unseal(conn.id, field, sealed);
      } catch {
        /* locked or unreadable: sign-out goes without it */
      }
    }
    const ctx: FlowContext = { ...context(conn), secret: (field) => secrets[field] ?? '' };
    for (const h of held) {
      void flow.signOut(ctx, h.tenantId, h.token).then(
        () => audit.record('signed-out', conn.label),
        (e: unknown) => logger.warn('sign-out failed', { code: (e as CoreError).code }),
      );
    }
  }

  /**
   * Sign-ins still running when a connection is removed or the vault locked: their tokens
   * are dropped on arrival, so end those sessions too instead of leaving them open on the
   * provider's side (Resolver sessions stay valid until they expire).
   */
  function signOutWhenDone(conn: StoredConnection, pending: Array<{ tenantId: string; result: Promise<HeldToken> }>): void {
    for (const p of pending) {
      p.result.then(
        (token) => signOutInBackground(conn, [{ tenantId: p.tenantId, token }]),
        () => undefined, // failed sign-in: nothing to end
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

  /** The connection inside a document being changed; it may have been removed by a change queued before. */
  function findIn(doc: { connections: StoredConnection[] }, id: string): StoredConnection {
    const conn = doc.connections.find((c) => c.id === id);
    if (!conn) throw new CoreError('not-found', 'That connection no longer exists. It may have been removed.');
    return conn;
  }

  /** Refuses to use a connection that still waits for the person's credentials, saying what to type. */
  function requireCredentials(conn: StoredConnection): void {
    const waiting = waitingError(conn);
    if (waiting) throw waiting;
  }

  function flowFor(kind: string): AuthFlow {
    const flow = FLOWS[kind];
    if (!flow) throw new CoreError('unsupported', 'TokenDesk does not know this kind of sign-in. Update TokenDesk and try again.');
    return flow;
  }

  function context(conn: StoredConnection): FlowContext {
    return {
      conn,
      providerName: serviceName(conn),
      secret: (field) => {
        const sealed = conn.secrets[field];
        if (sealed === undefined) throw new CoreError('invalid-input', `The ${field} for “${conn.label}” is missing. Open the connection and enter it again.`);
        return vault.unseal(conn.id, field, sealed);
      },
      fetch: coreFetch,
      timeoutMs: options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
      clock,
      logger,
      ...(options.openExternal ? { openExternal: options.openExternal } : {}),
      browserSignInTimeoutMs: options.browserSignInTimeoutMs ?? DEFAULT_BROWSER_SIGN_IN_TIMEOUT_MS,
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
    requireCredentials(conn);
    if (flow.type === 'static') return { header: flow.header(context(conn)), expiresAt: null, tenant: null };
    const slot = resolveSlot(conn, tenantId);
    const minValidityMs = settings.get().minValiditySeconds * 1000;
    // Usual case: the token in hand is valid, so no tracking check and no await.
    let token = tokens.validNow(conn.id, slot, minValidityMs);
    if (!token) {
      trackConnection(conn);
      token = await tokens.ensureValid(conn.id, slot, minValidityMs);
    }
    return { header: flow.headerFor(conn, token.token), expiresAt: token.expiresAt, tenant: slot ? tenantName(conn, slot) : null };
  }

  /** Before locking: drop tokens from memory; Resolver sessions are logged out and not kept. */
  async function forgetTokensForLock(): Promise<void> {
    // Tokens issued a moment ago are still being saved: let that finish first, or a
    // browser sign-in just completed would be lost with the lock.
    await tokenFlush?.catch(() => undefined);
    const pending = tokens.inflight();
    const held = tokens.clear();
    const doc = vault.requireDoc();
    for (const conn of doc.connections) signOutWhenDone(conn, pending.filter((p) => p.connectionId === conn.id));
    const toSignOut = new Map<StoredConnection, Array<{ tenantId: string; token: HeldToken }>>();
    for (const h of held) {
      const conn = doc.connections.find((c) => c.id === h.connectionId);
      const flow = conn && FLOWS[conn.authKind];
      if (conn && flow?.type === 'token' && flow.signOut && !flow.keepTokensWhenLocked) toSignOut.set(conn, [...(toSignOut.get(conn) ?? []), h]);
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
          if (e instanceof CoreError && e.code === 'wrong-password') {
            // Count attempts in a row (across restarts) so guessing shows up in the log.
            const n = audit.countInARow('unlock-failed', ['unlocked', 'vault-created', 'backup-restored']) + 1;
            audit.record('unlock-failed', 'Vault', `Wrong master password (${n} failed ${n === 1 ? 'attempt' : 'attempts'} in a row)`);
          }
          // A file found changed at unlock: the window switches to the "damaged" screen with the backup offer.
          if (e instanceof CoreError && e.code === 'vault-corrupt') pushVault();
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
        if (flow?.type === 'token' && flow.interactive) {
          // A browser sign-in waits for the person: show "sign in with your browser" at
          // once (the flow says so without any network call) rather than "Not signed in yet".
          await Promise.allSettled(slotsOf(conn).map((t) => tokens.refreshNow(conn.id, t)));
        }
        // A one-time MFA code (typed in the wizard) is used for the first sign-in, then forgotten.
        // Started before the scheduled sign-in fires, so that one joins it instead of going without.
        const mfaCode = input.auth.kind === 'resolver-password' ? input.auth.mfaCode : undefined;
        if (mfaCode) for (const slot of slotsOf(conn)) tokens.refreshNow(conn.id, slot, { mfaCode }).catch(() => undefined);
        audit.record('connection-added', conn.label, findRecipe(conn.providerId)?.name ?? '');
        pushConnections();
        return toConnectionView(conn, statusOf);
      },
      async update({ id, patch }) {
        const before = findConnection(id);
        const changed: string[] = [];
        // Checked before anything changes: incomplete settings are refused with nothing touched.
        const oauth2 = patch.oauth2 ? oauth2SettingsChange(before, patch.oauth2) : null;
        const newSecret = isNewClientSecret(before, patch.secrets?.clientSecret, () => storedSecret(before, 'clientSecret'));
        // New client settings or a new client secret: the tokens held belong to the old client,
        // so they go (and are revoked with the old settings), and the next sign-in uses the new ones.
        const dropTokens = oauth2 !== null || newSecret;
        const slots = slotsOf(before);
        const held = dropTokens
          ? slots.flatMap((tenantId) => {
              const token = tokens.current(id, tenantId);
              return token ? [{ tenantId, token }] : [];
            })
          : [];
        const pendingSignIns = dropTokens ? tokens.inflight(id) : [];
        if (dropTokens) {
          for (const h of held) oldClientTokens.add(h.token);
          tokens.untrack(id);
          for (const key of [...pendingTokens.keys()]) if (key.startsWith(`${id}/`)) pendingTokens.delete(key);
        }
        let updated: StoredConnection;
        try {
          updated = await vault.mutate((doc) => {
            const conn = findIn(doc, id);
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
            if (oauth2) {
              conn.options = { ...conn.options, ...optionsFrom(oauth2.next) };
              changed.push(...oauth2.words);
            }
            if (dropTokens) conn.tokens = {};
            // A connection from a team pack has no secrets yet: the ones its sign-in needs may be added.
            const fillable: string[] = fillableSecrets(before.authKind);
            for (const [field, value] of Object.entries(patch.secrets ?? {})) {
              if (!(field in before.secrets) && !fillable.includes(field)) {
                throw new CoreError('invalid-input', `This connection has no ${secretWord(field)} to replace.`);
              }
              conn.secrets[field] = vault.seal(id, field, value);
              changed.push(secretWord(field));
            }
            conn.updatedAt = clock.now();
            return conn;
          });
        } catch (e) {
          // Nothing was saved: the connection keeps its settings and its tokens, and goes on
          // being renewed as before (never left without a timer).
          if (dropTokens) {
            for (const h of held) oldClientTokens.delete(h.token);
            for (const tenantId of slots) {
              if (!tokens.isTracked(id, tenantId)) tokens.track(id, tenantId, held.find((h) => h.tenantId === tenantId)?.token ?? storedToken(before, tenantId));
            }
            // Sign-ins that were under way were dropped with the old entries: end what they bring.
            signOutWhenDone(before, pendingSignIns);
            pushConnections();
          }
          throw e;
        }
        audit.record('connection-changed', updated.label, changeDetail(changed));
        if (dropTokens) {
          signOutInBackground(before, held);
          signOutWhenDone(before, pendingSignIns);
        }
        if (patch.secrets || patch.username !== undefined || patch.baseUrl !== undefined || patch.orgId !== undefined || dropTokens) {
          // New credentials: sign in with them now instead of waiting for the next renewal
          // (a connection that was waiting for them starts being looked after here).
          trackConnection(updated);
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
        const pending = tokens.inflight(id);
        tokens.untrack(id);
        signOutInBackground(conn, held);
        signOutWhenDone(conn, pending);
        audit.record('connection-removed', conn.label);
        pushConnections();
        return { removed: true as const };
      },
      async test({ id }) {
        const conn = findConnection(id);
        requireCredentials(conn);
        const flow = flowFor(conn.authKind);
        if (flow.type !== 'token' || !canCheckTokens(flow)) return flow.test(context(conn));
        // Also prove the tokens a copy hands out work (Cogniac: GET /1/tenants/current).
        trackConnection(conn);
        return testWithTokens({
          flow,
          ctx: context(conn),
          slots: slotsOf(conn),
          tokenFor: async (slot) =>
            (tokens.status(conn.id, slot).state === 'needs-you'
              ? await tokens.refreshNow(conn.id, slot) // a test is the moment to try again
              : await tokens.ensureValid(conn.id, slot, settings.get().minValiditySeconds * 1000)
            ).token,
          signInAgain: async (slot) => (await tokens.refreshNow(conn.id, slot)).token,
          nameOf: (slot) => tenantName(conn, slot),
        });
      },
      async testDraft(input) {
        // A draft is sealed with the real key in memory only; nothing is saved.
        const conn = build(input, `draft-${randomUUID()}`, clock.now());
        // An MFA code is one-time: it is used for this test and never stored.
        const mfaCode = input.auth.kind === 'resolver-password' ? input.auth.mfaCode : undefined;
        return flowFor(conn.authKind).test(context(conn), mfaCode ? { mfaCode } : undefined);
      },
      async signIn({ id, mfaCode }) {
        const conn = findConnection(id);
        requireCredentials(conn);
        const slots = slotsOf(conn);
        if (slots.length === 0) throw new CoreError('invalid-input', 'This connection has nothing to sign in to. For tenants, tick at least one first.');
        trackConnection(conn);
        const results = await Promise.allSettled(slots.map((t) => tokens.refreshNow(id, t, { interactive: true, ...(mfaCode ? { mfaCode } : {}) })));
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
        requireCredentials(conn);
        const flow = tokenFlowFor(conn);
        if (!flow.discoverTenants) throw new CoreError('unsupported', `${findRecipe(conn.providerId)?.name ?? 'This service'} has no tenants to choose from.`);
        const found = await flow.discoverTenants(context(conn));
        const previous = new Map(conn.tenants.map((t) => [t.id, t]));
        // Keep the person's choices; new tenants arrive unticked; tenants gone from the server go.
        const merged = found.map((t) => ({ ...t, selected: previous.get(t.id)?.selected ?? false }));
        const gone = conn.tenants.filter((t) => !found.some((f) => f.id === t.id)).map((t) => t.id);
        const updated = await vault.mutate((doc) => {
          const c = findIn(doc, connectionId);
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
          const conn = findIn(doc, connectionId);
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
        const { header, expiresAt, tenant } = await currentHeader(conn, tenantId);
        const text = formatCopy(format, header, conn.baseUrl);
        const clearsAt = clipboard.write(text, settings.get().clipboardClearSeconds);
        const words = describeFormat(format, header.placement);
        // Name the tenant (also when it was the only ticked one), so the log says whose header it was.
        let what = `${words} for ${conn.label}${tenant ? ` — ${tenant}` : ''}`;
        // A key that travels in the address is pasted there, not into a header box: say so.
        if (header.placement === 'query' && format === 'header') what += ` (${header.name}=…, add it to the web address after “?”)`;
        audit.record('copied', conn.label, `Copied the ${words}${tenant ? ` for ${tenant}` : ''}`);
        return { description: what.charAt(0).toUpperCase() + what.slice(1), copiedAt: clock.now(), clearsAt, expiresAt };
      },
      async refresh({ connectionId, tenantId }) {
        const conn = findConnection(connectionId);
        requireCredentials(conn);
        const slot = resolveSlot(conn, tenantId);
        trackConnection(conn);
        await tokens.refreshNow(connectionId, slot);
        return toConnectionView(findConnection(connectionId), statusOf);
      },
      async reveal({ connectionId, tenantId }) {
        const conn = findConnection(connectionId);
        const { header, expiresAt } = await currentHeader(conn, tenantId);
        audit.record('revealed', conn.label, 'Showed the header on screen');
        return { header: formatCopy('header', header, null), expiresAt };
      },
    },

    packs: createPackHandlers({
      vault,
      settings,
      audit,
      clock,
      newId: () => randomUUID(),
      supportsAuthKind: (kind) => Object.hasOwn(FLOWS, kind),
      toView: (conn) => toConnectionView(conn, statusOf),
      onAdded(conns) {
        for (const conn of conns) trackConnection(conn);
        pushConnections();
      },
      onSettingsChanged: (next) => emit('settings:changed', next),
    }),

    settings: {
      async get() {
        return settings.get();
      },
      async update(patch) {
        const next = await settings.update(patch);
        audit.record('settings-changed', 'Settings', `Changed ${describeSettings(Object.keys(patch))}`);
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
      if (!vault.isUnlocked) return;
      if (event === 'online' || event === 'resume') tokens.retryWaiting();
      tokens.recheckAll();
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
      closing.abort(new Error('TokenDesk is closing'));
      tokens.close();
      pushTimer?.cancel();
      pushTimer = null;
      // Quitting in the middle of a save must not lose it: let renewed tokens and every
      // change already started reach the disk before the key is dropped.
      await tokenFlush?.catch(() => undefined);
      await vault.settled();
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
export type { ClipboardPort, Clock, FetchLike, KeyProtector, Logger, Persistence, SystemSettingsPort } from './ports';
export { PasswordKeyProtector } from './vault/password-key-protector';
export { FilePersistence } from './vault/file-persistence';
export { MemoryClipboard } from './clipboard/clipboard-guard';
