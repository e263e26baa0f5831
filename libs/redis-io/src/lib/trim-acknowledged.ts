import type { Redis } from 'ioredis';
import { RedisKeys } from './redis-keys';
import { compareStreamIds, nextStreamId } from './stream-id';

/** What {@link trimAcknowledged} did. */
export interface TrimResult {
  /** Entries removed. */
  trimmed: number;
  /** Entries below this id are gone; `0-0` when nothing could be trimmed. */
  minId: string;
}

function groupInfo(reply: unknown): Map<string, { pending: number; lastDeliveredId: string }> {
  const groups = new Map<string, { pending: number; lastDeliveredId: string }>();
  if (!Array.isArray(reply)) {
    return groups;
  }
  for (const item of reply) {
    if (!Array.isArray(item)) {
      continue;
    }
    const fields = new Map<string, unknown>();
    for (let i = 0; i + 1 < item.length; i += 2) {
      fields.set(String(item[i]), item[i + 1]);
    }
    groups.set(String(fields.get('name')), { pending: Number(fields.get('pending')), lastDeliveredId: String(fields.get('last-delivered-id')) });
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
  let groups: ReturnType<typeof groupInfo>;
  try {
    groups = groupInfo(await redis.call('XINFO', 'GROUPS', stream));
  } catch (error) {
    if (error instanceof Error && /no such key/i.test(error.message)) {
      return { trimmed: 0, minId: '0-0' };
    }
    throw error;
  }
  if (!groups.has(group)) {
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
