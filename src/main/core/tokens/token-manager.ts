/**
 * Keeps every signed-in token valid. One RefreshScheduler (one OS timer) plans renewals
 * early (refresh-policy), a small limiter caps concurrent sign-ins, refreshes are
 * single-flight per token, transient failures retry with full-jitter backoff (honouring
 * Retry-After), and permanent ones stop in a plain-language "needs you" state.
 * A watchdog re-checks wall-clock time every 30 s so sleep and clock changes are caught.
 */
import type { TokenStatus } from '../../../shared/views';
import { CoreError, isCoreError, type CoreErrorCode } from '../errors';
import type { Clock, Logger, TimerHandle } from '../ports';
import type { IssuedToken, SignInExtra } from '../providers/flow';
import { nextRetryDelayMs } from './backoff';
import { refreshAt } from './refresh-policy';
import { RefreshScheduler } from './scheduler';

export interface HeldToken extends IssuedToken {
  issuedAt: number;
}

export interface TokenManagerOptions {
  clock: Clock;
  logger: Logger;
  /**
   * Signs in or renews one token. `current` is the token in hand (for renew flows). When
   * the provider refused `current` itself (session ended), throw the error through
   * `withHeldTokenRejected` so that token is no longer handed out.
   */
  perform(connectionId: string, tenantId: string, current: HeldToken | undefined, extra?: SignInExtra): Promise<IssuedToken>;
  /** Stores a fresh token (encrypted) so a restart does not sign in again. */
  persist(connectionId: string, tenantId: string, token: HeldToken): Promise<void>;
  /** Called whenever a token's state changes, so views can be pushed. */
  onChange(connectionId: string): void;
  concurrency?: number;
  random?: () => number;
  watchdogMs?: number;
}

/**
 * A stored token issued more than this far in the future was saved before the wall clock
 * was set back (between two runs, where the watchdog cannot see it).
 */
const CLOCK_SKEW_MS = 60_000;

/** Errors a retry cannot fix: the person must act. */
const PERMANENT: ReadonlySet<CoreErrorCode> = new Set([
  'auth-rejected',
  'forbidden',
  'not-member',
  'needs-mfa',
  'password-expired',
  'account-locked',
  'needs-sign-in',
  'not-found',
  'invalid-input',
  'vault-corrupt',
  'unsupported',
]);

/** Failures that a network coming back can fix. */
const CONNECTIVITY: ReadonlySet<CoreErrorCode> = new Set(['network', 'timeout', 'certificate']);

const ACTIONS: Partial<Record<CoreErrorCode, TokenStatus['action']>> = {
  'auth-rejected': 'update-password',
  'password-expired': 'update-password',
  'needs-mfa': 'enter-mfa',
  'account-locked': 'sign-in-again',
  'needs-sign-in': 'sign-in-again',
  forbidden: 'check-settings',
  'not-member': 'check-settings',
  'not-found': 'check-settings',
};

interface Entry {
  key: string;
  connectionId: string;
  tenantId: string;
  token?: HeldToken;
  inflight?: Promise<HeldToken>;
  /** The in-flight sign-in is one the person asked for (not an automatic renewal). */
  inflightByPerson?: boolean;
  error?: CoreError;
  /** Consecutive transient failures, for backoff. */
  attempt: number;
}

export class TokenManager {
  private readonly entries = new Map<string, Entry>();
  private readonly scheduler: RefreshScheduler;
  private readonly concurrency: number;
  private readonly random: () => number;
  /** Sign-ins waiting for a slot, first come first served; `waitingHead` is the next one. */
  private waiting: Array<(() => void) | undefined> = [];
  private waitingHead = 0;
  private running = 0;
  private watchdog: TimerHandle | null = null;
  private lastWatchdogWall = 0;
  private closed = false;

  constructor(private readonly opts: TokenManagerOptions) {
    this.concurrency = opts.concurrency ?? 4;
    this.random = opts.random ?? Math.random;
    this.scheduler = new RefreshScheduler(
      opts.clock,
      (key) => this.onDue(key),
      (err, key) => opts.logger.error('token refresh callback failed', { key, error: String(err) }),
    );
  }

