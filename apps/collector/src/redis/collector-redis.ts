import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { describeConnectionChange, orderShardKeys, OrderStreamSink, redisTargetOf, RedisConnection, RedisKeys, type RedisClient } from '@coffee/redis-io';
import { COLLECTOR_CONFIG, type CollectorConfig } from '../config/collector.config';

/** The collector's Redis connection, key layout and orders-stream sink; closed last at shutdown. */
@Injectable()
export class CollectorRedis implements OnApplicationShutdown {
  readonly connection: RedisConnection;
  readonly redis: RedisClient;
  readonly keys: RedisKeys;
  readonly sink: OrderStreamSink;
  private readonly logger = new Logger(CollectorRedis.name);

  constructor(@Inject(COLLECTOR_CONFIG) config: CollectorConfig) {
    this.connection = new RedisConnection(redisTargetOf(config), {
      name: 'collector',
      onChange: (change, where) => {
        const { level, message } = describeConnectionChange(change, where);
        this.logger[level](message);
      },
    });
    this.redis = this.connection.client;
    // One node: the original layout. A cluster: shard 0's tagged layout (more shards: docs/CLUSTER.md).
    this.keys = orderShardKeys(config)[0] ?? new RedisKeys({ prefix: config.keyPrefix });
    this.sink = new OrderStreamSink(this.redis, this.keys, config.replicaWaitMs === undefined ? {} : { replicaWait: { timeoutMs: config.replicaWaitMs } });
  }

  /** Drops a source's committed position (a spooled file that was completed and renamed). */
  async forgetPosition(sourceId: string): Promise<void> {
    await this.redis.hdel(this.keys.collectorOffsets, sourceId);
  }

  /** True while the connection is up and ready for commands. */
  get ready(): boolean {
    return this.connection.ready;
  }

  /** True once the connection is ready, waiting up to `timeoutMs` for one being (re)established. */
  whenReady(timeoutMs: number): Promise<boolean> {
    return this.connection.whenReady(timeoutMs);
  }

  /**
   * Readiness probe with a deadline (one round trip, like a PING): false when Redis does not answer
   * in time, or when `REDIS_URL` names a node of a Redis Cluster (its keys would answer MOVED).
   */
  async ping(): Promise<boolean> {
    return (await this.connection.probe([this.keys.ordersStream])).ok;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
