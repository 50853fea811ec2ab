/** The token states in one or two plain words: shown on the pills, and checked against the user guide's table of states. */
import type { TokenState } from '../../../shared/views';

export const STATE_WORDS: Record<TokenState, string> = {
  valid: 'Valid',
  static: 'Ready',
  refreshing: 'Renewing',
  expiring: 'Renewing soon',
  expired: 'Expired',
  'needs-you': 'Needs you',
  offline: 'Offline',
  error: 'Problem',
};
