import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../../../src/main/core/ports';
import type { IssuedToken } from '../../../../../src/main/core/providers/flow';
import { TokenManager } from '../../../../../src/main/core/tokens/token-manager';
import { createFakeClock } from '../../../../support/fake-clock';

function setup() {
  const clock = createFakeClock();
  let signIns = 0;
  let finish: ((t: IssuedToken) => void) | null = null;
  const tm = new TokenManager({
    clock,
    logger: silentLogger,
    random: () => 0.5,
    perform: () => {
      signIns++;
      return new Promise<IssuedToken>((r) => (finish = r));
    },
    persist: async () => {},
    onChange: () => {},
  });
  return { clock, tm, signIns: () => signIns, finish: (t: IssuedToken) => finish!(t) };
}

describe('TokenManager.validNow (the copy path without an await)', () => {
  it('gives the held token while it is valid for the asked time, and nothing otherwise', async () => {
    const { clock, tm } = setup();
    const now = clock.now();
    tm.track('c', '', { token: 'tok', issuedAt: now, expiresAt: now + 15 * 60_000 });
    expect(tm.validNow('c', '', 60_000)?.token).toBe('tok');
    expect(tm.validNow('c', '', 15 * 60_000 + 1)).toBeUndefined();
    expect(tm.validNow('other', '', 60_000)).toBeUndefined();
    expect(tm.validNow('c', 'tenant', 60_000)).toBeUndefined();
    tm.close();
  });

  it('gives nothing while the token is being replaced, and the new one after', async () => {
    const { clock, tm, signIns, finish } = setup();
    const now = clock.now();
    tm.track('c', '', { token: 'old', issuedAt: now, expiresAt: now + 15 * 60_000 });
    const renewing = tm.refreshNow('c', '');
    expect(tm.validNow('c', '', 60_000)).toBeUndefined();
    await Promise.resolve();
    expect(signIns()).toBe(1);
    finish({ token: 'new', expiresAt: clock.now() + 15 * 60_000 });
    await renewing;
    expect(tm.validNow('c', '', 60_000)?.token).toBe('new');
    tm.close();
  });

  it('agrees with ensureValid, which signs in when validNow has nothing', async () => {
    const { clock, tm, signIns, finish } = setup();
    const now = clock.now();
    tm.track('c', '', { token: 'short', issuedAt: now - 14 * 60_000, expiresAt: now + 30_000 });
    expect(tm.validNow('c', '', 60_000)).toBeUndefined();
    const got = tm.ensureValid('c', '', 60_000);
    await Promise.resolve();
    expect(signIns()).toBe(1);
    finish({ token: 'fresh', expiresAt: clock.now() + 15 * 60_000 });
    expect((await got).token).toBe('fresh');
    expect(tm.validNow('c', '', 60_000)?.token).toBe('fresh');
    tm.close();
  });
});

describe('TokenManager concurrency cap', () => {
  it('runs at most `concurrency` sign-ins at once and starts the waiting ones in order', async () => {
    const clock = createFakeClock();
    const started: string[] = [];
    const pending: Array<() => void> = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const tm = new TokenManager({
      clock,
      logger: silentLogger,
      concurrency: 3,
      perform: (connectionId) => {
        started.push(connectionId);
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        return new Promise<IssuedToken>((r) =>
          pending.push(() => {
            inFlight--;
            r({ token: `t-${connectionId}`, expiresAt: clock.now() + 15 * 60_000 });
          }),
        );
      },
      persist: async () => {},
      onChange: () => {},
    });
    const ids = Array.from({ length: 50 }, (_, i) => `c${i}`);
    for (const id of ids) tm.track(id, '');
    const all = Promise.all(ids.map((id) => tm.refreshNow(id, '')));
    const settle = async () => {
      for (let i = 0; i < 10; i++) await Promise.resolve();
    };
    await settle();
    // Finish the oldest running sign-in, one at a time; a waiting one takes its slot.
    while (pending.length) {
      pending.shift()!();
      await settle();
    }
    const tokens = await all;
    expect(tokens.map((t) => t.token)).toEqual(ids.map((id) => `t-${id}`));
    expect(maxInFlight).toBe(3);
    expect(started).toEqual(ids);
    tm.close();
  });
});
