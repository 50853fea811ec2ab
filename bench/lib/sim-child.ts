/**
 * The provider simulator in its own process (so client and server do not share one event
 * loop), counting concurrent requests server-side through node:http diagnostics channels.
 * Protocol over IPC: sends {url}; answers 'stats' with {inflightMax, requests, logins};
 * 'reset' zeroes the counters; 'close' exits.
 */
import diagnostics from 'node:diagnostics_channel';
import { startSimulator } from '../../test/sim/server';

let inflight = 0;
let inflightMax = 0;
let requests = 0;
diagnostics.subscribe('http.server.request.start', () => {
  requests++;
  inflight++;
  if (inflight > inflightMax) inflightMax = inflight;
});
diagnostics.subscribe('http.server.response.finish', () => {
  inflight--;
});

// --latency-ms N: every sign-in answers after N ms (the 'slow' fault), standing in for a
// network round trip so the server is latency-bound rather than CPU-bound.
const i = process.argv.indexOf('--latency-ms');
const latencyMs = i > 0 ? Number(process.argv[i + 1]) : 0;
const sim = await startSimulator({ tokenLifetimes: { resolverSeconds: 900 }, slowMs: latencyMs });
if (latencyMs > 0) sim.setFault('resolver.login', 'slow');
process.send!({ url: sim.url });
process.on('message', (msg: string) => {
  if (msg === 'stats') process.send!({ inflightMax, requests, logins: sim.count('resolver.login') });
  else if (msg === 'reset') {
    inflightMax = inflight;
    requests = 0;
    process.send!({ ok: true });
  } else if (msg === 'close') void sim.close().then(() => process.exit(0));
});
