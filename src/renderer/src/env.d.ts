import type { TokenDeskApi } from '../../shared/contract';

declare global {
  interface Window {
    /** Supplied by the preload (or by the E2E test bridge). */
    tokendesk: TokenDeskApi;
  }
}
export {};
