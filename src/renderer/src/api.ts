/** The window's only way to the main process. Errors carry a plain-language message. */
import type { Channel, RequestOf, ResponseOf } from '../../shared/contract';

export function call<C extends Channel>(channel: C, request?: RequestOf<C>): Promise<ResponseOf<C>> {
  return window.tokendesk.invoke(channel, request);
}

export function errorMessage(e: unknown): string {
  return e instanceof Error && e.message ? e.message : 'Something went wrong. Try again.';
}

/** The stable code main gave an error (see src/main/core/errors.ts), when there is one. */
export function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
