/**
 * No log line written through the shell logger carries an Authorization value (or any other
 * credential). The real electron-log pipeline runs — its Node build stands in for the
 * Electron one, which needs the Electron binary — with TokenDesk's hook and Logger adapter,
 * writing a real log file that is then read back line by line.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron-log/main', async () => await import('electron-log/node'));

const { setUpLogging, loggerFrom } = await import('../../../../src/main/shell/log');
const electronLog = (await import('electron-log/main')).default;

let dir: string;
let file: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tokendesk-log-'));
  setUpLogging(dir, 'debug');
  electronLog.errorHandler.stopCatching(); // the test runner handles its own errors
  electronLog.transports.console.level = false;
  file = join(dir, 'logs', 'main.log');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function logText(): Promise<string> {
  // electron-log's file transport writes asynchronously in batches.
  await new Promise((r) => setTimeout(r, 50));
  return readFile(file, 'utf8');
}

/** "authorization" followed by a value that is not the redaction marker. */
const UNREDACTED = /authorization["']?\s*[:=]\s*(?:["']\s*)?(?!\[redacted\])[^\s"',}]/i;

const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcHMifQ.c2lnbmF0dXJlLWJ5dGVz';
const BASIC = Buffer.from('ops@example.com:cogniac-pass').toString('base64');

describe('shell logger', () => {
  it('redacts Authorization in every shape a caller might log it, through the Logger port and direct log calls', async () => {
    const log = loggerFrom(electronLog);
    const headers = new Headers({ Authorization: `Bearer ${TOKEN}`, Accept: 'application/json' });
    log.info(`sending Authorization: Bearer ${TOKEN}`);
    log.warn('request failed', { headers: { Authorization: `Basic ${BASIC}` }, url: 'https://api.cogniac.io/1/token' });
    log.error('fetch init', { init: { headers, method: 'GET' } });
    log.debug(`{"Authorization":"Basic ${BASIC}","x":1}`);
    log.info('proxy', { 'proxy-authorization': `Basic ${BASIC}` });
    electronLog.info(`direct call: authorization=Bearer ${TOKEN}`);
    electronLog.warn('direct object', { request: { headers: { authorization: `Bearer ${TOKEN}` } } });
    electronLog.error(Object.assign(new Error(`401 with Authorization: Basic ${BASIC}`), { config: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
    const text = await logText();
    const lines = text.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(8);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(BASIC);
    expect(text).not.toContain('cogniac-pass');
    for (const line of lines) expect(line, line).not.toMatch(UNREDACTED);
    expect(text).toMatch(/Authorization: \[redacted\]/);
  });

  it('property: whatever credential is put in an Authorization header, no log line shows it', async () => {
    const credential = fc.stringMatching(/^[A-Za-z0-9\-._~+/]{12,60}=*$/);
    const scheme = fc.constantFrom('Bearer', 'Basic', 'Token', 'ApiKey', '');
    const shape = fc.constantFrom('text', 'json-text', 'meta', 'headers', 'error');
    const seen: string[] = [];
    await fc.assert(
      fc.asyncProperty(credential, scheme, shape, async (cred, sch, how) => {
        const value = sch ? `${sch} ${cred}` : cred;
        const log = loggerFrom(electronLog);
        if (how === 'text') log.info(`header Authorization: ${value}`);
        else if (how === 'json-text') log.info(JSON.stringify({ headers: { Authorization: value } }));
        else if (how === 'meta') log.info('call', { headers: { Authorization: value } });
        else if (how === 'headers') log.info('call', { headers: new Headers({ Authorization: value }) });
        else log.error('failed', { error: Object.assign(new Error('boom'), { config: { headers: { authorization: value } } }) });
        seen.push(cred);
      }),
      { numRuns: 60, seed: 4242 },
    );
    const text = await logText();
    for (const cred of seen) expect(text, cred).not.toContain(cred);
    for (const line of text.split('\n').filter(Boolean)) expect(line, line).not.toMatch(UNREDACTED);
  });
});
