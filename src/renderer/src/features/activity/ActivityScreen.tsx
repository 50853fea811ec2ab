/** The activity (audit) log: newest first, searchable, live as things happen. */
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { AuditAction, AuditEntry } from '../../../../shared/views';
import { call, errorMessage } from '../../api';
import { formatWhen } from '../../lib/time';
import { useAppStore } from '../../store/app-store';

const ACTION_WORDS: Record<AuditAction, string> = {
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

export function ActivityScreen() {
  const audit = useAppStore((s) => s.audit);
  const setAudit = useAppStore((s) => s.setAudit);
  const [query, setQuery] = useState('');
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
    if (!q) return audit;
    return audit.filter((e) => [e.subject, e.detail, e.action, ACTION_WORDS[e.action]].some((t) => t.toLowerCase().includes(q)));
  }, [audit, deferred]);

  return (
    <section className="card activity" aria-labelledby="activity-title">
      <h2 id="activity-title">Activity</h2>
      <p className="muted">What TokenDesk did on this computer, newest first. It never records passwords or tokens.</p>
      <label htmlFor="activity-search" className="visually-hidden">
        Search activity
      </label>
      <input
        id="activity-search"
        type="search"
        className="search"
        placeholder="Search activity, e.g. copied or a connection name"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {loaded && shown.length === 0 ? (
        <p className="muted">{deferred.trim() ? `Nothing matches “${deferred.trim()}”.` : 'Nothing has happened yet.'}</p>
      ) : (
        <ol className="audit" aria-label="Activity log">
          {shown.slice(0, 500).map((e: AuditEntry, i) => (
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
