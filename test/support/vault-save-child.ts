/**
 * Child process for the crash test (test/integration/vault-durability.test.ts): opens the
 * vault in the folder given as argv[2] with the real VaultSession + FilePersistence, then
 * saves a new generation again and again, telling the parent after each committed save
 * (and waiting until that message has left), until the parent kills it with SIGKILL.
 * The test bundles this file to plain JavaScript so that each of the 200 starts is quick.
 */
import { join } from 'node:path';
import { silentLogger, systemClock } from '../../src/main/core/ports';
import { FilePersistence } from '../../src/main/core/vault/file-persistence';
import { PasswordKeyProtector } from '../../src/main/core/vault/password-key-protector';
import { VaultSession } from '../../src/main/core/vault/vault-session';
import { CRASH_TEST_KDF, CRASH_TEST_PASSWORD, generationOf, writeGeneration } from './vault-generations';

function tell(message: { ready: number } | { committed: number }): Promise<void> {
  return new Promise((resolve, reject) => process.send!(message, undefined, {}, (err) => (err ? reject(err) : resolve())));
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir || !process.send) throw new Error('usage: fork(vault-save-child, [folder]) with an IPC channel');
  const session = new VaultSession(new FilePersistence(join(dir, 'vault.json')), new PasswordKeyProtector({ cost: CRASH_TEST_KDF }), systemClock, silentLogger);
  await session.open();
  if (session.status().state === 'new') await session.create(CRASH_TEST_PASSWORD);
  else await session.unlock(CRASH_TEST_PASSWORD);
  let gen = generationOf(session);
  await tell({ ready: gen });
  for (;;) {
    gen += 1;
    const next = gen;
    await session.mutate((doc) => writeGeneration(doc, next, session));
    await tell({ committed: gen });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
