/**
 * Test-only bridge: serves the built renderer (out/renderer) over http://127.0.0.1 and
 * exposes a real core to it through a WebSocket at /__bridge on the SAME origin, so the
 * page's CSP (`script-src 'self'; connect-src 'self'`) allows both. When serving
 * index.html it injects `<script src="/__bridge/api.js">` (a classic script, so it runs
 * before the deferred module bundle) which defines `window.tokendesk` like the preload.
 *
 * Wire format (JSON text frames):
 *   page → bridge  {id, channel, request}
 *   bridge → page  {id, ok: true, value} | {id, ok: false, error: {code, message}}
 *   bridge → page  {event, payload}        (every name in `eventNames`)
 * The WebSocket must present the per-bridge random token (`?token=`), which the page
 * receives in the URL hash (`/#bridge=<token>`); otherwise the upgrade is refused.
 *
 * Nothing in src/ imports this file.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../../../src/main/core';
import { handleCall } from '../../../src/main/shell/ipc';
import { channels, eventNames, type Channel } from '../../../src/shared/contract';

export const BRIDGE_PATH = '/__bridge';
const API_SCRIPT_PATH = `${BRIDGE_PATH}/api.js`;
const PAGE_API_FILE = fileURLToPath(new URL('./page-api.js', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export interface BridgeOptions {
  core: Core;
  /** The built renderer folder (out/renderer), holding index.html and assets/. */
  rendererDir: string;
}

export interface Bridge {
  /** Page address including the token hash: open this in the browser. */
  url: string;
  /** Server origin, e.g. http://127.0.0.1:43123 */
  origin: string;
  token: string;
  /** Number of currently connected pages. */
  readonly clients: number;
  close(): Promise<void>;
}

interface WireRequest {
  id: unknown;
  channel: unknown;
  request?: unknown;
}

/** Inserts the bridge script before the first module script (or before </head>). */
export function injectApiScript(html: string): string {
  const tag = `<script src="${API_SCRIPT_PATH}"></script>`;
  const moduleScript = /<script\b[^>]*\btype=["']module["'][^>]*>/i.exec(html);
  if (moduleScript) return html.slice(0, moduleScript.index) + tag + '\n    ' + html.slice(moduleScript.index);
  if (/<\/head>/i.test(html)) return html.replace(/<\/head>/i, `${tag}\n</head>`);
  return tag + html;
}

function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startBridge({ core, rendererDir }: BridgeOptions): Promise<Bridge> {
  const root = resolve(rendererDir);
  const token = randomBytes(24).toString('base64url');
  const indexHtml = injectApiScript(await readFile(join(root, 'index.html'), 'utf8'));
  const pageApi = await readFile(PAGE_API_FILE, 'utf8');

  async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const send = (status: number, type: string, body: string | Buffer) => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (pathname === '/' || pathname === '/index.html') return send(200, CONTENT_TYPES['.html']!, indexHtml);
    if (pathname === API_SCRIPT_PATH) return send(200, CONTENT_TYPES['.js']!, pageApi);
    // Chromium asks for a favicon on its own (Electron does not); answer "none" quietly.
    if (pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }

    const file = resolve(root, '.' + pathname);
    if (file !== root && !file.startsWith(root + sep)) return send(403, CONTENT_TYPES['.txt']!, 'Forbidden');
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      send(200, CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', await readFile(file));
    } catch {
      send(404, CONTENT_TYPES['.txt']!, 'Not found');
    }
  }

  const server = createServer((req, res) => {
    serveStatic(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const presented = url.searchParams.get('token') ?? '';
    if (url.pathname !== BRIDGE_PATH || !tokensEqual(presented, token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const send = (ws: WebSocket, message: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };

  wss.on('connection', (ws) => {
    const offs = eventNames.map((name) => core.on(name, (payload) => send(ws, { event: name, payload })));
    ws.on('close', () => offs.forEach((off) => off()));
    ws.on('message', (data) => {
      let msg: WireRequest;
      try {
        msg = JSON.parse(String(data)) as WireRequest;
      } catch {
        return;
      }
      const { id, channel, request } = msg;
      if (typeof channel !== 'string' || !Object.hasOwn(channels, channel)) {
        send(ws, { id, ok: false, error: { code: 'unknown-channel', message: `Unknown channel ${String(channel)}` } });
        return;
      }
      // Same path as the Electron ipc handler: validate, call core[domain][verb], map errors
      // to {code, message} (CoreError keeps its code and plain-language message).
      void handleCall(core, channel as Channel, request).then((result) => send(ws, { id, ...result }));
    });
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#bridge=${token}`,
    origin,
    token,
    get clients() {
      return wss.clients.size;
    },
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((ok) => wss.close(() => ok()));
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
