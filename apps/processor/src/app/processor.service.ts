import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { EventTimeTracker, Windowing, aggregateBatch, liveStatisticsBody } from '@coffee/aggregation';
import { orderShardKeys, OrderStreamSink, OrderStreamSource, RedisKeys, trimAcknowledged, waitForReplicas, withDeadline } from '@coffee/redis-io';
import { ServiceHealth } from '@coffee/service-kit';
import { LiveChannel, ShardedStatsStore, StatsStore, type WindowTotals } from '@coffee/stats-store';
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

/** One order shard as this processor consumes it: its layout, stream source, consumer group and loop. */
interface ShardLane {
  readonly keys: RedisKeys;
  readonly source: OrderStreamSource;
  readonly group: ConsumerGroup;
  readonly processor: StreamProcessor;
}

/**
 * Wires the stream processor to Redis, the live channel and the metrics, starts it when the app
 * is up and stops it cleanly on SIGTERM/SIGINT: the batch in flight is applied, pending live
 * updates are published, and the consumer leaves the group if it holds no pending entries.
 *
 * With `ORDER_SHARDS` > 1 (Redis Cluster) it runs one loop per shard — its own stream source on its
 * own blocking connection, the shard's consumer group (shared with every other processor), its
 * stats store writing the shard's partial counts — and one event-time clock and live publisher for
 * all of them. A shard's totals are partial, so each live packet carries the window's totals summed
 * over every shard, read when it is sent (docs/CLUSTER.md, "Live updates").
 */
