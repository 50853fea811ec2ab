/** Settings → Team packs: share a setup without secrets, or start from a colleague's. */
import { useState } from 'react';
import { ExportPackDialog } from './ExportPackDialog';
import { ImportPackDialog } from './ImportPackDialog';

export function TeamPacksSection() {
  const [open, setOpen] = useState<'export' | 'import' | null>(null);
  return (
    <section className="card settings team-packs" aria-labelledby="team-packs-title">
      <h2 id="team-packs-title">Team packs</h2>
      <p className="muted">
        Share your setup with a new colleague: which services, addresses and tenants you use — never a password, key or token. They import the pack and type
        only their own sign-in details.
      </p>
      <div className="actions">
        <button type="button" onClick={() => setOpen('export')}>
          Export team pack…
        </button>
        <button type="button" onClick={() => setOpen('import')}>
          Import team pack…
        </button>
      </div>
      {open === 'export' && <ExportPackDialog onClose={() => setOpen(null)} />}
      {open === 'import' && <ImportPackDialog onClose={() => setOpen(null)} />}
    </section>
  );
}
