import type { DeadLetter } from '@coffee/redis-io';
import type { CollectorMetrics, SourceLabel } from '../metrics/collector.metrics';
import { OrderBatch } from './order-batch';
import type { OrderRuleSettings } from './validate-lines';

/** A validated batch as a push source commits it: stamped order lines, dead letters, rejections per code. */
export interface ValidatedBatch {
  readonly lines: string[];
  readonly deadLetters: DeadLetter[];
  readonly rejectedByCode: ReadonlyMap<string, number>;
}

/** How a push source commits a batch: in one atomic Redis step with its own bookkeeping (a receipt, a list hand-off). */
export type PushCommit<R> = (batch: ValidatedBatch) => Promise<R>;

/** What {@link OrderIntake.commit} reads off a commit's result. */
export interface CommitOutcome<R> {
  /** False when the commit wrote nothing now (a replayed request, a batch committed before): nothing is counted. Default true. */
  wrote?: (result: R) => boolean;
  /** Dead letters the commit evicted from a capped dead-letter stream, and that stream's metric label. */
  evicted?: (result: R) => number | undefined;
  evictedStream?: string;
}

/** The order rules and line limit every push source validates with. */
export type IntakeRules = OrderRuleSettings & { maxLineBytes: number };

/**
 * The pipeline side of the collector's push sources: HTTP ingest and the legacy list are handed
 * their input (a request, a list hand-off) instead of reading it at a position, so they do not
 * implement the pull-based {@link OrderSource}; they go through this instead. The source fills a
 * {@link batch} (the same `parseOrderLine` rules, stamping and dead-letter shape as the positioned
 * sources' validator), commits it through its {@link PushCommit} (the orders stream sink with an
 * idempotency receipt; the legacy list's atomic hand-off), and {@link commit} times the commit and
 * counts it with the same metrics as the {@link SourcePump}, once it held.
 */
export class OrderIntake {
  constructor(
    private readonly rules: IntakeRules,
    private readonly metrics: CollectorMetrics,
  ) {}

  /** An empty batch under the collector's rules: dead letters name `source`, orders without a time get `receivedAt`. */
  batch(source: string, receivedAt: number): OrderBatch {
    return new OrderBatch({ ...this.rules, source, receivedAt });
  }

  /** Commits `batch` (`read` inputs) and, once the commit held and wrote, counts it under `label`. */
  async commit<R>(label: SourceLabel, read: number, batch: ValidatedBatch, commit: PushCommit<R>, outcome: CommitOutcome<R> = {}): Promise<R> {
    const started = performance.now();
    const result = await commit(batch);
    const evicted = outcome.evicted?.(result);
    if (evicted !== undefined && evicted > 0) {
      this.metrics.deadLettersEvicted.inc({ stream: outcome.evictedStream ?? label }, evicted);
    }
    if (outcome.wrote?.(result) ?? true) {
      this.metrics.countCommit(label, { read, accepted: batch.lines.length, rejectedByCode: batch.rejectedByCode, seconds: (performance.now() - started) / 1000 });
    }
    return result;
  }
}
