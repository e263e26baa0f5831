import type { BatchDelta } from '@coffee/aggregation';
import { checkOrderTime, DEFAULT_MAX_FUTURE_SKEW_MS, type CoffeeOrder, type OrderColumns } from '@coffee/order-schema';
import type { DeadLetter, StreamBatch, StreamEntry } from '@coffee/redis-io';
import { RetryTracker } from '@coffee/service-kit';
import type { AckTarget, ApplyResult, WindowTotals } from '@coffee/stats-store';
import type { ProcessorMetrics } from '../metrics/processor.metrics';
import type { LiveWindowRef } from './live-publisher';

/** An order ready to count: its time is set. */
export type TimedOrder = CoffeeOrder & { timestamp: number };

/** The orders stream as the processor reads it (`OrderStreamSource`). */
export interface BatchSource {
  ensureGroup(): Promise<void>;
  next(): Promise<StreamBatch | null>;
}

/** The stats store's atomic apply-and-ack step (`StatsStore`). */
export interface BatchStore {
  applyBatch(delta: BatchDelta, ack: AckTarget): Promise<ApplyResult>;
}

/** Counted orders: objects, or (a batch of compact entries) columns of ids. */
export type CountedOrders = readonly TimedOrder[] | OrderColumns;

/** Event time of the counted orders (`EventTimeTracker`): lateness and the windows it closed. */
export interface EventClock {
  /** Takes counted orders; `now` is processing time (resets the idle timer). */
  observe(orders: CountedOrders, now: number): { readonly lateOrders: number };
  /** Base windows (per branch and `*`) closed since the last call, each once; idle close by `now`. */
  closedWindows(now: number): readonly LiveWindowRef[];
}

/** Where applied totals and window closes go (`LivePublisher`). */
export interface TotalsSink {
  update(totals: readonly WindowTotals[]): void;
  /** Announces the windows closed; returns how many had totals to announce. */
  close(windows: readonly LiveWindowRef[]): number;
}

/** Minimal logger (Nest's `Logger` fits). */
export interface ProcessorLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Everything the loop uses, injected. */
export interface StreamProcessorDeps {
  readonly source: BatchSource;
  readonly store: BatchStore;
  /**
   * Pre-aggregates orders, given as objects or as columns (`aggregateBatch` with the configured
   * windowing takes both); throws on an order it cannot count.
   */
  readonly aggregate: (orders: CountedOrders) => BatchDelta;
  readonly clock: EventClock;
  readonly totals: TotalsSink;
  /** Writes dead letters (orders that cannot be counted); at least once. */
  readonly deadLetter: (letters: readonly DeadLetter[]) => Promise<void>;
  /** Removes acknowledged entries from the stream. */
  readonly trim: () => Promise<unknown>;
  readonly ack: Omit<AckTarget, 'ids'>;
  readonly metrics: ProcessorMetrics;
  readonly logger: ProcessorLogger;
  readonly trimIntervalMs?: number;
  /** After stop(), how long a failing batch is still retried before it is left pending for others, ms. */
  readonly stopGraceMs?: number;
  readonly now?: () => number;
  /** Backoff, failure count and rate-limited cause lines per stage (e.g. from `ServiceHealth`); default trackers otherwise. */
  readonly retries?: { readonly read: RetryTracker; readonly apply: RetryTracker };
  /**
   * The order-time rule the collector applies (`MAX_FUTURE_SKEW_SECONDS`), ms: an order more than
   * this after the processing clock (or its entry's time, if later) is dead-lettered
   * `TIMESTAMP_OUT_OF_RANGE`. Default `DEFAULT_MAX_FUTURE_SKEW_MS` (5 minutes).
   */
  readonly maxFutureSkewMs?: number;
}

/**
 * The processor's loop: reads batches from the consumer group (own pending first, then claimed,
 * then new), counts them with one atomic apply-and-ack step per batch, hands the new totals to the
 * live publisher, and trims acknowledged entries now and then. Every failure is retried on the
 * same batch, which is safe because the store's step is idempotent.
 */
export class StreamProcessor {
  private stopping = false;
  private stopRequestedAt = Number.POSITIVE_INFINITY;
  private readonly wakers = new Set<() => void>();
  private lastTrimAt: number;
  private readonly now: () => number;
  private readonly retries: { readonly read: RetryTracker; readonly apply: RetryTracker };

