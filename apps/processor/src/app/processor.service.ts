import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { EventTimeTracker, Windowing, aggregateBatch } from '@coffee/aggregation';
import { orderShardKeys, OrderStreamSink, OrderStreamSource, RedisKeys, trimAcknowledged, waitForReplicas, withDeadline } from '@coffee/redis-io';
import { ServiceHealth } from '@coffee/service-kit';
import { LiveChannel, StatsStore, type WindowTotals } from '@coffee/stats-store';
import { AlertsService } from '../alerts/alerts.service';
import { PROCESSOR_CONFIG } from '../config/processor-config.token';
import type { ProcessorConfig } from '../config/processor.config';
import { ProcessorMetrics } from '../metrics/processor.metrics';
import { ConsumerGroup } from '../pipeline/consumer-group';
import { LivePublisher } from '../pipeline/live-publisher';
import { StreamProcessor } from '../pipeline/stream-processor';
import { ProcessorRedis } from '../redis/processor-redis';

const SAMPLE_INTERVAL_MS = 1_000;
/** After SIGTERM, how long a failing apply of the batch in flight is retried before it is left pending. */
const STOP_GRACE_MS = 5_000;
const FLUSH_TIMEOUT_MS = 2_000;
const LEAVE_TIMEOUT_MS = 2_000;
/** Longest the shutdown hooks take when Redis is unreachable (plus one read block); bootstrap's deadline is set above it. */
export const SHUTDOWN_BUDGET_MS = STOP_GRACE_MS + 2_000 + 1_000 + FLUSH_TIMEOUT_MS + LEAVE_TIMEOUT_MS + 1_000;

/**
 * Wires the stream processor to Redis, the live channel and the metrics, starts it when the app
 * is up and stops it cleanly on SIGTERM/SIGINT: the batch in flight is applied, pending live
 * updates are published, and the consumer leaves the group if it holds no pending entries.
 */
