/**
 * "Import team pack…": choose the file, see what will be added (and what is skipped as
 * already here), then add it. Nothing changes until "Add" is pressed; a bad file shows
 * main's plain reason and changes nothing.
 */
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import type { PackImportResult, PackPreview } from '../../../../shared/views';
import { call, errorMessage } from '../../api';
import { Dialog } from '../../components/Dialog';
import { whileBusy } from '../../lib/use-action';
import { useAppStore } from '../../store/app-store';
import { addressOf, needsWords, packDate, settingsLines } from './pack-words';

/** The same 1 MB limit main enforces (PACK_MAX_BYTES): checked here so a huge file is never read. */
const MAX_FILE_BYTES = 1_000_000;

type Step = { kind: 'choose' } | { kind: 'preview'; json: string; fileName: string; preview: PackPreview } | { kind: 'done'; result: PackImportResult };

export function ImportPackDialog({ onClose }: { onClose: () => void }) {
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [applySettings, setApplySettings] = useState(false);
  const navigate = useAppStore((s) => s.navigate);
  const mySettings = useAppStore((s) => s.settings);
  const fileId = useId();

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setError(null);
    if (file.size > MAX_FILE_BYTES) {
      setError('That file is too big to be a TokenDesk team pack (over 1 MB). Choose the pack file you were sent.');
      return;
    }
    setBusy(true);
    try {
      const json = await file.text();
      const preview = await call('packs:preview', { json });
      setPicked(new Set(preview.entries.filter((x) => x.status === 'new').map((x) => x.index)));
      setApplySettings(false);
      setStep({ kind: 'preview', json, fileName: file.name, preview });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function add(e: FormEvent) {
    e.preventDefault();
    if (step.kind !== 'preview' || busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await call('packs:import', { json: step.json, entries: [...picked].sort((a, b) => a - b), applySettings });
      setStep({ kind: 'done', result });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const errorLine = error && (
    <p role="alert" className="error">
      {error}
    </p>
  );

  if (step.kind === 'done') {
    const { added, skipped, settingsApplied } = step.result;
    return (
      <Dialog title="Team pack added" onClose={onClose} className="pack-dialog">
        <div className="pack-form" role="status">
          <p>
            <strong>
              Added {added.length} {added.length === 1 ? 'connection' : 'connections'}.
            </strong>
            {skipped > 0 && ` Skipped ${skipped} you already have.`}
            {settingsApplied && ' The pack’s settings are now in use.'}
          </p>
          {added.length > 0 && (
            <p>
              Each new connection is waiting for your own sign-in details. On the Connections screen, press <strong>Finish setting up</strong> on each one and
              type them.
            </p>
          )}
        </div>
        <div className="actions">
          <button
            type="button"
            className="primary"
            data-autofocus
            onClick={() => {
              onClose();
              navigate('connections');
            }}
          >
            Go to connections
          </button>
          <button type="button" onClick={onClose}>
            Stay in Settings
          </button>
        </div>
      </Dialog>
    );
  }

  if (step.kind === 'choose') {
    return (
      <Dialog title="Import a team pack" onClose={onClose} className="pack-dialog">
        <div className="pack-form">
          <p>Choose the team pack file a colleague sent you (its name ends in .tokendesk-pack.json). You will see what it adds before anything changes.</p>
          <div className="field">
            <label htmlFor={fileId}>Team pack file</label>
            <input id={fileId} type="file" accept=".json,application/json" onChange={(e) => void onFile(e)} disabled={busy} aria-describedby={error ? `${fileId}-error` : undefined} />
          </div>
          {busy && <p className="muted">Reading the pack…</p>}
          {error && (
            <p role="alert" className="error" id={`${fileId}-error`}>
              {error}
            </p>
          )}
          <div className="actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
          </div>
        </div>
      </Dialog>
    );
  }

  const { preview, fileName } = step;
  const fresh = preview.entries.filter((x) => x.status === 'new');
  const duplicates = preview.entries.filter((x) => x.status === 'duplicate');
  // Only settings that would change something are offered.
  const settingLines = settingsLines(preview.settings).filter((l) => !mySettings || mySettings[l.key] !== preview.settings[l.key]);
  const made = packDate(preview.createdAt);
  const count = fresh.filter((x) => picked.has(x.index)).length;
  const toggle = (index: number, on: boolean) =>
    setPicked((prev) => {
      const next = new Set(prev);
      if (on) next.add(index);
      else next.delete(index);
      return next;
    });

  return (
    <Dialog title={preview.name ? `Import “${preview.name}”` : 'Import a team pack'} onClose={onClose} className="pack-dialog">
      <form className="pack-form" onSubmit={add} aria-label="Choose what to add from the team pack">
        <p className="muted">
          {fileName}
          {made && ` · made on ${made}`}
        </p>
        {fresh.length > 0 ? (
          <fieldset className="pack-list">
            <legend>Will be added ({fresh.length})</legend>
            {fresh.map((x) => (
              <label key={x.index} className="check pack-entry">
                <input type="checkbox" checked={picked.has(x.index)} onChange={(e) => toggle(x.index, e.target.checked)} />
                <span>
                  <strong>{x.label}</strong>
                  <span className="muted">
                    {' '}
                    · {x.providerName} · {addressOf(x.baseUrl)}
                  </span>
                  <span className="pack-needs">You will type {needsWords(x)}.</span>
                </span>
              </label>
            ))}
          </fieldset>
        ) : (
          <p>Everything in this pack is already set up here, so there is nothing new to add.</p>
        )}
        {duplicates.length > 0 && (
          <section className="pack-skipped" aria-labelledby={`${fileId}-skipped`}>
            <h3 id={`${fileId}-skipped`}>Already here — will be skipped ({duplicates.length})</h3>
            <ul>
              {duplicates.map((x) => (
                <li key={x.index}>
                  <strong>{x.label}</strong> <span className="muted">· {x.providerName}</span> — same as your “{x.duplicateOf}”
                </li>
              ))}
            </ul>
          </section>
        )}
        {settingLines.length > 0 && (
          <fieldset className="pack-list">
            <legend>Settings in this pack that differ from yours</legend>
            <label className="check">
              <input type="checkbox" checked={applySettings} onChange={(e) => setApplySettings(e.target.checked)} aria-describedby={`${fileId}-settings`} />
              <span>Use these settings instead of mine</span>
            </label>
            <ul id={`${fileId}-settings`} className="pack-settings">
              {settingLines.map((line) => (
                <li key={line.key}>{line.text}</li>
              ))}
            </ul>
          </fieldset>
        )}
        {errorLine}
        <div className="actions">
          <button type="submit" className="primary" disabled={!busy && count === 0 && !applySettings} {...whileBusy(busy)}>
            {busy ? 'Adding…' : count > 0 ? `Add ${count} ${count === 1 ? 'connection' : 'connections'}` : 'Use the settings'}
          </button>
          <button type="button" {...whileBusy(busy, () => (setStep({ kind: 'choose' }), setError(null)), false)}>
            Choose another file
          </button>
          <button type="button" {...whileBusy(busy, onClose, false)}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
