import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channels, eventNames, type TokenDeskApi } from '../../../src/shared/contract';

// A fake ipcRenderer: a real EventEmitter (so listeners are really added and removed) plus
// an invoke whose answer each test sets. contextBridge records what was exposed.
const ipc = Object.assign(new EventEmitter(), { invoke: vi.fn<(channel: string, request?: unknown) => Promise<unknown>>() });
const exposed = new Map<string, unknown>();
vi.mock('electron', () => ({
  ipcRenderer: ipc,
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => void exposed.set(key, value) },
}));

const preload = await import('../../../src/preload/index');
const api = exposed.get('tokendesk') as TokenDeskApi;

/** Sends an event the way Electron does: (event object, payload). */
function push(event: string, payload: unknown) {
  ipc.emit(event, { sender: 'the Electron IpcRendererEvent', ports: [] }, payload);
}

beforeEach(() => {
  ipc.removeAllListeners();
  ipc.invoke.mockReset();
});

describe('preload: window.tokendesk', () => {
  it('is exposed under window.tokendesk and is the exported api', () => {
    expect([...exposed.keys()]).toEqual(['tokendesk']);
    expect(api).toBe(preload.api);
  });

  it('lists exactly the contract channels and events', () => {
    expect([...preload.CHANNELS].sort()).toEqual(Object.keys(channels).sort());
    expect([...preload.EVENTS].sort()).toEqual([...eventNames].sort());
  });

  it('hands listeners the payload only, never the Electron event', () => {
    const got: unknown[][] = [];
    api.on('connections:changed', (...args: unknown[]) => void got.push(args));
    push('connections:changed', [{ id: 'c1' }]);
    expect(got).toEqual([[[{ id: 'c1' }]]]);
  });

  it('unsubscribes exactly the listener it returned, leaving others', () => {
    const a = vi.fn();
    const b = vi.fn();
    const offA = api.on('ui:notice', a);
    api.on('ui:notice', b);
    offA();
    push('ui:notice', { kind: 'info', message: 'hi' });
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledWith({ kind: 'info', message: 'hi' });
    expect(ipc.listenerCount('ui:notice')).toBe(1);
    offA();
    expect(ipc.listenerCount('ui:notice')).toBe(1);
  });

  it('refuses events outside the contract, without subscribing', () => {
    for (const name of ['ipc:anything', 'ELECTRON_BROWSER_WINDOW_ALERT', '__proto__', 'vault:changed ']) {
      expect(() => api.on(name as never, () => undefined)).toThrow(/Unknown event/);
    }
    expect(ipc.eventNames()).toEqual([]);
  });

  it('invokes contract channels and returns the value', async () => {
    ipc.invoke.mockResolvedValue({ ok: true, value: { state: 'locked' } });
    await expect(api.invoke('vault:status')).resolves.toEqual({ state: 'locked' });
    expect(ipc.invoke).toHaveBeenCalledWith('vault:status', undefined);
  });

  it('turns an error result into an Error with the plain message and the code', async () => {
    ipc.invoke.mockResolvedValue({ ok: false, error: { code: 'wrong-password', message: 'That master password is not right.' } });
    await expect(api.invoke('vault:unlock', { password: 'x' })).rejects.toMatchObject({ message: 'That master password is not right.', code: 'wrong-password' });
  });

  it('refuses channels outside the contract before anything reaches IPC', async () => {
    for (const name of ['shell:openExternal', 'vault:status\n', 'constructor', '']) {
      await expect(api.invoke(name as never)).rejects.toMatchObject({ code: 'unknown-channel' });
    }
    expect(ipc.invoke).not.toHaveBeenCalled();
  });
});
