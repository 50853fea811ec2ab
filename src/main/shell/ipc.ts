/**
 * Registers one handler per contract channel. Each handler checks that the call comes
 * from the app's own page, validates the payload with the channel's zod schema, calls
 * the core method of the same name, and turns any error into plain `{code, message}`.
 */
import { channels, splitChannel, type Channel, type IpcResult } from '../../shared/contract';
import type { Core } from '../core';
import { isCoreError } from '../core/errors';

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, payload: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}
export interface IpcEventLike {
  senderFrame: { url: string } | null;
}

export function isTrustedUrl(url: string, trustedOrigins: readonly string[]): boolean {
  if (url.startsWith('file://')) return trustedOrigins.some((o) => o.startsWith('file://') && url.startsWith(o));
  try {
    return trustedOrigins.includes(new URL(url).origin);
  } catch {
    return false;
  }
}

export async function handleCall(core: Core, channel: Channel, payload: unknown): Promise<IpcResult<unknown>> {
  // Validate here too, so a malformed payload never reaches the core at all.
  const parsed = channels[channel].request.safeParse(payload);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: { code: 'invalid-input', message: issue?.message ?? 'Some of what you entered is not valid.' } };
  }
  const [domain, verb] = splitChannel(channel);
  const method = (core as unknown as Record<string, Record<string, (req: unknown) => Promise<unknown>>>)[domain]![verb]!;
  try {
    return { ok: true, value: await method(payload) };
  } catch (e) {
    if (isCoreError(e)) return { ok: false, error: { code: e.code, message: e.message } };
    return { ok: false, error: { code: 'internal', message: 'Something went wrong inside TokenDesk. Try again; if it keeps happening, restart the app.' } };
  }
}

export function registerIpc(ipcMain: IpcMainLike, core: Core, trustedOrigins: readonly string[]): () => void {
  const names = Object.keys(channels) as Channel[];
  for (const channel of names) {
    ipcMain.handle(channel, async (event, payload) => {
      const url = event.senderFrame?.url ?? '';
      if (!isTrustedUrl(url, trustedOrigins)) {
        return { ok: false, error: { code: 'forbidden', message: 'This request did not come from TokenDesk’s own window.' } };
      }
      return handleCall(core, channel, payload);
    });
  }
  return () => names.forEach((c) => ipcMain.removeHandler(c));
}
