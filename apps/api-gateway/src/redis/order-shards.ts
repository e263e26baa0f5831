import type { RedisKeys } from '@coffee/redis-io';

/**
 * The key layouts of the order shards (`orderShardKeys(config)`): one on one node (the original
 * layout), `ORDER_SHARDS` on a cluster. Readiness probes every shard's stream (so every master
 * holding one answers); history reads sum the shards (`ShardedStatsStore`).
 */
export class OrderShards {
  constructor(readonly layouts: readonly RedisKeys[]) {}
}
