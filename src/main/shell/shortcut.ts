/**
 * The global quick-copy shortcut. Registering can fail because another app already owns
 * the key combination (Electron then returns false) or because the text is not a valid
 * accelerator (it throws); both come back as one plain sentence for the Settings screen.
 */
import { globalShortcut } from 'electron';
import { CoreError } from '../core/errors';

export const DEFAULT_SHORTCUT = 'CommandOrControl+Shift+Space';

export type ShortcutResult = { ok: true; accelerator: string } | { ok: false; message: string };

export interface GlobalShortcutLike {
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

/** "CommandOrControl+Shift+Space" as people read it on this platform: "Ctrl+Shift+Space" / "Cmd+Shift+Space". */
export function describeAccelerator(accelerator: string, platform: NodeJS.Platform | string = process.platform): string {
  const mac = platform === 'darwin';
  return accelerator
    .split('+')
    .map((part) => {
      const p = part.trim();
      if (/^(CommandOrControl|CmdOrCtrl)$/i.test(p)) return mac ? 'Cmd' : 'Ctrl';
      if (/^(Command|Cmd|Super|Meta)$/i.test(p)) return mac ? 'Cmd' : 'Super';
      if (/^(Control|Ctrl)$/i.test(p)) return 'Ctrl';
      if (/^(Alt|Option)$/i.test(p)) return mac ? 'Option' : 'Alt';
      return p;
    })
    .join('+');
}

export class ShortcutManager {
  private current: string | null = null;

  constructor(
    private readonly onPress: () => void,
    private readonly shortcuts: GlobalShortcutLike = globalShortcut,
    private readonly platform: NodeJS.Platform | string = process.platform,
  ) {}

  get registered(): string | null {
    return this.current;
  }

  /** Replaces the current shortcut; on failure the previous one stays registered. */
  set(accelerator: string): ShortcutResult {
    const wanted = accelerator.trim();
    if (wanted === this.current) return { ok: true, accelerator: wanted };
    const readable = describeAccelerator(wanted || '(empty)', this.platform);
    if (!wanted) return { ok: false, message: 'Choose a shortcut in Settings: press the keys you want to use.' };
    let registered: boolean;
    try {
      registered = this.shortcuts.register(wanted, this.onPress);
    } catch {
      return { ok: false, message: `${readable} is not a shortcut TokenDesk can use. Choose another shortcut in Settings.` };
    }
    if (!registered) {
      return { ok: false, message: `${readable} is already used by another app. Choose another shortcut in Settings.` };
    }
    if (this.current) this.shortcuts.unregister(this.current);
    this.current = wanted;
    return { ok: true, accelerator: wanted };
  }

  /**
   * The shortcut half of the core's SystemSettingsPort: registers the new shortcut (the old
   * one is released only once the new one works) or throws the plain sentence, so the
   * settings update fails and the previous, working shortcut stays saved and active.
   */
  async apply(accelerator: string): Promise<void> {
    const result = this.set(accelerator);
    if (!result.ok) throw new CoreError('setting-not-applied', result.message, { field: 'shortcut' });
  }

  clear(): void {
    if (this.current) this.shortcuts.unregister(this.current);
    this.current = null;
  }
}
