/**
 * The usual world of an integration test: a fake clock, the provider simulator keeping the
 * same time, and a real core with a fresh, unlocked vault — made before each test and torn
 * down after it. Tests keep their own `sim` / `clock` / `h` variables:
 *
 *   let sim: Simulator; let clock: FakeClock; let h: Harness;
 *   useSimWorld((w) => ({ sim, clock, h } = w));
 */
import { afterEach, beforeEach } from 'vitest';
import { startSimulator, type Simulator } from '../sim/server';
import { makeCore, MASTER, type Harness } from './core-harness';
import { createFakeClock, type FakeClock } from './fake-clock';

export interface SimWorld {
  sim: Simulator;
  clock: FakeClock;
  h: Harness;
}

export function useSimWorld(receive: (world: SimWorld) => void): void {
  let world: SimWorld | null = null;
  beforeEach(async () => {
    const clock = createFakeClock();
    const sim = await startSimulator({ now: () => clock.now() });
    const h = await makeCore({ clock });
    await h.core.vault.create({ password: MASTER });
    world = { sim, clock, h };
    receive(world);
  });
  afterEach(async () => {
    if (!world) return;
    await world.h.cleanup();
    await world.sim.close();
    world = null;
  });
}
