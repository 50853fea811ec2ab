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
import { CoreError } from './errors';
import type { AuthFlow, FlowContext } from './providers/flow';
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
  /** Override where documents are stored (the shell passes electron-store backed ones). */
  persistence?: { vault?: Persistence; settings?: Persistence };
}

export interface Core extends CoreApi {
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** Stops timers and flushes the audit log; clears the clipboard if it still holds our value. */
  close(): Promise<void>;
}

const FLOWS: Record<string, AuthFlow> = {
  basic: basicFlow,
  bearer: bearerFlow,
  'api-key': apiKeyFlow,
  'resolver-api-key': resolverApiKeyFlow,
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

  const statusOf = (conn: StoredConnection, _tenantId: string): TokenStatus => {
    const flow = FLOWS[conn.authKind];
    return flow?.type === 'static' ? STATIC_STATUS : { state: 'error', message: 'This sign-in type is not available', expiresAt: null, renewsAt: null };
  };

  const views = () => vault.requireDoc().connections.map((c) => toConnectionView(c, statusOf));
  const pushConnections = () => {
    if (vault.isUnlocked) emit('connections:changed', views());
  };
  const pushVault = () => emit('vault:changed', vault.status());

  function findConnection(id: string): StoredConnection {
    const conn = vault.requireDoc().connections.find((c) => c.id === id);
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

  function headerFor(conn: StoredConnection) {
    const flow = flowFor(conn.authKind);
    if (flow.type !== 'static') throw new CoreError('unsupported', 'This sign-in type is not available.');
    return flow.header(context(conn));
  }

  const handlers: CoreHandlers = {
    vault: {
      async status() {
        return vault.status();
      },
      async create({ password }) {
        await vault.create(password);
        audit.record('vault-created', 'Vault', `Protected by ${options.keyProtector.label}`);
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
        pushVault();
        pushConnections();
        return vault.status();
      },
      async lock() {
        if (vault.isUnlocked) {
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
        await vault.mutate((doc) => {
          doc.connections.push(conn);
        });
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
        pushConnections();
        return toConnectionView(updated, statusOf);
      },
      async remove({ id }) {
        const conn = findConnection(id);
        await vault.mutate((doc) => {
          doc.connections = doc.connections.filter((c) => c.id !== id);
        });
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
      async signIn({ id }) {
        const conn = findConnection(id);
        return toConnectionView(conn, statusOf);
      },
    },

    tenants: {
      async discover({ connectionId }) {
        const conn = findConnection(connectionId);
        return toConnectionView(conn, statusOf).tenants;
      },
      async select({ connectionId, tenantIds }) {
        findConnection(connectionId);
        const wanted = new Set(tenantIds);
        const updated = await vault.mutate((doc) => {
          const conn = doc.connections.find((c) => c.id === connectionId)!;
          for (const t of conn.tenants) t.selected = wanted.has(t.id);
          conn.updatedAt = clock.now();
          return conn;
        });
        pushConnections();
        return toConnectionView(updated, statusOf);
      },
    },

    tokens: {
      async copy({ connectionId, tenantId, format }) {
        const conn = findConnection(connectionId);
        const header = headerFor(conn);
        const text = formatCopy(format, header, conn.baseUrl);
        const clearsAt = clipboard.write(text, settings.get().clipboardClearSeconds);
        const what = `${describeFormat(format)} for ${conn.label}${tenantId ? ` — ${conn.tenants.find((t) => t.id === tenantId)?.name ?? tenantId}` : ''}`;
        audit.record('copied', conn.label, `Copied the ${describeFormat(format)}`);
        return { description: what.charAt(0).toUpperCase() + what.slice(1), copiedAt: clock.now(), clearsAt, expiresAt: null };
      },
      async refresh({ connectionId }) {
        return toConnectionView(findConnection(connectionId), statusOf);
      },
      async reveal({ connectionId }) {
        const conn = findConnection(connectionId);
        const header = headerFor(conn);
        audit.record('revealed', conn.label, 'Showed the header on screen');
        return { header: `${header.name}: ${header.value}`, expiresAt: null };
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
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (p: never) => void);
      return () => set.delete(listener as (p: never) => void);
    },

    async close() {
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
    (api[domain] ??= {})[verb] = async (req: unknown) => {
      let parsed: unknown;
      try {
        parsed = parseRequest(channel, req);
      } catch (e) {
        if (e instanceof RequestError) throw new CoreError('invalid-input', e.message, { field: e.field });
        throw e;
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
