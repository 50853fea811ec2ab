/**
 * `npm run sim [-- --port N] [--short]` — start the provider simulator by hand.
 */
import { ACCOUNTS } from './fixture';
import { ROUTE_TABLE, SIM_FAULTS, SIM_ROUTES, startSimulator, type SimOptions } from './server';

function parseArgs(argv: string[]): { port?: number; short: boolean } {
  const out: { port?: number; short: boolean } = { short: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--short') out.short = true;
    else if (a === '--port' || a.startsWith('--port=')) {
      const v = a.includes('=') ? a.slice('--port='.length) : argv[++i];
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`invalid --port: ${String(v)}`);
      out.port = n;
    } else if (a === '--help' || a === '-h') {
      console.log('usage: tsx test/sim/cli.ts [--port N] [--short]');
      process.exit(0);
    } else throw new Error(`unknown argument: ${a}`);
  }
  return out;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd()).join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  // The admin routes let the person switch faults by hand while the simulator runs.
  const opts: SimOptions = { admin: true };
  if (args.port !== undefined) opts.port = args.port;
  if (args.short) opts.tokenLifetimes = { cogniacSeconds: 60, resolverSeconds: 60, oauthSeconds: 60 };
  const sim = await startSimulator(opts);

  console.log(`TokenDesk provider simulator listening on ${sim.url}${args.short ? '  (short: 60 s tokens)' : ''}\n`);
  console.log('Test accounts');
  console.log(
    table([
      ['provider', 'user', 'password / key', 'notes'],
      ['Cogniac', ACCOUNTS.cogniac.email, ACCOUNTS.cogniac.password, 'tenants 49wshskg, 12ir8sjgtl, 7qa0tenant'],
      ['Resolver', ACCOUNTS.resolver.email, ACCOUNTS.resolver.password, 'orgs 101, 202; client "core-client"'],
      ['Resolver', ACCOUNTS.resolverNoOrg.email, ACCOUNTS.resolverNoOrg.password, 'no org → 404'],
      ['Resolver', '(ApiKey)', ACCOUNTS.resolverApiKey, `MFA code ${ACCOUNTS.resolverMfaCode}`],
      ['Cohort Go', ACCOUNTS.cohortgo.username, ACCOUNTS.cohortgo.password, ''],
      ['Nexudus', ACCOUNTS.nexudus.username, ACCOUNTS.nexudus.password, 'API access on'],
      ['Nexudus', ACCOUNTS.nexudusNoApi.username, ACCOUNTS.nexudusNoApi.password, 'API access off → 401'],
      ['Basic', ACCOUNTS.utf8.username, ACCOUNTS.utf8.password, 'UTF-8 password'],
      ['OAuth2', ACCOUNTS.oauth.clientId, ACCOUNTS.oauth.clientSecret, `client credentials + refresh tokens; scopes ${ACCOUNTS.oauth.scopes.join(' ')}`],
      ['OAuth2', ACCOUNTS.oauthRefreshOnly.clientId, ACCOUNTS.oauthRefreshOnly.clientSecret, `refresh tokens only; scope ${ACCOUNTS.oauthRefreshOnly.scopes.join(' ')}`],
    ]),
  );
  // RFC 6749 §2.3.1: client ID and secret are form-encoded before they go into Basic.
  const formEncode = (v: string) => new URLSearchParams({ v }).toString().slice(2);
  const machine = `${formEncode(ACCOUNTS.oauth.clientId)}:${formEncode(ACCOUNTS.oauth.clientSecret)}`;
  const refreshToken = sim.issueRefreshToken(ACCOUNTS.oauthRefreshOnly.clientId);
  console.log(`\nOAuth2: in TokenDesk choose "Other HTTP API", OAuth2 client credentials, token address ${sim.url}/oauth/token (no issuer).`);
  console.log(`  curl -u '${machine}' -d grant_type=client_credentials -d scope=api:read ${sim.url}/oauth/token`);
  console.log(`  curl -H 'Authorization: Bearer <access_token>' ${sim.url}/api/me   # proves a copied header`);
  console.log(`  refresh token for ${ACCOUNTS.oauthRefreshOnly.clientId}: ${refreshToken}  (one use: each refresh answers a new one)`);
  console.log('\nRoutes');
  console.log(
    table([
      ['route', 'method', 'path', 'auth'],
      ...SIM_ROUTES.map((r) => [r, ROUTE_TABLE[r].method, ROUTE_TABLE[r].path, ROUTE_TABLE[r].auth]),
    ]),
  );
  console.log(`\nFaults: ${SIM_FAULTS.join(', ')}`);
  console.log('Switch one on while this runs (times and retryAfter are optional; "fault": null switches it off):');
  console.log(`  curl -X POST ${sim.url}/__sim/faults -H 'content-type: application/json' -d '{"route":"cogniac.token","fault":"http-500","times":1}'`);
  console.log(`  curl ${sim.url}/__sim/faults            # what is switched on`);
  console.log(`  curl -X DELETE ${sim.url}/__sim/faults  # switch everything off`);
  console.log('\nCtrl+C to stop.');

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping simulator…`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
