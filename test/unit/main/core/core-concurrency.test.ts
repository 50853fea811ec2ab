/** Overlapping changes through the core door: every change is kept, none overwrites another. */
import { afterEach, describe, expect, it } from 'vitest';
import { CoreError } from '../../../../src/main/core';
import { makeCore, MASTER, type Harness } from '../../../support/core-harness';

let h: Harness;
afterEach(async () => h?.cleanup());

const basic = (label: string) => ({ providerId: 'cohortgo', label, auth: { kind: 'basic' as const, username: 'a@b.c', password: `pw-${label}` } });

describe('overlapping vault changes', () => {
  it('ten connections added at once are all kept, in memory and on disk', async () => {
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    const labels = Array.from({ length: 10 }, (_, i) => `Conn ${i}`);
    await Promise.all(labels.map((l) => h.core.connections.add(basic(l))));
    expect((await h.core.connections.list()).map((c) => c.label).sort()).toEqual([...labels].sort());
    const core = await h.reopen();
    await core.vault.unlock({ password: MASTER });
    expect((await core.connections.list()).map((c) => c.label).sort()).toEqual([...labels].sort());
  });

  it('adds, renames and removals interleaved all land', async () => {
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    const a = await h.core.connections.add(basic('A'));
    const b = await h.core.connections.add(basic('B'));
    await Promise.all([
      h.core.connections.update({ id: a.id, patch: { label: 'A renamed' } }),
      h.core.connections.remove({ id: b.id }),
      h.core.connections.add(basic('C')),
      h.core.settings.update({ clipboardClearSeconds: 60 }),
    ]);
    const core = await h.reopen();
    await core.vault.unlock({ password: MASTER });
    expect((await core.connections.list()).map((c) => c.label).sort()).toEqual(['A renamed', 'C']);
  });

  it('an edit that races a removal says plainly that the connection is gone', async () => {
    h = await makeCore();
    await h.core.vault.create({ password: MASTER });
    const a = await h.core.connections.add(basic('A'));
    const [removed, edited] = await Promise.allSettled([
      h.core.connections.remove({ id: a.id }),
      h.core.connections.update({ id: a.id, patch: { label: 'too late' } }),
    ]);
    expect(removed.status).toBe('fulfilled');
    expect(edited.status).toBe('rejected');
    const err = (edited as PromiseRejectedResult).reason as CoreError;
    expect(err).toBeInstanceOf(CoreError);
    expect(err.code).toBe('not-found');
    expect(err.message).toBe('That connection no longer exists. It may have been removed.');
    expect(await h.core.connections.list()).toEqual([]);
  });
});
