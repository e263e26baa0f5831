import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createRedisClient, describeRedisTarget, orderShardKeys, OrderStreamSink, probeRedis, redisTargetOf, RedisKeys, waitUntilReady, type RedisClient } from '@coffee/redis-io';
import { COLLECTOR_CONFIG, type CollectorConfig } from '../config/collector.config';

/** The collector's Redis connection, key layout and orders-stream sink; closed last at shutdown. */
@Injectable()
export class CollectorRedis implements OnApplicationShutdown {
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  readonly sink: OrderStreamSink;
  private readonly logger = new Logger(CollectorRedis.name);
  private down = false;

  constructor(@Inject(COLLECTOR_CONFIG) config: CollectorConfig) {
    const target = redisTargetOf(config);
    this.redis = createRedisClient(target, { name: 'collector' });
    // One node: the original layout. A cluster: shard 0's tagged layout (more shards: docs/CLUSTER.md).
    this.keys = orderShardKeys(config)[0] ?? new RedisKeys({ prefix: config.keyPrefix });
    this.sink = new OrderStreamSink(this.redis, this.keys, config.replicaWaitMs === undefined ? {} : { replicaWait: { timeoutMs: config.replicaWaitMs } });
    const where = describeRedisTarget(target);
    this.redis.on('ready', () => {
      this.logger.log(`${this.down ? 'reconnected to' : 'connected to'} Redis at ${where}`);
      this.down = false;
    });
    this.redis.on('error', (error: Error) => {
      if (!this.down) {
        this.down = true;
        this.logger.warn(`Redis at ${where} unreachable (${error.message}); retrying`);
      }
    });
  }

  /** Drops a source's committed position (a spooled file that was completed and renamed). */
  async forgetPosition(sourceId: string): Promise<void> {
    await this.redis.hdel(this.keys.collectorOffsets, sourceId);
  }

  /** True while the connection is up and ready for commands. */
  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  /** True once the connection is ready, waiting up to `timeoutMs` for one being (re)established. */
  async whenReady(timeoutMs: number): Promise<boolean> {
    if (this.ready) {
      return true;
    }
    try {
      await waitUntilReady(this.redis, timeoutMs);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Readiness probe with a deadline (one round trip, like a PING): false when Redis does not answer
   * in time, or when `REDIS_URL` names a node of a Redis Cluster (its keys would answer MOVED).
   */
  async ping(timeoutMs = 1_000): Promise<boolean> {
    return (await probeRedis(this.redis, [this.keys.ordersStream], timeoutMs)).ok;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.ready) {
      await Promise.race([this.redis.quit().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    }
    this.redis.disconnect();
  }
}
