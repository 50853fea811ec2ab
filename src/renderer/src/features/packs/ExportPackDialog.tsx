/**
 * "Export team pack…": choose connections (all ticked at first), choose whether to share
 * settings, and save the pack as a .json file through the browser's download (a Blob link),
 * so the window never needs file-system access.
 */
import { useState, type FormEvent } from 'react';
import { call, errorMessage } from '../../api';
import { Dialog } from '../../components/Dialog';
import { whileBusy } from '../../lib/use-action';
import { useAppStore } from '../../store/app-store';
import { addressOf } from './pack-words';

/** Hands the text to the browser as a file download named `fileName`. */
function saveAsFile(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ExportPackDialog({ onClose }: { onClose: () => void }) {
  const connections = useAppStore((s) => s.connections);
  const [picked, setPicked] = useState<Set<string>>(() => new Set(connections.map((c) => c.id)));
  const [includeSettings, setIncludeSettings] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<{ fileName: string; count: number } | null>(null);

  const chosen = connections.filter((c) => picked.has(c.id));
  const nothing = chosen.length === 0 && !includeSettings;

  function toggle(id: string, on: boolean) {
    setSaved(null);
    setPicked((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      const pack = await call('packs:export', { connectionIds: chosen.map((c) => c.id), includeSettings });
      saveAsFile(pack.fileName, pack.json);
      setSaved({ fileName: pack.fileName, count: pack.connectionCount });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Export a team pack" onClose={onClose} className="pack-dialog">
      <form onSubmit={save} aria-label="Export a team pack" className="pack-form">
        <p>
          A team pack lets a colleague set up the same connections: services, addresses, names and Cogniac tenants. It never contains passwords, keys,
          tokens or your email — each person types their own.
        </p>
        {connections.length === 0 ? (
          <p className="muted">You have no connections yet, so the pack can only share your settings.</p>
        ) : (
          <fieldset className="pack-list">
            <legend>Connections to include</legend>
            <div className="actions pack-select-all">
              <button type="button" className="small" onClick={() => setPicked(new Set(connections.map((c) => c.id)))}>
                Tick all
              </button>
              <button type="button" className="small" onClick={() => setPicked(new Set())}>
                Untick all
              </button>
            </div>
            {connections.map((c) => (
              <label key={c.id} className="check">
                <input type="checkbox" checked={picked.has(c.id)} onChange={(e) => toggle(c.id, e.target.checked)} />
                <span>
                  <strong>{c.label}</strong>
                  <span className="muted">
                    {' '}
                    · {c.providerName} · {addressOf(c.baseUrl)}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <label className="check">
          <input type="checkbox" checked={includeSettings} onChange={(e) => (setSaved(null), setIncludeSettings(e.target.checked))} />
          <span>Include my settings (clipboard clearing, locking, appearance). Your colleague chooses whether to use them.</span>
        </label>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <p role="status" className="result-ok">
          {saved &&
            `Saved “${saved.fileName}” with ${saved.count} ${saved.count === 1 ? 'connection' : 'connections'} (look in your Downloads folder). Send it to your colleague; they open Settings → Import team pack.`}
        </p>
        <div className="actions">
          <button type="submit" className="primary" disabled={!busy && nothing} {...whileBusy(busy)}>
            {busy ? 'Saving…' : chosen.length > 0 ? `Save team pack (${chosen.length})` : 'Save team pack'}
          </button>
          <button type="button" onClick={onClose}>
            {saved ? 'Done' : 'Cancel'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
