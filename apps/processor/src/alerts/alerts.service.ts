import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { Windowing, alertSeriesLength } from '@coffee/aggregation';
import { orderShardKeys, RedisKeys } from '@coffee/redis-io';
import { PROCESSOR_CONFIG } from '../config/processor-config.token';
import type { ProcessorConfig } from '../config/processor.config';
import { ProcessorMetrics } from '../metrics/processor.metrics';
import type { TotalsSink } from '../pipeline/stream-processor';
import { ProcessorRedis } from '../redis/processor-redis';
import { AlertCountsReader } from './alert-counts.reader';
import { AlertStage } from './alert-stage';
import { AlertStreamWriter } from './alert-stream.writer';
import { AlertWebhook } from './alert-webhook';
import { AlertMetrics } from './alert.metrics';
import { GroupProgress } from './group-progress';
import { ShardedAlertCountsReader, ShardedProgress } from './sharded-alert-inputs';

/** Wires the alert stage (stored counts → rules → alerts stream, once per id) and the optional webhook. */
@Injectable()
export class AlertsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(AlertStage.name);
  private readonly stage: AlertStage | undefined;
  private readonly webhook: AlertWebhook | undefined;

  constructor(
    @Inject(PROCESSOR_CONFIG) processor: ProcessorConfig,
    redis: ProcessorRedis,
    metrics: ProcessorMetrics,
  ) {
    const config = processor.alerts;
    if (!config.enabled) {
      return;
    }
    // One node: the original layout. A cluster: every shard's partial counts and consumer group, summed.
    const layouts = orderShardKeys(processor);
    const keys = layouts[0] ?? new RedisKeys({ prefix: processor.keyPrefix });
    const windowing = new Windowing({ windowSizeMs: processor.windowSizeMs, timeZone: processor.timeZone, resolutions: processor.resolutions });
    const alertMetrics = new AlertMetrics(metrics.registry);
    this.webhook = config.webhook === undefined ? undefined : new AlertWebhook(config.webhook, alertMetrics, this.logger);
    this.stage = new AlertStage({
      rules: config.rules,
      windowSizeMs: processor.windowSizeMs,
      datestring: (start) => windowing.datestring(start, windowing.baseResolution),
      reader:
        layouts.length === 1
          ? new AlertCountsReader(redis.commands, keys, windowing, alertSeriesLength(config.rules))
          : new ShardedAlertCountsReader(layouts.map((shard) => new AlertCountsReader(redis.commands, shard, windowing, alertSeriesLength(config.rules)))),
      writer: new AlertStreamWriter(redis.commands, keys, { maxLen: config.streamMaxLen, idTtlSeconds: config.idTtlSeconds }),
      progress: layouts.length === 1 ? new GroupProgress(redis.commands, keys) : new ShardedProgress(layouts.map((shard) => new GroupProgress(redis.commands, shard))),
      onWritten: (events) => this.webhook?.enqueue(events),
      metrics: alertMetrics,
      logger: this.logger,
      maxCatchUpWindows: config.maxCatchUpWindows,
      maxQueuedWindows: config.maxQueuedWindows,
      checkIntervalMs: config.checkIntervalMs,
    });
  }

  /** The live sink, with window closes also fed to the alert stage (unchanged when alerts are off). */
  tap(sink: TotalsSink): TotalsSink {
    return this.stage?.tap(sink) ?? sink;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stage?.stop();
    this.webhook?.stop();
  }
}
