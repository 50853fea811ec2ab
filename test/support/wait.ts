/** Waiting helpers for tests where work travels over real loopback HTTP under a fake clock. */
import type { FakeClock } from './fake-clock';

/** Polls in real time until `check` returns something other than false/undefined. */
export async function until<T>(clock: FakeClock, check: () => Promise<T> | T, what: string, ms = 5_000): Promise<Exclude<T, false | undefined>> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== false && v !== undefined) return v as Exclude<T, false | undefined>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await clock.advance(0);
    await new Promise((r) => setTimeout(r, 5));
  }
}
