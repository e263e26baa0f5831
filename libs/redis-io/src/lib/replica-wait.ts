import { Cluster } from 'ioredis';
import { keySlot } from './key-slot';
import { RedisIoError } from './redis-io.error';
import type { RedisClient } from './redis-target';

/** Wait-for-replica setting (`REPLICA_WAIT_MS`): after each commit, `WAIT <replicas> <timeoutMs>`. */
export interface ReplicaWait {
  /** Replicas that must have the commit. Default 1. */
  replicas?: number;
  /** Most time to wait, ms (> 0). */
  timeoutMs: number;
}

/**
 * Blocks until `replicas` replicas of the master holding `key` have every write this client sent
 * that master so far (`WAIT`), or `timeoutMs` passed. On a cluster `WAIT` goes to the connection of
 * the slot's master — the very connection the writes went through. Resolves with the number of
 * replicas that acknowledged.
 *
 * @throws RedisIoError `REDIS_UNAVAILABLE` when fewer replicas acknowledged in time (the commit is
 *   stored on the master but not confirmed: the caller retries it; appends and applies are idempotent),
 *   or when no master is known for the slot (the slot table is being refreshed).
 */
export async function waitForReplicas(redis: RedisClient, key: string, wait: ReplicaWait): Promise<number> {
  const replicas = wait.replicas ?? 1;
  let acknowledged: number;
  if (redis instanceof Cluster) {
    const slot = keySlot(key);
    const address = redis.slots[slot]?.[0];
    const master = redis.nodes('master').find((node) => `${node.options.host ?? ''}:${node.options.port ?? 0}` === address);
    if (master === undefined) {
      throw new RedisIoError('REDIS_UNAVAILABLE', `no master known for slot ${slot} (${key}): commit not confirmed by a replica`);
    }
    acknowledged = await master.wait(replicas, wait.timeoutMs);
  } else {
    acknowledged = await redis.wait(replicas, wait.timeoutMs);
  }
  if (acknowledged < replicas) {
    throw new RedisIoError('REDIS_UNAVAILABLE', `commit on ${key} confirmed by ${acknowledged} of ${replicas} replica(s) within ${wait.timeoutMs} ms; retry it`);
  }
  return acknowledged;
}
