import type { ResolutionId, StatisticType } from '@coffee/aggregation';
import { shardTag as tagOfShard } from './key-slot';
import { RedisIoError } from './redis-io.error';

/** Options for {@link RedisKeys}. */
export interface RedisKeysOptions {
  /**
   * Prepended to every key and to the live channel. Default `''`, which gives the original layout
   * (`jeongja:20141001093030:CustomerAgeGrades`, channel `CHANNEL_REDIS_PUBSUB`). Tests use a unique
   * prefix per test.
   */
  prefix?: string;
  /**
   * Redis Cluster only: the hash tag of one order shard (see {@link RedisKeys.shardKeys}). Every
   * key of the shard — stream, dead letters, offsets, receipts, stats hashes, indexes, branch set —
   * then reads `<prefix>{<tag>}<key as without a tag>`, so each atomic step is in one slot. The live
   * channel and the alert keys stay global. Default: none (the original layout).
   */
  shardTag?: string;
}

/**
 * Every Redis key and channel name Coffee Pulse uses, built in this one place. Pure: no I/O.
 *
 * | key | type | holds |
 * |---|---|---|
 * | `coffee:orders` | stream | accepted orders (entries carry one batch of order lines) |
 * | `coffee:orders:dead` | stream | rejected input: raw line, code, message, source, position |
 * | `coffee:orders:dead:http` | stream | the same for HTTP ingest (its own cap: HTTP clients cannot evict other sources' evidence) |
 * | `coffee:collector:offsets` | hash | source id → committed position of each tailed file |
 * | `CoffeeOrderQueue` | list | the original's queue (filled by Flume's RedisSink with RPUSH) |
 * | `CoffeeOrderQueue:processing:<consumer>` | list | elements moved out of the queue, not yet in the stream |
 * | `CoffeeOrderQueue:committed:<consumer>` | string (integer) | elements ever committed from that processing list (fencing counter) |
 * | `<branch>:<date>:<type>` | hash | category → count of one window (the original's layout) |
 * | `coffee:branches` | set | every branch name seen |
 * | `coffee:windows:<branch>:<resolution>` | sorted set | datestrings of stored windows, scored by start (epoch ms) |
 * | `coffee:ingest:<digest>` | string (TTL) | receipt of an idempotent HTTP ingest request |
 * | `coffee:legacy-import:<branch>` | hash | `<date>:<type>` → counts of a 2014 hash already added to the roll-ups (JSON) |
 * | `CHANNEL_REDIS_PUBSUB` | pub/sub channel | live statistics packets |
 * | `coffee:{alerts}` | stream | alert events (open/resolved), bounded by MAXLEN |
 * | `coffee:{alerts}:id:<alert id>` | string (TTL) | dedupe marker: the alert event was written |
 * | `coffee:{alerts}:live` | pub/sub channel | each alert event once, as written |
 *
 * The alert keys share the hash tag `{alerts}`, so the marker and the stream entry are written in
 * one atomic script on a Redis Cluster too.
 */
export class RedisKeys {
  /** Name of the processors' consumer group on {@link ordersStream}. */
  static readonly PROCESSOR_GROUP = 'processors';

  readonly prefix: string;
  readonly ordersStream: string;
  readonly deadLetterStream: string;
  readonly httpDeadLetterStream: string;
  readonly collectorOffsets: string;
  readonly legacyList: string;
  readonly branchesIndex: string;
  readonly liveChannel: string;
  /** Stream of alert events (see {@link alertMarker}). */
  readonly alertsStream: string;
  /** Pub/sub channel carrying each alert event once, as written. */
  readonly alertsChannel: string;

  /** The shard's hash tag (cluster mode), or undefined. */
  readonly shardTag: string | undefined;
  private readonly basePrefix: string;

  constructor(options: RedisKeysOptions = {}) {
    const basePrefix = options.prefix ?? '';
    this.basePrefix = basePrefix;
    this.shardTag = options.shardTag;
    const prefix = options.shardTag === undefined ? basePrefix : `${basePrefix}{${options.shardTag}}`;
    this.prefix = prefix;
    this.ordersStream = `${prefix}coffee:orders`;
    this.deadLetterStream = `${prefix}coffee:orders:dead`;
    this.httpDeadLetterStream = `${prefix}coffee:orders:dead:http`;
    this.collectorOffsets = `${prefix}coffee:collector:offsets`;
    this.legacyList = `${prefix}CoffeeOrderQueue`;
    this.branchesIndex = `${prefix}coffee:branches`;
    this.liveChannel = `${basePrefix}CHANNEL_REDIS_PUBSUB`;
    this.alertsStream = `${basePrefix}coffee:{alerts}`;
    this.alertsChannel = `${basePrefix}coffee:{alerts}:live`;
  }

