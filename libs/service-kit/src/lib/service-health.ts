import { Gauge, type Registry } from 'prom-client';
import { RetryTracker, type RetryStatus, type RetryTrackerOptions } from './retry-tracker';

/** Options of a {@link ServiceHealth}. */
export interface ServiceHealthOptions {
  /** A loop failing for longer than this makes the service not ready, ms. */
  failingAfterMs: number;
  /** Defaults for every tracker made by {@link ServiceHealth.tracker}. */
  retry?: RetryTrackerOptions;
  now?: () => number;
}

/** Readiness as `/health/ready` reports it. */
export type Readiness = { ready: true } | { ready: false; reason: string; failing: RetryStatus[] };

/** What `/health/ready` answers on every service. */
export interface ReadyReport {
  status: 'ok' | 'error';
  redis: 'up' | 'down';
  /** Why the service cannot do its job (Redis down; a loop failing, for how long, with the cause). */
  reason?: string;
}

/** The retry settings every service reads from its environment (`RETRY_BASE_MS`, `RETRY_MAX_MS`, `READY_FAILING_MS`). */
export interface ServiceHealthSettings {
  readyFailingMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
}

/** A service's {@link ServiceHealth} from its settings, its failure gauge registered on `registry`. */
export function createServiceHealth(settings: ServiceHealthSettings, registry: Registry): ServiceHealth {
  const health = new ServiceHealth({ failingAfterMs: settings.readyFailingMs ?? 5_000, retry: { baseMs: settings.retryBaseMs ?? 100, maxMs: settings.retryMaxMs ?? 5_000 } });
  health.register(registry);
  return health;
}

/**
 * The one readiness rule of the services: ready when Redis answers and no loop has been failing for
 * longer than its limit; `httpStatus` 503 with the reason otherwise.
 */
export function readyReport(redisUp: boolean, health: ServiceHealth): { httpStatus: 200 | 503; report: ReadyReport } {
  if (!redisUp) {
    return { httpStatus: 503, report: { status: 'error', redis: 'down', reason: 'Redis does not answer PING' } };
  }
  const readiness = health.readiness();
  return readiness.ready ? { httpStatus: 200, report: { status: 'ok', redis: 'up' } } : { httpStatus: 503, report: { status: 'error', redis: 'up', reason: readiness.reason } };
}

/**
 * The retry loops of one service and what they say about its readiness: the service can do its
 * job unless some loop (commits, applies, reads) has been failing for more than `failingAfterMs`.
 * Exposes `coffee_retry_consecutive_failures{loop}` on a metrics registry.
 */
export class ServiceHealth {
  private readonly loops: RetryTracker[] = [];
  private readonly now: () => number;

  constructor(private readonly options: ServiceHealthOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Makes (and watches) the retry tracker of one loop; `name` says what the loop does ("commit of /data/orders.txt"). */
  tracker(name: string, options: RetryTrackerOptions = {}): RetryTracker {
    const tracker = new RetryTracker(name, { ...this.options.retry, ...options });
    this.loops.push(tracker);
    return tracker;
  }

  /** Stops watching a tracker (its loop ended). */
  forget(tracker: RetryTracker): void {
    const index = this.loops.indexOf(tracker);
    if (index >= 0) {
      this.loops.splice(index, 1);
    }
  }

  /** Every watched loop's state. */
  statuses(): RetryStatus[] {
    return this.loops.map((loop) => ({ name: loop.name, consecutiveFailures: loop.consecutiveFailures, failingSince: loop.failingSince, cause: loop.cause }));
  }

  /** Ready unless a loop has failed without a success for more than `failingAfterMs`; the reason names the loop, for how long and why. */
  readiness(): Readiness {
    const now = this.now();
    const failing = this.statuses().filter((s) => s.failingSince !== null && now - s.failingSince > this.options.failingAfterMs);
    if (failing.length === 0) {
      return { ready: true };
    }
    const reason = failing.map((s) => `${s.name} failing for ${Math.round((now - (s.failingSince ?? now)) / 1000)} s (${s.consecutiveFailures} attempts): ${s.cause ?? 'unknown'}`).join('; ');
    return { ready: false, reason, failing };
  }

  /** Adds the `coffee_retry_consecutive_failures{loop}` gauge to `registry`, read at every scrape. */
  register(registry: Registry): void {
    const loops = this.loops;
    new Gauge({
      name: 'coffee_retry_consecutive_failures',
      help: 'Consecutive failed attempts of each retry loop (0 while it succeeds)',
      labelNames: ['loop'],
      registers: [registry],
      collect() {
        this.reset();
        for (const loop of loops) {
          this.set({ loop: loop.name }, loop.consecutiveFailures);
        }
      },
    });
  }
}
