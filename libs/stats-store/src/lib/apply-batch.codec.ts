import { ALL_BRANCHES, OVERFLOW_CATEGORY, perStatisticType, STATISTIC_TYPES, type BatchDelta, type StatisticType } from '@coffee/aggregation';
import { compareStreamIds, type RedisKeys } from '@coffee/redis-io';
import { StatsStoreError } from './stats-store.error';
import type { ResolvedStoreOptions } from './stats-store.options';
import type { AckTarget, ApplyResult, WindowTotals } from './stats-store.types';

/** KEYS and ARGV of one `apply-window-batch` call, and what its reply's totals refer to. */
export interface EncodedApply {
  keys: string[];
  args: (string | number)[];
  /** Base windows whose totals the reply carries, by start then branch (`*` first), one hash per type each, in `STATISTIC_TYPES` order. */
  totals: { branch: string; date: string; start: number; end: number }[];
}

const STREAM_ID = /^\d{1,20}-\d{1,20}$/;

function invalidDelta(message: string): StatsStoreError {
  return new StatsStoreError('INVALID_DELTA', message);
}

function checkAck(ack: AckTarget): string[] {
  const fail = (message: string): StatsStoreError => new StatsStoreError('INVALID_ACK', message);
  if (ack.stream === '' || ack.group === '' || ack.consumer === '') {
    throw fail('ack: stream, group and consumer must be non-empty');
  }
  if (ack.ids.length === 0) {
    throw fail('ack.ids: at least one stream id is needed');
  }
  for (const id of ack.ids) {
    if (!STREAM_ID.test(id)) {
      throw fail(`ack.ids: '${id}' is not a stream id (<ms>-<seq>)`);
    }
  }
  return [...new Set(ack.ids)].sort(compareStreamIds);
}

/** The vocabulary as sets (values exempt from the per-window cap), made once per options object. */
const exemptSets = new WeakMap<ResolvedStoreOptions, Record<StatisticType, ReadonlySet<string>>>();

function exemptOf(options: ResolvedStoreOptions): Record<StatisticType, ReadonlySet<string>> {
  let sets = exemptSets.get(options);
  if (sets === undefined) {
    sets = perStatisticType((type): ReadonlySet<string> => new Set(options.vocabulary[type]));
    exemptSets.set(options, sets);
  }
  return sets;
}

function baseEnd(date: string, options: ResolvedStoreOptions): number {
  try {
    return options.windowing.parseDatestring(date, options.windowing.baseResolution).end;
  } catch (error) {
    throw new StatsStoreError('INVALID_DELTA', `delta: '${date}' is not a base-window datestring`, { cause: error });
  }
}

/**
 * Builds the KEYS and ARGV of `apply-window-batch` for a delta (see the script's header for the
 * layout), checking the delta and the ack target. Without `ack`, the script applies without the
 * ownership check and XACK.
 */
