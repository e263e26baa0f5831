import { Windowing } from '@coffee/aggregation';
import { orderShardKeys, RedisKeys } from '@coffee/redis-io';
import { ShardedStatsStore, StatsStore } from '@coffee/stats-store';
import { Module } from '@nestjs/common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway.config';
import { GatewayRedis } from './gateway-redis';
import { OrderShards } from './order-shards';

/** Redis connections, the key layouts, window arithmetic and the stats store, injectable by class. */
@Module({
  providers: [
    GatewayRedis,
    {
      provide: OrderShards,
      inject: [GATEWAY_CONFIG],
      // One node: the original layout. A cluster: one tagged layout per order shard (docs/CLUSTER.md).
      useFactory: (config: GatewayConfig) => new OrderShards(orderShardKeys(config)),
    },
    {
      provide: RedisKeys,
      inject: [OrderShards, GATEWAY_CONFIG],
      // Shard 0's layout: the global names (live channel, alerts) are the same in every layout.
      useFactory: (shards: OrderShards, config: GatewayConfig) => shards.layouts[0] ?? new RedisKeys({ prefix: config.keyPrefix }),
    },
    {
      provide: Windowing,
      inject: [GATEWAY_CONFIG],
      useFactory: (config: GatewayConfig) => new Windowing({ windowSizeMs: config.windowSizeSeconds * 1000, timeZone: config.timeZone }),
    },
    {
      provide: StatsStore,
      inject: [GatewayRedis, OrderShards, Windowing, GATEWAY_CONFIG],
      // One shard: the store as on one node (one pipeline per read). More: every read sums the shards'
      // partial counts, one pipeline per shard sent together; callers and the cache are unchanged.
      useFactory: (redis: GatewayRedis, shards: OrderShards, windowing: Windowing, config: GatewayConfig) => {
        const options = { windowing, maxHistoryWindows: config.maxWindows };
        const [only] = shards.layouts;
        return shards.layouts.length === 1 && only !== undefined ? new StatsStore(redis.commands, only, options) : new ShardedStatsStore(redis.commands, shards.layouts, options);
      },
    },
  ],
  exports: [GatewayRedis, OrderShards, RedisKeys, Windowing, StatsStore],
})
export class RedisModule {}
