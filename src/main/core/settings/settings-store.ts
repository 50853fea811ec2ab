/**
 * Settings are not secret and must be readable while the vault is locked (theme,
 * clipboard time), so they live in their own small document, validated on load: an
 * unknown or out-of-range value falls back to its default instead of breaking start-up.
 *
 * Every change goes through `update` (the settings screen, a team pack), which is where
 * OS-level settings are applied first through the optional SystemSettingsPort: a refused
 * shortcut or login item fails the update and nothing is saved.
 */
import { settingsPatch } from '../../../shared/contract';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/views';
import type { Logger, Persistence, SystemSettingsPort } from '../ports';

export class SettingsStore {
  private current: Settings = { ...DEFAULT_SETTINGS };
  /** Updates run one at a time: each applies OS settings against the value saved before it. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly persistence: Persistence,
    private readonly logger: Logger,
    private readonly system?: SystemSettingsPort,
  ) {}

  async load(): Promise<void> {
    let raw: unknown = null;
    try {
      raw = await this.persistence.load();
    } catch {
      this.logger.warn('settings unreadable; using defaults');
    }
    if (!raw || typeof raw !== 'object') return;
    // Validate key by key so one bad value does not throw away the others.
    const next: Settings = { ...DEFAULT_SETTINGS };
    for (const [key, value] of Object.entries(raw)) {
      const one = settingsPatch.safeParse({ [key]: value });
      if (one.success) Object.assign(next, one.data);
    }
    this.current = next;
  }

  get(): Settings {
    return { ...this.current };
  }

  update(patch: Partial<Settings>): Promise<Settings> {
    const run = this.queue.then(() => this.updateNow(patch));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async updateNow(patch: Partial<Settings>): Promise<Settings> {
    const before = this.current;
    const next = { ...before, ...patch };
    // What to put back in the OS if a later step fails, newest first.
    const undo: Array<() => Promise<void>> = [];
    try {
      if (this.system && next.shortcut !== before.shortcut) {
        await this.system.applyShortcut(next.shortcut);
        undo.unshift(() => this.system!.applyShortcut(before.shortcut));
      }
      if (this.system && next.launchAtLogin !== before.launchAtLogin) {
        await this.system.applyLaunchAtLogin(next.launchAtLogin);
        undo.unshift(() => this.system!.applyLaunchAtLogin(before.launchAtLogin));
      }
      await this.persistence.save(next);
    } catch (e) {
      for (const step of undo) {
        await step().catch((err: unknown) => this.logger.warn('could not restore a system setting', { error: String(err) }));
      }
      throw e;
    }
    this.current = next;
    return this.get();
  }
}
