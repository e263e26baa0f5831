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
