/** Where a {@link RetryTracker} writes its (rate-limited) lines; Nest's `Logger` fits. */
export interface RetryLogger {
  warn(message: string): void;
  log(message: string): void;
}

/** Options of a {@link RetryTracker}. */
export interface RetryTrackerOptions {
  /** First backoff ceiling, ms. Default 100. */
  baseMs?: number;
  /** Highest backoff ceiling, ms. Default 5 000. */
  maxMs?: number;
  /** At most one "still failing" line per this many ms while the cause stays the same. Default 30 000. */
  logIntervalMs?: number;
  logger?: RetryLogger;
  /** Uniform random number in [0, 1); injectable for tests. */
  random?: () => number;
  /** Clock, epoch ms; injectable for tests. */
  now?: () => number;
}

/** A failing loop's state, as readiness and metrics see it. */
export interface RetryStatus {
  readonly name: string;
  readonly consecutiveFailures: number;
  /** When the current run of failures began (epoch ms); null while the loop succeeds. */
  readonly failingSince: number | null;
  /** The last failure's cause (code and message); null while the loop succeeds. */
  readonly cause: string | null;
}

/**
 * The retry state of one loop that must keep going (a commit loop, a read loop): capped exponential
 * backoff with full jitter (each wait is uniform in [0, min(maxMs, baseMs * 2^n))), a count of
 * consecutive failures, when they began, and a rate-limited log line with the cause (the first
 * failure, a change of cause, then at most one line per `logIntervalMs`, and one on recovery).
 * A permanent error therefore costs one attempt per `maxMs / 2` on average and one line per interval.
 */
export class RetryTracker implements RetryStatus {
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly logIntervalMs: number;
  private readonly random: () => number;
  private readonly now: () => number;
  private failures = 0;
  private since: number | null = null;
  private lastCause: string | null = null;
  private lastLogAt = Number.NEGATIVE_INFINITY;
  private unlogged = 0;

  constructor(
    readonly name: string,
    private readonly options: RetryTrackerOptions = {},
  ) {
    this.baseMs = options.baseMs ?? 100;
    this.maxMs = Math.max(options.maxMs ?? 5_000, this.baseMs);
    this.logIntervalMs = options.logIntervalMs ?? 30_000;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  get failingSince(): number | null {
    return this.since;
  }

  get cause(): string | null {
    return this.lastCause;
  }

  /** Ceiling of the next wait: `min(maxMs, baseMs * 2^(failures - 1))`, ms. */
  get ceilingMs(): number {
    const exponent = Math.min(Math.max(this.failures - 1, 0), 30);
    return Math.min(this.maxMs, this.baseMs * 2 ** exponent);
  }

  /** Records a failed attempt; returns how long to wait before the next one, ms (full jitter). */
  failure(error: unknown): number {
    const now = this.now();
    const cause = describeError(error);
    this.failures++;
    this.since ??= now;
    const changed = cause !== this.lastCause;
    this.lastCause = cause;
    const delay = Math.floor(this.random() * this.ceilingMs);
    if (changed || now - this.lastLogAt >= this.logIntervalMs) {
      const suppressed = this.unlogged > 0 ? `, ${this.unlogged} more failures since the last line` : '';
      this.options.logger?.warn(`${this.name} failing for ${now - this.since} ms (${this.failures} in a row${suppressed}): ${cause}; retrying with backoff up to ${this.maxMs} ms`);
      this.lastLogAt = now;
      this.unlogged = 0;
    } else {
      this.unlogged++;
    }
    return delay;
  }

  /** Records a successful attempt: resets the backoff, and logs the recovery after failures. */
  success(): void {
    if (this.failures === 0) {
      return;
    }
    this.options.logger?.log(`${this.name} recovered after ${this.failures} failures over ${this.now() - (this.since ?? this.now())} ms`);
    this.failures = 0;
    this.since = null;
    this.lastCause = null;
    this.lastLogAt = Number.NEGATIVE_INFINITY;
    this.unlogged = 0;
  }
}

/** `CODE: message` for errors carrying a string `code` (ioredis replies, library errors), else the message. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && !error.message.startsWith(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
