/**
 * One way to call a provider: timeouts, no cookies, no cache, no redirects followed
 * (a redirect to another host must never carry our Authorization header), and every
 * failure mapped to a CoreError whose message a non-developer can act on.
 */
import { CoreError, type CoreErrorCode } from '../errors';
import type { FetchLike } from '../ports';

export interface HttpRequest {
  method?: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  json?: unknown;
  timeoutMs?: number;
  /** "Cogniac", "Resolver Core" — names the service in error messages. */
  service: string;
  /** Plain-language hint appended to a 401 message (e.g. Nexudus' API Access). */
  on401?: (bodyText: string) => string | undefined;
  /** Per-status overrides for providers whose statuses mean something specific. */
  statusMessages?: Partial<Record<number, { code: CoreErrorCode; message: string }>>;
  /**
   * Maps a non-2xx answer to an error by reading its body (e.g. Resolver's MFA_REQUIRED).
   * Return undefined to fall back to statusMessages and the default mapping.
   */
  mapError?: (status: number, bodyText: string) => CoreError | undefined;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body; throws a plain-language 'bad-response' when the body is not JSON. */
  json<T = unknown>(): T;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
/** Bodies past this size are not a token response: refuse rather than buffer a flood. */
const MAX_BODY_BYTES = 1_000_000;

export async function httpRequest(fetchImpl: FetchLike, req: HttpRequest): Promise<HttpResponse> {
  const controller = new AbortController();
  const timeoutMs = req.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const timer = setTimeout(() => controller.abort(new Error('timeout')), timeoutMs);
  const headers: Record<string, string> = { Accept: 'application/json', ...req.headers };
  let body: string | undefined;
  if (req.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(req.json);
  }
  try {
    let res: Response;
    try {
      // `cache` is honoured by Electron's net.fetch; Node's typings simply lack it.
      const init = {
        method: req.method ?? 'GET',
        headers,
        body,
        signal: controller.signal,
        redirect: 'manual',
        credentials: 'omit',
        cache: 'no-store',
      } as RequestInit;
      res = await fetchImpl(req.url, init);
    } catch (e) {
      throw networkError(req.service, e, controller.signal.aborted);
    }
    let text: string;
    try {
      text = await readBody(res);
    } catch (e) {
      if (e instanceof CoreError) throw e;
      throw networkError(req.service, e, controller.signal.aborted);
    }
    const response: HttpResponse = {
      status: res.status,
      headers: res.headers,
      text,
      json<T>() {
        return parseJson<T>(text, req.service, res.headers.get('content-type'));
      },
    };
    if (res.status >= 200 && res.status < 300) return response;
    throw statusError(req, response);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a whole body, refusing one past MAX_BODY_BYTES (also used by the OAuth2 transport). */
export async function readBody(res: Response): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function tooLarge(): CoreError {
  return new CoreError('bad-response', 'The service sent an unexpectedly large answer, so TokenDesk ignored it. Try again later.');
}

/** True when a body that should be data is a web page (a captive portal, a login page). */
export function looksLikeWebPage(text: string, contentType: string | null): boolean {
  return /^\s*</.test(text) || (contentType ?? '').toLowerCase().includes('text/html');
}

export function webPageError(service: string): CoreError {
  return new CoreError(
    'bad-response',
    `${service} answered with a web page instead of data. If you are on hotel or guest Wi-Fi, open a browser to sign in to the network first, then try again.`,
  );
}

function parseJson<T>(text: string, service: string, contentType: string | null): T {
  if (looksLikeWebPage(text, contentType)) throw webPageError(service);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new CoreError('bad-response', `${service} sent an answer TokenDesk could not read. Try again in a few minutes.`);
  }
}

/**
 * Node's fetch puts the reason in `cause.code` (ENOTFOUND, DEPTH_ZERO_SELF_SIGNED_CERT…);
 * Electron's net.fetch puts Chromium's net error in the message (net::ERR_NAME_NOT_RESOLVED,
 * net::ERR_CERT_AUTHORITY_INVALID…). Both are read, so the app and the tests say the same.
 */
export function networkError(service: string, e: unknown, aborted: boolean): CoreError {
  if (aborted) {
    return new CoreError('timeout', `${service} did not answer in time. Check your internet connection; TokenDesk will try again.`);
  }
  const code = (e as { cause?: { code?: unknown } })?.cause?.code ?? (e as { code?: unknown })?.code;
  const cause = typeof code === 'string' ? code : '';
  const text = `${cause} ${e instanceof Error ? e.message : ''} ${(e as { cause?: unknown })?.cause instanceof Error ? ((e as { cause: Error }).cause.message ?? '') : ''}`;
  const chromium = /net::(ERR_[A-Z_]+)/.exec(text)?.[1] ?? '';
  if (cause === 'ENOTFOUND' || cause === 'EAI_AGAIN' || /^ERR_NAME_(NOT_RESOLVED|RESOLUTION_FAILED)$/.test(chromium)) {
    return new CoreError('network', `TokenDesk could not find ${service}'s server. Check the address and your internet connection.`, { cause: cause || chromium, dns: true });
  }
  if (/CERT|SSL|TLS|SELF_SIGNED/i.test(cause) || /^ERR_(CERT_|SSL_|BAD_SSL_)/.test(chromium)) {
    return new CoreError(
      'certificate',
      `The secure connection to ${service} could not be checked (certificate problem). Check the address; if you are on a company or hotel network, ask IT whether a proxy is in the way.`,
      { cause: cause || chromium },
    );
  }
  return new CoreError('network', `TokenDesk could not reach ${service}. Check your internet connection; it will try again by itself.`, {
    cause: cause || chromium || 'fetch-failed',
  });
}

/** Maps a non-2xx answer to a plain-language CoreError (also used by the OAuth2 transport). */
export function statusError(req: HttpRequest, res: HttpResponse): CoreError {
  const { status } = res;
  const s = req.service;
  const mapped = req.mapError?.(status, res.text);
  if (mapped) return mapped;
  const custom = req.statusMessages?.[status];
  if (custom) return new CoreError(custom.code, custom.message, { httpStatus: status });
  if (status >= 300 && status < 400) {
    return new CoreError(
      'bad-response',
      `${s} tried to send TokenDesk to a different address (HTTP ${status}). Your credentials were not sent there. Check the service address.`,
      { httpStatus: status },
    );
  }
  if (status === 401) {
    const hint = req.on401?.(res.text);
    return new CoreError(
      'auth-rejected',
      `${s} rejected the email or password (HTTP 401). ${hint ?? `Check them in the ${s} web app, then update them here.`}`,
      { httpStatus: status },
    );
  }
  if (status === 403) {
    return new CoreError('forbidden', `${s} says this account is not allowed to do this (HTTP 403). Ask your ${s} administrator for access.`, {
      httpStatus: status,
    });
  }
  if (status === 404) {
    return new CoreError('not-found', `${s} could not find that address (HTTP 404). Check the service address in the connection's settings.`, {
      httpStatus: status,
    });
  }
  if (status === 423) {
    return new CoreError('account-locked', `${s} has locked this account (HTTP 423), usually after too many wrong passwords. Unlock it in ${s} or ask its administrator.`, {
      httpStatus: status,
    });
  }
  if (status === 429) {
    return new CoreError('rate-limited', `${s} is asking TokenDesk to slow down (HTTP 429). It will try again by itself shortly.`, {
      httpStatus: status,
      retryAfter: res.headers.get('retry-after'),
    });
  }
  if (status >= 500) {
    return new CoreError('server-error', `${s} is having a problem right now (HTTP ${status}). TokenDesk will try again by itself.`, {
      httpStatus: status,
      retryAfter: res.headers.get('retry-after'),
    });
  }
  return new CoreError('bad-response', `${s} refused the request (HTTP ${status}). Check the connection's settings.`, { httpStatus: status });
}
