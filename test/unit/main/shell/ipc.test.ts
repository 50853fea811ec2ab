import { describe, expect, it, vi } from 'vitest';
import { channels } from '../../../../src/shared/contract';
import { isTrustedUrl, registerIpc, type IpcEventLike } from '../../../../src/main/shell/ipc';
import { makeCore, MASTER } from '../../../support/core-harness';

function fakeIpcMain() {
  const handlers = new Map<string, (e: IpcEventLike, p: unknown) => Promise<unknown>>();
  return {
    handlers,
    handle: vi.fn((c: string, fn: (e: IpcEventLike, p: unknown) => Promise<unknown>) => void handlers.set(c, fn)),
    removeHandler: vi.fn((c: string) => void handlers.delete(c)),
  };
}

const APP = 'file:///opt/TokenDesk/resources/app.asar/out/renderer/';
const own: IpcEventLike = { senderFrame: { url: `${APP}index.html` } };

describe('IPC registration from the contract', () => {
  it('registers exactly one handler per channel and removes them all', async () => {
    const h = await makeCore();
    const ipc = fakeIpcMain();
    const off = registerIpc(ipc, h.core, [APP]);
    expect([...ipc.handlers.keys()].sort()).toEqual(Object.keys(channels).sort());
    off();
    expect(ipc.handlers.size).toBe(0);
    await h.cleanup();
  });

  it('rejects a sender that is not the app page, before touching the core', async () => {
    const h = await makeCore();
    const ipc = fakeIpcMain();
    registerIpc(ipc, h.core, [APP]);
    for (const url of ['https://evil.example/', 'file:///tmp/evil.html', '', 'about:blank']) {
      const r = await ipc.handlers.get('vault:create')!({ senderFrame: { url } }, { password: MASTER });
      expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const none = await ipc.handlers.get('vault:status')!({ senderFrame: null }, undefined);
    expect(none).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await h.core.vault.status()).state).toBe('new');
    await h.cleanup();
  });

  it('rejects a bad payload with a plain message; passes a good one through', async () => {
    const h = await makeCore();
    const ipc = fakeIpcMain();
    registerIpc(ipc, h.core, [APP]);
    const short = await ipc.handlers.get('vault:create')!(own, { password: 'short' });
    expect(short).toEqual({ ok: false, error: { code: 'invalid-input', message: 'Use at least 10 characters for the master password.' } });
    const wrongType = await ipc.handlers.get('tokens:copy')!(own, { connectionId: 5, format: 'exe' });
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const ok = await ipc.handlers.get('vault:create')!(own, { password: MASTER });
    expect(ok).toMatchObject({ ok: true, value: { state: 'unlocked' } });
    const locked = await ipc.handlers.get('connections:get')!(own, { id: 'nope' });
    expect(locked).toMatchObject({ ok: false, error: { code: 'not-found' } });
    await h.cleanup();
  });

  it('trusts only the configured origins', () => {
    expect(isTrustedUrl('http://localhost:5173/', ['http://localhost:5173'])).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', ['http://localhost:5173'])).toBe(false);
    expect(isTrustedUrl(`${APP}index.html`, [APP])).toBe(true);
    expect(isTrustedUrl('file:///opt/TokenDesk/resources/app.asar/out/renderer-evil/x.html', [APP])).toBe(false);
    expect(isTrustedUrl('not a url', [APP])).toBe(false);
  });
});