  constructor(private readonly deps: StreamProcessorDeps) {
    this.now = deps.now ?? Date.now;
    this.retries = deps.retries ?? { read: new RetryTracker('read', { logger: deps.logger }), apply: new RetryTracker('apply', { logger: deps.logger }) };
    this.lastTrimAt = this.now();
  }

  /** Runs until {@link stop}; resolves once the batches in flight are applied (or left pending). */
  async run(): Promise<void> {
    await this.retry('read', () => this.deps.source.ensureGroup());
    let prefetched: Promise<StreamBatch | null | undefined> | undefined;
    while (!this.stopping || prefetched !== undefined) {
      const batch = await (prefetched ?? this.read());
      prefetched = undefined;
      if (batch !== undefined && batch !== null) {
        // Read (and decode) the next batch while this one is applied: the read has its own connection.
        if (!this.stopping) {
          prefetched = this.read();
        }
        await this.processSafely(batch);
      }
      this.closeWindows();
      if (this.now() - this.lastTrimAt >= (this.deps.trimIntervalMs ?? 5_000)) {
        await this.trim();
      }
    }
  }

  /** Asks the loop to stop after the batch in flight; {@link run} resolves when it has. */
  stop(): void {
    if (!this.stopping) {
      this.stopping = true;
      this.stopRequestedAt = this.now();
    }
    for (const wake of this.wakers) {
      wake();
    }
  }

  private read(): Promise<StreamBatch | null | undefined> {
    return this.retry('read', () => this.deps.source.next());
  }

  /** Announces the windows the watermark (or the idle timeout) closed. */
  private closeWindows(): void {
    const closed = this.deps.clock.closedWindows(this.now());
    if (closed.length > 0) {
      this.deps.metrics.closedWindows.inc(this.deps.totals.close(closed));
    }
  }

  // A bug must not stop the loop: what was not applied stays pending and is claimed again after the claim idle time.
  private async processSafely(batch: StreamBatch): Promise<void> {
    try {
      await this.process(batch);
    } catch (error) {
      this.deps.metrics.errors.inc({ stage: 'apply' });
      this.deps.logger.error(`unexpected error in the batch from ${batch.entries[0]?.id ?? '?'} (what was not applied stays pending): ${describe(error)}`);
    }
  }

  /** Counts one batch exactly once (or finds it counted already). Exposed for tests. */
  async process(batch: StreamBatch): Promise<void> {
    const { metrics } = this.deps;
    metrics.batchSources.inc({ source: batch.source });
    if (batch.rejectedCount > 0) {
      metrics.rejectedOrders.inc({ reason: 'unparseable' }, batch.rejectedCount);
    }
    let entries = batch.entries;
    // Columns when every entry was compact: counted and observed without an object per order.
    let orders: CountedOrders = batch.columns ?? this.timedOrders(entries);
    for (;;) {
      const timer = metrics.batchApplySeconds.startTimer();
      const delta = await this.aggregate(entries, orders);
      const ids = entries.map((entry) => entry.id);
      const result = await this.retry('apply', () => this.deps.store.applyBatch(delta.delta, { ...this.deps.ack, ids }), true);
      if (result === undefined) {
        this.deps.logger.warn(`stopping with ${ids.length} entries unapplied; they stay pending for this consumer or another`);
        return;
      }
      switch (result.status) {
        case 'applied': {
          timer();
          metrics.batches.inc({ outcome: 'applied' });
          metrics.addProcessed(delta.orders.length);
          if (result.overflowed !== undefined) {
            metrics.categoryOverflow.inc({ reason: 'cap' }, result.overflowed);
          }
          if (delta.delta.overlongValues !== undefined) {
            metrics.categoryOverflow.inc({ reason: 'too_long' }, delta.delta.overlongValues);
          }
          const observed = this.deps.clock.observe(delta.orders, this.now());
          if (observed.lateOrders > 0) {
            metrics.lateOrders.inc(observed.lateOrders);
          }
          this.deps.totals.update(result.totals);
          return;
        }
        case 'duplicate':
          metrics.batches.inc({ outcome: 'duplicate' });
          return;
        case 'partial': {
          metrics.batches.inc({ outcome: 'partial' });
          const owned = new Set(result.ownedIds);
          entries = entries.filter((entry) => owned.has(entry.id));
          if (entries.length === 0) {
            return;
          }
          // Rare: the entries still owned, as objects (the batch's columns hold every entry's orders).
          orders = this.timedOrders(entries);
          break;
        }
      }
    }
  }

