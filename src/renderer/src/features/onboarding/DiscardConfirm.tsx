/** "Discard this new connection?" — asked before closing a wizard that holds typed input. */
import { Dialog } from '../../components/Dialog';
import { useAppStore } from '../../store/app-store';

export function DiscardConfirm({ providerName }: { providerName: string | null }) {
  const confirmLeave = useAppStore((s) => s.confirmLeave);
  const cancelLeave = useAppStore((s) => s.cancelLeave);
  return (
    <Dialog title="Discard this new connection?" onClose={cancelLeave} className="confirm" role="alertdialog">
      <p>
        What you typed{providerName ? ` for ${providerName}` : ''} will be forgotten, including any password or key. Nothing has been saved yet.
      </p>
      <div className="actions">
        <button type="button" onClick={cancelLeave} data-autofocus>
          Keep editing
        </button>
        <button type="button" className="danger-solid" onClick={confirmLeave}>
          Discard
        </button>
      </div>
    </Dialog>
  );
}
