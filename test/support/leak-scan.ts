/**
 * Looks for secrets where they must never be: data folders, logs, test reports, exported
 * team packs. A secret counts as found in any of these forms: as typed, JSON-escaped, or
 * base64 / base64url at any byte alignment (so a secret inside a longer encoded value, such
 * as a Basic header, is found too). Used by the E2E fixture teardown, the soak test and the
 * leak-scan step of `npm test` (test/leaks/).
 *
 * Reports name the secret and the file, never the secret's value.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ACCOUNTS, OIDC_CLIENTS } from '../sim/fixture';
import { MASTER } from './core-harness';

export interface Secret {
  /** What it is, for the report ("Cogniac password", "issued token #12"). */
  label: string;
  value: string;
}

export interface Finding {
  file: string;
  secret: string;
  form: string;
}

/** Shorter values are too likely to occur by chance (digits in a timestamp, a word). */
const MIN_SIGNATURE = 8;

function basic(user: string, password: string): string {
  return Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
}

/** RFC 6749 §2.3.1: OAuth2 clients form-encode their ID and secret before Basic. */
function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

/** Every secret in the simulator's fixture, the test master password and the Basic credentials built from them. */
export function fixtureSecrets(): Secret[] {
  return [
    { label: 'test master password', value: MASTER },
    { label: 'Cogniac password', value: ACCOUNTS.cogniac.password },
    { label: 'Cogniac Basic credentials', value: basic(ACCOUNTS.cogniac.email, ACCOUNTS.cogniac.password) },
    { label: 'Resolver password', value: ACCOUNTS.resolver.password },
    { label: 'Resolver API key', value: ACCOUNTS.resolverApiKey },
    { label: 'Cohort Go password', value: ACCOUNTS.cohortgo.password },
    { label: 'Cohort Go Basic credentials', value: basic(ACCOUNTS.cohortgo.username, ACCOUNTS.cohortgo.password) },
    { label: 'Nexudus password', value: ACCOUNTS.nexudus.password },
    { label: 'Nexudus Basic credentials', value: basic(ACCOUNTS.nexudus.username, ACCOUNTS.nexudus.password) },
    { label: 'Basic (UTF-8) credentials', value: basic(ACCOUNTS.utf8.username, ACCOUNTS.utf8.password) },
    { label: 'OAuth2 client secret', value: ACCOUNTS.oauth.clientSecret },
    { label: 'OAuth2 client credentials (client_secret_basic)', value: basic(formEncode(ACCOUNTS.oauth.clientId), formEncode(ACCOUNTS.oauth.clientSecret)) },
    { label: 'OAuth2 refresh-only client secret', value: ACCOUNTS.oauthRefreshOnly.clientSecret },
    { label: 'OAuth2 rotated client secret', value: ACCOUNTS.oauthRotated.clientSecret },
    { label: 'OIDC machine client secret', value: OIDC_CLIENTS.machine.secret },
    { label: 'OIDC desktop app client secret', value: OIDC_CLIENTS.app.secret },
  ];
}

/** Tokens listed one per line (the simulator's issued-token log). */
export async function issuedTokenSecrets(file: string): Promise<Secret[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return [];
  }
  return [...new Set(text.split('\n').map((l) => l.trim()).filter(Boolean))].map((value, i) => ({ label: `issued token #${i + 1}`, value }));
}

/**
 * The forms a secret can take on disk, each long enough to be meaningful: as is,
 * JSON-escaped, and the part of its base64 / base64url encoding that depends only on the
 * secret, for each of the three byte alignments it can have inside a longer value.
 */
export function secretForms(value: string): Array<{ form: string; text: string }> {
  const out: Array<{ form: string; text: string }> = [];
  const add = (form: string, text: string) => {
    if (text.length >= MIN_SIGNATURE && !out.some((o) => o.text === text)) out.push({ form, text });
  };
  add('plain', value);
  add('JSON-escaped', JSON.stringify(value).slice(1, -1));
  const bytes = Buffer.from(value, 'utf8');
  for (let k = 0; k < 3; k++) {
    const enc = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
    const start = [0, 2, 3][k]!;
    const end = 4 * Math.floor((k + bytes.length) / 3);
    const core = enc.slice(start, end);
    add(`base64 (offset ${k})`, core);
    add(`base64url (offset ${k})`, core.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

const WORD = /[A-Za-z0-9]/;

/**
 * Whether `needle` occurs in `text`. Encoded forms count anywhere (they sit inside longer
 * encoded values); a plain secret counts only as a whole word, so a password that happens
 * to begin another word ("resolver-pass" in "resolver-password") is not a leak.
 */
function occurs(text: string, needle: string, whole: boolean): boolean {
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
    if (!whole) return true;
    const before = text[i - 1] ?? '';
    const after = text[i + needle.length] ?? '';
    if (!WORD.test(before) && !WORD.test(after)) return true;
  }
  return false;
}

const wholeWord = (form: string) => form === 'plain' || form === 'JSON-escaped';

/** Findings of `secrets` in one text. */
export function scanText(file: string, text: string, secrets: Secret[]): Finding[] {
  const found: Finding[] = [];
  for (const s of secrets) {
    const hit = secretForms(s.value).find((f) => occurs(text, f.text, wholeWord(f.form)));
    if (hit) found.push({ file, secret: s.label, form: hit.form });
  }
  return found;
}

/** Every file under each path (a file or a folder), skipping what `skip` rejects. */
export async function filesUnder(paths: string[], skip: (path: string) => boolean = () => false): Promise<string[]> {
  const out: string[] = [];
  const visit = async (p: string): Promise<void> => {
    if (skip(p)) return;
    let info;
    try {
      info = await stat(p);
    } catch {
      return; // gone meanwhile, or never there
    }
    if (info.isFile()) out.push(p);
    else if (info.isDirectory()) for (const name of await readdir(p)) await visit(join(p, name));
  };
  for (const p of paths) await visit(p);
  return out;
}

/** Scans every file under `paths` (bytes read as Latin-1 so binary files and UTF-8 both match). */
export async function scanPaths(paths: string[], secrets: Secret[], skip?: (path: string) => boolean): Promise<{ files: number; findings: Finding[] }> {
  const files = await filesUnder(paths, skip);
  const findings: Finding[] = [];
  // UTF-8 secrets are compared byte for byte: encode each form to Latin-1-as-bytes once.
  const latin = secrets.map((s) => ({ ...s, forms: secretForms(s.value).map((f) => ({ form: f.form, text: Buffer.from(f.text, 'utf8').toString('latin1') })) }));
  for (const file of files) {
    const text = (await readFile(file)).toString('latin1');
    for (const s of latin) {
      const hit = s.forms.find((f) => occurs(text, f.text, wholeWord(f.form)));
      if (hit) findings.push({ file, secret: s.label, form: hit.form });
    }
  }
  return { files: files.length, findings };
}
