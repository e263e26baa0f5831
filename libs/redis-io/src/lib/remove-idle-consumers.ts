import type { RedisClient as Redis } from './redis-target';
import type { RedisKeys } from './redis-keys';
import { REMOVE_IDLE_CONSUMERS } from './scripts/remove-idle-consumers.lua';
import { scriptCaller } from './scripts/lua-script';

/** Options of {@link removeIdleConsumers}. */
export interface RemoveIdleConsumersOptions {
  /** Consumer group on the orders stream. */
  group: string;
  /** A consumer idle (no read, claim or ack attempted) for at least this long is removed, ms. */
  idleMs: number;
  /** Never removed (the caller itself). */
  keep?: string;
  /** Most consumers removed per call. Default 100. */
  limit?: number;
}

/**
 * Removes the orders stream group's consumers idle past `idleMs` that hold no pending entries
 * (killed processors that never left), atomically per call (a Lua script: the pending check and
 * `XGROUP DELCONSUMER` cannot be split by a claim). A consumer holding entries is never removed.
 * Returns the names removed; none when the stream or group does not exist.
 *
 * @example
 * const gone = await removeIdleConsumers(redis, keys, { group: RedisKeys.PROCESSOR_GROUP, idleMs: 600_000, keep: 'me' });
 */
export async function removeIdleConsumers(redis: Redis, keys: RedisKeys, options: RemoveIdleConsumersOptions): Promise<string[]> {
  const call = scriptCaller(redis, REMOVE_IDLE_CONSUMERS);
  const reply = await call(keys.ordersStream, options.group, options.idleMs, options.keep ?? '', options.limit ?? 100);
  return Array.isArray(reply) ? reply.map(String) : [];
}