  /**
   * The key layouts of the order shards. One node (`cluster` false): `shards` must be 1 and the
   * answer is `[this]` — the original layout, unchanged. Redis Cluster: `shards` layouts, shard k
   * under the hash tag `shardTag(k, shards)` (spread evenly over the slot ranges, so over the
   * masters), each holding that shard's stream, dead letters, offsets, receipts and the partial
   * counts its processors applied (summed over shards at read time).
   *
   * @throws RedisIoError `INVALID_OPTION`: shards not a positive integer, more than one shard on one
   *   node, or (cluster) a prefix holding `{`, which would pin every key to one slot.
   */
  shardKeys(shards: number, cluster: boolean): RedisKeys[] {
    if (!Number.isSafeInteger(shards) || shards < 1 || shards > 1_024) {
      throw new RedisIoError('INVALID_OPTION', `ORDER_SHARDS must be an integer from 1 to 1024, got ${shards}`);
    }
    if (!cluster) {
      if (shards !== 1) {
        throw new RedisIoError('INVALID_OPTION', `ORDER_SHARDS=${shards} needs a Redis Cluster (REDIS_CLUSTER_NODES); one Redis node takes 1`);
      }
      return [this];
    }
    if (this.basePrefix.includes('{')) {
      throw new RedisIoError('INVALID_OPTION', `KEY_PREFIX "${this.basePrefix}" holds a hash tag: on a Redis Cluster it would put every key in one slot; shards bring their own tags`);
    }
    return Array.from({ length: shards }, (_, shard) => new RedisKeys({ prefix: this.basePrefix, shardTag: tagOfShard(shard, shards) }));
  }

  /** Processing list of one legacy-list reader: elements taken from the queue, not yet safely in the stream. */
  legacyProcessing(consumer: string): string {
    return `${this.legacyList}:processing:${consumer}`;
  }

  /**
   * Counter of elements ever committed (removed from the head) of {@link legacyProcessing}: a batch
   * commits only if the counter still has the value it had when the batch was taken, so a resent or
   * stale commit writes nothing.
   */
  legacyCommitted(consumer: string): string {
    return `${this.legacyList}:committed:${consumer}`;
  }

  /**
   * Receipt of one idempotent ingest request (string with a TTL): written in the same atomic step
   * as the request's orders, so a retry with the same key finds it and writes nothing again.
   * `digest` is a hex digest of the client's key (never the key itself: it may hold anything).
   */
  ingestReceipt(digest: string): string {
    return `${this.prefix}coffee:ingest:${digest}`;
  }

  /** Hash of one window's counts: `<branch>:<date>:<type>`. */
  statsHash(branch: string, date: string, type: StatisticType): string {
    return `${this.prefix}${branch}:${date}:${type}`;
  }

  /** Sorted set of a branch's stored windows at one resolution (member datestring, score start ms). */
  windowsIndex(branch: string, resolution: ResolutionId): string {
    return `${this.prefix}coffee:windows:${branch}:${resolution}`;
  }

  /**
   * Marker hash of the legacy import for one branch: field `<date>:<type>` of a base-window hash,
   * value the counts from that hash the importer has already added to the roll-ups (JSON object).
   */
  legacyImportMarker(branch: string): string {
    return `${this.prefix}coffee:legacy-import:${branch}`;
  }

  /**
   * SCAN `MATCH` pattern of base-window hashes (`<branch>:<14 digits>:<type>`); a superset: check
   * each key with {@link parseBaseStatsHash}.
   */
  baseStatsHashPattern(): string {
    return `${this.prefix.replace(/[*?[\]\\]/g, '\\$&')}*:${'[0-9]'.repeat(14)}:*`;
  }

  /**
   * Splits a base-window hash key built by {@link statsHash} (`<branch>:<yyyyMMddHHmmss>:<type>`)
   * into its parts, or `undefined` for any other key (another prefix, a roll-up datestring, a
   * branch holding `:`). `type` is returned as written: check it against the statistic types.
   */
  parseBaseStatsHash(key: string): { branch: string; date: string; type: string } | undefined {
    if (!key.startsWith(this.prefix)) {
      return undefined;
    }
    const match = /^([^:]+):(\d{14}):([A-Za-z]+)$/.exec(key.slice(this.prefix.length));
    if (match === null) {
      return undefined;
    }
    const [, branch = '', date = '', type = ''] = match;
    return { branch, date, type };
  }

  /**
   * Dedupe marker of one alert event (string with a TTL), set with `NX` in the same script that
   * appends the event to {@link alertsStream}: a second write of the same id finds it and writes nothing.
   * `alertId` is the rule's deterministic id (`<rule>:<branch>:<window start ms>`).
   */
  alertMarker(alertId: string): string {
    return `${this.alertsStream}:id:${alertId}`;
  }
}

/**
 * The key layouts of an app's order shards from its validated config (`KEY_PREFIX`,
 * `REDIS_CLUSTER_NODES`, `ORDER_SHARDS`): one node → `[new RedisKeys({ prefix })]`, the original
 * layout; a cluster → one tagged layout per shard (see {@link RedisKeys.shardKeys}).
 */
export function orderShardKeys(config: { keyPrefix: string; redisClusterNodes?: string; orderShards?: number }): RedisKeys[] {
  const cluster = config.redisClusterNodes !== undefined && config.redisClusterNodes.trim() !== '';
  return new RedisKeys({ prefix: config.keyPrefix }).shardKeys(config.orderShards ?? 1, cluster);
}
