/**
 * KDF: master-password unlock cost with the app's real default scrypt cost
 * (PasswordKeyProtector.unwrap). Baseline, same run: bare crypto.scrypt with the same
 * parameters (the floor: unwrap adds one AES-GCM of 32 bytes).
 */
import { randomBytes, scrypt } from 'node:crypto';
import { PasswordKeyProtector } from '../src/main/core';
import { DEFAULT_SCRYPT } from '../src/main/core/vault/password-key-protector';
import { type FigureResult, ms, ratio, repeat, summarise } from './lib/stats';

const ROUNDS = 5;

export async function run(): Promise<FigureResult[]> {
  const p = new PasswordKeyProtector();
  const password = 'correct horse battery staple';
  const wrapped = await p.wrap(randomBytes(32), password);
  const unlock = await repeat(ROUNDS, () => p.unwrap(wrapped, password), 1);
  const { N, r, p: par } = DEFAULT_SCRYPT;
  const maxmem = 128 * N * r * 2 + 16 * 1024 * 1024;
  const bare = await repeat(3, () => new Promise((res, rej) => scrypt(password, randomBytes(16), 32, { N, r, p: par, maxmem }, (e, k) => (e ? rej(e) : res(k)))));
  const u = summarise(unlock);
  const b = summarise(bare);
  return [
    {
      figure: 'KDF: master-password unlock cost',
      value: `${ms(u.median)} (p95 ${ms(u.p95)})`,
      baseline: `bare scrypt ${ms(b.median)}`,
      ratio: ratio(u.median, b.median),
      target: '250–1,000 ms',
      pass: u.median >= 250 && u.median <= 1000,
      note: `scrypt N=2^${Math.log2(N)}, r=${r}, p=${par} (~${(128 * N * r) / 2 ** 20} MiB); ${ROUNDS} unwraps (+1 warm-up).`,
      data: { unlock: u, bare: b, cost: DEFAULT_SCRYPT },
    },
  ];
}
