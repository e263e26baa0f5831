import { ALL_BRANCHES, STATISTIC_TYPES, type BatchDelta, type ResolutionId, type StatisticType, type StatsWindow } from '@coffee/aggregation';
import { scriptCaller, type LuaScript, type RedisClient as Redis, type RedisKeys, type ScriptCall } from '@coffee/redis-io';
import { decodeApplyReply, encodeApplyBatch } from './apply-batch.codec';
import { APPLY_WINDOW_BATCH_LUA } from './apply-window-batch.lua';
import { StatsStoreError } from './stats-store.error';
import { resolveStoreOptions, type ResolvedStoreOptions, type StatsStoreOptions, type StoreWindowRange } from './stats-store.options';
import type { AckTarget, ApplyResult, HistoryQuery, HistoryResult, StoredWindow, WindowTotals } from './stats-store.types';
import { nullRecord, storedCounts } from './stored-counts.codec';

/** Run through redis-io's one Lua runner (EVALSHA, EVAL on NOSCRIPT); a variable key count, passed first. */
const APPLY_WINDOW_BATCH: LuaScript = { name: 'coffeeApplyWindowBatch', lua: APPLY_WINDOW_BATCH_LUA };

/** Maps an error thrown by the windowing (bad time, bad datestring, range too large) to a StatsStoreError. */
function windowingError(error: unknown, what: string): StatsStoreError {
  if (error instanceof StatsStoreError) {
    return error;
  }
  const text = error instanceof Error ? error.message : String(error);
  const tooLarge = typeof error === 'object' && error !== null && 'code' in error && error.code === 'RANGE_TOO_LARGE';
  return new StatsStoreError(tooLarge ? 'RANGE_TOO_LARGE' : 'INVALID_QUERY', `${what}: ${text}`, { cause: error });
}

/**
 * Window statistics on Redis: one hash per branch, window and statistic type
 * (`<branch>:<date>:<type>`, every resolution), an index of branches and of windows per branch
 * and resolution, and per-resolution TTLs. Writes go through one atomic, idempotent Lua step
 * that also acknowledges the batch's stream entries ({@link StatsStore.applyBatch}).
 *
 * Pass connections without ioredis' `keyPrefix`: prefixes belong to {@link RedisKeys}.
 *
 * @example
 * const keys = new RedisKeys();
 * const store = new StatsStore(redis, keys, { windowing });
 * const result = await store.applyBatch(aggregateBatch(orders, windowing), {
 *   stream: keys.ordersStream, group: RedisKeys.PROCESSOR_GROUP, consumer: 'processor-1', ids,
 * });
 */
