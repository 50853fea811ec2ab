import { describe, expect, it } from 'vitest';
import { passwordStrength } from '../../../src/renderer/src/lib/password-strength';

describe('passwordStrength', () => {
  it('calls anything under 10 characters too short', () => {
    for (const pw of ['', 'a', 'Xk#9!qL2', '123456789']) {
      expect(passwordStrength(pw)).toMatchObject({ score: 0, label: 'Too short' });
    }
    expect(passwordStrength('short').hint).toMatch(/at least 10 characters/);
  });

  it('rates well-known passwords weak, even with digits and symbols added', () => {
    for (const pw of ['password12', 'Password123!', 'P@ssw0rd2024', 'qwerty1234', 'letmein!!!']) {
      expect(passwordStrength(pw), pw).toMatchObject({ score: 1, label: 'Weak' });
    }
    expect(passwordStrength('Password123!').hint).toMatch(/well-known/);
  });

  it('penalises repetition and sequences', () => {
    expect(passwordStrength('aaaaaaaaaaaa').score).toBe(1);
    expect(passwordStrength('1234567890').score).toBe(1);
    expect(passwordStrength('abcdefghijkl').score).toBe(1);
    expect(passwordStrength('asdfghjkl;').score).toBe(1);
    expect(passwordStrength('zyxwvutsrqpo').score).toBe(1);
  });

  it('rewards length and variety', () => {
    expect(passwordStrength('blue-river')).toMatchObject({ label: 'Fair', hint: 'Add a few more words.' });
    expect(passwordStrength('bluerivers')).toMatchObject({ score: 2, hint: 'Add a few more words.' });
    expect(passwordStrength('Blue river 42').score).toBeGreaterThanOrEqual(2);
    expect(passwordStrength('Tr0ub4dor&3x').score).toBeGreaterThanOrEqual(3);
    expect(passwordStrength('correct horse battery staple')).toMatchObject({ score: 4, label: 'Strong' });
  });

  it('never goes down when characters are added to a good passphrase', () => {
    const phrase = 'copper lantern drifts over quiet fields';
    let last = 0;
    for (let i = 10; i <= phrase.length; i++) {
      const { score } = passwordStrength(phrase.slice(0, i));
      expect(score).toBeGreaterThanOrEqual(last - 1);
      last = Math.max(last, score);
    }
    expect(last).toBe(4);
  });

  it('always gives one plain hint and a label that matches the score', () => {
    const labels = ['Too short', 'Weak', 'Fair', 'Good', 'Strong'];
    for (const pw of ['', 'x'.repeat(30), 'Summer holidays in 1998', 'N7$kq!Vz02pL#r']) {
      const s = passwordStrength(pw);
      expect(s.label).toBe(labels[s.score]);
      expect(s.hint.length).toBeGreaterThan(5);
    }
  });
});
