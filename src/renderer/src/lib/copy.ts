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

/**
 * Why a copy cannot work right now, in words that say what to do first; null when it can.
 * Only the person can fix these (the dashboard shows "Fix this…" instead of copy buttons).
 */
export function copyBlockedReason(connection: ConnectionView, tenant?: TenantView): string | null {
  if (connection.status.action === 'enter-credentials') return 'Finish setting up first: type your own sign-in details above.';
  const status = tenant?.status ?? connection.status;
  if (status.state !== 'needs-you') return null;
  switch (status.action) {
    case 'update-password':
      return 'Update the password first: press “Replace” next to Password, then “Sign in again”.';
    case 'enter-mfa':
      return 'Sign in first: type the 6-digit code from your authenticator app above, then press “Sign in”.';
    case 'sign-in-again':
      return connection.authKind === 'oauth2-auth-code' ? 'Sign in first: press “Sign in” below.' : 'Sign in first: press “Sign in again” below.';
    case 'check-settings':
      return 'Fix the settings first: see “What to do” above, then press “Test connection”.';
    case 'unlock':
      return 'Unlock TokenDesk first.';
    default:
      return 'Sign in first: see “What to do” above.';
  }
}
