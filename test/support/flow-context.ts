/** Builders for calling a sign-in flow directly in tests: a stored connection and its context. */
import { expect } from 'vitest';
import { CoreError } from '../../src/main/core/errors';
import type { FlowContext } from '../../src/main/core/providers/flow';
import type { Logger } from '../../src/main/core/ports';
import { systemClock } from '../../src/main/core/ports';
import type { StoredConnection } from '../../src/main/core/vault/document';

export interface LogCall {
  level: string;
  msg: string;
  meta?: Record<string, unknown>;
}

/** A Logger that keeps every call, so tests can assert no secret was logged. */
export function recordingLogger(calls: LogCall[]): Logger {
  const at = (level: string) => (msg: string, meta?: Record<string, unknown>) => {
    calls.push({ level, msg, meta });
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function storedConnection(over: Partial<StoredConnection> & Pick<StoredConnection, 'id' | 'providerId' | 'authKind'>): StoredConnection {
  return {
    label: over.providerId,
    baseUrl: null,
    checkUrl: null,
    username: null,
    headerName: 'Authorization',
    scheme: 'Bearer',
    options: {},
    secrets: {},
    tenants: [],
    tokens: {},
    createdAt: 0,
    updatedAt: 0,
    ...over,
  };
}

export function flowContext(opts: { conn: StoredConnection; providerName: string; password: string; logs?: LogCall[] }): FlowContext {
  return {
    conn: opts.conn,
    providerName: opts.providerName,
    secret: (f) => ({ password: opts.password })[f] ?? '',
    fetch: globalThis.fetch,
    clock: systemClock,
    logger: recordingLogger(opts.logs ?? []),
  };
}

/** Awaits a promise that must reject with a CoreError, and returns that error. */
export async function rejection(p: Promise<unknown>): Promise<CoreError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(CoreError);
    return e as CoreError;
  }
  throw new Error('expected a CoreError, but the call succeeded');
}
