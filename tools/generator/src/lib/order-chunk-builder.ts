import type { EventClock } from './event-clock';
import { OrderLineEncoder } from './order-line-encoder';
import type { OrderGenerator } from './order-generator';
import type { CoffeeOrder } from '@coffee/order-schema';
import type { ScenarioPlayer } from './scenario';

/** Receives every written order (the truth accumulators). */
export interface OrderObserver {
  add(order: CoffeeOrder): void;
}

/** Lines built by one call. */
export interface OrderChunk {
  /** Whole lines as UTF-8, each ending in `\n`. */
  bytes: Uint8Array;
  lines: number;
  cups: number;
}

/**
 * Builds many order lines into one buffer, so the writer can issue big writes. Each order gets
 * its event time (when timestamps are on) and is counted into the truth as it is built.
 */
export class OrderChunkBuilder {
  private index = 0;
  private readonly encoder = new OrderLineEncoder();

  constructor(
    private readonly orders: OrderGenerator,
    private readonly clock: EventClock | undefined,
    private readonly truth: OrderObserver | undefined,
    private readonly scenario?: ScenarioPlayer,
  ) {}

  /** Builds the next `count` orders (scenarios may drop or repeat some); `nowMs` is the wall-clock write time. */
  build(count: number, nowMs: number): OrderChunk {
    let cups = 0;
    for (let i = 0; i < count; i++) {
      const order = this.orders.next();
      if (this.clock !== undefined) {
        order.timestamp = this.clock.timestampOf(this.index, nowMs);
      }
      this.index++;
      // A scenario may drop the order (silent, drop) or repeat it (spike).
      const copies = this.scenario?.copies(order) ?? 1;
      for (let copy = 0; copy < copies; copy++) {
        cups += order.orders.length;
        this.truth?.add(order);
        this.encoder.append(order);
      }
    }
    return { bytes: this.encoder.take(), lines: count, cups };
  }
}