  /** Starts looking after a token. `stored` is a token loaded from the vault, if any. */
  track(connectionId: string, tenantId: string, stored?: HeldToken): void {
    const key = keyOf(connectionId, tenantId);
    const entry: Entry = { key, connectionId, tenantId, attempt: 0 };
    const now = this.opts.clock.now();
    if (stored && stored.issuedAt > now + CLOCK_SKEW_MS) {
      // Its real expiry in our new timeline is unknown (it may be long gone): sign in again
      // rather than hand out a token the service already refuses.
      this.opts.logger.info('a saved token was issued after the current time (clock set back); signing in again', {
        seconds: Math.round((stored.issuedAt - now) / 1000),
      });
    } else if (stored && (stored.expiresAt > now || stored.refreshToken !== undefined)) {
      // An expired token is still worth keeping when it carries a refresh token (OAuth2):
      // that renews it without asking the person to sign in again.
      entry.token = stored;
    }
    this.entries.set(key, entry);
    this.scheduler.schedule(key, entry.token ? this.renewalTime(entry.token) : now);
    this.startWatchdog();
  }

  /** Stops looking after one token, or every token of a connection. In-flight results are dropped. */
  untrack(connectionId: string, tenantId?: string): HeldToken[] {
    const dropped: HeldToken[] = [];
    for (const entry of [...this.entries.values()]) {
      if (entry.connectionId !== connectionId || (tenantId !== undefined && entry.tenantId !== tenantId)) continue;
      this.entries.delete(entry.key);
      this.scheduler.cancel(entry.key);
      if (entry.token) dropped.push(entry.token);
    }
    if (this.entries.size === 0) this.stopWatchdog();
    return dropped;
  }

  /** Forgets every token (vault locked). Returns what was held so callers can sign out. */
  clear(): Array<{ connectionId: string; tenantId: string; token: HeldToken }> {
    const held = [...this.entries.values()].flatMap((e) => (e.token ? [{ connectionId: e.connectionId, tenantId: e.tenantId, token: e.token }] : []));
    for (const key of this.entries.keys()) this.scheduler.cancel(key);
    this.entries.clear();
    this.stopWatchdog();
    return held;
  }

  /**
   * Sign-ins still running, for one connection or all. Call before untrack/clear: their
   * results will be dropped, so the caller can end those sessions when they arrive.
   */
  inflight(connectionId?: string): Array<{ connectionId: string; tenantId: string; result: Promise<HeldToken> }> {
    return [...this.entries.values()].flatMap((e) =>
      e.inflight && (connectionId === undefined || e.connectionId === connectionId) ? [{ connectionId: e.connectionId, tenantId: e.tenantId, result: e.inflight }] : [],
    );
  }

  isTracked(connectionId: string, tenantId: string): boolean {
    return this.entries.has(keyOf(connectionId, tenantId));
  }

  /**
   * The held token if it is valid for at least `minValidityMs` and not being replaced, else
   * undefined. Synchronous: the copy path's usual case needs neither a sign-in nor an await.
   */
  validNow(connectionId: string, tenantId: string, minValidityMs: number): HeldToken | undefined {
    const entry = this.entries.get(keyOf(connectionId, tenantId));
    return entry ? this.usable(entry, minValidityMs) : undefined;
  }

  /** A token valid for at least `minValidityMs`, signing in first when needed. */
  async ensureValid(connectionId: string, tenantId: string, minValidityMs: number): Promise<HeldToken> {
    const entry = this.require(connectionId, tenantId);
    const usable = this.usable(entry, minValidityMs);
    if (usable) return usable;
    if (entry.error && PERMANENT.has(entry.error.code) && !entry.inflight) throw entry.error;
    const token = await this.refresh(entry);
    if (token.expiresAt - this.opts.clock.now() < minValidityMs) {
      throw new CoreError('bad-response', 'The service gave TokenDesk a token that expires too soon to be useful. Try again in a minute.');
    }
    return token;
  }

  /** Signs in again now, even after a "needs you" stop (after a password update or with an MFA code). */
  refreshNow(connectionId: string, tenantId: string, extra?: SignInExtra): Promise<HeldToken> {
    const entry = this.require(connectionId, tenantId);
    if (extra?.interactive && entry.inflight && !entry.inflightByPerson) {
      // The person's own sign-in (a browser, an MFA code) must not be answered by an
      // automatic attempt already on its way: let that one finish, then do theirs.
      const settled = entry.inflight.then(
        () => undefined,
        () => undefined,
      );
      return settled.then(() => this.refreshNow(connectionId, tenantId, extra));
    }
    entry.error = undefined;
    entry.attempt = 0;
    return this.refresh(entry, extra);
  }

  current(connectionId: string, tenantId: string): HeldToken | undefined {
    return this.entries.get(keyOf(connectionId, tenantId))?.token;
  }

