import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ServiceHealth } from '@coffee/service-kit';
import { COLLECTOR_CONFIG, type CollectorConfig } from '../../config/collector.config';
import { CollectorMetrics } from '../../metrics/collector.metrics';
import { SharedValidator } from '../../pipeline/shared-validator';
import { CollectorRedis } from '../../redis/collector-redis';
import { SpoolDirectories } from './spool-directory';

/** Starts the spooling-directory source when `SPOOL_DIRS` names folders, and stops it at shutdown. */
@Injectable()
export class SpoolService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private spool: SpoolDirectories | null = null;

  constructor(
    @Inject(COLLECTOR_CONFIG) private readonly config: CollectorConfig,
    private readonly redis: CollectorRedis,
    private readonly metrics: CollectorMetrics,
    private readonly health: ServiceHealth,
    private readonly validator: SharedValidator,
  ) {}

  onApplicationBootstrap(): void {
    const spool = this.config.spool;
    if (spool === undefined || spool.dirs.length === 0) {
      return;
    }
    const logger = new Logger('spool');
    logger.log(`spooling from ${spool.dirs.join(', ')} (done files ${spool.doneDir === undefined ? 'renamed *.COMPLETED' : `moved to ${spool.doneDir}`})`);
    // Each spooled file commits into the shard of its source id (one shard on one node).
    const sink = this.redis.routedSink;
    this.spool = new SpoolDirectories(spool, {
      sink: {
        append: (batch) => sink.append(batch),
        readPosition: (sourceId) => sink.readPosition(sourceId),
        whenWritable: () => sink.whenWritable(),
        forgetPosition: (sourceId) => sink.forgetPosition(sourceId),
      },
      validator: this.validator.pool,
      metrics: this.metrics,
      logger,
      tracker: (name) => this.health.tracker(name, { logger }),
      forget: (tracker) => this.health.forget(tracker),
      batchSize: this.config.batchSize,
      flushIntervalMs: this.config.flushIntervalMs,
      maxLineBytes: this.config.maxLineBytes,
    });
    this.spool.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.spool?.stop();
  }
}