export function encodeApplyBatch(
  delta: BatchDelta,
  ack: AckTarget | undefined,
  redisKeys: RedisKeys,
  options: ResolvedStoreOptions,
): EncodedApply {
  const ids = ack === undefined ? [] : checkAck(ack);
  const keys: string[] = [ack?.stream ?? redisKeys.ordersStream, redisKeys.branchesIndex];
  const position = new Map<string, number>();
  const keyPosition = (key: string): number => {
    let at = position.get(key);
    if (at === undefined) {
      keys.push(key);
      at = keys.length;
      position.set(key, at);
    }
    return at;
  };

  const indexes = new Map<string, { ttl: number; retentionMs: number; entries: Map<string, number> }>();
  const branches = new Set<string>();
  const baseWindows = new Map<string, { branch: string; date: string; start: number; end: number }>();
  const base = options.windowing.baseResolution;
  const args: (string | number)[] = [
    ack === undefined ? '0' : '1',
    ack?.group ?? '',
    ack?.consumer ?? '',
    ids.length,
    ...ids,
    options.maxCategoriesPerWindow,
    OVERFLOW_CATEGORY,
    delta.hashes.length,
  ];
  const exempt = exemptOf(options);
  const capped: (string | number)[] = [];

  for (const hash of delta.hashes) {
    const ttl = options.retentionSeconds.get(hash.resolution);
    if (ttl === undefined) {
      throw invalidDelta(`delta: resolution '${hash.resolution}' is not one of the store's (${[...options.retentionSeconds.keys()].join(', ')})`);
    }
    if (!Number.isSafeInteger(hash.start)) {
      throw invalidDelta(`delta: start of ${hash.branch}:${hash.date} is not an epoch ms integer`);
    }
    // Vocabulary values first (never capped), then the others (subject to the per-window cap).
    const counts = args.length + 2;
    args.push(keyPosition(redisKeys.statsHash(hash.branch, hash.date, hash.type)), ttl, 0, 0);
    const known = exempt[hash.type];
    capped.length = 0;
    // forEach, not for…of: no [field, increment] pair allocated per field.
    hash.fields.forEach((increment, field) => {
      if (!Number.isSafeInteger(increment) || increment <= 0) {
        throw invalidDelta(`delta: increment of '${field}' in ${hash.branch}:${hash.date}:${hash.type} must be a positive integer, got ${increment}`);
      }
      if (known.has(field)) {
        args.push(field, increment);
      } else {
        capped.push(field, increment);
      }
    });
    args[counts] = hash.fields.size - capped.length / 2;
    args[counts + 1] = capped.length / 2;
    for (const item of capped) {
      args.push(item);
    }
    const indexKey = redisKeys.windowsIndex(hash.branch, hash.resolution);
    let index = indexes.get(indexKey);
    if (index === undefined) {
      index = { ttl, retentionMs: ttl * 1000, entries: new Map() };
      indexes.set(indexKey, index);
    }
    index.entries.set(hash.date, hash.start);
    if (hash.branch !== ALL_BRANCHES) {
      branches.add(hash.branch);
    }
    if (hash.resolution === base) {
      const id = `${hash.branch}\n${hash.date}`;
      if (!baseWindows.has(id)) {
        baseWindows.set(id, { branch: hash.branch, date: hash.date, start: hash.start, end: baseEnd(hash.date, options) });
      }
    }
  }

  args.push(indexes.size);
  for (const [key, index] of indexes) {
    args.push(keyPosition(key), index.ttl, index.retentionMs, index.entries.size);
    for (const [date, start] of index.entries) {
      args.push(start, date);
    }
  }
  args.push(branches.size, ...branches);
  const totals = [...baseWindows.values()].sort((a, b) => a.start - b.start || (a.branch < b.branch ? -1 : a.branch > b.branch ? 1 : 0));
  args.push(totals.length * STATISTIC_TYPES.length);
  for (const window of totals) {
    for (const type of STATISTIC_TYPES) {
      args.push(keyPosition(redisKeys.statsHash(window.branch, window.date, type)));
    }
  }
  return { keys, args, totals };
}

/**
 * Turns an HGETALL reply into category → count: a flat `[field, value, ...]` array (from Lua)
 * or an object (ioredis' HGETALL transformer). Anything else reads as empty.
 */
export function countsOf(reply: unknown): Record<string, number> {
  // Null prototype: a category named `__proto__` or `constructor` is an ordinary own key.
  const counts = Object.create(null) as Record<string, number>;
  if (Array.isArray(reply)) {
    for (let i = 0; i + 1 < reply.length; i += 2) {
      counts[String(reply[i])] = Number(reply[i + 1]);
    }
  } else if (typeof reply === 'object' && reply !== null) {
    for (const [field, value] of Object.entries(reply)) {
      counts[field] = Number(value);
    }
  }
  return counts;
}

/** Interprets the reply of `apply-window-batch` (see its header). */
export function decodeApplyReply(reply: unknown, encoded: EncodedApply, resolution: string): ApplyResult {
  if (!Array.isArray(reply) || reply.length === 0) {
    throw new StatsStoreError('REDIS_ERROR', `apply-window-batch: unexpected reply ${JSON.stringify(reply)}`);
  }
  const status: unknown = reply[0];
  if (status === 0) {
    return { status: 'duplicate' };
  }
  if (status === 2) {
    return { status: 'partial', ownedIds: reply.slice(1).map(String) };
  }
  const totals: WindowTotals[] = encoded.totals.map((window, w) => {
    const stats = {} as Record<StatisticType, Record<string, number>>;
    STATISTIC_TYPES.forEach((type, t) => {
      stats[type] = countsOf(reply[1 + w * STATISTIC_TYPES.length + t]);
    });
    return { branch: window.branch, date: window.date, start: window.start, end: window.end, resolution, stats };
  });
  const overflowed: unknown = reply[1 + encoded.totals.length * STATISTIC_TYPES.length];
  return typeof overflowed === 'number' && overflowed > 0 ? { status: 'applied', totals, overflowed } : { status: 'applied', totals };
}
