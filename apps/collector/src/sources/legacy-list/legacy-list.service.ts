import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { LegacyListSource, RedisConnection, withDeadline } from '@coffee/redis-io';
import { ServiceHealth } from '@coffee/service-kit';
import { COLLECTOR_CONFIG, type CollectorConfig } from '../../config/collector.config';
import { CollectorMetrics } from '../../metrics/collector.metrics';
import { OrderIntake } from '../../pipeline/order-intake';
import { orderRulesOf } from '../../pipeline/validate-lines';
import { CollectorRedis } from '../../redis/collector-redis';

/**
 * With `LEGACY_LIST=on`, drains the original's `CoffeeOrderQueue` list into the orders stream
 * through the library's reliable reader (processing list per consumer, atomic hand-off): a push
 * source of the pipeline's {@link OrderIntake}, so the same validation, stamping and metrics as the
 * other sources. Off by default.
 */
@Injectable()
export class LegacyListService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('legacy list');
  private readonly abort = new AbortController();
  private readonly intake: OrderIntake;
  private connection: RedisConnection | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(COLLECTOR_CONFIG) private readonly config: CollectorConfig,
    private readonly redis: CollectorRedis,
    metrics: CollectorMetrics,
    private readonly health: ServiceHealth,
  ) {
    this.intake = new OrderIntake({ ...orderRulesOf(config), maxLineBytes: config.maxLineBytes }, metrics);
  }

  onApplicationBootstrap(): void {
    if (!this.config.legacyList) {
      return;
    }
    // The reader blocks (BLMOVE), so it gets a connection of its own whose commands wait out outages.
    const connection = new RedisConnection({ mode: 'single', url: this.config.redisUrl }, { name: 'collector:legacy', maxRetriesPerRequest: null });
    this.connection = connection;
    const consumer = `collector@${hostname()}`;
    const source = new LegacyListSource(connection.client, this.redis.keys, { consumer });
    this.logger.log(`reading ${this.redis.keys.legacyList} as consumer ${consumer}`);
    this.running = this.loop(source);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.abort.abort();
    if (this.running !== null) {
      await withDeadline(this.running, 3_000, () => undefined);
    }
    await this.connection?.close();
  }

  /** Take a batch, validate it, commit it with its removal from the processing list; a failure leaves it there, handed again. */
  private async loop(source: LegacyListSource): Promise<void> {
    const retry = this.health.tracker('legacy list reader', { logger: this.logger });
    while (!this.abort.signal.aborted) {
      try {
        const taken = await source.take();
        if (taken.elements.length === 0) {
          continue;
        }
        const batchId = randomUUID();
        const batch = this.intake.batch(this.redis.keys.legacyList, Date.now());
        taken.elements.forEach((element, index) => batch.add(element, `${batchId}#${index}`));
        await this.intake.commit('legacy', taken.elements.length, batch, (handOff) => source.commit(taken, handOff), { wrote: (written) => written });
        retry.success();
      } catch (error) {
        await new Promise((resolve) => setTimeout(resolve, retry.failure(error)));
      }
    }
    this.health.forget(retry);
  }
}
