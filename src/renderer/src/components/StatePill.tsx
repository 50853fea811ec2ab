/** A coloured pill with the token state in one or two plain words. */
import type { TokenState, TokenStatus } from '../../../shared/views';
import { STATE_WORDS } from '../lib/state-words';

export { STATE_WORDS };

export function StatePill({ state }: { state: TokenState }) {
  return <span className={`pill pill-${state}`}>{STATE_WORDS[state]}</span>;
}

/**
 * The status line without repeating the pill: "Valid — renews by itself" next to a
 * "Valid" pill reads as "Renews by itself".
 */
export function plainMessage(status: TokenStatus): string {
  const m = /^([^—]+?)\s+—\s+(.+)$/.exec(status.message);
  if (m && m[1]!.trim().toLowerCase() === STATE_WORDS[status.state].toLowerCase()) {
    return m[2]!.charAt(0).toUpperCase() + m[2]!.slice(1);
  }
  return status.message;
}