@Injectable()
export class ProcessorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ProcessorService.name);
  private readonly lanes: readonly ShardLane[];
  private readonly publisher: LivePublisher<WindowTotals>;
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
    // One node: the original layout (one shard). A cluster: one tagged layout per shard (docs/CLUSTER.md).
    const layouts = orderShardKeys(config);
    const sharded = layouts.length > 1;
    const windowing = new Windowing({ windowSizeMs: config.windowSizeMs, timeZone: config.timeZone, resolutions: config.resolutions });
    const storeOptions = { windowing, retentionSeconds: config.retentionSeconds, maxCategoriesPerWindow: config.maxCategoriesPerWindow };
    const channel = new LiveChannel(redis.commands, layouts[0] ?? new RedisKeys({ prefix: config.keyPrefix }));
    // Several shards: a window's totals are the sum of every shard's partial, read when the packet is sent.
    const summed = sharded ? new ShardedStatsStore(redis.commands, layouts, storeOptions) : undefined;
    // The publisher resends every PUBLISH_INTERVAL_MS; the tracker rate-limits the log lines and feeds readiness.
    const publishRetry = health.tracker('live publish', { logger: this.logger });
    const tracker = new EventTimeTracker(windowing, {
      allowedLatenessMs: config.allowedLatenessMs,
      idleTimeoutMs: config.idleCloseMs,
      maxFutureSkewMs: config.maxFutureSkewMs,
    });
    this.publisher = new LivePublisher<WindowTotals>({
      windowSizeMs: config.windowSizeMs,
      intervalMs: config.publishIntervalMs,
      keepMs: Math.max(config.allowedLatenessMs + 4 * config.windowSizeMs, 600_000),
      send: async (updates) => {
        // Each message is built once (liveStatisticsBody) and serialized once (publishMany).
        const bodies =
          summed === undefined
            ? updates.map((update) => liveStatisticsBody(update.totals, update.final))
            : await summed.windowTotalsMany(updates.map((update) => update.totals)).then((sums) => sums.map((totals, u) => liveStatisticsBody(totals, updates[u]?.final === true)));
        await channel.publishMany(bodies);
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
    const totals = alerts.tap(this.publisher);
    const replicaWaitMs = config.replicaWaitMs;
    this.lanes = layouts.map((keys, shard): ShardLane => {
      const reader = redis.readers[shard] ?? redis.reader;
      const store = new StatsStore(redis.commands, keys, storeOptions);
      const sink = new OrderStreamSink(redis.commands, keys);
      const source = new OrderStreamSource(reader, keys, {
        consumer: config.consumerName,
        batchEntries: config.batchEntries,
        blockMs: config.readBlockMs,
        claimIdleMs: config.claimIdleMs,
        gatherMs: config.readGatherMs ?? 0,
      });
      const named = (stage: string): string => (sharded ? `${stage} of shard ${shard}` : stage);
      const processor = new StreamProcessor({
        source,
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
        totals,
        deadLetter: async (deadLetters) => {
          await sink.append({ lines: [], deadLetters });
        },
        trim: () => trimAcknowledged(redis.commands, keys),
        ack: { stream: keys.ordersStream, group: RedisKeys.PROCESSOR_GROUP, consumer: config.consumerName },
        metrics,
        logger: new Logger(sharded ? `${StreamProcessor.name} ${shard}` : StreamProcessor.name),
        stopGraceMs: STOP_GRACE_MS,
        retries: { read: health.tracker(named('read'), { logger: this.logger }), apply: health.tracker(named('apply'), { logger: this.logger }) },
        maxFutureSkewMs: config.maxFutureSkewMs,
      });
      return { keys, source, group: new ConsumerGroup(redis.commands, keys, RedisKeys.PROCESSOR_GROUP, config.consumerName), processor };
    });
  }

  onApplicationBootstrap(): void {
    this.logger.log(
      `consumer ${this.config.consumerName} reading ${this.lanes.map((lane) => lane.keys.ordersStream).join(', ')} (group ${RedisKeys.PROCESSOR_GROUP}, ` +
        `${this.config.batchEntries} entries per batch, resolutions ${this.config.resolutions.join(',')})`,
    );
    this.running = Promise.all(
      this.lanes.map((lane) =>
        lane.processor.run().catch((error: unknown) => {
          this.logger.error(`processor loop of ${lane.keys.ordersStream} ended unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          process.exitCode = 1;
        }),
      ),
    ).then(() => undefined);
    this.sampler = setInterval(() => void this.sample(), SAMPLE_INTERVAL_MS);
    const idleMs = this.config.consumerIdleMs ?? 0;
    if (idleMs > 0) {
      this.cleaner = setInterval(() => void this.removeIdleConsumers(idleMs), Math.min(60_000, Math.ceil(idleMs / 2)));
    }
  }

  /** Removes consumers idle past CONSUMER_IDLE_MS that hold nothing (killed processors that never left the group). */
  async removeIdleConsumers(idleMs: number): Promise<string[]> {
    try {
      const removed = (await Promise.all(this.lanes.map((lane) => lane.group.removeIdle(idleMs)))).flat();
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
    for (const lane of this.lanes) {
      lane.processor.stop();
    }
    const stopped = await settlesWithin(this.running ?? Promise.resolve(), STOP_GRACE_MS + this.config.readBlockMs + 2_000);
    if (!stopped) {
      // Redis is unreachable: give up the read in flight; unapplied entries stay pending for a restart or another consumer.
      this.logger.warn('the batch in flight could not be finished in time; leaving it pending');
      for (const reader of this.redis.readers) {
        reader.disconnect();
      }
    }
    await settlesWithin(Promise.all(this.lanes.map((lane) => lane.source.close())), 1_000);
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
    const leaving = Promise.all(
      this.lanes.map((lane) =>
        lane.group.leave().then(
          (left) => this.logger.log(left ? `left the consumer group of ${lane.keys.ordersStream}` : `entries of ${lane.keys.ordersStream} still pending for this consumer: staying in its group for a restart or a claim`),
          (error: unknown) => this.logger.warn(`could not leave the consumer group of ${lane.keys.ordersStream}: ${error instanceof Error ? error.message : String(error)}`),
        ),
      ),
    );
    if (!(await settlesWithin(leaving, LEAVE_TIMEOUT_MS))) {
      this.logger.warn('could not leave the consumer group in time; its entries stay claimable');
    }
  }

  private async sample(): Promise<void> {
    this.metrics.sampleRate(Date.now());
    try {
      // Summed over the shards (one on one node).
      const samples = await Promise.all(this.lanes.map((lane) => lane.group.sample()));
      // Redis cannot tell the lag for a while after it restarted from its append-only file.
      const lag = samples.reduce<number | null>((sum, sample) => (sum === null || sample.lag === null ? null : sum + sample.lag), 0);
      this.metrics.consumerLag.set(lag ?? Number.NaN);
      this.metrics.groupPending.set(samples.reduce((sum, sample) => sum + sample.groupPending, 0));
      this.metrics.consumerPending.set(samples.reduce((sum, sample) => sum + sample.consumerPending, 0));
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
