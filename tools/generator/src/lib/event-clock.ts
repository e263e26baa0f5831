import { MAX_TIMESTAMP_MS } from '@coffee/order-schema';
import type { Prng } from './prng';

/** How event times are assigned. */
export interface EventClockOptions {
  /** Event time of the first order, epoch ms; absent: the wall clock at write time. */
  start?: number;
  /** Event-time spacing between consecutive orders when `start` is given, ms (may be fractional). */
  intervalMs: number;
  /** Each time is moved by a seeded uniform jitter in [-disorderMs, +disorderMs], integer ms. */
  disorderMs: number;
}

/**
 * Assigns each order its event time (epoch ms): `start + index × interval`, or the wall-clock time
 * it was written, plus an optional seeded jitter for out-of-order and late-order tests. Clamped to
 * the range an order line accepts.
 */
export class EventClock {
  constructor(
    private readonly options: EventClockOptions,
    private readonly jitter: Prng,
  ) {}

  /** Time of the order with this 0-based index, written at wall-clock time `nowMs`. */
  timestampOf(index: number, nowMs: number): number {
    const { start, intervalMs, disorderMs } = this.options;
    let t = start === undefined ? nowMs : Math.floor(start + index * intervalMs);
    if (disorderMs > 0) {
      t += this.jitter.nextInt(2 * disorderMs + 1) - disorderMs;
    }
    return Math.min(Math.max(t, 0), MAX_TIMESTAMP_MS);
  }
}