export class StatsStore {
  private readonly options: ResolvedStoreOptions;
  private readonly applyWindowBatch: ScriptCall;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    options: StatsStoreOptions,
  ) {
    this.options = resolveStoreOptions(options);
    this.applyWindowBatch = scriptCaller(redis, APPLY_WINDOW_BATCH);
  }

  /**
   * Adds a batch's counts and acknowledges its stream entries in one atomic step, exactly once:
   * - every id pending for `ack.consumer` → counts added, TTLs refreshed, indexes updated, ids
   *   XACKed; resolves `applied` with the new totals of the touched base windows;
   * - no id pending for it (acknowledged already, claimed by another consumer, never delivered)
   *   → `duplicate`, nothing written;
   * - some → `partial` with the ids still owned, nothing written.
   * Safe to retry after any error (a lost reply included): a second run finds the ids acknowledged.
   * @throws StatsStoreError `INVALID_DELTA`, `INVALID_ACK`, `GROUP_MISSING`, `WRONG_KEY_TYPE`, `REDIS_ERROR`.
   */
  async applyBatch(delta: BatchDelta, ack: AckTarget): Promise<ApplyResult> {
    const encoded = encodeApplyBatch(delta, ack, this.keys, this.options);
    let reply: unknown;
    try {
      reply = await this.applyWindowBatch(encoded.keys.length, encoded.keys, encoded.args);
    } catch (error) {
      throw StatsStoreError.fromRedis(error, 'applyBatch');
    }
    return decodeApplyReply(reply, encoded, this.options.windowing.baseResolution);
  }

  /**
   * Adds a batch's counts without any stream acknowledgement (tools, tests, replays). Not
   * idempotent: a retry after a lost reply counts twice. Resolves the new base-window totals.
   */
  async applyUnacked(delta: BatchDelta): Promise<WindowTotals[]> {
    const encoded = encodeApplyBatch(delta, undefined, this.keys, this.options);
    let reply: unknown;
    try {
      reply = await this.applyWindowBatch(encoded.keys.length, encoded.keys, encoded.args);
    } catch (error) {
      throw StatsStoreError.fromRedis(error, 'applyUnacked');
    }
    const result = decodeApplyReply(reply, encoded, this.options.windowing.baseResolution);
    return result.status === 'applied' ? result.totals : [];
  }

  /**
   * One stored hash as is, the original layout (`{}` when absent or expired). `date` at any resolution's precision.
   * The map has no prototype: a `__proto__` category is an own property like any other.
   */
  async readWindow(branch: string, date: string, type: StatisticType): Promise<Record<string, number>> {
    try {
      return storedCounts(await this.redis.hgetall(this.keys.statsHash(branch, date, type)));
    } catch (error) {
      throw StatsStoreError.fromRedis(error, 'readWindow');
    }
  }

  /**
   * Windows of a branch (or `'*'`) at one resolution, per requested type, oldest first: every
   * window of the range is present (zero counts when nothing is stored), `counts` lists every
   * vocabulary category (0 when absent) plus any other category stored, in a null-prototype map
   * (user-named categories such as `__proto__` are own properties). One pipelined round trip
   * (HGETALL per window and type), whatever the index says: memory grows with the answer; for
   * large ranges read {@link historyWindows} in pages with {@link readWindows}.
   * @throws StatsStoreError `INVALID_QUERY`, `RANGE_TOO_LARGE`, `REDIS_ERROR`.
   */
  async history<T extends StatisticType>(query: HistoryQuery<T>): Promise<HistoryResult<T>> {
    const windows = this.historyWindows(query);
    const pipeline = this.redis.pipeline();
    for (const type of query.types) {
      for (const window of windows) {
        pipeline.hgetall(this.keys.statsHash(query.branch, window.date, type));
      }
    }
    const replies = await this.exec(pipeline, 'history');
    const result = {} as HistoryResult<T>;
    query.types.forEach((type, t) => {
      result[type] = windows.map((window, w) => this.historyWindow(type, window, replies[t * windows.length + w]));
    });
    return result;
  }

  /**
   * The windows a history query spans, oldest first, validated as {@link history} validates them,
   * without reading Redis: page through them with {@link readWindows} to keep memory bounded.
   * @throws StatsStoreError `INVALID_QUERY`, `RANGE_TOO_LARGE`.
   */
  historyWindows(query: HistoryQuery): readonly StoreWindowRange[] {
    try {
      return this.enumerateWindows(query);
    } catch (error) {
      throw windowingError(error, 'history');
    }
  }

  /**
   * History windows of one type for the given windows of a branch (or `'*'`), in their order, as
   * {@link history} builds them (zero-filled, null-prototype `counts`). One pipelined round trip.
   * @throws StatsStoreError `REDIS_ERROR`.
   */
  async readWindows(branch: string, type: StatisticType, windows: readonly StoreWindowRange[]): Promise<StatsWindow[]> {
    if (windows.length === 0) {
      return [];
    }
    const pipeline = this.redis.pipeline();
    for (const window of windows) {
      pipeline.hgetall(this.keys.statsHash(branch, window.date, type));
    }
    const replies = await this.exec(pipeline, 'history');
    return windows.map((window, w) => this.historyWindow(type, window, replies[w]));
  }

  /** Totals so far of the base window containing `now` (epoch ms), every type, as stored. */
  async currentTotals(branch: string, now: number): Promise<WindowTotals> {
    let window: StoreWindowRange | undefined;
    try {
      [window] = this.options.windowing.lastWindows(now, 1, this.options.windowing.baseResolution);
    } catch (error) {
      throw windowingError(error, 'currentTotals');
    }
    if (window === undefined) {
      throw new StatsStoreError('INVALID_QUERY', `now: no window contains ${now}`);
    }
    return this.windowTotals(branch, window.date);
  }

  /** Totals of one base window by datestring, every type, as stored. */
  async windowTotals(branch: string, date: string): Promise<WindowTotals> {
    const [totals] = await this.windowTotalsMany([{ branch, date }]);
    return totals as WindowTotals;
  }

  /**
   * Totals of several base windows (by branch and datestring), every type, as stored, in the order
   * given: one pipelined round trip for all of them.
   * @throws StatsStoreError `INVALID_QUERY` for a datestring that is not a base window's; `REDIS_ERROR`.
   */
  async windowTotalsMany(windows: readonly { readonly branch: string; readonly date: string }[]): Promise<WindowTotals[]> {
    if (windows.length === 0) {
      return [];
    }
    const ranges = windows.map(({ date }) => {
      try {
        return this.options.windowing.parseDatestring(date, this.options.windowing.baseResolution);
      } catch (error) {
        throw windowingError(error, 'windowTotals');
      }
    });
    const pipeline = this.redis.pipeline();
    windows.forEach(({ branch }, w) => {
      for (const type of STATISTIC_TYPES) {
        pipeline.hgetall(this.keys.statsHash(branch, (ranges[w] as StoreWindowRange).date, type));
      }
    });
    const replies = await this.exec(pipeline, 'windowTotals');
    return windows.map(({ branch }, w): WindowTotals => {
      const window = ranges[w] as StoreWindowRange;
      const stats = {} as Record<StatisticType, Record<string, number>>;
      STATISTIC_TYPES.forEach((type, t) => {
        stats[type] = storedCounts(replies[w * STATISTIC_TYPES.length + t]);
      });
      return { branch, date: window.date, start: window.start, end: window.end, resolution: window.resolution, stats };
    });
  }

  /** Real branch names ever written (not `'*'`), sorted. */
  async branches(): Promise<string[]> {
    let members: string[];
    try {
      members = await this.redis.smembers(this.keys.branchesIndex);
    } catch (error) {
      throw StatsStoreError.fromRedis(error, 'branches');
    }
    return members.filter((branch) => branch !== ALL_BRANCHES).sort();
  }

  /**
   * Windows listed in the index of a branch (or `'*'`) and resolution, oldest first, optionally
   * within `[from, to]` by start. The index keeps windows whose start is within the resolution's
   * retention of the server's clock; history does not depend on it.
   */
  async storedWindows(branch: string, resolution: ResolutionId, from = -Infinity, to = Infinity): Promise<StoredWindow[]> {
    let flat: string[];
    try {
      flat = await this.redis.zrangebyscore(
        this.keys.windowsIndex(branch, resolution),
        Number.isFinite(from) ? from : '-inf',
        Number.isFinite(to) ? to : '+inf',
        'WITHSCORES',
      );
    } catch (error) {
      throw StatsStoreError.fromRedis(error, 'storedWindows');
    }
    const windows: StoredWindow[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) {
      windows.push({ date: flat[i] ?? '', start: Number(flat[i + 1]) });
    }
    return windows;
  }

  private historyWindow(type: StatisticType, window: StoreWindowRange, reply: unknown): StatsWindow {
    const counts = nullRecord();
    for (const category of this.options.vocabulary[type]) {
      counts[category] = 0;
    }
    let total = 0;
    const stored = storedCounts(reply);
    for (const category of Object.keys(stored)) {
      const count = stored[category] ?? 0;
      counts[category] = count;
      total += count;
    }
    return { date: window.date, start: window.start, counts, total };
  }

  private enumerateWindows(query: HistoryQuery): readonly StoreWindowRange[] {
    const fail = (message: string): StatsStoreError => new StatsStoreError('INVALID_QUERY', message);
    const { windowing, maxHistoryWindows } = this.options;
    if (!this.options.retentionSeconds.has(query.resolution)) {
      throw fail(`resolution: '${query.resolution}' is not one of ${[...this.options.retentionSeconds.keys()].join(', ')}`);
    }
    if (query.types.length === 0) {
      throw fail('types: at least one statistic type is needed');
    }
    for (const type of query.types) {
      if (!(STATISTIC_TYPES as readonly string[]).includes(type)) {
        throw fail(`types: '${type}' is not one of ${STATISTIC_TYPES.join(', ')}`);
      }
    }
    if ('last' in query) {
      if (!Number.isSafeInteger(query.last) || query.last < 1) {
        throw fail(`last: must be a positive integer, got ${query.last}`);
      }
      if (query.last > maxHistoryWindows) {
        throw new StatsStoreError('RANGE_TOO_LARGE', `last: at most ${maxHistoryWindows} windows, got ${query.last}`);
      }
      if (!Number.isFinite(query.now)) {
        throw fail(`now: must be epoch ms, got ${query.now}`);
      }
      return windowing.lastWindows(query.now, query.last, query.resolution);
    }
    if (!Number.isFinite(query.from) || !Number.isFinite(query.to) || query.from > query.to) {
      throw fail(`from/to: need epoch ms with from <= to, got ${query.from}..${query.to}`);
    }
    const [first] = windowing.lastWindows(query.from, 1, query.resolution);
    const estimate = first === undefined ? 0 : Math.ceil((query.to - first.start) / Math.max(1, first.end - first.start));
    if (estimate > maxHistoryWindows + 1) {
      throw new StatsStoreError(
        'RANGE_TOO_LARGE',
        `from/to: spans about ${estimate} ${query.resolution} windows, at most ${maxHistoryWindows} allowed`,
      );
    }
    const windows = windowing.windowsBetween(query.from, query.to, query.resolution);
    if (windows.length > maxHistoryWindows) {
      throw new StatsStoreError(
        'RANGE_TOO_LARGE',
        `from/to: spans ${windows.length} ${query.resolution} windows, at most ${maxHistoryWindows} allowed`,
      );
    }
    return windows;
  }

  private async exec(pipeline: ReturnType<Redis['pipeline']>, what: string): Promise<unknown[]> {
    let results: [Error | null, unknown][] | null;
    try {
      results = await pipeline.exec();
    } catch (error) {
      throw StatsStoreError.fromRedis(error, what);
    }
    if (results === null) {
      throw new StatsStoreError('REDIS_ERROR', `${what}: pipeline was discarded`);
    }
    return results.map(([error, value]) => {
      if (error !== null) {
        throw StatsStoreError.fromRedis(error, what);
      }
      return value;
    });
  }
}
