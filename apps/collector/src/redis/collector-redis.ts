import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  describeConnectionChange,
  orderShardKeys,
  OrderStreamSink,
  redisTargetOf,
  RedisConnection,
  RedisKeys,
  shardIndexOf,
  type AppendBatch,
  type AppendResult,
  type RedisClient,
  type SourcePosition,
} from '@coffee/redis-io';
import { COLLECTOR_CONFIG, type CollectorConfig } from '../config/collector.config';

/** One order shard as the collector writes it: its key layout and its orders-stream sink. */
export interface CollectorShard {
  readonly index: number;
  readonly keys: RedisKeys;
  readonly sink: OrderStreamSink;
}

/**
 * The collector's Redis connection, key layouts and orders-stream sinks, one per order shard
 * (`ORDER_SHARDS`; one node: one shard, the original layout); closed last at shutdown. A source
 * commits into one shard chosen from a stable id ({@link shardFor}), so its offsets (or an HTTP
 * request's receipt) live in the slot of the stream its entries went to.
 */
@Injectable()
export class CollectorRedis implements OnApplicationShutdown {
  readonly connection: RedisConnection;
  readonly redis: RedisClient;
  /** Shard 0's layout (one node: the original layout); the legacy list source uses it. */
  readonly keys: RedisKeys;
  /** Shard 0's sink. */
  readonly sink: OrderStreamSink;
  readonly shards: readonly CollectorShard[];
  /** A sink for sources whose id is only known per batch (spooled files): routes each call by source id. */
  readonly routedSink: RoutedCheckpointSink;
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
    const options = config.replicaWaitMs === undefined ? {} : { replicaWait: { timeoutMs: config.replicaWaitMs } };
    // One node: the original layout (one shard). A cluster: one tagged layout per shard (docs/CLUSTER.md).
    const layouts = orderShardKeys(config);
    this.shards = layouts.map((keys, index) => ({ index, keys, sink: new OrderStreamSink(this.redis, keys, options) }));
    const [first] = this.shards;
    if (first === undefined) {
      throw new Error('no order shard');
    }
    this.keys = first.keys;
    this.sink = first.sink;
    this.routedSink = new RoutedCheckpointSink(this);
  }

  /** The shard a source (by its id: a file path, a spool source id, an idempotency key's digest) commits into. */
  shardFor(id: string): CollectorShard {
    return this.shards[shardIndexOf(id, this.shards.length)] ?? (this.shards[0] as CollectorShard);
  }

  /** Drops a source's committed position (a spooled file that was completed and renamed). */
  async forgetPosition(sourceId: string): Promise<void> {
    await this.redis.hdel(this.shardFor(sourceId).keys.collectorOffsets, sourceId);
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
    return (await this.connection.probe(this.shards.map((shard) => shard.keys.ordersStream))).ok;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

/**
 * The checkpoint sink of sources known only by the batch (spooled files): every call goes to the
 * shard of its source id (`checkpoint.next.sourceId`), as {@link CollectorRedis.shardFor} chooses it.
 * `whenWritable` waits until every shard's sink would take an append (the next batch may go to any).
 */
export class RoutedCheckpointSink {
  constructor(private readonly redis: CollectorRedis) {}

  append(batch: AppendBatch): Promise<AppendResult> {
    const sourceId = batch.checkpoint?.next.sourceId;
    if (sourceId === undefined) {
      return Promise.reject(new Error('a routed append needs a checkpoint naming its source'));
    }
    return this.redis.shardFor(sourceId).sink.append(batch);
  }

  readPosition(sourceId: string): Promise<SourcePosition | null> {
    return this.redis.shardFor(sourceId).sink.readPosition(sourceId);
  }

  async whenWritable(): Promise<void> {
    await Promise.all(this.redis.shards.map((shard) => shard.sink.whenWritable()));
  }

  forgetPosition(sourceId: string): Promise<void> {
    return this.redis.forgetPosition(sourceId);
  }
}
