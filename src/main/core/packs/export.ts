/**
 * Writes a team pack from stored connections. Only plain fields are read — `secrets` and
 * `tokens` (the sealed values) are never touched — and the result is read back with the
 * import's own parser before it is handed out, so a pack that leaves here always imports
 * (and a name that happens to look like a token is caught here, not on a colleague's desk).
 */
import type { PackExport, Settings } from '../../../shared/views';
import { CoreError, isCoreError } from '../errors';
import type { StoredConnection } from '../vault/document';
import { PACK_FORMAT, PACK_OPTION_KEYS, PACK_SETTING_KEYS, PACK_VERSION, packFileName, type PackDocument } from './format';
import { parsePack, type ParseOptions } from './parse';

type PackEntry = PackDocument['connections'][number];
type PackOptions = NonNullable<PackEntry['options']>;

/** The non-secret options this sign-in kind uses, by the names the vault stores them under. */
function exportOptions(conn: StoredConnection): PackOptions {
  const out: Record<string, unknown> = {};
  for (const key of PACK_OPTION_KEYS) {
    const value = conn.options[key];
    if (value !== undefined && value !== null && value !== '') out[key] = value;
  }
  // Placement only means something for an API key; a missing one is a header.
  if (conn.authKind !== 'api-key') delete out.placement;
  if (conn.authKind === 'oauth2-auth-code' && out.clientType === undefined) {
    // Whether the colleague will need a client secret, without saying what it is.
    out.clientType = conn.secrets.clientSecret !== undefined ? 'confidential' : 'public';
  }
  return out as PackOptions;
}

function toEntry(conn: StoredConnection): PackEntry {
  return {
    providerId: conn.providerId,
    label: conn.label,
    authKind: conn.authKind,
    baseUrl: conn.baseUrl,
    checkUrl: conn.checkUrl,
    // No `username`: each colleague signs in as themselves (see format.ts).
    headerName: conn.headerName,
    scheme: conn.scheme,
    options: exportOptions(conn),
    tenants: conn.tenants.map((t) => ({ id: t.id, name: t.name, ...(t.kind !== undefined ? { kind: t.kind } : {}), selected: t.selected })),
  };
}

function packSettingsOf(settings: Settings): NonNullable<PackDocument['settings']> {
  const out: Record<string, unknown> = {};
  for (const key of PACK_SETTING_KEYS) out[key] = settings[key];
  return out as NonNullable<PackDocument['settings']>;
}

export function buildPack(connections: StoredConnection[], settings: Settings | null, now: number, parse: ParseOptions): PackExport {
  if (connections.length === 0 && !settings) {
    throw new CoreError('invalid-input', 'Choose at least one connection (or include your settings) to make a team pack.');
  }
  const doc: PackDocument = {
    format: PACK_FORMAT,
    version: PACK_VERSION,
    createdAt: new Date(now).toISOString(),
    connections: connections.map(toEntry),
    ...(settings ? { settings: packSettingsOf(settings) } : {}),
  };
  const json = JSON.stringify(doc, null, 2) + '\n';
  try {
    parsePack(json, parse);
  } catch (e) {
    if (!isCoreError(e)) throw e;
    if (e.details?.problem === 'secret') {
      const at = String(e.details.field ?? '');
      const index = /^connections\[(\d+)\]/.exec(at)?.[1];
      const which = index !== undefined ? `“${connections[Number(index)]?.label ?? ''}”` : 'a connection';
      throw new CoreError(
        'invalid-input',
        `Something saved in ${which} (${at}) looks like a password or token, and team packs never carry secrets. Change it (for example rename the connection), then export again.`,
        e.details,
      );
    }
    throw new CoreError('invalid-input', `TokenDesk cannot put this into a team pack. ${e.message.replace(/ Nothing was changed\.$/, '')}`, e.details);
  }
  return { fileName: packFileName(now), json, connectionCount: connections.length };
}
