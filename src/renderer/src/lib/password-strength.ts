/**
 * Advice on how hard a new master password is to guess. Pure and quick; the 10-character
 * minimum is still the rule enforced by main — this is only a meter.
 */

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export interface PasswordStrength {
  score: StrengthScore;
  /** "Too short", "Weak", "Fair", "Good" or "Strong". */
  label: string;
  /** One plain sentence on what would help. */
  hint: string;
}

export const MIN_LENGTH = 10;
export const STRENGTH_LABELS = ['Too short', 'Weak', 'Fair', 'Good', 'Strong'] as const;

const COMMON = [
  'password', 'passwort', 'passw0rd', 'qwerty', 'qwertz', 'azerty', 'letmein', 'welcome', 'admin', 'administrator',
  'iloveyou', 'monkey', 'dragon', 'master', 'login', 'football', 'baseball', 'sunshine', 'princess', 'trustno1',
  'secret', 'changeme', 'superman', 'batman', 'shadow', 'freedom', 'whatever', 'starwars', 'hello', 'tokendesk',
];
const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890'];
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };

function poolSize(chars: string[]): number {
  let pool = 0;
  if (chars.some((c) => /[a-z]/.test(c))) pool += 26;
  if (chars.some((c) => /[A-Z]/.test(c))) pool += 26;
  if (chars.some((c) => /[0-9]/.test(c))) pool += 10;
  if (chars.some((c) => c === ' ')) pool += 1;
  if (chars.some((c) => /[^a-zA-Z0-9 ]/.test(c))) pool += 33;
  return Math.max(pool, 1);
}

/** Characters that add nothing: the tail of a run "aaaa" or of a sequence "1234", "abcd", "qwer". */
function predictableChars(lower: string[]): { repeats: number; sequences: number } {
  let repeats = 0;
  let sequences = 0;
  let run = 1;
  let seq = 1;
  let dir = 0;
  const flushRun = () => {
    if (run >= 3) repeats += run - 1;
  };
  const flushSeq = () => {
    if (seq >= 3) sequences += seq - 1;
  };
  for (let i = 1; i < lower.length; i++) {
    const prev = lower[i - 1]!;
    const cur = lower[i]!;
    if (cur === prev) run++;
    else {
      flushRun();
      run = 1;
    }
    const step = stepBetween(prev, cur);
    if (step !== 0 && (seq === 1 || step === dir)) {
      dir = step;
      seq++;
    } else {
      flushSeq();
      seq = step !== 0 ? 2 : 1;
      dir = step;
    }
  }
  flushRun();
  flushSeq();
  return { repeats, sequences };
}

function stepBetween(a: string, b: string): number {
  const d = b.codePointAt(0)! - a.codePointAt(0)!;
  if ((d === 1 || d === -1) && /[a-z0-9]/.test(a) && /[a-z0-9]/.test(b)) return d;
  for (const row of KEYBOARD_ROWS) {
    const i = row.indexOf(a);
    const j = row.indexOf(b);
    if (i >= 0 && j >= 0 && Math.abs(i - j) === 1) return (j - i) * 2;
  }
  return 0;
}

export function passwordStrength(pw: string): PasswordStrength {
  const chars = [...pw];
  const result = (score: StrengthScore, hint: string): PasswordStrength => ({ score, label: STRENGTH_LABELS[score], hint });
  if (chars.length < MIN_LENGTH) {
    return result(0, `Use at least ${MIN_LENGTH} characters. A few unrelated words are easy to remember.`);
  }

  const lower = chars.map((c) => c.toLowerCase());
  const plain = lower.map((c) => LEET[c] ?? c).join('');
  const lettersOnly = plain.replace(/[^a-z]/g, '');
  const common = COMMON.filter((w) => plain.includes(w));
  const isCommon = COMMON.includes(lettersOnly) || COMMON.some((w) => lettersOnly.startsWith(w) && lettersOnly.length <= w.length + 2);
  const { repeats, sequences } = predictableChars(lower);

  // A known word counts as about one character; so do runs and sequences.
  let effective = chars.length - repeats - sequences;
  for (const w of common) effective -= w.length - 1;
  effective = Math.max(effective, 1);
  const bits = effective * Math.log2(poolSize(chars));

  let score: StrengthScore = bits < 45 ? 1 : bits < 60 ? 2 : bits < 75 ? 3 : 4;
  if (isCommon) score = 1;

  if (isCommon || (common.length > 0 && score < 4)) {
    return result(score, 'It contains a well-known password. Use words only you would pick.');
  }
  if (repeats + sequences >= 3 && score < 4) return result(score, 'Avoid runs like “aaa” or “1234”; add a few more words instead.');
  if (score <= 2) return result(score, 'Add a few more words.');
  if (score === 3) return result(score, 'Add another word to make it strong.');
  return result(score, 'Remember it well: it cannot be recovered.');
}
