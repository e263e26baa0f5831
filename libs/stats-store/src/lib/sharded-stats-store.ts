import type { BatchDelta, ResolutionId, StatisticType, StatsWindow } from '@coffee/aggregation';
import type { RedisClient as Redis, RedisKeys } from '@coffee/redis-io';
import { StatsStore } from './stats-store';
import { StatsStoreError } from './stats-store.error';
import type { StatsStoreOptions, StoreWindowRange } from './stats-store.options';
import type { AckTarget, ApplyResult, HistoryQuery, HistoryResult, StoredWindow, WindowTotals } from './stats-store.types';
import { nullRecord } from './stored-counts.codec';

/** Adds `from`'s counts into `into` (null-prototype maps; a category new to `into` is appended). */
function addCounts(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const category of Object.keys(from)) {
    into[category] = (into[category] ?? 0) + (from[category] ?? 0);
  }
}

/** Sums category → count maps (one per shard) into a new null-prototype map. Pure. */
export function sumCounts(parts: readonly Readonly<Record<string, number>>[]): Record<string, number> {
  const sum = nullRecord();
  for (const part of parts) {
    addCounts(sum, part);
  }
  return sum;
}

/** Sums the same windows read from each shard (same dates, same order) into one series. Pure. */
export function sumWindows(parts: readonly (readonly StatsWindow[])[]): StatsWindow[] {
  const [first = []] = parts;
  return first.map((window, w) => {
    const counts = nullRecord();
    let total = 0;
    for (const part of parts) {
      const shard = part[w];
      if (shard !== undefined) {
        addCounts(counts, shard.counts);
        total += shard.total;
      }
    }
    return { date: window.date, start: window.start, counts, total };
  });
}

/**
 * The stats of a sharded pipeline (Redis Cluster, `ORDER_SHARDS` > 1) as one {@link StatsStore}:
 * each shard's hashes hold the partial counts its processors applied (docs/CLUSTER.md), and every
 * read here reads all shards — one pipeline per shard, all sent together, so one round trip per
 * master holding a shard, in parallel — and sums them: counts per category and totals add up,
 * branch lists and windows indexes are unioned. Answers have the shapes and validation of
 * {@link StatsStore}'s, so callers (the gateway's REST and WebSocket paths, its cache) are
 * unchanged. Writes go to one shard's own `StatsStore`; here they throw.
 *
 * A window's categories are capped per stored hash (`maxCategoriesPerWindow`), so a summed window
 * lists at most `shards` × the cap distinct categories.
 */
export class ShardedStatsStore extends StatsStore {
  private readonly shards: readonly StatsStore[];

  /** @param shardKeys the shards' layouts (`orderShardKeys(config)`), at least one. */
  constructor(redis: Redis, shardKeys: readonly RedisKeys[], options: StatsStoreOptions) {
    const [first] = shardKeys;
    if (first === undefined) {
      throw new StatsStoreError('INVALID_QUERY', 'ShardedStatsStore needs at least one shard layout');
    }
    super(redis, first, options);
    this.shards = shardKeys.map((keys) => new StatsStore(redis, keys, options));
  }

  /** Number of shards read. */
  get shardCount(): number {
    return this.shards.length;
  }

  override applyBatch(_delta: BatchDelta, _ack: AckTarget): Promise<ApplyResult> {
    return Promise.reject(new StatsStoreError('INVALID_QUERY', 'applyBatch: apply into one shard\'s StatsStore, not the summed view'));
  }

  override applyUnacked(_delta: BatchDelta): Promise<WindowTotals[]> {
    return Promise.reject(new StatsStoreError('INVALID_QUERY', 'applyUnacked: apply into one shard\'s StatsStore, not the summed view'));
  }

  override async readWindow(branch: string, date: string, type: StatisticType): Promise<Record<string, number>> {
    return sumCounts(await Promise.all(this.shards.map((shard) => shard.readWindow(branch, date, type))));
  }

  override async history<T extends StatisticType>(query: HistoryQuery<T>): Promise<HistoryResult<T>> {
    const parts = await Promise.all(this.shards.map((shard) => shard.history(query)));
    const result = {} as HistoryResult<T>;
    for (const type of query.types) {
      result[type] = sumWindows(parts.map((part) => part[type]));
    }
    return result;
  }

  override async readWindows(branch: string, type: StatisticType, windows: readonly StoreWindowRange[]): Promise<StatsWindow[]> {
    return sumWindows(await Promise.all(this.shards.map((shard) => shard.readWindows(branch, type, windows))));
  }

  /** Summed over the shards: one pipeline per shard for all the windows, sent together. */
  override async windowTotalsMany(windows: readonly { readonly branch: string; readonly date: string }[]): Promise<WindowTotals[]> {
    const parts = await Promise.all(this.shards.map((shard) => shard.windowTotalsMany(windows)));
    return windows.map((_window, w) => sumTotals(parts.map((part) => part[w] as WindowTotals)));
  }

  override async branches(): Promise<string[]> {
    const lists = await Promise.all(this.shards.map((shard) => shard.branches()));
    return [...new Set(lists.flat())].sort();
  }

  override async storedWindows(branch: string, resolution: ResolutionId, from = -Infinity, to = Infinity): Promise<StoredWindow[]> {
    const lists = await Promise.all(this.shards.map((shard) => shard.storedWindows(branch, resolution, from, to)));
    const byDate = new Map<string, StoredWindow>();
    for (const window of lists.flat()) {
      byDate.set(window.date, window);
    }
    return [...byDate.values()].sort((a, b) => a.start - b.start);
  }
}

/** Sums one base window's totals read from each shard (same branch and date). Pure. */
export function sumTotals(parts: readonly WindowTotals[]): WindowTotals {
  const [first] = parts;
  if (first === undefined) {
    throw new StatsStoreError('INVALID_QUERY', 'sumTotals: no shard totals');
  }
  const stats = {} as Record<StatisticType, Record<string, number>>;
  for (const type of Object.keys(first.stats) as StatisticType[]) {
    stats[type] = sumCounts(parts.map((part) => part.stats[type]));
  }
  return { ...first, stats };
}
