/** The settings in the words the Settings screen uses, for the activity log ("Changed idle lock, appearance"). */
import type { Settings } from '../../../shared/views';

const SETTING_WORDS: Record<keyof Settings, string> = {
  clipboardClearSeconds: 'clipboard clearing',
  lockAfterIdleMinutes: 'idle lock',
  lockOnScreenLock: 'lock with the computer',
  launchAtLogin: 'start at sign-in',
  shortcut: 'keyboard shortcut',
  theme: 'appearance',
  minValiditySeconds: 'minimum validity',
};

export function describeSettings(keys: string[]): string {
  return keys.map((k) => SETTING_WORDS[k as keyof Settings] ?? k).join(', ');
}
