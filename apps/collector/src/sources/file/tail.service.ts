import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { ServiceHealth } from '@coffee/service-kit';
import { COLLECTOR_CONFIG, type CollectorConfig } from '../../config/collector.config';
import { CollectorMetrics } from '../../metrics/collector.metrics';
import { SourcePump } from '../../pipeline/source-pump';
import { SharedValidator } from '../../pipeline/shared-validator';
import { CollectorRedis } from '../../redis/collector-redis';
import { FileTailer } from './file-tailer';
import type { TailEvent } from './tail.types';

/** Starts one tail-and-commit pump per configured file (committing into the file's order shard, chosen by its path), and stops them (committing the batch in flight) at shutdown. */
@Injectable()
export class TailService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly pumps: SourcePump[] = [];

  constructor(
    @Inject(COLLECTOR_CONFIG) private readonly config: CollectorConfig,
    private readonly redis: CollectorRedis,
    private readonly metrics: CollectorMetrics,
    private readonly health: ServiceHealth,
    private readonly validator: SharedValidator,
  ) {}

  onApplicationBootstrap(): void {
    for (const path of this.config.ordersFiles) {
      const logger = new Logger(`tail ${path}`);
      const tailer = new FileTailer(path, { maxLineBytes: this.config.maxLineBytes, onEvent: (event) => logTailEvent(logger, event) });
      const pump = new SourcePump(tailer, this.redis.shardFor(path).sink, this.validator.pool, this.metrics, logger, {
        sourceId: path,
        batchSize: this.config.batchSize,
        flushIntervalMs: this.config.flushIntervalMs,
        maxLineBytes: this.config.maxLineBytes,
        startPosition: this.config.startPosition,
        retry: this.health.tracker(`commit of ${path}`, { logger }),
      });
      this.pumps.push(pump);
      pump.start();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.pumps.map((pump) => pump.stop()));
  }
}

function logTailEvent(logger: Logger, event: TailEvent): void {
  switch (event.type) {
    case 'opened':
      logger.log(`reading file ${event.fileId} from byte ${event.offset} (${event.reason})`);
      break;
    case 'waiting':
      logger.log(`waiting for ${event.path} to exist`);
      break;
    case 'rotated':
      logger.log(`file rotated: finished ${event.fromFileId}, now reading ${event.toFileId}`);
      break;
    case 'truncated':
      logger.warn(`file ${event.fileId} truncated to ${event.size} bytes (was read to ${event.offset}); reading it again from 0`);
      break;
    case 'watch-failed':
      logger.warn(`fs.watch unavailable (${event.message}); polling only`);
      break;
  }
}
