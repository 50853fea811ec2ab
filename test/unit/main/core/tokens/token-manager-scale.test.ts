/**
 * The TokenManager on its own with the fake clock (no HTTP): 10,000 tokens on one
 * scheduler timer plus the watchdog, and a wake-up that renews all of them with never
 * more than 4 sign-ins at once.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../../src/main/core/ports';
import { TokenManager } from '../../../../../src/main/core/tokens/token-manager';
import { createFakeClock } from '../../../../support/fake-clock';

const MIN = 60_000;

describe('TokenManager at scale', () => {
  it('10,000 tokens: one scheduler timer + the watchdog; a wake-up renews them all, at most 4 at once', async () => {
    const clock = createFakeClock();
    let running = 0;
    let peak = 0;
    let performed = 0;
    const release: Array<() => void> = [];
    const manager = new TokenManager({
      clock,
      logger: silentLogger,
      onChange: () => undefined,
      persist: async () => undefined,
      // Each sign-in waits until the test lets it finish, so overlap is real.
      perform: async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => release.push(r));
        running--;
        performed++;
        return { token: `t${performed}`, expiresAt: clock.now() + 15 * MIN };
      },
    });
    const N = 10_000;
    const issuedAt = clock.now();
    for (let i = 0; i < N; i++) manager.track(`c${i}`, '', { token: `stored${i}`, issuedAt, expiresAt: issuedAt + 15 * MIN });
    expect(manager.size).toBe(N);
    expect(manager.timersArmed()).toBe(2);
    expect(clock.pendingTimers()).toBe(2);
    expect(manager.status('c123', '').state).toBe('valid');

    // Asleep past every expiry; on wake-up everything is due at once.
    clock.jump(20 * MIN);
    manager.recheckAll();
    while (performed < N) {
      await clock.advance(0);
      expect(running).toBeLessThanOrEqual(4);
      const batch = release.splice(0);
      expect(batch.length).toBeLessThanOrEqual(4);
      for (const r of batch) r();
      await new Promise((r) => setImmediate(r));
    }
    expect(peak).toBe(4);
    expect(manager.status('c9999', '').state).toBe('valid');
    expect(manager.current('c0', '')!.token).toMatch(/^t\d+$/);
    expect(manager.timersArmed()).toBe(2);
    manager.close();
    expect(clock.pendingTimers()).toBe(0);
  }, 60_000);
});
