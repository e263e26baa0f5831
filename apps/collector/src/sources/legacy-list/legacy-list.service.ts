import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { createRedis, LegacyListSource, type LegacyHandOff } from '@coffee/redis-io';
import { ServiceHealth } from '@coffee/service-kit';
import type { Redis } from 'ioredis';
import { COLLECTOR_CONFIG, type CollectorConfig } from '../../config/collector.config';
import { CollectorMetrics } from '../../metrics/collector.metrics';
import { OrderBatch } from '../../pipeline/order-batch';
import { orderRulesOf } from '../../pipeline/validate-lines';
import { CollectorRedis } from '../../redis/collector-redis';

/**
 * With `LEGACY_LIST=on`, drains the original's `CoffeeOrderQueue` list into the orders stream
 * through the library's reliable reader (processing list per consumer, atomic hand-off), with
 * the same validation and stamping as file lines. Off by default.
 */
@Injectable()
export class LegacyListService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('legacy list');
  private readonly abort = new AbortController();
  private connection: Redis | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(COLLECTOR_CONFIG) private readonly config: CollectorConfig,
    private readonly redis: CollectorRedis,
    private readonly metrics: CollectorMetrics,
    private readonly health: ServiceHealth,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.legacyList) {
      return;
    }
    // The reader blocks (BLMOVE), so it gets a connection of its own whose commands wait out outages.
    const connection = createRedis(this.config.redisUrl, { name: 'collector:legacy', maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    this.connection = connection;
    const consumer = `collector@${hostname()}`;
    const source = new LegacyListSource(connection, this.redis.keys, { consumer });
    this.logger.log(`reading ${this.redis.keys.legacyList} as consumer ${consumer}`);
    this.running = this.loop(source);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.abort.abort();
    if (this.running !== null) {
      await Promise.race([this.running, new Promise((resolve) => setTimeout(resolve, 3_000).unref())]);
    }
    this.connection?.disconnect();
  }

  private async loop(source: LegacyListSource): Promise<void> {
    const retry = this.health.tracker('legacy list reader', { logger: this.logger });
    while (!this.abort.signal.aborted) {
      // Hand-offs are committed one after the other: a second one in the same run means the first was committed.
      let handOffs = 0;
      try {
        await source.run((raw, context) => {
          if (handOffs++ > 0) {
            retry.success();
          }
          return this.handOff(raw, context.source);
        }, this.abort.signal);
      } catch (error) {
        await new Promise((resolve) => setTimeout(resolve, retry.failure(error)));
      }
    }
    this.health.forget(retry);
  }

  private handOff(raw: string[], source: string): LegacyHandOff {
    const batchId = randomUUID();
    const batch = new OrderBatch({ ...orderRulesOf(this.config), source, maxLineBytes: this.config.maxLineBytes, receivedAt: Date.now() });
    raw.forEach((element, index) => batch.add(element, `${batchId}#${index}`));
    this.metrics.linesRead.inc({ source: 'legacy' }, raw.length);
    this.metrics.countBatch('legacy', batch.lines.length, batch.rejectedByCode);
    return { lines: batch.lines, deadLetters: batch.deadLetters };
  }
}
