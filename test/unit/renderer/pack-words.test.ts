import { describe, expect, it } from 'vitest';
import type { PackPreviewEntry } from '../../../src/shared/views';
import { addressOf, needsWords, settingsLines, settingsWords } from '../../../src/renderer/src/features/packs/pack-words';

const entry = (needs: string[]): PackPreviewEntry => ({
  index: 0,
  label: 'x',
  providerId: 'cogniac',
  providerName: 'Cogniac',
  authKind: 'cogniac',
  baseUrl: null,
  status: 'new',
  needs,
});

describe('team pack words', () => {
  it('says each shared setting the way the Settings screen does', () => {
    expect(settingsWords({ clipboardClearSeconds: 45, lockAfterIdleMinutes: 1, lockOnScreenLock: false, minValiditySeconds: 3600, theme: 'system' })).toEqual([
      'Clear the clipboard 45 seconds after copying',
      'Lock TokenDesk after 1 minute idle',
      'Keep TokenDesk open when the computer locks',
      'A copied token must still work for at least 1 hour',
      'Appearance: same as the computer',
    ]);
    expect(settingsWords({ clipboardClearSeconds: 0, lockAfterIdleMinutes: 0, minValiditySeconds: 120 })).toEqual([
      'Never clear the clipboard by itself',
      'Never lock TokenDesk when idle',
      'A copied token must still work for at least 2 minutes',
    ]);
    expect(settingsLines({ theme: 'dark' })).toEqual([{ key: 'theme', text: 'Appearance: dark' }]);
    expect(settingsWords({})).toEqual([]);
  });

  it('joins what the person will type', () => {
    expect(needsWords(entry(['your Cogniac email', 'your Cogniac password']))).toBe('your Cogniac email and your Cogniac password');
    expect(needsWords(entry(['a', 'b', 'c']))).toBe('a, b and c');
    expect(needsWords(entry(['your API key']))).toBe('your API key');
  });

  it('shows an address by its host', () => {
    expect(addressOf('https://api.cogniac.io/v1')).toBe('api.cogniac.io');
    expect(addressOf(null)).toBe('the service’s usual address');
  });
});
