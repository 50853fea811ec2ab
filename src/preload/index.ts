/**
 * Exposes `window.tokendesk`: `invoke(channel, request)` for every contract channel and
 * `on(event, listener)` for pushed changes. Only contract names pass (anything else is
 * refused here, before IPC); the Electron event object never reaches the page, and every
 * subscription returns its own unsubscribe function.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { Channel, EventName, IpcResult, TokenDeskApi } from '../shared/contract';

// Listed here (not imported) so the sandboxed preload bundle stays free of zod. The type
// checks below fail `npm run typecheck` when the contract gains a name missing here, and
// test/unit/preload/index.test.ts compares both lists with the contract at run time.
export const CHANNELS = [
  'vault:status',
  'vault:create',
  'vault:unlock',
  'vault:lock',
  'vault:changePassword',
  'vault:restoreBackup',
  'providers:list',
  'connections:list',
  'connections:get',
  'connections:add',
  'connections:update',
  'connections:remove',
  'connections:test',
  'connections:testDraft',
  'connections:signIn',
  'tenants:discover',
  'tenants:select',
  'tokens:copy',
  'tokens:refresh',
  'tokens:reveal',
  'packs:export',
  'packs:preview',
  'packs:import',
  'settings:get',
  'settings:update',
  'audit:list',
] as const satisfies readonly Channel[];
export const EVENTS = ['vault:changed', 'connections:changed', 'settings:changed', 'audit:appended', 'ui:notice'] as const satisfies readonly EventName[];

type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>;
const everyChannelListed: Missing<Channel, (typeof CHANNELS)[number]> = true;
const everyEventListed: Missing<EventName, (typeof EVENTS)[number]> = true;
void everyChannelListed;
void everyEventListed;

const channelSet: ReadonlySet<string> = new Set(CHANNELS);
const eventSet: ReadonlySet<string> = new Set(EVENTS);

export const api: TokenDeskApi = {
  async invoke(channel: Channel, request?: unknown) {
    if (!channelSet.has(channel)) throw Object.assign(new Error(`TokenDesk has no request called ${String(channel)}.`), { code: 'unknown-channel' });
    const result = (await ipcRenderer.invoke(channel, request)) as IpcResult<never>;
    if (result.ok) return result.value;
    // Errors cross the bridge as plain objects so their code and message survive.
    throw Object.assign(new Error(result.error.message), { code: result.error.code });
  },
  on(event, listener) {
    if (!eventSet.has(event)) throw new Error(`Unknown event ${String(event)}`);
    if (typeof listener !== 'function') throw new TypeError('on() needs a listener function');
    const wrapped = (_e: unknown, payload: unknown) => (listener as (p: unknown) => void)(payload);
    ipcRenderer.on(event, wrapped);
    return () => void ipcRenderer.removeListener(event, wrapped);
  },
};

contextBridge.exposeInMainWorld('tokendesk', api);
