import { describe, expect, it } from 'vitest';
import { CoreError } from '../../../../../src/main/core/errors';
import { silentLogger, type KeyProtector, type Persistence } from '../../../../../src/main/core/ports';
import type { VaultDocument } from '../../../../../src/main/core/vault/document';
import { VaultSession } from '../../../../../src/main/core/vault/vault-session';
import { createFakeClock } from '../../../../support/fake-clock';
import { storedConnection } from '../../../../support/flow-context';

const protector: KeyProtector = {
  kind: 'test',
  label: 'a test key',
  needsPassword: false,
  wrap: async () => ({ kind: 'test' }),
  unwrap: async () => Buffer.alloc(32, 7),
};

/** In-memory persistence whose saves can be held open or made to fail. */
function memoryPersistence() {
  const state = {
    saved: [] as string[],
    fail: false,
    failNext: false,
    hold: null as Promise<void> | null,
  };
  const p: Persistence = {
    location: 'memory',
    load: async () => (state.saved.length ? JSON.parse(state.saved.at(-1)!) : null),
    loadBackup: async () => null,
    async save(doc) {
      const text = JSON.stringify(doc);
      if (state.hold) await state.hold;
      const failNow = state.fail || state.failNext;
      state.failNext = false;
      if (failNow) throw new CoreError('save-failed', 'TokenDesk could not save your changes because the disk is full.');
      state.saved.push(text);
    },
  };
  return { p, state };
}

async function unlockedSession() {
  const { p, state } = memoryPersistence();
  const v = new VaultSession(p, protector, createFakeClock(), silentLogger);
  await v.create(undefined);
  await v.mutate((d) => {
    d.connections.push(storedConnection({ id: 'a', providerId: 'custom', authKind: 'bearer', label: 'A' }));
    d.connections.push(storedConnection({ id: 'b', providerId: 'custom', authKind: 'bearer', label: 'B' }));
  });
  return { v, state };
}

const labels = (doc: VaultDocument) => doc.connections.map((c) => c.label);

describe('VaultSession.mutate', () => {
  it('a failed save leaves the document in memory exactly as it was', async () => {
    const { v, state } = await unlockedSession();
    const before = structuredClone(v.requireDoc());
    const objectBefore = v.requireDoc();
    state.fail = true;
    await expect(
      v.mutate((d) => {
        d.connections[0]!.label = 'Renamed';
        d.connections[0]!.tokens.x = { sealed: 'v1.a.b.c', issuedAt: 1, expiresAt: 2 };
        d.connections.pop();
      }),
    ).rejects.toMatchObject({ code: 'save-failed' });
    expect(v.requireDoc()).toBe(objectBefore);
    expect(v.requireDoc()).toStrictEqual(before);
  });

  it('a change that throws changes nothing and saves nothing', async () => {
    const { v, state } = await unlockedSession();
    const before = structuredClone(v.requireDoc());
    const saves = state.saved.length;
    await expect(
      v.mutate((d) => {
        d.connections[0]!.label = 'half done';
        throw new CoreError('invalid-input', 'This connection has no token to replace.');
      }),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    expect(v.requireDoc()).toStrictEqual(before);
    expect(state.saved).toHaveLength(saves);
  });

  it('overlapping changes both survive, in memory and on disk', async () => {
    const { v, state } = await unlockedSession();
    let release!: () => void;
    state.hold = new Promise<void>((r) => (release = r));
    const first = v.mutate((d) => {
      d.connections[0]!.label = 'A renamed';
    });
    const second = v.mutate((d) => {
      d.connections[1]!.label = 'B renamed';
    });
    release();
    state.hold = null;
    await Promise.all([first, second]);
    expect(labels(v.requireDoc())).toEqual(['A renamed', 'B renamed']);
    expect(labels(JSON.parse(state.saved.at(-1)!))).toEqual(['A renamed', 'B renamed']);
  });

  it('a failed change does not stop the next one', async () => {
    const { v, state } = await unlockedSession();
    state.failNext = true;
    const first = v.mutate((d) => {
      d.connections[0]!.label = 'lost';
    });
    const second = v.mutate((d) => {
      d.connections[1]!.label = 'B renamed';
    });
    await expect(first).rejects.toMatchObject({ code: 'save-failed' });
    await second;
    expect(labels(v.requireDoc())).toEqual(['A', 'B renamed']);
    expect(labels(JSON.parse(state.saved.at(-1)!))).toEqual(['A', 'B renamed']);
  });

  it('returns what the change returns', async () => {
    const { v } = await unlockedSession();
    expect(await v.mutate((d) => d.connections.length)).toBe(2);
  });

  it('finds connections by id in the current document, after every change', async () => {
    const { v } = await unlockedSession();
    expect(v.connection('a')?.label).toBe('A');
    expect(v.connection('missing')).toBeUndefined();
    await v.mutate((d) => {
      d.connections[0]!.label = 'A renamed';
      d.connections.splice(1, 1);
      d.connections.push(storedConnection({ id: 'c', providerId: 'custom', authKind: 'bearer', label: 'C' }));
    });
    expect(v.connection('a')?.label).toBe('A renamed');
    expect(v.connection('a')).toBe(v.requireDoc().connections[0]);
    expect(v.connection('b')).toBeUndefined();
    expect(v.connection('c')?.label).toBe('C');
    v.lock();
    expect(() => v.connection('a')).toThrow(expect.objectContaining({ code: 'vault-locked' }));
  });
});
