/**
 * The loopback redirect of an OAuth2 browser sign-in (RFC 8252 §7.3): a one-shot HTTP
 * server on 127.0.0.1 with a port the OS picks, waiting for the browser to come back to
 * `http://127.0.0.1:<port>/callback`. It answers the browser with a small page saying how
 * the sign-in ended, then closes. It gives up after a timeout, and never keeps a process
 * alive on its own.
 *
 * It only receives the redirect: checking the answer and exchanging the code is the
 * flow's job (oauth2-auth-code.ts), which tells this module what to show in the browser.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CoreError } from '../errors';
import type { Clock, Logger } from '../ports';
import { MINUTE_MS } from '../tokens/refresh-policy';

export const DEFAULT_BROWSER_SIGN_IN_TIMEOUT_MS = 5 * MINUTE_MS;
export const CALLBACK_PATH = '/callback';

/** What reached the callback with the expected `state`; the flow answers the browser through it. */
export interface ArrivedCallback {
  params: URLSearchParams;
  /** Shows the final page in the browser (once) and closes the server. */
  respond(outcome: { ok: true } | { ok: false; message: string }): void;
}

export interface LoopbackRedirect {
  /** `http://127.0.0.1:<port>/callback`, to send as redirect_uri. */
  readonly redirectUri: string;
  /** Resolves when the browser comes back with the expected state; rejects on timeout. */
  readonly arrived: Promise<ArrivedCallback>;
  /** Closes the server and every connection (safe to call more than once). */
  close(): Promise<void>;
}

export interface LoopbackOptions {
  /** The `state` sent in the authorization request; other callbacks are refused and ignored. */
  state: string;
  timeoutMs: number;
  clock: Clock;
  logger: Logger;
  /** Names the service in the timeout message. */
  service: string;
}

export async function startLoopbackRedirect(opts: LoopbackOptions): Promise<LoopbackRedirect> {
  const server = createServer();
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // 127.0.0.1, not "localhost": RFC 8252 §8.3, and never reachable from another machine.
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // A forgotten sign-in must not keep a headless process (tests, tools) running.
  server.unref();
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;
  const redirectUri = `http://${host}${CALLBACK_PATH}`;

  // The final page must reach the browser before the connections are cut.
  let answering: Promise<void> = Promise.resolve();
  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      timer.cancel();
      await answering;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    })();
    return closed;
  };

  let settle: { resolve(v: ArrivedCallback): void; reject(e: unknown): void } | null = null;
  const arrived = new Promise<ArrivedCallback>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Callers may close without awaiting `arrived` (e.g. the browser could not be opened).
  arrived.catch(() => undefined);

  const timer = opts.clock.setTimer(opts.timeoutMs, () => {
    settle?.reject(
      new CoreError(
        'needs-sign-in',
        `The sign-in to ${opts.service} was not finished in the browser within ${waitedFor(opts.timeoutMs)}, so TokenDesk stopped waiting. Press “Sign in” to try again.`,
      ),
    );
    settle = null;
    void close();
  });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    // Only what the browser sends to the address we gave out; anything else is not ours.
    if (req.headers.host !== host || url.pathname !== CALLBACK_PATH || req.method !== 'GET') {
      page(res, 404, 'Not found', 'This address is only used by TokenDesk to finish a sign-in.');
      return;
    }
    if (!settle) {
      page(res, 409, 'Sign-in already handled', 'TokenDesk is no longer waiting for this sign-in. You can close this tab.');
      return;
    }
    if (url.searchParams.get('state') !== opts.state) {
      // A forged or stale answer must not end (or hijack) the sign-in in progress.
      opts.logger.warn('OAuth2 callback with an unexpected state ignored', { path: url.pathname });
      page(
        res,
        400,
        'This sign-in link is not for TokenDesk',
        'This page was not opened by the sign-in TokenDesk is waiting for, so it was ignored. If you are signing in, finish in the browser tab TokenDesk opened.',
      );
      return;
    }
    let answered = false;
    const pending = settle;
    settle = null;
    timer.cancel();
    pending.resolve({
      params: url.searchParams,
      respond(outcome) {
        if (answered) return;
        answered = true;
        answering = new Promise<void>((resolve) => {
          res.once('finish', resolve);
          res.once('close', resolve);
        });
        if (outcome.ok) {
          page(res, 200, 'You are signed in', 'You are signed in. You can close this tab and go back to TokenDesk.');
        } else {
          page(res, 400, 'Sign-in did not finish', `${outcome.message} You can close this tab and go back to TokenDesk.`);
        }
        void close();
      },
    });
  });

  return { redirectUri, arrived, close };
}

function waitedFor(ms: number): string {
  const [n, unit] = ms >= MINUTE_MS ? [Math.round(ms / MINUTE_MS), 'minute'] : [Math.max(1, Math.round(ms / 1000)), 'second'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** A tiny self-contained page: no scripts, no external resources, nothing cached. */
function page(res: ServerResponse, status: number, title: string, text: string): void {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — TokenDesk</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:15vh auto;padding:0 1.5rem;color:#1d2330;background:#f7f8fa}
h1{font-size:1.4rem}@media (prefers-color-scheme:dark){body{color:#e7e9ee;background:#161a22}}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    Connection: 'close',
  });
  res.end(html);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
