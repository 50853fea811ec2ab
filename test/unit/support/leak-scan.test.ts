/** The leak scanner itself: it must find a secret in every form it can take on disk, and nothing else. */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureSecrets, issuedTokenSecrets, scanPaths, scanText, secretForms } from '../../support/leak-scan';

const secret = { label: 'the secret', value: 'S3cr3t-välue/42' };

describe('leak scan', () => {
  it('finds a secret as typed, JSON-escaped, and base64 / base64url inside a longer value at every alignment', () => {
    const carriers = [
      `password=${secret.value}`,
      JSON.stringify({ password: secret.value }),
      ...['', 'x', 'xy'].flatMap((prefix) => {
        const b64 = Buffer.from(`${prefix}${secret.value}!!`, 'utf8').toString('base64');
        return [`Authorization: Basic ${b64}`, `token=${b64.replace(/\+/g, '-').replace(/\//g, '_')}`];
      }),
    ];
    for (const text of carriers) expect(scanText('f', text, [secret]), text).toHaveLength(1);
    const quoted = { label: 'quoted', value: 'has "quotes" inside' };
    expect(scanText('f', JSON.stringify({ note: quoted.value }), [quoted])).toEqual([{ file: 'f', secret: 'quoted', form: 'JSON-escaped' }]);
  });

  it('does not fire on unrelated text, on a password that only begins a longer word, or on short values', () => {
    expect(scanText('f', 'nothing to see here, S3cr3t-v', [secret])).toEqual([]);
    expect(scanText('f', '"authKind":"resolver-password"', [{ label: 'pw', value: 'resolver-pass' }])).toEqual([]);
    expect(scanText('f', '"x":"resolver-pass"', [{ label: 'pw', value: 'resolver-pass' }])).toHaveLength(1);
    expect(secretForms('1234')).toEqual([]);
  });

  it('scans folders recursively, binary files included, and reports the secret by name only', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tokendesk-leak-'));
    try {
      await mkdir(join(dir, 'logs'));
      await writeFile(join(dir, 'logs', 'main.log'), `ok\nAuthorization: Bearer ${Buffer.from(secret.value).toString('base64')}\n`);
      await writeFile(join(dir, 'blob.bin'), Buffer.concat([Buffer.from([0, 255, 1]), Buffer.from(secret.value, 'utf8')]));
      await writeFile(join(dir, 'clean.json'), '{"label":"fine"}');
      const r = await scanPaths([dir, join(dir, 'missing')], [secret, ...fixtureSecrets()]);
      expect(r.files).toBe(3);
      expect(r.findings.map((f) => [f.file.slice(dir.length), f.secret])).toEqual([
        ['/blob.bin', 'the secret'],
        ['/logs/main.log', 'the secret'],
      ]);
      expect(JSON.stringify(r)).not.toContain(secret.value);
      await writeFile(join(dir, 'issued.txt'), 'tok-1\ntok-2\n\ntok-1\n');
      expect((await issuedTokenSecrets(join(dir, 'issued.txt'))).map((s) => s.value)).toEqual(['tok-1', 'tok-2']);
      expect(await issuedTokenSecrets(join(dir, 'none.txt'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
