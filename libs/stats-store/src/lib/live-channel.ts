import type { LiveStatisticsBody, LiveStatisticsPacket } from '@coffee/aggregation';
import type { RedisKeys } from '@coffee/redis-io';
import type Redis from 'ioredis';
import { parseLivePacket } from './live-packet.parser';
import { StatsStoreError } from './stats-store.error';
import type { StoreWindowing } from './stats-store.options';
import type { WindowTotals } from './stats-store.types';

/** Handle returned by {@link LiveChannel.subscribe}. */
export interface LiveSubscription {
  /** Messages received on the channel that were not valid packets (and were ignored), so far. */
  malformed(): number;
  /** Stops listening and unsubscribes (the connection stays open: it belongs to the caller). */
  close(): Promise<void>;
}

/** Options of {@link LiveChannel.subscribe}. */
export interface LiveSubscribeOptions {
  /** Told about each ignored message, with the reason (for the caller's logs or metrics). */
  onMalformed?: (message: string, reason: string) => void;
}

/**
 * The live channel (`CHANNEL_REDIS_PUBSUB`): publishes the original `PUBLISH_STATISTICS` packets,
 * extended with the window's epoch times, resolution, every statistic type and a `final` flag,
 * and parses them back for subscribers.
 */
export class LiveChannel {
  constructor(
    private readonly publisher: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Publishes one body as a packet (compact JSON). */
  async publish(body: LiveStatisticsBody): Promise<void> {
    try {
      await this.publisher.publish(this.keys.liveChannel, LiveChannel.serialize(body));
    } catch (error) {
      throw StatsStoreError.fromRedis(error, 'publish');
    }
  }

  /** Publishes several bodies in one pipelined round trip, in order. */
  async publishMany(bodies: Iterable<LiveStatisticsBody>): Promise<void> {
    const pipeline = this.publisher.pipeline();
    let count = 0;
    for (const body of bodies) {
      pipeline.publish(this.keys.liveChannel, LiveChannel.serialize(body));
      count += 1;
    }
    if (count === 0) {
      return;
    }
    let results: [Error | null, unknown][] | null;
    try {
      results = await pipeline.exec();
    } catch (error) {
      throw StatsStoreError.fromRedis(error, 'publishMany');
    }
    const failed = results?.find(([error]) => error !== null)?.[0];
    if (failed) {
      throw StatsStoreError.fromRedis(failed, 'publishMany');
    }
  }

  /** The packet text of a body: `{"header":"PUBLISH_STATISTICS","body":{...}}`. */
  static serialize(body: LiveStatisticsBody): string {
    const packet: LiveStatisticsPacket = { header: 'PUBLISH_STATISTICS', body };
    return JSON.stringify(packet);
  }

  /**
   * The packet of a base window's totals: the original fields first (`branch`, `date`, `counts` =
   * customer age grade totals sorted by grade), then `start`, `end`, `resolution`, `stats`, `final`.
   */
  static toPacket(totals: Pick<WindowTotals, 'branch' | 'date' | 'stats'>, windowing: StoreWindowing, final: boolean): LiveStatisticsPacket {
    const window = windowing.parseDatestring(totals.date, windowing.baseResolution);
    const counts = Object.entries(totals.stats.CustomerAgeGrades)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([type, count]) => ({ type, count }));
    return {
      header: 'PUBLISH_STATISTICS',
      body: {
        branch: totals.branch,
        date: totals.date,
        counts,
        start: window.start,
        end: window.end,
        resolution: window.resolution,
        stats: totals.stats,
        final,
      },
    };
  }

  /**
   * Subscribes a dedicated connection (in subscriber mode it can run nothing else) to the live
   * channel and hands every valid packet to `onPacket`; malformed messages are counted and ignored.
   * Resolves once the subscription is active.
   */
  static async subscribe(
    subscriber: Redis,
    keys: RedisKeys,
    onPacket: (packet: LiveStatisticsPacket) => void,
    options: LiveSubscribeOptions = {},
  ): Promise<LiveSubscription> {
    let malformed = 0;
    const listener = (channel: string, message: string): void => {
      if (channel !== keys.liveChannel) {
        return;
      }
      const parsed = parseLivePacket(message);
      if (parsed.ok) {
        onPacket(parsed.packet);
      } else {
        malformed += 1;
        options.onMalformed?.(message, parsed.reason);
      }
    };
    subscriber.on('message', listener);
    try {
      await subscriber.subscribe(keys.liveChannel);
    } catch (error) {
      subscriber.off('message', listener);
      throw StatsStoreError.fromRedis(error, 'subscribe');
    }
    return {
      malformed: () => malformed,
      close: async () => {
        subscriber.off('message', listener);
        try {
          await subscriber.unsubscribe(keys.liveChannel);
        } catch (error) {
          throw StatsStoreError.fromRedis(error, 'unsubscribe');
        }
      },
    };
  }
}
