/** TokenManager rules that browser sign-ins (OAuth2 authorization code) depend on. */
import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../../src/main/core/errors';
import { silentLogger } from '../../../../../src/main/core/ports';
import type { IssuedToken, SignInExtra } from '../../../../../src/main/core/providers/flow';
import { TokenManager, type HeldToken } from '../../../../../src/main/core/tokens/token-manager';
import { createFakeClock } from '../../../../support/fake-clock';

const HOUR = 3_600_000;

interface Call {
  connectionId: string;
  current: HeldToken | undefined;
  extra: SignInExtra | undefined;
  finish(result: IssuedToken | CoreError): void;
}

function manager(concurrency = 4) {
  const clock = createFakeClock();
  const calls: Call[] = [];
  const tokens = new TokenManager({
    clock,
    logger: silentLogger,
    concurrency,
    random: () => 0.5,
    onChange: () => undefined,
    persist: async () => undefined,
    perform: (connectionId, _tenantId, current, extra) =>
      new Promise<IssuedToken>((resolve, reject) => {
        calls.push({ connectionId, current, extra, finish: (r) => (r instanceof CoreError ? reject(r) : resolve(r)) });
      }),
  });
  return { clock, calls, tokens };
}

describe('TokenManager and sign-ins the person asks for', () => {
  it('keeps an expired stored token when it carries a refresh token, and renews with it', async () => {
    const { clock, calls, tokens } = manager();
    const expired = { token: 'old', issuedAt: clock.now() - 2 * HOUR, expiresAt: clock.now() - HOUR, refreshToken: 'rt' };
    tokens.track('oauth', '', expired);
    tokens.track('plain', '', { token: 'old2', issuedAt: expired.issuedAt, expiresAt: expired.expiresAt });
    expect(tokens.current('oauth', '')).toEqual(expired);
    expect(tokens.current('plain', '')).toBeUndefined();
    await clock.advance(0);
    expect(calls.map((c) => [c.connectionId, c.current?.refreshToken])).toEqual([
      ['oauth', 'rt'],
      ['plain', undefined],
    ]);
    tokens.close();
  });

  it('a person’s sign-in waits for an automatic attempt in flight, then runs with their request', async () => {
    const { clock, calls, tokens } = manager();
    tokens.track('c', '');
    await clock.advance(0);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.extra).toBeUndefined();
    const mine = tokens.refreshNow('c', '', { interactive: true });
    await clock.advance(0);
    expect(calls).toHaveLength(1); // not answered by the automatic attempt, not run twice at once
    calls[0]!.finish(new CoreError('needs-sign-in', 'Sign in with your browser'));
    await clock.advance(0);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.extra).toEqual({ interactive: true });
    calls[1]!.finish({ token: 'new', expiresAt: clock.now() + HOUR });
    await expect(mine).resolves.toMatchObject({ token: 'new' });
    expect(tokens.status('c', '').state).toBe('valid');
    tokens.close();
  });

  it('a second press while the person’s sign-in is in flight shares it', async () => {
    const { clock, calls, tokens } = manager();
    tokens.track('c', '', { token: 't', issuedAt: clock.now(), expiresAt: clock.now() + HOUR });
    const first = tokens.refreshNow('c', '', { interactive: true });
    const second = tokens.refreshNow('c', '', { interactive: true });
    await clock.advance(0);
    expect(calls).toHaveLength(1);
    calls[0]!.finish({ token: 'n', expiresAt: clock.now() + HOUR });
    expect(await first).toBe(await second);
    tokens.close();
  });

  it('a sign-in the person asked for does not take one of the limited refresh slots', async () => {
    const { clock, calls, tokens } = manager(1);
    tokens.track('browser', '', { token: 't', issuedAt: clock.now(), expiresAt: clock.now() + HOUR });
    void tokens.refreshNow('browser', '', { interactive: true }).catch(() => undefined);
    tokens.track('auto', '');
    await clock.advance(0);
    // The automatic renewal runs although the browser sign-in has not finished.
    expect(calls.map((c) => c.connectionId)).toEqual(['browser', 'auto']);
    tokens.close();
  });
});
