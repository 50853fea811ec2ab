/**
 * Exposes `window.tokendesk`: `invoke(channel, request)` for every contract channel and
 * `on(event, listener)` for pushed changes. Only contract names pass; the Electron event
 * object never reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { Channel, EventName, IpcResult, TokenDeskApi } from '../shared/contract';

// Listed here (not imported) so the sandboxed preload bundle stays free of zod.
const EVENTS: readonly EventName[] = ['vault:changed', 'connections:changed', 'settings:changed', 'audit:appended', 'ui:notice'];

const api: TokenDeskApi = {
  async invoke(channel: Channel, request?: unknown) {
    const result = (await ipcRenderer.invoke(channel, request)) as IpcResult<never>;
    if (result.ok) return result.value;
    // Errors cross the bridge as plain objects so their code and message survive.
    throw Object.assign(new Error(result.error.message), { code: result.error.code });
  },
  on(event, listener) {
    if (!EVENTS.includes(event)) throw new Error(`Unknown event ${String(event)}`);
    const wrapped = (_e: unknown, payload: unknown) => (listener as (p: unknown) => void)(payload);
    ipcRenderer.on(event, wrapped);
    return () => ipcRenderer.removeListener(event, wrapped);
  },
};

contextBridge.exposeInMainWorld('tokendesk', api);
