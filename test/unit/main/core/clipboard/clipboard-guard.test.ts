import { describe, expect, it } from 'vitest';
import { ClipboardGuard, MemoryClipboard } from '../../../../../src/main/core/clipboard/clipboard-guard';
import { createFakeClock } from '../../../../support/fake-clock';

function setup() {
  const clock = createFakeClock();
  const board = new MemoryClipboard();
  return { clock, board, guard: new ClipboardGuard(board, clock) };
}

describe('ClipboardGuard', () => {
  it('clears after the set time if the clipboard still holds our value', async () => {
    const { clock, board, guard } = setup();
    expect(guard.write('secret', 10)).toBe(clock.now() + 10_000);
    await clock.advance(9_999);
    expect(board.text).toBe('secret');
    await clock.advance(1);
    expect(board.text).toBe('');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('leaves a value the person copied themselves', async () => {
    const { clock, board, guard } = setup();
    guard.write('secret', 10);
    board.text = 'their own text';
    await clock.advance(10_000);
    expect(board.text).toBe('their own text');
  });

  it('a later copy moves the clear to its own time, with one timer for the run', async () => {
    const { clock, board, guard } = setup();
    guard.write('first', 10);
    await clock.advance(6_000);
    for (let i = 0; i < 100; i++) guard.write('second', 10);
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(4_000); // the first copy's time: not yet
    expect(board.text).toBe('second');
    await clock.advance(5_999);
    expect(board.text).toBe('second');
    await clock.advance(1);
    expect(board.text).toBe('');
  });

  it('a shorter clear time on a later copy is honoured', async () => {
    const { clock, board, guard } = setup();
    guard.write('first', 300);
    await clock.advance(1_000);
    guard.write('second', 10);
    await clock.advance(10_000);
    expect(board.text).toBe('');
  });

  it('clearing off cancels a pending clear', async () => {
    const { clock, board, guard } = setup();
    guard.write('first', 10);
    expect(guard.write('second', 0)).toBeNull();
    await clock.advance(60_000);
    expect(board.text).toBe('second');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('a wall clock set back does not delay the clear', async () => {
    const { clock, board, guard } = setup();
    guard.write('first', 10);
    await clock.advance(6_000);
    guard.write('second', 10);
    clock.jump(-3_600_000);
    await clock.advance(4_000);
    expect(board.text).toBe('');
  });

  it('clearIfUnchanged clears now and stops the timer', async () => {
    const { clock, board, guard } = setup();
    guard.write('secret', 10);
    expect(await guard.clearIfUnchanged()).toBe(true);
    expect(board.text).toBe('');
    expect(clock.pendingTimers()).toBe(0);
    expect(await guard.clearIfUnchanged()).toBe(false);
  });
});
