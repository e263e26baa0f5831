import { RedisKeys, readConsumerGroups } from '@coffee/redis-io';
import type { RedisClient as Redis } from '@coffee/redis-io';
import type { CountedProgress } from './alert-stage';

/** The processors' consumer group as the alert stage's {@link CountedProgress}: XINFO GROUPS and the XPENDING summary. */
export class GroupProgress implements CountedProgress {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async lastDelivered(): Promise<string> {
    const groups = await readConsumerGroups(this.redis, this.keys);
    return groups?.get(RedisKeys.PROCESSOR_GROUP)?.lastDeliveredId ?? '0-0';
  }

  async oldestPending(): Promise<string | undefined> {
    const reply = (await this.redis.xpending(this.keys.ordersStream, RedisKeys.PROCESSOR_GROUP)) as unknown[];
    return Number(reply[0] ?? 0) > 0 && typeof reply[1] === 'string' ? reply[1] : undefined;
  }
}
