import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { describeConnectionChange, orderShardKeys, redisTargetOf, RedisConnection, type RedisClient } from '@coffee/redis-io';
import { PROCESSOR_CONFIG } from '../config/processor-config.token';
import type { ProcessorConfig } from '../config/processor.config';

/** The processor's Redis connections: one for commands and publishing, one for the blocking stream reads. */
@Injectable()
export class ProcessorRedis implements OnApplicationShutdown {
  readonly commands: RedisClient;
  /** Dedicated to the blocking `XREADGROUP`; commands wait for a reconnect instead of failing. */
  readonly reader: RedisClient;
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
    const reader = new RedisConnection(target, { name: `processor-source:${config.consumerName}`, maxRetriesPerRequest: null });
    this.connections = [commands, reader];
    this.commands = commands.client;
    this.reader = reader.client;
    this.probeKeys = orderShardKeys(config).map((keys) => keys.ordersStream);
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
