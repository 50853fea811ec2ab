/**
 * The `packs:*` channels: export a pack, preview one, import one. Every check runs before
 * anything is written, so a refused pack changes nothing; an accepted one is added in a
 * single vault save.
 */
import type { CoreHandlers } from '../../../shared/contract';
import type { AuthKind, ConnectionView, Settings } from '../../../shared/views';
import type { AuditLog } from '../audit/audit-log';
import { CoreError } from '../errors';
import type { Clock } from '../ports';
import type { SettingsStore } from '../settings/settings-store';
import type { StoredConnection } from '../vault/document';
import type { VaultSession } from '../vault/vault-session';
import { buildPack } from './export';
import { planImport, toStoredConnection } from './import';
import { parsePack, type ParseOptions } from './parse';
import { previewPack } from './preview';
import { describeSettings } from '../settings/setting-words';

export interface PackDeps {
  vault: VaultSession;
  settings: SettingsStore;
  audit: AuditLog;
  clock: Clock;
  newId(): string;
  supportsAuthKind(kind: AuthKind): boolean;
  toView(conn: StoredConnection): ConnectionView;
  /** After import saved new connections: start looking after them and tell the window. */
  onAdded(conns: StoredConnection[]): void;
  onSettingsChanged(next: Settings): void;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function createPackHandlers(deps: PackDeps): CoreHandlers['packs'] {
  const parseOptions: ParseOptions = { supportsAuthKind: deps.supportsAuthKind };

  return {
    async export({ connectionIds, includeSettings }) {
      const all = deps.vault.requireDoc().connections;
      let chosen = all;
      if (connectionIds) {
        const byId = new Map(all.map((c) => [c.id, c]));
        chosen = [...new Set(connectionIds)].map((id) => {
          const conn = byId.get(id);
          if (!conn) throw new CoreError('not-found', 'One of the chosen connections no longer exists. Choose again and export.');
          return conn;
        });
      }
      const pack = buildPack(chosen, includeSettings ? deps.settings.get() : null, deps.clock.now(), parseOptions);
      deps.audit.record('pack-exported', 'Team pack', `${plural(pack.connectionCount, 'connection')}${includeSettings ? ' and settings' : ''}, no secrets`);
      return pack;
    },

    async preview({ json }) {
      const pack = parsePack(json, parseOptions);
      return previewPack(pack, deps.vault.requireDoc().connections);
    },

    async import({ json, entries, applySettings }) {
      const pack = parsePack(json, parseOptions);
      // Planned against the vault as it is now, not as it was at preview time.
      const preview = previewPack(pack, deps.vault.requireDoc().connections);
      const plan = planImport(pack, preview, entries);
      const now = deps.clock.now();
      const added = plan.add.map((e) => toStoredConnection(e, deps.newId(), now));
      if (added.length > 0) {
        await deps.vault.mutate((doc) => {
          doc.connections.push(...added);
        });
      }
      let settingsApplied = false;
      if (applySettings && pack.settings && Object.keys(pack.settings).length > 0) {
        const next = await deps.settings.update(pack.settings);
        settingsApplied = true;
        deps.audit.record('settings-changed', 'Settings', `From a team pack: ${describeSettings(Object.keys(pack.settings))}`);
        deps.onSettingsChanged(next);
      }
      for (const conn of added) deps.audit.record('connection-added', conn.label, 'From a team pack — waiting for your credentials');
      deps.audit.record(
        'pack-imported',
        'Team pack',
        `Added ${plural(added.length, 'connection')}; skipped ${plural(plan.skipped, 'duplicate')}${settingsApplied ? '; applied its settings' : ''}`,
      );
      deps.onAdded(added);
      return { added: added.map(deps.toView), skipped: plan.skipped, settingsApplied };
    },
  };
}
