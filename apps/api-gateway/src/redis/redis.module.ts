import { Windowing } from '@coffee/aggregation';
import { orderShardKeys, RedisKeys } from '@coffee/redis-io';
import { StatsStore } from '@coffee/stats-store';
import { Module } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { GatewayRedis } from './gateway-redis';

/** Redis connections, the key layout, window arithmetic and the stats store, injectable by class. */
@Module({
  providers: [
    GatewayRedis,
    {
      provide: RedisKeys,
      inject: [GATEWAY_CONFIG],
      // One node: the original layout. A cluster: shard 0's tagged layout (more shards: docs/CLUSTER.md).
      useFactory: (config: GatewayConfig) => orderShardKeys(config)[0] ?? new RedisKeys({ prefix: config.keyPrefix }),
    },
    {
      provide: Windowing,
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => new Windowing({ windowSizeMs: config.windowSizeSeconds * 1000, timeZone: config.timeZone }),
    },
    {
      provide: StatsStore,
      inject: [GatewayRedis, RedisKeys, Windowing, GATEWAY_CONFIG],
      useFactory: (redis: GatewayRedis, keys: RedisKeys, windowing: Windowing, config: GatewayConfig) =>
        new StatsStore(redis.commands, keys, { windowing, maxHistoryWindows: config.maxWindows }),
    },
  ],
  exports: [GatewayRedis, RedisKeys, Windowing, StatsStore],
})
export class RedisModule {}
