/**
 * The small interfaces the core depends on. The Electron shell implements them with
 * safeStorage, electron-store, real timers, net.fetch and electron-log; tests implement
 * them with temp-dir files, a fake clock and global fetch.
 */

/** Wraps and unwraps the vault's 256-bit data key. */
export interface KeyProtector {
  /** Stable id stored with the vault, e.g. "password-scrypt" or "os-keychain". */
  readonly kind: string;
  /** Plain-language name shown to the user: "your master password", "the macOS Keychain". */
  readonly label: string;
  /** True when unlocking needs a password typed by the user. */
  readonly needsPassword: boolean;
  /** Wrap a fresh data key. Returns an opaque JSON-serialisable envelope stored with the vault. */
  wrap(dataKey: Buffer, password?: string): Promise<WrappedKey>;
  /** Unwrap; throws VaultError('wrong-password') if the password is wrong. */
  unwrap(wrapped: WrappedKey, password?: string): Promise<Buffer>;
}

/** Opaque, JSON-serialisable description of a wrapped key (algorithm params included). */
export type WrappedKey = Record<string, unknown> & { kind: string };

/** Loads and saves one JSON document atomically, keeping one backup. */
export interface Persistence {
  /** Returns the document, or null when none exists yet. Throws PersistenceError when unreadable. */
  load(): Promise<unknown | null>;
  /** Returns the backup document (previous committed save), or null. */
  loadBackup(): Promise<unknown | null>;
  /**
   * Atomic save: temp file, fsync, rename; the previous file becomes the backup. `text`,
   * when given, is `doc` already serialised by the caller (the vault computes it for its
   * integrity record anyway): a second JSON.stringify of a large vault is then skipped.
   */
  save(doc: unknown, text?: string): Promise<void>;
  /**
   * The exact text of the document the last load() returned, handed over once (then
   * forgotten), so the vault can check its integrity over the bytes it read instead of
   * serialising the document again. Optional: without it the vault serialises.
   */
  takeLoadedText?(): string | null;
  /**
   * Moves a damaged current file aside (e.g. `vault.json.damaged-<time>`) before a
   * restore, so nothing the user had is ever silently overwritten. Returns the new path.
   */
  setAsideCurrent?(): Promise<string | null>;
  /** Where the data lives, for the README/UI ("C:\\Users\\…\\vault.json"). */
  readonly location: string;
}

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
  /** One-shot timer; delay is clamped by the caller to 2^31-1 ms. */
  setTimer(delayMs: number, fn: () => void): TimerHandle;
}

export interface Logger {
  debug(msg: string, meta?: Record<string, unknown>): void;
  info(msg: string, meta?: Record<string, unknown>): void;
  warn(msg: string, meta?: Record<string, unknown>): void;
  error(msg: string, meta?: Record<string, unknown>): void;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/**
 * Opens a web page in the person's default browser (the shell uses Electron's
 * shell.openExternal; tests complete the page themselves). Used for OAuth2 sign-in, which
 * must happen in the real browser (RFC 8252), never in a TokenDesk window.
 */
export type OpenExternal = (url: string) => Promise<void>;

/** Writes text to the system clipboard and reads it back (for clear-if-unchanged). */
export interface ClipboardPort {
  writeText(text: string): void;
  /** Electron 45 reads the clipboard asynchronously; tests answer at once. */
  readText(): string | Promise<string>;
}

/**
 * Settings that take effect in the operating system, not in the core: the global shortcut
 * and starting at sign-in. The core asks the shell to apply a new value BEFORE saving it;
 * if the shell refuses (throws a CoreError whose message says what to do, e.g. "Ctrl+Alt+K
 * is already used by another app. Choose another shortcut in Settings."), nothing is saved
 * and the previous value stays in effect, so Settings never shows a value that does not work.
 */
export interface SystemSettingsPort {
  applyShortcut(accelerator: string): Promise<void>;
  applyLaunchAtLogin(enabled: boolean): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimer(delayMs, fn) {
    const t = setTimeout(fn, delayMs);
    // A timer must never keep a headless process (tests, CLI tools) alive on its own.
    if (typeof t === 'object' && t && 'unref' in t) (t as { unref(): void }).unref();
    return { cancel: () => clearTimeout(t) };
  },
};

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