@Injectable()
export class ProcessorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ProcessorService.name);
  private readonly keys: RedisKeys;
  private readonly source: OrderStreamSource;
  private readonly publisher: LivePublisher<WindowTotals>;
  private readonly processor: StreamProcessor;
  private readonly group: ConsumerGroup;
  private running: Promise<void> | undefined;
  private sampler: NodeJS.Timeout | undefined;
  private cleaner: NodeJS.Timeout | undefined;

  constructor(
    @Inject(PROCESSOR_CONFIG) private readonly config: ProcessorConfig,
    private readonly redis: ProcessorRedis,
    private readonly metrics: ProcessorMetrics,
    health: ServiceHealth,
    alerts: AlertsService,
  ) {
    // One node: the original layout. A cluster: shard 0's tagged layout (more shards: docs/CLUSTER.md).
    this.keys = orderShardKeys(config)[0] ?? new RedisKeys({ prefix: config.keyPrefix });
    const windowing = new Windowing({ windowSizeMs: config.windowSizeMs, timeZone: config.timeZone, resolutions: config.resolutions });
    const store = new StatsStore(redis.commands, this.keys, {
      windowing,
      retentionSeconds: config.retentionSeconds,
      maxCategoriesPerWindow: config.maxCategoriesPerWindow,
    });
    const channel = new LiveChannel(redis.commands, this.keys);
    const sink = new OrderStreamSink(redis.commands, this.keys);
    // The publisher resends every PUBLISH_INTERVAL_MS; the tracker rate-limits the log lines and feeds readiness.
    const publishRetry = health.tracker('live publish', { logger: this.logger });
    const tracker = new EventTimeTracker(windowing, {
      allowedLatenessMs: config.allowedLatenessMs,
      idleTimeoutMs: config.idleCloseMs,
      maxFutureSkewMs: config.maxFutureSkewMs,
    });
    this.source = new OrderStreamSource(redis.reader, this.keys, {
      consumer: config.consumerName,
      batchEntries: config.batchEntries,
      blockMs: config.readBlockMs,
      claimIdleMs: config.claimIdleMs,
      gatherMs: config.readGatherMs ?? 0,
    });
    this.group = new ConsumerGroup(redis.commands, this.keys, RedisKeys.PROCESSOR_GROUP, config.consumerName);
    this.publisher = new LivePublisher<WindowTotals>({
      windowSizeMs: config.windowSizeMs,
      intervalMs: config.publishIntervalMs,
      keepMs: Math.max(config.allowedLatenessMs + 4 * config.windowSizeMs, 600_000),
      send: async (updates) => {
        await channel.publishMany(updates.map((update) => LiveChannel.toPacket(update.totals, windowing, update.final).body));
        publishRetry.success();
        for (const update of updates) {
          metrics.livePublished.inc({ kind: update.final ? 'final' : 'update' });
        }
      },
      onError: (error) => {
        metrics.errors.inc({ stage: 'publish' });
        publishRetry.failure(error);
      },
    });
    const replicaWaitMs = config.replicaWaitMs;
    this.processor = new StreamProcessor({
      source: this.source,
      // REPLICA_WAIT_MS: an apply + ack counts as done once a replica has it (a failed WAIT retries the apply: a no-op once acked).
      store:
        replicaWaitMs === undefined
          ? store
          : {
              applyBatch: async (delta, ack) => {
                const result = await store.applyBatch(delta, ack);
                await waitForReplicas(redis.commands, ack.stream, { timeoutMs: replicaWaitMs });
                return result;
              },
            },
      aggregate: (orders) => aggregateBatch(orders, windowing, { maxCategoryLength: config.maxCategoryLength }),
      clock: tracker,
      totals: alerts.tap(this.publisher),
      deadLetter: async (deadLetters) => {
        await sink.append({ lines: [], deadLetters });
      },
      trim: () => trimAcknowledged(redis.commands, this.keys),
      ack: { stream: this.keys.ordersStream, group: RedisKeys.PROCESSOR_GROUP, consumer: config.consumerName },
      metrics,
      logger: new Logger(StreamProcessor.name),
      stopGraceMs: STOP_GRACE_MS,
      retries: { read: health.tracker('read', { logger: this.logger }), apply: health.tracker('apply', { logger: this.logger }) },
      maxFutureSkewMs: config.maxFutureSkewMs,
    });
  }

  onApplicationBootstrap(): void {
    this.logger.log(
      `consumer ${this.config.consumerName} reading ${this.keys.ordersStream} (group ${RedisKeys.PROCESSOR_GROUP}, ` +
        `${this.config.batchEntries} entries per batch, resolutions ${this.config.resolutions.join(',')})`,
    );
    this.running = this.processor.run().catch((error: unknown) => {
      this.logger.error(`processor loop ended unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    });
    this.sampler = setInterval(() => void this.sample(), SAMPLE_INTERVAL_MS);
    const idleMs = this.config.consumerIdleMs ?? 0;
    if (idleMs > 0) {
      this.cleaner = setInterval(() => void this.removeIdleConsumers(idleMs), Math.min(60_000, Math.ceil(idleMs / 2)));
    }
  }

  /** Removes consumers idle past CONSUMER_IDLE_MS that hold nothing (killed processors that never left the group). */
  async removeIdleConsumers(idleMs: number): Promise<string[]> {
    try {
      const removed = await this.group.removeIdle(idleMs);
      if (removed.length > 0) {
        this.logger.log(`removed ${removed.length} consumers idle for ${idleMs} ms or more with nothing pending: ${removed.join(', ')}`);
      }
      return removed;
    } catch (error) {
      this.metrics.errors.inc({ stage: 'cleanup' });
      this.logger.warn(`removing idle consumers failed: ${error instanceof Error ? error.message : String(error)}`);
      return [];
    }
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.logger.log(`${signal ?? 'shutdown'}: finishing the batch in flight`);
    clearInterval(this.sampler);
    clearInterval(this.cleaner);
    this.processor.stop();
    const stopped = await settlesWithin(this.running ?? Promise.resolve(), STOP_GRACE_MS + this.config.readBlockMs + 2_000);
    if (!stopped) {
      // Redis is unreachable: give up the read in flight; unapplied entries stay pending for a restart or another consumer.
      this.logger.warn('the batch in flight could not be finished in time; leaving it pending');
      this.redis.reader.disconnect();
    }
    await settlesWithin(this.source.close(), 1_000);
    if (!(await settlesWithin(this.publisher.flush(), FLUSH_TIMEOUT_MS))) {
      this.logger.warn('pending live updates could not be published');
    }
    this.publisher.stop();
    if (this.redis.commands.status !== 'ready') {
      this.logger.warn('redis unreachable: staying in the consumer group; pending entries stay claimable');
    } else {
      await this.leaveGroup();
    }
    this.logger.log(`stopped after counting ${this.metrics.processedTotal} orders`);
  }

  private async leaveGroup(): Promise<void> {
    const leaving = this.group.leave().then(
      (left) => this.logger.log(left ? 'left the consumer group' : 'entries still pending for this consumer: staying in the group for a restart or a claim'),
      (error: unknown) => this.logger.warn(`could not leave the consumer group: ${error instanceof Error ? error.message : String(error)}`),
    );
    if (!(await settlesWithin(leaving, LEAVE_TIMEOUT_MS))) {
      this.logger.warn('could not leave the consumer group in time; its entries stay claimable');
    }
  }

  private async sample(): Promise<void> {
    this.metrics.sampleRate(Date.now());
    try {
      const sample = await this.group.sample();
      // Redis cannot tell the lag for a while after it restarted from its append-only file.
      this.metrics.consumerLag.set(sample.lag ?? Number.NaN);
      this.metrics.groupPending.set(sample.groupPending);
      this.metrics.consumerPending.set(sample.consumerPending);
    } catch {
      this.metrics.errors.inc({ stage: 'sample' });
    }
  }
}

/** True when `promise` settled (either way) within `ms`. */
function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return withDeadline(
    promise.then(
      () => true,
      () => true,
    ),
    ms,
    () => false,
  );
}
