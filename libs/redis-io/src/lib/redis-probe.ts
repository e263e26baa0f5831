import { Cluster } from 'ioredis';
import type { RedisClient } from './redis-target';
import { withDeadline } from './with-deadline';

/** Outcome of {@link probeRedis}: ready, or why not. */
export type RedisProbe = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Readiness of a connection made by `createRedisClient`, truthful on a wrongly wired cluster:
 * - one node: `INFO cluster` (one round trip, like a PING): a node with `cluster_enabled:1` is not
 *   ready (its keys answer `MOVED`/`CROSSSLOT`): the reason says to set `REDIS_CLUSTER_NODES`;
 * - a cluster: `EXISTS` of each key in `probeKeys` (e.g. every shard's stream, so every master that
 *   holds a shard answers), routed by slot; a `CLUSTERDOWN`, an exhausted `MOVED`/`ASK` chain or a
 *   silent node makes it not ready.
 *
 * @param timeoutMs deadline of the whole probe, ms.
 */
export async function probeRedis(redis: RedisClient, probeKeys: readonly string[], timeoutMs = 1_000): Promise<RedisProbe> {
  if (redis.status !== 'ready') {
    return { ok: false, reason: `Redis connection is ${redis.status}` };
  }
  const late: RedisProbe = { ok: false, reason: `Redis did not answer within ${timeoutMs} ms` };
  const check = async (): Promise<RedisProbe> => {
    try {
      if (redis instanceof Cluster) {
        await Promise.all(probeKeys.map((key) => redis.exists(key)));
        return { ok: true };
      }
      const info = await redis.info('cluster');
      if (/cluster_enabled:1/.test(info)) {
        return { ok: false, reason: 'REDIS_URL names one node of a Redis Cluster (keys answer MOVED/CROSSSLOT): set REDIS_CLUSTER_NODES instead' };
      }
      return { ok: true };
    } catch (error) {
      return { ok: false, reason: `Redis answered: ${error instanceof Error ? error.message : String(error)}` };
    }
  };
  return withDeadline(check(), timeoutMs, () => late);
}
