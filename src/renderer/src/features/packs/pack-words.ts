/** Plain words for what a team pack holds: its settings, its date, what each entry needs. */
import type { PackPreviewEntry, Settings } from '../../../../shared/views';

function minutes(n: number): string {
  return `${n} ${n === 1 ? 'minute' : 'minutes'}`;
}

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} seconds`;
  if (seconds < 3600) return minutes(Math.round(seconds / 60));
  const h = seconds / 3600;
  return `${h} ${h === 1 ? 'hour' : 'hours'}`;
}

/** One line per setting the pack would apply, in the words the Settings screen uses. */
export function settingsWords(s: Partial<Settings>): string[] {
  return settingsLines(s).map((l) => l.text);
}

/** The same lines with the setting each one is about, to compare with the person's own. */
export function settingsLines(s: Partial<Settings>): Array<{ key: keyof Settings; text: string }> {
  const keys = (['clipboardClearSeconds', 'lockAfterIdleMinutes', 'lockOnScreenLock', 'minValiditySeconds', 'theme'] as const).filter((k) => s[k] !== undefined);
  return keys.map((key) => ({ key, text: settingWords({ [key]: s[key] }) }));
}

function settingWords(s: Partial<Settings>): string {
  const out: string[] = [];
  if (s.clipboardClearSeconds !== undefined) {
    out.push(s.clipboardClearSeconds === 0 ? 'Never clear the clipboard by itself' : `Clear the clipboard ${duration(s.clipboardClearSeconds)} after copying`);
  }
  if (s.lockAfterIdleMinutes !== undefined) {
    out.push(s.lockAfterIdleMinutes === 0 ? 'Never lock TokenDesk when idle' : `Lock TokenDesk after ${minutes(s.lockAfterIdleMinutes)} idle`);
  }
  if (s.lockOnScreenLock !== undefined) {
    out.push(s.lockOnScreenLock ? 'Lock TokenDesk when the computer locks' : 'Keep TokenDesk open when the computer locks');
  }
  if (s.minValiditySeconds !== undefined) out.push(`A copied token must still work for at least ${duration(s.minValiditySeconds)}`);
  if (s.theme !== undefined) {
    out.push(`Appearance: ${{ system: 'same as the computer', light: 'light', dark: 'dark' }[s.theme]}`);
  }
  return out.join('');
}

export function packDate(createdAt: number | null): string | null {
  if (createdAt === null) return null;
  return new Date(createdAt).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
}

/** "your Cogniac email and your Cogniac password" */
export function needsWords(entry: PackPreviewEntry): string {
  const n = entry.needs;
  if (n.length === 0) return 'nothing more';
  if (n.length === 1) return n[0]!;
  return `${n.slice(0, -1).join(', ')} and ${n.at(-1)}`;
}

export function addressOf(url: string | null): string {
  if (!url) return 'the service’s usual address';
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
