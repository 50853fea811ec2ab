/**
 * `npm run sim` as a person uses it: start test/sim/cli.ts as its own process, read the
 * URL and an account from what it prints, call an endpoint with them, switch a fault on
 * by hand through the admin route, and stop it with Ctrl+C (SIGINT).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

let child: ChildProcess | undefined;
afterEach(() => {
  // Never leave a simulator running if an assertion failed half-way.
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

interface Started {
  proc: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the CLI the way `npm run sim` does (tsx), and resolves once it has printed everything. */
function startCli(args: string[]): Promise<Started> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/sim/cli.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  let out = '';
  let err = '';
  proc.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const ready = () => {
      if (out.includes('Ctrl+C to stop.')) {
        proc.stdout!.off('data', ready);
        resolve({ proc, output: () => out, exited });
      }
    };
    proc.stdout!.on('data', ready);
    void exited.then(({ code }) => reject(new Error(`the simulator exited early (code ${code}): ${err || out}`)));
  });
}

/** Reads one row of the printed accounts table (the first of `provider`, or the one naming `user`): columns are separated by two or more spaces. */
function accountRow(output: string, provider: string, user?: string): string[] {
  const line = output.split('\n').find((l) => l.startsWith(`${provider} `) && (user === undefined || l.includes(`  ${user}  `)));
  if (!line) throw new Error(`no ${provider} row in:\n${output}`);
  return line.trim().split(/\s{2,}/);
}

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

describe('npm run sim (test/sim/cli.ts)', () => {
  it('prints its URL and accounts, serves them, switches faults by hand and stops on Ctrl+C', async () => {
    const sim = await startCli(['--short']);
    const url = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(sim.output());
    expect(url).not.toBeNull();
    const [base, port] = [url![1]!, Number(url![2])];
    expect(sim.output()).toContain('short: 60 s tokens');

    // The account as printed, used as a person would.
    const [, email, password, notes] = accountRow(sim.output(), 'Cogniac');
    expect(notes).toMatch(/49wshskg/);
    const authorization = `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;
    const tenants = await fetch(`${base}/1/users/current/tenants`, { headers: { authorization } });
    expect(tenants.status).toBe(200);
    expect(((await tenants.json()) as { tenants: unknown[] }).tenants).toHaveLength(3);
    const token = (await (await fetch(`${base}/1/token?tenant_id=49wshskg`, { headers: { authorization } })).json()) as { expires_in: number };
    expect(token.expires_in).toBe(60);

    // The OAuth2 client as printed: a client-credentials token (form-encoded Basic, RFC 6749
    // §2.3.1) that the protected route accepts, and the printed refresh token of the other client.
    const [, clientId, clientSecret] = accountRow(sim.output(), 'OAuth2');
    expect(sim.output()).toContain(`token address ${base}/oauth/token (no issuer)`);
    const form = (v: string) => new URLSearchParams({ v }).toString().slice(2);
    const oauth = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${form(clientId!)}:${form(clientSecret!)}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const granted = (await oauth.json()) as { access_token: string; expires_in: number };
    expect(granted.expires_in).toBe(60);
    expect((await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${granted.access_token}` } })).status).toBe(200);
    const printed = /refresh token for (\S+): (\S+)/.exec(sim.output());
    const desktop = accountRow(sim.output(), 'OAuth2', printed![1]);
    const refreshed = await fetch(`${base}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${form(desktop[1]!)}:${form(desktop[2]!)}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: printed![2]! }).toString(),
    });
    expect(await refreshed.json()).toMatchObject({ token_type: 'Bearer', refresh_token: expect.any(String) });

    // Switch a fault on by hand, as the printed curl line does.
    expect(sim.output()).toContain(`curl -X POST ${base}/__sim/faults`);
    const set = await fetch(`${base}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'cogniac.tenants', fault: 'http-503', times: 1 }),
    });
    expect(set.status).toBe(200);
    expect((await fetch(`${base}/1/users/current/tenants`, { headers: { authorization } })).status).toBe(503);
    expect((await fetch(`${base}/1/users/current/tenants`, { headers: { authorization } })).status).toBe(200);

    sim.proc.kill('SIGINT');
    expect(await sim.exited).toEqual({ code: 0, signal: null });
    expect(sim.output()).toContain('SIGINT: stopping simulator…');
    expect(await portIsClosed(port)).toBe(true);
  });

  it('refuses a bad argument in one line and exits with an error', async () => {
    await expect(startCli(['--port', 'abc'])).rejects.toThrow(/exited early \(code 1\): invalid --port: abc/);
  });
});
