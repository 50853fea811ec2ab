/** Copy a header/token/command and tell the person what happened, in a toast. */
import type { CopyFormat } from '../../../shared/contract';
import type { ConnectionView, TenantView } from '../../../shared/views';
import { call, errorMessage } from '../api';
import { useAppStore } from '../store/app-store';

export const FORMAT_WORDS: Record<CopyFormat, string> = {
  header: 'the header',
  token: 'the token',
  curl: 'the curl command',
  powershell: 'the PowerShell command',
  python: 'the Python code',
};

export function subjectOf(connection: ConnectionView, tenant?: TenantView): string {
  return tenant ? `${connection.label} — ${tenant.name}` : connection.label;
}

export async function copyValue(connection: ConnectionView, format: CopyFormat, tenant?: TenantView): Promise<void> {
  const { showToast } = useAppStore.getState();
  try {
    const result = await call('tokens:copy', { connectionId: connection.id, format, ...(tenant ? { tenantId: tenant.id } : {}) });
    showToast({
      kind: 'info',
      copy: true,
      // A key sent in the address is pasted there: main's description says how.
      message: connection.placement === 'query' && format === 'header' ? `Copied: ${result.description}.` : `Copied ${FORMAT_WORDS[format]} for ${subjectOf(connection, tenant)}.`,
      clearsAt: result.clearsAt,
      copiedAt: result.copiedAt,
    });
  } catch (e) {
    showToast({ kind: 'error', message: `Could not copy for ${subjectOf(connection, tenant)}: ${errorMessage(e)}` });
  }
}