  status(connectionId: string, tenantId: string): TokenStatus {
    const entry = this.entries.get(keyOf(connectionId, tenantId));
    const now = this.opts.clock.now();
    if (!entry) return { state: 'expired', message: 'Not signed in', expiresAt: null, renewsAt: null, action: 'sign-in-again' };
    const expiresAt = entry.token?.expiresAt ?? null;
    const renewsAt = this.scheduler.dueAt(entry.key) ?? null;
    const valid = expiresAt !== null && expiresAt > now;
    if (entry.inflight) {
      return { state: 'refreshing', message: valid ? 'Renewing…' : 'Signing in…', expiresAt, renewsAt: null };
    }
    if (entry.error && PERMANENT.has(entry.error.code)) {
      return { state: 'needs-you', message: entry.error.message, expiresAt: valid ? expiresAt : null, renewsAt: null, action: ACTIONS[entry.error.code] ?? 'sign-in-again' };
    }
    if (entry.error) {
      const offline = entry.error.code === 'network' || entry.error.code === 'timeout';
      // A name that does not resolve is as often a wrong address as no internet: say both.
      const message = !offline ? entry.error.message : entry.error.details?.dns ? `${entry.error.message} TokenDesk will retry by itself.` : 'Offline — will retry by itself';
      return { state: offline ? 'offline' : 'error', message, expiresAt: valid ? expiresAt : null, renewsAt };
    }
    if (!entry.token) return { state: 'expired', message: 'Not signed in yet', expiresAt: null, renewsAt };
    if (!valid) return { state: 'expired', message: 'Expired — signing in again', expiresAt, renewsAt };
    if (expiresAt - now < 60_000) return { state: 'expiring', message: 'About to expire — renewing', expiresAt, renewsAt };
    return { state: 'valid', message: 'Valid — renews by itself', expiresAt, renewsAt };
  }

  /**
   * The network is back or the computer woke up: tokens waiting out a retry pause after a
   * connection problem try again now, instead of after the pause. Server errors and
   * rate limits keep their pause (the server asked for it); "needs you" is left alone.
   */
  retryWaiting(): void {
    if (this.closed) return;
    const now = this.opts.clock.now();
    for (const entry of this.entries.values()) {
      if (entry.error && CONNECTIVITY.has(entry.error.code) && !entry.inflight) this.scheduler.schedule(entry.key, now);
    }
  }

  /** After resume, unlock, network-online or the watchdog: catch up with wall-clock time. */
  recheckAll(): void {
    if (this.closed) return;
    this.scheduler.recheck();
  }

  /** Number of OS timers this manager holds (scheduler + watchdog), for tests and benchmarks. */
  timersArmed(): number {
    return this.scheduler.timersArmed() + (this.watchdog ? 1 : 0);
  }

  get size(): number {
    return this.entries.size;
  }

  close(): void {
    this.closed = true;
    this.clear();
    this.scheduler.close();
  }

  private usable(entry: Entry, minValidityMs: number): HeldToken | undefined {
    const token = entry.token;
    return token && !entry.inflight && token.expiresAt - this.opts.clock.now() >= minValidityMs ? token : undefined;
  }

  private require(connectionId: string, tenantId: string): Entry {
    const entry = this.entries.get(keyOf(connectionId, tenantId));
    if (!entry) throw new CoreError('not-found', 'That connection or tenant is not signed in. Choose it in the connection’s settings.');
    return entry;
  }

  private onDue(key: string): void {
    const entry = this.entries.get(key);
    if (!entry || entry.inflight) return;
    // Errors are already recorded on the entry and shown as its state.
    this.refresh(entry).catch(() => undefined);
  }

  private refresh(entry: Entry, extra?: SignInExtra): Promise<HeldToken> {
    if (entry.inflight) return entry.inflight;
    const { connectionId, tenantId } = entry;
    // A sign-in the person asked for is one request at a time, and a browser sign-in waits
    // minutes for them: it must not hold one of the few slots that keep tokens renewing.
    const limited = !extra?.interactive;
    const run = async (): Promise<HeldToken> => {
      if (limited) await this.slot();
      try {
        // The entry may have been removed or the vault locked while waiting for a slot.
        if (this.entries.get(entry.key) !== entry) throw new CoreError('vault-locked', 'TokenDesk was locked or the connection removed.');
        const started = this.opts.clock.now();
        const issued = await this.opts.perform(connectionId, tenantId, entry.token, extra);
        return { ...issued, issuedAt: Math.min(started, this.opts.clock.now()) };
      } finally {
        if (limited) this.release();
      }
    };
    const promise = run().then(
      (token) => this.succeeded(entry, token),
      (e: unknown) => this.failed(entry, e),
    );
    entry.inflight = promise;
    entry.inflightByPerson = extra?.interactive === true;
    this.opts.onChange(connectionId);
    return promise;
  }

