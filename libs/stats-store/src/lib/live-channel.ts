import type { LiveStatisticsBody, LiveStatisticsPacket } from '@coffee/aggregation';
import type { RedisKeys } from '@coffee/redis-io';
import type { RedisClient as Redis } from '@coffee/redis-io';
import { parseLivePacket, type OriginalLivePacket } from './live-packet.parser';
import { StatsStoreError } from './stats-store.error';

const PACKET_OPENING = '{"header":"PUBLISH_STATISTICS","body":';

/** Handle returned by {@link LiveChannel.subscribe}. */
export interface LiveSubscription {
  /** The channel subscribed to (see {@link LiveChannel.channelName}). */
  readonly channel: string;
  /** Messages received on the channel that were not valid packets (and were ignored), so far. */
  malformed(): number;
  /** Stops listening and unsubscribes (the connection stays open: it belongs to the caller). */
  close(): Promise<void>;
}

/** Options of {@link LiveChannel.subscribe}. */
export interface LiveSubscribeOptions {
  /** Told about each ignored message, with the reason (for the caller's logs or metrics). */
  onMalformed?: (message: string, reason: string) => void;
  /**
   * Receives packets in the original CounterBolt shape (`{branch, date, counts}` only). Without it
   * they are ignored (and not counted as malformed).
   */
  onOriginal?: (packet: OriginalLivePacket) => void;
}

/**
 * The live channel (`CHANNEL_REDIS_PUBSUB`): publishes the original `PUBLISH_STATISTICS` packets,
 * extended with the window's epoch times, resolution, every statistic type and a `final` flag,
 * and parses them back for subscribers. Pub/sub is server-wide, so the channel name carries the
 * connection's database when it is not 0 (see {@link channelName}).
 */
export class LiveChannel {
  /** The channel this publisher writes to. */
  readonly channel: string;

  constructor(
    private readonly publisher: Redis,
    keys: RedisKeys,
  ) {
    this.channel = LiveChannel.channelName(keys, databaseOf(publisher));
  }

  /**
   * Name of the live channel for a key layout and a Redis database: `keys.liveChannel`
   * (`<prefix>CHANNEL_REDIS_PUBSUB`, the original name with the default empty prefix) in database
   * 0, `<prefix>CHANNEL_REDIS_PUBSUB:db<N>` in database N, so services on different databases of
   * one server never hear each other's packets, as different prefixes never do. Pure.
   */
  static channelName(keys: Pick<RedisKeys, 'liveChannel'>, db = 0): string {
    return db === 0 ? keys.liveChannel : `${keys.liveChannel}:db${db}`;
  }

  /** Publishes one body as a packet (compact JSON). */
  async publish(body: LiveStatisticsBody): Promise<void> {
    try {
      await this.publisher.publish(this.channel, LiveChannel.serialize(body));
    } catch (error) {
      throw StatsStoreError.fromRedis(error, 'publish');
    }
  }

  /** Publishes several bodies in one pipelined round trip, in order. */
  async publishMany(bodies: Iterable<LiveStatisticsBody>): Promise<void> {
    const pipeline = this.publisher.pipeline();
    let count = 0;
    for (const body of bodies) {
      pipeline.publish(this.channel, LiveChannel.serialize(body));
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

  /**
   * The packet text of a body (built by `@coffee/aggregation`'s `liveStatisticsBody`):
   * `{"header":"PUBLISH_STATISTICS","body":{...}}`, the body's fields in its own order: the text
   * `JSON.stringify` gives the packet object, written around the body without building that object.
   */
  static serialize(body: LiveStatisticsBody): string {
    return `${PACKET_OPENING}${JSON.stringify(body)}}`;
  }

  /**
   * Subscribes a dedicated connection (in subscriber mode it can run nothing else) to the live
   * channel of its database and hands every valid packet to `onPacket` (original CounterBolt
   * packets to `options.onOriginal`); malformed messages are counted and ignored. Resolves once
   * the subscription is active.
   */
  static async subscribe(
    subscriber: Redis,
    keys: RedisKeys,
    onPacket: (packet: LiveStatisticsPacket) => void,
    options: LiveSubscribeOptions = {},
  ): Promise<LiveSubscription> {
    let malformed = 0;
    const liveChannel = LiveChannel.channelName(keys, databaseOf(subscriber));
    const listener = (channel: string, message: string): void => {
      if (channel !== liveChannel) {
        return;
      }
      const parsed = parseLivePacket(message);
      if (!parsed.ok) {
        malformed += 1;
        options.onMalformed?.(message, parsed.reason);
      } else if (parsed.kind === 'extended') {
        onPacket(parsed.packet);
      } else {
        options.onOriginal?.(parsed.packet);
      }
    };
    subscriber.on('message', listener);
    try {
      await subscriber.subscribe(liveChannel);
    } catch (error) {
      subscriber.off('message', listener);
      throw StatsStoreError.fromRedis(error, 'subscribe');
    }
    return {
      channel: liveChannel,
      malformed: () => malformed,
      close: async () => {
        subscriber.off('message', listener);
        try {
          await subscriber.unsubscribe(liveChannel);
        } catch (error) {
          throw StatsStoreError.fromRedis(error, 'unsubscribe');
        }
      },
    };
  }
}

// A Redis Cluster has only database 0 (and its PUBLISH reaches every node's subscribers).
function databaseOf(connection: Redis): number {
  const options = connection.options;
  return 'db' in options ? (options.db ?? 0) : 0;
}