  /** Orders of the entries, each with a time: an order without one gets its entry's id time (deterministic across retries). */
  private timedOrders(entries: readonly StreamEntry[]): TimedOrder[] {
    const orders: TimedOrder[] = [];
    let stamped = 0;
    for (const entry of entries) {
      let entryTime: number | undefined;
      for (const order of entry.orders) {
        if (order.timestamp === undefined) {
          entryTime ??= Number(entry.id.slice(0, entry.id.indexOf('-')));
          order.timestamp = entryTime;
          stamped++;
        }
        orders.push(order as TimedOrder);
      }
    }
    if (stamped > 0) {
      this.deps.metrics.stampedOrders.inc(stamped);
    }
    return orders;
  }

  /**
   * Aggregates the batch; when an order cannot be counted (its time beyond the order-time rule, or a
   * foreign writer's bad time or branch), finds those orders, dead-letters them and aggregates the rest
   * (as objects: the entries' orders, decoded for the purpose when the batch came as columns).
   */
  private async aggregate(entries: readonly StreamEntry[], orders: CountedOrders): Promise<{ delta: BatchDelta; orders: CountedOrders }> {
    const now = this.now();
    const skew = this.deps.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS;
    const beyond = isColumns(orders) ? orders.maxTimestamp() > now + skew : orders.some((order) => order.timestamp > now + skew);
    if (!beyond) {
      try {
        return { delta: this.deps.aggregate(orders), orders };
      } catch {
        // Rare path: isolate the bad orders one by one.
      }
    }
    const good: TimedOrder[] = [];
    const letters: DeadLetter[] = [];
    for (const entry of entries) {
      // The rule's clock: processing time, or the entry's (Redis) time if a clock runs behind.
      const clock = Math.max(now, Number(entry.id.slice(0, entry.id.indexOf('-'))));
      entry.orders.forEach((order, index) => {
        const outOfRange = typeof order.timestamp === 'number' ? checkOrderTime(order.timestamp, clock, skew) : undefined;
        if (outOfRange !== undefined) {
          letters.push({ raw: entry.lines[index] ?? JSON.stringify(order), code: outOfRange.code, message: outOfRange.message, source: this.deps.ack.stream, position: `${entry.id}#${index}` });
          return;
        }
        try {
          this.deps.aggregate([order as TimedOrder]);
          good.push(order as TimedOrder);
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          letters.push({
            raw: entry.lines[index] ?? JSON.stringify(order),
            code: typeof code === 'string' ? code : 'UNCOUNTABLE',
            message: error instanceof Error ? error.message : String(error),
            source: this.deps.ack.stream,
            position: `${entry.id}#${index}`,
          });
        }
      });
    }
    if (letters.length > 0) {
      this.deps.logger.warn(`dead-lettering ${letters.length} orders that cannot be counted (first: ${letters[0]?.code} ${letters[0]?.message})`);
      await this.retry('apply', () => this.deps.deadLetter(letters), true);
      this.deps.metrics.rejectedOrders.inc({ reason: 'uncountable' }, letters.length);
    }
    return { delta: this.deps.aggregate(good), orders: good };
  }

  private async trim(): Promise<void> {
    this.lastTrimAt = this.now();
    try {
      await this.deps.trim();
    } catch (error) {
      this.deps.metrics.errors.inc({ stage: 'trim' });
      this.deps.logger.warn(`trimming acknowledged entries failed: ${describe(error)}`);
    }
  }

  /**
   * Runs `action` until it succeeds, backing off between attempts (capped, full jitter, the cause
   * logged rate-limited by the stage's tracker). Before stop() it retries for ever; after, reads
   * give up at once and (when `finishing`) a batch in flight gets `stopGraceMs`.
   */
  private async retry<T>(stage: 'read' | 'apply', action: () => Promise<T>, finishing = false): Promise<T | undefined> {
    const tracker = this.retries[stage];
    let delay: number;
    for (;;) {
      try {
        const result = await action();
        tracker.success();
        return result;
      } catch (error) {
        this.deps.metrics.errors.inc({ stage });
        delay = tracker.failure(error);
        if (isGroupMissing(error)) {
          // Redis lost the group (restarted without persistence, or it was deleted): make it again.
          await this.deps.source.ensureGroup().catch(() => undefined);
        }
      }
      const graceOver = this.now() - this.stopRequestedAt > (this.deps.stopGraceMs ?? 10_000);
      if (this.stopping && (!finishing || graceOver)) {
        return undefined;
      }
      await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }
}

function isColumns(orders: CountedOrders): orders is OrderColumns {
  return !Array.isArray(orders);
}

function isGroupMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'GROUP_MISSING';
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
