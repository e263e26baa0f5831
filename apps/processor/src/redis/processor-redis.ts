import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { createRedisClient, describeRedisTarget, orderShardKeys, probeRedis, redisTargetOf, type RedisClient } from '@coffee/redis-io';
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
  private readonly probeKeys: string[];
  private readonly logger = new Logger(ProcessorRedis.name);
  private downSince: number | undefined;

  constructor(@Inject(PROCESSOR_CONFIG) config: ProcessorConfig) {
    const target = redisTargetOf(config);
    this.commands = createRedisClient(target, { name: `processor:${config.consumerName}` });
    this.probeKeys = orderShardKeys(config).map((keys) => keys.ordersStream);
    this.readers = this.probeKeys.map((_, shard) =>
      createRedisClient(target, { name: `processor-source:${config.consumerName}${shard === 0 ? '' : `:${shard}`}`, maxRetriesPerRequest: null }),
    );
    const [reader] = this.readers;
    if (reader === undefined) {
      throw new Error('no order shard');
    }
    this.reader = reader;
    const where = describeRedisTarget(target);
    this.commands.on('error', (error: Error) => {
      if (this.downSince === undefined) {
        this.downSince = Date.now();
        this.logger.warn(`redis at ${where} unreachable: ${error.message}; retrying`);
      }
    });
    this.commands.on('ready', () => {
      if (this.downSince !== undefined) {
        this.logger.log(`redis at ${where} reachable again after ${Date.now() - this.downSince} ms`);
        this.downSince = undefined;
      }
    });
  }

  /**
   * True when Redis answers the readiness probe within a second (one round trip, like a PING); false
   * too when `REDIS_URL` names a node of a Redis Cluster (its keys would answer MOVED).
   */
  async isReady(): Promise<boolean> {
    return (await probeRedis(this.commands, this.probeKeys, 1_000)).ok;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([quit(this.commands), ...this.readers.map(quit)]);
  }
}

/** QUIT when Redis answers within a second; otherwise just drop the connection. */
async function quit(redis: RedisClient): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.quit(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('QUIT timed out')), 1_000);
      }),
    ]);
  } catch {
    redis.disconnect();
  } finally {
    clearTimeout(timer);
  }
}
