import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { describeConnectionChange, orderShardKeys, redisTargetOf, RedisConnection, type RedisClient } from '@coffee/redis-io';
import { PROCESSOR_CONFIG } from '../config/processor-config.token';
import type { ProcessorConfig } from '../config/processor.config';

/**
 * The processor's Redis connections: one for commands and publishing, and one per order shard for
 * that shard's blocking stream reads (a blocking `XREADGROUP` holds its connection, so shards cannot share one).
 */
@Injectable()
export class ProcessorRedis implements OnApplicationShutdown {
  readonly commands: RedisClient;
  /** Shard 0's reader (one node: the only one). */
  readonly reader: RedisClient;
  /** One per order shard, dedicated to its blocking `XREADGROUP`; commands wait for a reconnect instead of failing. */
  readonly readers: readonly RedisClient[];
  private readonly connections: RedisConnection[];
  private readonly probeKeys: string[];
  private readonly logger = new Logger(ProcessorRedis.name);

  constructor(@Inject(PROCESSOR_CONFIG) config: ProcessorConfig) {
    const target = redisTargetOf(config);
    const commands = new RedisConnection(target, {
      name: `processor:${config.consumerName}`,
      onChange: (change, where) => {
        const { level, message } = describeConnectionChange(change, where);
        this.logger[level](message);
      },
    });
    this.probeKeys = orderShardKeys(config).map((keys) => keys.ordersStream);
    // One reader per shard: a blocking XREADGROUP holds its connection.
    const readers = this.probeKeys.map(
      (_, shard) => new RedisConnection(target, { name: `processor-source:${config.consumerName}${shard === 0 ? '' : `:${shard}`}`, maxRetriesPerRequest: null }),
    );
    const [reader] = readers;
    if (reader === undefined) {
      throw new Error('no order shard');
    }
    this.connections = [commands, ...readers];
    this.commands = commands.client;
    this.readers = readers.map((connection) => connection.client);
    this.reader = reader.client;
  }

  /**
   * True when Redis answers the readiness probe within a second (one round trip, like a PING); false
   * too when `REDIS_URL` names a node of a Redis Cluster (its keys would answer MOVED).
   */
  async isReady(): Promise<boolean> {
    return (await this.connections[0].probe(this.probeKeys)).ok;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.connections.map((connection) => connection.close()));
  }
}
