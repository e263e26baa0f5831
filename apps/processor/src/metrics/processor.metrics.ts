import { createMetricsRegistry } from '@coffee/service-kit';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Batch outcomes of the stats store's atomic step. */
export type BatchOutcome = 'applied' | 'duplicate' | 'partial';

/** Where the loop met an error it retried. */
export type ErrorStage = 'read' | 'apply' | 'trim' | 'sample' | 'publish';

/** The processor's Prometheus metrics, on one registry with the default process metrics. */
export class ProcessorMetrics {
  readonly registry: Registry = createMetricsRegistry('processor');

  readonly ordersProcessed = new Counter({
    name: 'coffee_processor_orders_processed_total',
    help: 'Orders counted into the store (applied batches only)',
    registers: [this.registry],
  });

  readonly ordersPerSecond = new Gauge({
    name: 'coffee_processor_orders_per_second',
    help: 'Orders counted per second over the last sampling interval',
    registers: [this.registry],
  });

  readonly batchApplySeconds = new Histogram({
    name: 'coffee_processor_batch_apply_seconds',
    help: 'Time of one batch: aggregation plus the atomic apply-and-ack step',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly batches = new Counter({
    name: 'coffee_processor_batches_total',
    help: 'Batches by outcome of the atomic step (duplicate: already acknowledged; partial: some entries claimed away)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly batchSources = new Counter({
    name: 'coffee_processor_batch_sources_total',
    help: 'Batches read by where they came from (pending: own after restart; claimed: from idle consumers; new)',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  readonly lateOrders = new Counter({
    name: 'coffee_processor_late_orders_total',
    help: 'Orders older than the watermark when read (still counted in their own window)',
    registers: [this.registry],
  });

  readonly rejectedOrders = new Counter({
    name: 'coffee_processor_rejected_orders_total',
    help: 'Stream lines dead-lettered instead of counted',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly stampedOrders = new Counter({
    name: 'coffee_processor_stamped_orders_total',
    help: 'Orders without a timestamp, stamped with their stream entry time',
    registers: [this.registry],
  });

  readonly errors = new Counter({
    name: 'coffee_processor_errors_total',
    help: 'Errors met and retried, by stage',
    labelNames: ['stage'] as const,
    registers: [this.registry],
  });

  readonly consumerLag = new Gauge({
    name: 'coffee_processor_consumer_lag',
    help: 'Entries of the orders stream not yet delivered to the consumer group (XINFO GROUPS lag; NaN while Redis cannot tell, e.g. after a restart)',
    registers: [this.registry],
  });

  readonly groupPending = new Gauge({
    name: 'coffee_processor_group_pending_entries',
    help: 'Entries delivered to the consumer group and not yet acknowledged (all consumers)',
    registers: [this.registry],
  });

  readonly consumerPending = new Gauge({
    name: 'coffee_processor_consumer_pending_entries',
    help: 'Entries delivered to this consumer and not yet acknowledged (XPENDING)',
    registers: [this.registry],
  });

  readonly livePublished = new Counter({
    name: 'coffee_processor_live_updates_total',
    help: 'Live packets published, by kind (final: window-close announcement)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly closedWindows = new Counter({
    name: 'coffee_processor_closed_windows_total',
    help: 'Windows (per branch and all-branches) announced closed on the live channel',
    registers: [this.registry],
  });

  readonly categoryOverflow = new Counter({
    name: 'coffee_processor_category_overflow_total',
    help: 'Category values counted under __other__: too_long (distinct overlong values per batch), cap (values per hash past MAX_CATEGORIES_PER_WINDOW)',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  private processed = 0;
  private lastCount = 0;
  private lastAt = Number.NaN;

  /** Counts orders of an applied batch. */
  addProcessed(orders: number): void {
    this.processed += orders;
    this.ordersProcessed.inc(orders);
  }

  /** Orders counted since start. */
  get processedTotal(): number {
    return this.processed;
  }

  /** Updates the orders/s gauge from the orders counted since the previous call; call periodically. */
  sampleRate(now: number): void {
    if (!Number.isNaN(this.lastAt) && now > this.lastAt) {
      this.ordersPerSecond.set(((this.processed - this.lastCount) * 1000) / (now - this.lastAt));
    }
    this.lastCount = this.processed;
    this.lastAt = now;
  }
}
