/**
 * A real file system whose file writes can be held at a gate, so a test can quit, lock or
 * remove things while a vault save is in the middle of happening.
 */
import * as fsp from 'node:fs/promises';
import type { FsLike } from '../../src/main/core/vault/file-persistence';

export interface GatedFs {
  fs: FsLike;
  /** From now on, every file write waits until release(). */
  hold(): void;
  /** Lets held writes (and later ones) through. */
  release(): void;
  /** Resolves when at least one write is waiting at the gate. */
  waiting(): Promise<void>;
  /** Writes completed so far. */
  readonly writes: number;
}

export function gatedFs(): GatedFs {
  let gate: { promise: Promise<void>; open(): void } | null = null;
  let onWaiting: (() => void) | null = null;
  let held = 0;
  let writes = 0;
  const fs: FsLike = {
    ...(fsp as unknown as FsLike),
    async open(path, flags, mode) {
      const handle = await fsp.open(path, flags, mode);
      return {
        async write(buffer: Uint8Array, offset: number, length: number, position: number) {
          if (gate) {
            held += 1;
            onWaiting?.();
            await gate.promise;
          }
          const result = await handle.write(buffer, offset, length, position);
          writes += 1;
          return result;
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
  };
  return {
    fs,
    hold() {
      held = 0;
      let open!: () => void;
      const promise = new Promise<void>((r) => (open = r));
      gate = { promise, open };
    },
    release() {
      gate?.open();
      gate = null;
    },
    waiting() {
      if (held > 0) return Promise.resolve();
      return new Promise<void>((r) => (onWaiting = r));
    },
    get writes() {
      return writes;
    },
  };
}
