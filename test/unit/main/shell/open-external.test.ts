import { beforeEach, describe, expect, it, vi } from 'vitest';

const openExternal = vi.fn<(url: string, options?: { activate?: boolean }) => Promise<void>>();
vi.mock('electron', () => ({ shell: { openExternal: (url: string, options?: { activate?: boolean }) => openExternal(url, options) } }));

const { openInBrowser, isSafeToOpen } = await import('../../../../src/main/shell/open-external');

describe('openInBrowser', () => {
  beforeEach(() => {
    openExternal.mockReset();
    openExternal.mockResolvedValue(undefined);
  });

  it('opens https pages and loopback http pages in the system browser', async () => {
    await openInBrowser('https://login.example.com/authorize?client_id=a&state=b');
    await openInBrowser('http://127.0.0.1:4567/auth?x=1');
    await openInBrowser('http://localhost:8080/authorize');
    expect(openExternal.mock.calls).toEqual([
      ['https://login.example.com/authorize?client_id=a&state=b', { activate: true }],
      ['http://127.0.0.1:4567/auth?x=1', { activate: true }],
      ['http://localhost:8080/authorize', { activate: true }],
    ]);
  });

  it.each([
    'http://login.example.com/authorize',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://server/share',
    'ms-settings:privacy',
    'https://user:pass@login.example.com/',
    'not a url',
  ])('refuses %s without calling the OS', async (url) => {
    expect(isSafeToOpen(url)).toBe(false);
    await expect(openInBrowser(url)).rejects.toThrow('TokenDesk only opens https:// pages (or http:// on this computer) in the browser.');
    expect(openExternal).not.toHaveBeenCalled();
  });

  it('passes on a failure of the OS to open the browser', async () => {
    openExternal.mockRejectedValueOnce(new Error('no default browser'));
    await expect(openInBrowser('https://login.example.com/')).rejects.toThrow('no default browser');
  });
});
