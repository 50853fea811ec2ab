/**
 * electron-log set up to write `<userData>/logs/main.log`, with every message passed
 * through `redact` (an electron-log hook, so even direct `log.*` calls are scrubbed), and
 * the core's `Logger` port implemented on top of it.
 */
import { join } from 'node:path';
import log from 'electron-log/main';
import type { Logger } from '../core/ports';
import { redact } from './redact';

export { redact, redactText, REDACTED } from './redact';

export interface LogSink {
  debug(...params: unknown[]): void;
  info(...params: unknown[]): void;
  warn(...params: unknown[]): void;
  error(...params: unknown[]): void;
}

/** Configures electron-log once the user-data folder is known. Returns the sink. */
export function setUpLogging(userDataDir: string, level: 'debug' | 'info' = 'info'): LogSink {
  log.transports.file.resolvePathFn = () => join(userDataDir, 'logs', 'main.log');
  log.transports.file.level = level;
  log.transports.file.maxSize = 2 * 1024 * 1024;
  log.transports.console.level = process.env['NODE_ENV'] === 'development' ? 'debug' : 'warn';
  log.hooks.push((message) => ({ ...message, data: message.data.map((d) => redact(d)) }));
  // Uncaught errors go to the log (redacted by the hook) instead of a crash dialog with a stack.
  log.errorHandler.startCatching({ showDialog: false });
  return log;
}

/** The core's Logger port: a message plus redacted metadata. */
export function loggerFrom(sink: LogSink): Logger {
  const line =
    (level: keyof LogSink) =>
    (msg: string, meta?: Record<string, unknown>): void => {
      if (meta && Object.keys(meta).length > 0) sink[level](redact(msg), redact(meta));
      else sink[level](redact(msg));
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}
