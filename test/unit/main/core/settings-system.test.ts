import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CoreError, type SystemSettingsPort } from '../../../../src/main/core';
import { DEFAULT_SETTINGS } from '../../../../src/shared/views';
import { makeCore, type Harness } from '../../../support/core-harness';

let h: Harness;
afterEach(async () => h?.cleanup());

const TAKEN = 'Ctrl+Alt+K is already used by another app. Choose another shortcut in Settings.';

/** Stands in for the shell: Ctrl+Alt+K belongs to another app; records what was applied. */
function fakeSystem(): SystemSettingsPort & { applied: string[] } {
  const applied: string[] = [];
  return {
    applied,
    applyShortcut: vi.fn(async (accelerator: string) => {
      if (accelerator === 'Ctrl+Alt+K') throw new CoreError('setting-not-applied', TAKEN);
      applied.push(`shortcut ${accelerator}`);
    }),
    applyLaunchAtLogin: vi.fn(async (enabled: boolean) => void applied.push(`login ${enabled}`)),
  };
}

async function savedSettings(dir: string): Promise<unknown> {
  return JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'));
}

describe('settings that live in the OS (shortcut, start at sign-in)', () => {
  it('applies a new shortcut before saving it', async () => {
    const system = fakeSystem();
    h = await makeCore({ systemSettings: system });
    const next = await h.core.settings.update({ shortcut: 'Ctrl+Alt+J' });
    expect(next.shortcut).toBe('Ctrl+Alt+J');
    expect(system.applied).toEqual(['shortcut Ctrl+Alt+J']);
    expect(await savedSettings(h.dataDir)).toMatchObject({ shortcut: 'Ctrl+Alt+J' });
  });

  it('a shortcut taken by another app fails the update in plain words and keeps the previous one', async () => {
    const system = fakeSystem();
    h = await makeCore({ systemSettings: system });
    await h.core.settings.update({ shortcut: 'Ctrl+Alt+J' });
    const events = vi.fn();
    h.core.on('settings:changed', events);

    await expect(h.core.settings.update({ shortcut: 'Ctrl+Alt+K', theme: 'dark' })).rejects.toMatchObject({ code: 'setting-not-applied', message: TAKEN });

    expect(await h.core.settings.get()).toMatchObject({ shortcut: 'Ctrl+Alt+J', theme: DEFAULT_SETTINGS.theme });
    expect(await savedSettings(h.dataDir)).toMatchObject({ shortcut: 'Ctrl+Alt+J' });
    expect(events).not.toHaveBeenCalled();
    const audit = await h.core.audit.list({});
    expect(audit.filter((e) => e.action === 'settings-changed')).toHaveLength(1);
    // Survives a restart too: the saved value is the working one.
    await h.reopen({ systemSettings: system });
    expect((await h.core.settings.get()).shortcut).toBe('Ctrl+Alt+J');
  });

  it('does not ask the OS again for settings that did not change', async () => {
    const system = fakeSystem();
    h = await makeCore({ systemSettings: system });
    await h.core.settings.update({ theme: 'dark', shortcut: DEFAULT_SETTINGS.shortcut, launchAtLogin: DEFAULT_SETTINGS.launchAtLogin });
    expect(system.applyShortcut).not.toHaveBeenCalled();
    expect(system.applyLaunchAtLogin).not.toHaveBeenCalled();
  });

  it('start at sign-in is applied before saving; a refusal saves nothing', async () => {
    const system = fakeSystem();
    h = await makeCore({ systemSettings: system });
    await h.core.settings.update({ launchAtLogin: true });
    expect(system.applied).toEqual(['login true']);
    vi.mocked(system.applyLaunchAtLogin).mockRejectedValueOnce(new CoreError('setting-not-applied', 'TokenDesk could not remove itself…'));
    await expect(h.core.settings.update({ launchAtLogin: false })).rejects.toMatchObject({ code: 'setting-not-applied' });
    expect((await h.core.settings.get()).launchAtLogin).toBe(true);
  });

  it('when a later step fails, the shortcut already applied is put back', async () => {
    const system = fakeSystem();
    h = await makeCore({ systemSettings: system });
    vi.mocked(system.applyLaunchAtLogin).mockRejectedValueOnce(new CoreError('setting-not-applied', 'no'));
    await expect(h.core.settings.update({ shortcut: 'Ctrl+Alt+J', launchAtLogin: true })).rejects.toMatchObject({ code: 'setting-not-applied' });
    expect(system.applied).toEqual(['shortcut Ctrl+Alt+J', `shortcut ${DEFAULT_SETTINGS.shortcut}`]);
    expect((await h.core.settings.get()).shortcut).toBe(DEFAULT_SETTINGS.shortcut);
  });

  it('without a shell (tests, the E2E bridge) settings save as before', async () => {
    h = await makeCore();
    expect((await h.core.settings.update({ shortcut: 'Ctrl+Alt+K' })).shortcut).toBe('Ctrl+Alt+K');
  });
});
