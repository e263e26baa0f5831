import type { RedisClient as Redis } from './redis-target';
import { RedisKeys } from './redis-keys';
import { compareStreamIds, nextStreamId } from './stream-id';

/** What {@link trimAcknowledged} did. */
export interface TrimResult {
  /** Entries removed. */
  trimmed: number;
  /** Entries below this id are gone; `0-0` when nothing could be trimmed. */
  minId: string;
}

/** One consumer group on the orders stream, as `XINFO GROUPS` reports it. */
export interface ConsumerGroupInfo {
  /** Entries delivered to the group and not yet acknowledged. */
  pending: number;
  lastDeliveredId: string;
  /** Entries not yet delivered to the group; null when Redis cannot tell (e.g. after an AOF reload). */
  lag: number | null;
}

/**
 * The consumer groups on the orders stream by name (`XINFO GROUPS`); `null` when the stream does not exist.
 */
export async function readConsumerGroups(redis: Redis, keys: RedisKeys): Promise<Map<string, ConsumerGroupInfo> | null> {
  let reply: unknown;
  try {
    reply = await redis.call('XINFO', 'GROUPS', keys.ordersStream);
  } catch (error) {
    if (error instanceof Error && /no such key/i.test(error.message)) {
      return null;
    }
    throw error;
  }
  const groups = new Map<string, ConsumerGroupInfo>();
  for (const item of Array.isArray(reply) ? reply : []) {
    if (!Array.isArray(item)) {
      continue;
    }
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < item.length; i += 2) {
      fields.set(String(item[i]), item[i + 1]);
    }
    const lag = fields.get('lag');
    groups.set(String(fields.get('name')), {
      pending: Number(fields.get('pending') ?? 0),
      lastDeliveredId: String(fields.get('last-delivered-id')),
      lag: lag === null || lag === undefined ? null : Number(lag),
    });
  }
  return groups;
}

/**
 * Bounds the orders stream: removes (`XTRIM MINID`) every entry that each consumer group on it has
 * both delivered and acknowledged. The cut is the lowest id any group still needs — its first
 * pending entry (`XPENDING` summary) or the first entry after its last-delivered id — so an
 * unacknowledged or undelivered entry is never removed. Safe to run concurrently and at any time
 * (deliveries and acks only move the cut forward); run it every few seconds from a processor.
 * Nothing is trimmed while `group` does not exist yet.
 *
 * @param group the group that must exist before anything is trimmed. Default `RedisKeys.PROCESSOR_GROUP`.
 */
export async function trimAcknowledged(redis: Redis, keys: RedisKeys, group: string = RedisKeys.PROCESSOR_GROUP): Promise<TrimResult> {
  const stream = keys.ordersStream;
  const groups = await readConsumerGroups(redis, keys);
  if (groups === null || !groups.has(group)) {
    return { trimmed: 0, minId: '0-0' };
  }
  let minId: string | undefined;
  for (const [name, info] of groups) {
    let needed = nextStreamId(info.lastDeliveredId);
    if (info.pending > 0) {
      const summary = await redis.call('XPENDING', stream, name);
      const firstPending = Array.isArray(summary) && typeof summary[1] === 'string' ? summary[1] : undefined;
      if (firstPending !== undefined && compareStreamIds(firstPending, needed) < 0) {
        needed = firstPending;
      }
    }
    if (minId === undefined || compareStreamIds(needed, minId) < 0) {
      minId = needed;
    }
  }
  if (minId === undefined) {
    return { trimmed: 0, minId: '0-0' };
  }
  const trimmed = Number(await redis.xtrim(stream, 'MINID', minId));
  return { trimmed, minId };
}
