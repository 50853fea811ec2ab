/**
 * Settings are not secret and must be readable while the vault is locked (theme,
 * clipboard time), so they live in their own small document, validated on load: an
 * unknown or out-of-range value falls back to its default instead of breaking start-up.
 */
import { settingsPatch } from '../../../shared/contract';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/views';
import type { Logger, Persistence } from '../ports';

export class SettingsStore {
  private current: Settings = { ...DEFAULT_SETTINGS };

  constructor(
    private readonly persistence: Persistence,
    private readonly logger: Logger,
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

  async update(patch: Partial<Settings>): Promise<Settings> {
    const next = { ...this.current, ...patch };
    await this.persistence.save(next);
    this.current = next;
    return this.get();
  }
}
