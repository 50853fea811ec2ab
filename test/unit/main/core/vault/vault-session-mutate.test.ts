/**
 * Changes to the vault made at the same moment (a token saved in the background while a
 * connection is added or a team pack imported) must all survive: each change is applied to
 * the document as the previous one left it, never to a stale copy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, systemClock, type Persistence } from '../../../../../src/main/core/ports';
import { PasswordKeyProtector } from '../../../../../src/main/core/vault/password-key-protector';
import { VaultSession } from '../../../../../src/main/core/vault/vault-session';
import type { VaultDocument } from '../../../../../src/main/core/vault/document';
import { storedConnection } from '../../../../support/flow-context';
import { TEST_KDF_COST } from '../../../../support/core-harness';

/** In-memory persistence whose saves, while `hold` is on, finish only when the test says so. */
function slowPersistence() {
  let stored: unknown = null;
  const pending: Array<() => void> = [];
  const p: Persistence & { finishAll(): void; readonly doc: VaultDocument; fail: boolean; hold: boolean } = {
    location: 'memory',
    fail: false,
    hold: false,
    async load() {
      return stored;
    },
    async loadBackup() {
      return null;
    },
    save(doc: unknown) {
      const copy = structuredClone(doc);
      const failing = p.fail;
      return new Promise<void>((resolve, reject) => {
        const finish = () => {
          if (failing) return reject(new Error('disk full'));
          stored = copy;
          resolve();
        };
        if (p.hold) pending.push(finish);
        else finish();
      });
    },
    finishAll() {
      while (pending.length) pending.shift()!();
    },
    get doc() {
      return stored as VaultDocument;
    },
  };
  return p;
}

const settle = () => new Promise((r) => setImmediate(r));

/** Lets held saves finish, one round at a time, until every given change has settled. */
async function drain(persistence: { finishAll(): void }, ...changes: Array<Promise<unknown>>): Promise<void> {
  let open = changes.length;
  for (const c of changes) void c.then(() => open--, () => open--);
  while (open > 0) {
    await settle();
    persistence.finishAll();
  }
}

let session: VaultSession | null = null;
afterEach(() => session?.lock());

async function openSession() {
  const persistence = slowPersistence();
  session = new VaultSession(persistence, new PasswordKeyProtector({ cost: TEST_KDF_COST }), systemClock, silentLogger);
  await session.create('a long master password');
  persistence.hold = true;
  return { session, persistence };
}

describe('VaultSession.mutate', () => {
  it('applies overlapping changes one after another, so none is lost', async () => {
    const { session, persistence } = await openSession();
    const first = session.mutate((doc) => doc.connections.push(storedConnection({ id: 'a', providerId: 'custom', authKind: 'bearer' })));
    const second = session.mutate((doc) => doc.connections.push(storedConnection({ id: 'b', providerId: 'custom', authKind: 'bearer' })));
    await drain(persistence, first, second);
    expect(session.requireDoc().connections.map((c) => c.id)).toEqual(['a', 'b']);
    expect(persistence.doc.connections.map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('a failed save changes nothing and does not block the next change', async () => {
    const { session, persistence } = await openSession();
    persistence.fail = true;
    const failing = session.mutate((doc) => doc.connections.push(storedConnection({ id: 'lost', providerId: 'custom', authKind: 'bearer' })));
    await settle();
    persistence.fail = false;
    const next = session.mutate((doc) => doc.connections.push(storedConnection({ id: 'kept', providerId: 'custom', authKind: 'bearer' })));
    await drain(persistence, failing, next);
    await expect(failing).rejects.toThrow('disk full');
    await next;
    expect(session.requireDoc().connections.map((c) => c.id)).toEqual(['kept']);
  });

  it('a change that throws saves nothing and is reported to its caller', async () => {
    const { session } = await openSession();
    await expect(
      session.mutate(() => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(session.requireDoc().connections).toEqual([]);
  });
});
