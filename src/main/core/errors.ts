/**
 * Errors that cross into the UI. Every one carries a stable code and a message written
 * for a non-technical reader: what happened and what to do next.
 */
export type CoreErrorCode =
  | 'invalid-input'
  | 'wrong-password'
  | 'vault-locked'
  | 'vault-exists'
  | 'vault-missing'
  | 'vault-corrupt'
  | 'vault-newer-version'
  | 'save-failed'
  | 'not-found'
  | 'auth-rejected'
  | 'forbidden'
  | 'not-member'
  | 'needs-mfa'
  | 'password-expired'
  | 'account-locked'
  /** Only a sign-in by the person (in the browser) can continue: OAuth2 authorization code. */
  | 'needs-sign-in'
  | 'rate-limited'
  | 'server-error'
  | 'bad-response'
  | 'network'
  /** The secure (TLS) connection could not be checked: certificate problem or a proxy in the way. */
  | 'certificate'
  | 'timeout'
  | 'unsupported'
  /** The shell could not apply an OS-level setting (shortcut taken, login item refused): nothing was saved. */
  | 'setting-not-applied'
  | 'internal';

export class CoreError extends Error {
  readonly code: CoreErrorCode;
  /** Optional extra facts for the UI (never secrets). */
  readonly details?: Record<string, unknown>;
  constructor(code: CoreErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
    this.details = details;
  }
}

export function isCoreError(e: unknown): e is CoreError {
  return e instanceof CoreError;
}

/** A failed "Test connection" from the error that ended it: its words, HTTP status and code. */
export function failedTest(e: CoreError): { ok: false; message: string; httpStatus?: number; code: CoreErrorCode } {
  const status = e.details?.httpStatus;
  return { ok: false, message: e.message, ...(typeof status === 'number' ? { httpStatus: status } : {}), code: e.code };
}
