/** The activity (audit) log: newest first, searchable, live as things happen. */
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { AuditAction, AuditEntry } from '../../../../shared/views';
import { call, errorMessage } from '../../api';
import { formatWhen } from '../../lib/time';
import { useAppStore } from '../../store/app-store';
import { SearchBox } from '../../components/SearchBox';

export const ACTION_WORDS: Record<AuditAction, string> = {
  'vault-created': 'Vault created',
  unlocked: 'Unlocked',
  'unlock-failed': 'Wrong master password',
  locked: 'Locked',
  'password-changed': 'Master password changed',
  'backup-restored': 'Backup restored',
  'connection-added': 'Connection added',
  'connection-changed': 'Connection changed',
  'connection-removed': 'Connection removed',
  copied: 'Copied',
  revealed: 'Shown on screen',
  refreshed: 'Renewed',
  'refresh-failed': 'Renewal failed',
  'signed-in': 'Signed in',
  'signed-out': 'Signed out',
  'settings-changed': 'Settings changed',
  'pack-exported': 'Team pack exported',
  'pack-imported': 'Team pack imported',
};

/** The kinds a person filters by, in their words; every action belongs to exactly one. */
export const ACTIVITY_KINDS = {
  all: { label: 'All activity', actions: null },
  copies: { label: 'Copies and reveals', actions: ['copied', 'revealed'] },
  tokens: { label: 'Sign-ins and renewals', actions: ['refreshed', 'signed-in', 'signed-out'] },
  changes: { label: 'Changes to connections and settings', actions: ['connection-added', 'connection-changed', 'connection-removed', 'settings-changed', 'pack-exported', 'pack-imported'] },
  vault: { label: 'Locking and unlocking', actions: ['vault-created', 'unlocked', 'locked', 'password-changed', 'backup-restored'] },
  problems: { label: 'Problems', actions: ['unlock-failed', 'refresh-failed'] },
} satisfies Record<string, { label: string; actions: AuditAction[] | null }>;
export type ActivityKind = keyof typeof ACTIVITY_KINDS;

/** How many entries the list shows at once; the search and the kind filter reach the rest. */
const SHOWN_AT_MOST = 500;

export function ActivityScreen() {
  const audit = useAppStore((s) => s.audit);
  const setAudit = useAppStore((s) => s.setAudit);
  const [query, setQuery] = useState('');
  const [kind, setKind] = useState<ActivityKind>('all');
  const deferred = useDeferredValue(query);
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [now] = useState(() => Date.now());

  useEffect(() => {
    call('audit:list', { limit: 1000 }).then(
      (entries) => {
        setAudit([...entries].sort((a, b) => b.at - a.at));
        setLoaded(true);
      },
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [setAudit]);

  const shown = useMemo(() => {
    const q = deferred.trim().toLowerCase();
    const actions: readonly AuditAction[] | null = ACTIVITY_KINDS[kind].actions;
    return audit.filter(
      (e) => (actions === null || actions.includes(e.action)) && (!q || [e.subject, e.detail, e.action, ACTION_WORDS[e.action]].some((t) => t.toLowerCase().includes(q))),
    );
  }, [audit, deferred, kind]);
  const filtered = deferred.trim() !== '' || kind !== 'all';

  return (
    <section className="card activity" aria-labelledby="activity-title">
      <h2 id="activity-title">Activity</h2>
      <p className="muted">What TokenDesk did on this computer, newest first. It never records passwords or tokens.</p>
      <div className="activity-filters">
        <SearchBox id="activity-search" label="Search activity" placeholder="Search activity, e.g. copied or a connection name" value={query} onChange={setQuery} />
        <label htmlFor="activity-kind" className="visually-hidden">
          Show
        </label>
        <select id="activity-kind" value={kind} onChange={(e) => setKind(e.target.value as ActivityKind)}>
          {Object.entries(ACTIVITY_KINDS).map(([value, k]) => (
            <option key={value} value={value}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
      {loaded && (
        <p className="muted activity-count" aria-live="polite">
          {filtered ? `${shown.length} of ${audit.length} entries match` : `${audit.length} ${audit.length === 1 ? 'entry' : 'entries'}`}
          {shown.length > SHOWN_AT_MOST ? ` — showing the newest ${SHOWN_AT_MOST}; search to find older ones.` : ''}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {loaded && shown.length === 0 ? (
        <p className="muted">
          {filtered
            ? `Nothing matches${deferred.trim() ? ` “${deferred.trim()}”` : ''}${kind !== 'all' ? ` in ${ACTIVITY_KINDS[kind].label.toLowerCase()}` : ''}. Clear the search or choose All activity.`
            : 'Nothing has happened yet.'}
        </p>
      ) : (
        <ol className="audit" aria-label="Activity log">
          {shown.slice(0, SHOWN_AT_MOST).map((e: AuditEntry, i) => (
            <li key={`${e.at}-${i}`} className="audit-entry">
              <time dateTime={new Date(e.at).toISOString()} className="muted">
                {formatWhen(e.at, now)}
              </time>
              <span className={`audit-action action-${e.action}`}>{ACTION_WORDS[e.action] ?? e.action}</span>
              <span className="audit-text">
                {e.subject && <strong>{e.subject}</strong>}
                {e.subject && e.detail && e.detail !== e.subject ? ' — ' : ''}
                {e.detail !== e.subject && e.detail}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