  private succeeded(entry: Entry, token: HeldToken): HeldToken {
    entry.inflight = undefined;
    if (this.entries.get(entry.key) !== entry) return token; // removed or locked meanwhile: keep nothing
    entry.token = token;
    entry.error = undefined;
    entry.attempt = 0;
    this.scheduler.schedule(entry.key, this.renewalTime(token));
    this.opts.persist(entry.connectionId, entry.tenantId, token).catch((e: unknown) =>
      this.opts.logger.warn('could not save a renewed token; it will be renewed again after a restart', { code: (e as CoreError).code }),
    );
    this.opts.onChange(entry.connectionId);
    return token;
  }

  private failed(entry: Entry, e: unknown): never {
    entry.inflight = undefined;
    const error = isCoreError(e) ? e : new CoreError('internal', 'Something went wrong while signing in. TokenDesk will try again.');
    if (!isCoreError(e)) this.opts.logger.error('unexpected sign-in failure', { error: String(e) });
    if (this.entries.get(entry.key) === entry) {
      entry.error = error;
      // The provider said the token in hand no longer works: never hand it out again.
      if (error.details?.[HELD_TOKEN_REJECTED]) entry.token = undefined;
      if (PERMANENT.has(error.code)) {
        this.scheduler.cancel(entry.key);
      } else {
        entry.attempt += 1;
        const retryAfter = (error.details?.retryAfter as string | null | undefined) ?? null;
        const delay = nextRetryDelayMs(entry.attempt, retryAfter, this.opts.clock.now(), { random: this.random });
        // At least a second, so a failing server is never hammered in a tight loop.
        this.scheduler.schedule(entry.key, this.opts.clock.now() + Math.max(1_000, delay));
      }
      this.opts.logger.warn('token refresh failed', { code: error.code, attempt: entry.attempt });
      this.opts.onChange(entry.connectionId);
    }
    throw error;
  }

  private renewalTime(token: HeldToken): number {
    return refreshAt(token.issuedAt, token.expiresAt, this.random);
  }

  private slot(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    // A moving head instead of Array.shift: after a wake-up thousands may wait, and shift
    // copies the rest of the array each time (quadratic: 10,000 waiting cost ~30 ms).
    if (this.waitingHead < this.waiting.length) {
      const next = this.waiting[this.waitingHead]!;
      this.waiting[this.waitingHead++] = undefined;
      if (this.waitingHead === this.waiting.length) {
        this.waiting = [];
        this.waitingHead = 0;
      }
      next();
    } else {
      this.running -= 1;
    }
  }

  private startWatchdog(): void {
    if (this.watchdog || this.closed) return;
    const every = this.opts.watchdogMs ?? 30_000;
    this.lastWatchdogWall = this.opts.clock.now();
    const tick = () => {
      const now = this.opts.clock.now();
      const drift = now - this.lastWatchdogWall - every;
      this.lastWatchdogWall = now;
      if (drift < -5_000) this.clockWentBack(-drift);
      else if (drift > 5_000) this.opts.logger.info('wall clock jumped forward (sleep or clock change); re-checking tokens', { seconds: Math.round(drift / 1000) });
      this.scheduler.recheck();
      this.watchdog = this.opts.clock.setTimer(every, tick);
    };
    this.watchdog = this.opts.clock.setTimer(every, tick);
  }

  private stopWatchdog(): void {
    this.watchdog?.cancel();
    this.watchdog = null;
  }

  /**
   * The wall clock moved back: tokens still expire on the provider's schedule, which in
   * our new timeline is earlier. Move expiries back by the same amount (the safe side).
   */
  private clockWentBack(ms: number): void {
    this.opts.logger.info('wall clock moved back; adjusting token expiries', { seconds: Math.round(ms / 1000) });
    for (const entry of this.entries.values()) {
      if (!entry.token) continue;
      entry.token = { ...entry.token, issuedAt: entry.token.issuedAt - ms, expiresAt: entry.token.expiresAt - ms };
      if (!entry.inflight && !entry.error) this.scheduler.schedule(entry.key, this.renewalTime(entry.token));
    }
  }
}

const HELD_TOKEN_REJECTED = 'heldTokenRejected';

/** The same error, marked so the token manager drops the token it holds (see `perform`). */
export function withHeldTokenRejected(e: CoreError): CoreError {
  return new CoreError(e.code, e.message, { ...e.details, [HELD_TOKEN_REJECTED]: true });
}

export function keyOf(connectionId: string, tenantId: string): string {
  return `${connectionId}/${tenantId}`;
}
