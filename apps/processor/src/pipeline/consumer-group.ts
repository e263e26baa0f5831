import { readConsumerGroups, removeIdleConsumers, type RedisKeys } from '@coffee/redis-io';
import type { RedisClient as Redis } from '@coffee/redis-io';

/** The group's state as the metrics show it. */
export interface GroupSample {
  /** Entries not yet delivered to the group (`XINFO GROUPS` lag); null when Redis cannot tell. */
  lag: number | null;
  /** Entries delivered to the group and not acknowledged, all consumers. */
  groupPending: number;
  /** Entries delivered to this consumer and not acknowledged. */
  consumerPending: number;
}

/** Reads this processor's consumer-group state, and leaves the group cleanly on shutdown. */
export class ConsumerGroup {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly group: string,
    private readonly consumer: string,
  ) {}

  /** Lag and pending counts (`XINFO GROUPS`, `XPENDING` summary); zeros while the stream or group is missing. */
  async sample(): Promise<GroupSample> {
    const stream = this.keys.ordersStream;
    const info = (await readConsumerGroups(this.redis, this.keys))?.get(this.group);
    if (info === undefined) {
      return { lag: 0, groupPending: 0, consumerPending: 0 };
    }
    const groupPending = info.pending;
    let consumerPending = 0;
    if (groupPending > 0) {
      const summary = await this.redis.call('XPENDING', stream, this.group);
      consumerPending = pendingOf(summary, this.consumer);
    }
    return { lag: info.lag, groupPending, consumerPending };
  }

  /**
   * Deletes this consumer from the group when it holds no pending entries. With pending entries it
   * stays (deleting it would drop them): a restart under the same name, or another consumer after
   * the claim idle time, finishes them. Returns whether it left.
   */
  async leave(): Promise<boolean> {
    const stream = this.keys.ordersStream;
    const mine = await this.redis.call('XPENDING', stream, this.group, '-', '+', '1', this.consumer);
    if (Array.isArray(mine) && mine.length > 0) {
      return false;
    }
    // Only this consumer's own reads add entries to its list, and it has stopped reading.
    await this.redis.call('XGROUP', 'DELCONSUMER', stream, this.group, this.consumer);
    return true;
  }

  /**
   * Removes the group's other consumers idle for at least `idleMs` with nothing pending (processors
   * killed without leaving); one holding entries is never removed. Returns the names removed.
   */
  removeIdle(idleMs: number): Promise<string[]> {
    return removeIdleConsumers(this.redis, this.keys, { group: this.group, idleMs, keep: this.consumer });
  }
}

function pendingOf(summary: unknown, consumer: string): number {
  const consumers: unknown = Array.isArray(summary) ? summary[3] : undefined;
  if (!Array.isArray(consumers)) {
    return 0;
  }
  for (const pair of consumers) {
    if (Array.isArray(pair) && pair[0] === consumer) {
      return Number(pair[1]);
    }
  }
  return 0;
}
