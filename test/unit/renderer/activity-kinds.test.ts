import { describe, expect, it } from 'vitest';
import { ACTION_WORDS, ACTIVITY_KINDS } from '../../../src/renderer/src/features/activity/ActivityScreen';

describe('activity filter kinds', () => {
  it('put every kind of activity in exactly one choice besides "All activity"', () => {
    const placed = Object.values(ACTIVITY_KINDS).flatMap((k) => (k.actions ?? []) as string[]);
    expect([...placed].sort()).toEqual(Object.keys(ACTION_WORDS).sort());
  });
});
