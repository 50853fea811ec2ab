/**
 * One atomic save after a change, 10,000 records: `VaultSession.mutate` (copy of the
 * document, JSON, temp file + fsync + backup link + rename + directory fsync) on the
 * 10,000-record vault. Baseline, same run: JSON.stringify + writeFile + fsync + rename of
 * the same document, nothing else.
 */
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { silentLogger, systemClock } from '../src/main/core/ports';
import { FilePersistence } from '../src/main/core/vault/file-persistence';
import { copyVaultDocument } from '../src/main/core/vault/document-copy';
import { VaultSession } from '../src/main/core/vault/vault-session';
import { type FigureResult, ms, ratio, summarise } from './lib/stats';
import { bigVault, instantProtector } from './vault-decrypt';

const ROUNDS = 12;

export async function run(): Promise<FigureResult[]> {
  const { dir, key } = await bigVault();
  try {
    const v = new VaultSession(new FilePersistence(join(dir, 'vault.json')), instantProtector(key), systemClock, silentLogger);
    await v.open();
    await v.unlock(undefined);
    const saves: number[] = [];
    const base: number[] = [];
    const copy: number[] = [];
    const stringify: number[] = [];
    for (let r = 0; r < ROUNDS + 1; r++) {
      const t0 = performance.now();
      await v.mutate((d) => {
        d.connections[r % d.connections.length]!.label = `Renamed ${r}`;
      });
      const t = performance.now() - t0;
      const doc = v.requireDoc();
      const t1 = performance.now();
      const tmp = join(dir, 'raw.tmp');
      const fh = await open(tmp, 'w', 0o600);
      await fh.writeFile(JSON.stringify(doc), 'utf8');
      await fh.sync();
      await fh.close();
      await rename(tmp, join(dir, 'raw.json'));
      const tb = performance.now() - t1;
      const t2 = performance.now();
      copyVaultDocument(doc);
      const tc = performance.now() - t2;
      const t3 = performance.now();
      JSON.stringify(doc);
      const ts = performance.now() - t3;
      if (r === 0) continue;
      saves.push(t);
      base.push(tb);
      copy.push(tc);
      stringify.push(ts);
    }
    const s = summarise(saves);
    const b = summarise(base);
    return [
      {
        figure: 'vault: one atomic save after a change, 10,000 records',
        value: `${ms(s.median)} (p95 ${ms(s.p95)})`,
        baseline: `stringify+write+fsync+rename ${ms(b.median)}`,
        ratio: ratio(s.median, b.median),
        target: '≤ 50 ms',
        pass: s.p95 <= 50,
        note: `${ROUNDS} saves (+1 warm-up) through VaultSession.mutate → FilePersistence.save (baseline p95 ${ms(b.p95)}). Medians of the parts: copy of the document (so a failed save changes nothing) ${ms(summarise(copy).median)}, JSON.stringify ${ms(summarise(stringify).median)}; the backup is a hard link of the previous file, not a rewrite.`,
        data: { save: s, raw: b, copyMs: summarise(copy), stringifyMs: summarise(stringify) },
      },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
