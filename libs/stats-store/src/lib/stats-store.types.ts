import type { ResolutionId, StatisticType, StatsWindow, WindowTotals } from '@coffee/aggregation';

/** Stream entries a batch came from, acknowledged in the same atomic step as its counts. */
export interface AckTarget {
  /** Stream key (`RedisKeys.ordersStream`). */
  stream: string;
  /** Consumer group (`RedisKeys.PROCESSOR_GROUP`). */
  group: string;
  /** This processor's consumer name: the entries must be pending for it. */
  consumer: string;
  /** Stream entry ids (`<ms>-<seq>`), at least one; duplicates are ignored. */
  ids: readonly string[];
}

/**
 * Totals of one base-resolution window of one branch, every statistic type: the store returns
 * `@coffee/aggregation`'s own `WindowTotals`, so `liveStatisticsBody` takes them as they are.
 */
export type { WindowTotals };

/**
 * Outcome of {@link StatsStore.applyBatch}.
 * - `applied`: counts added and ids acknowledged; `totals` are the new totals of every
 *   base-resolution window the batch touched (the all-branches `'*'` ones included).
 * - `duplicate`: no id is pending for this consumer any more (already acknowledged by this or
 *   another consumer, claimed by another, or never delivered): nothing written.
 * - `partial`: only `ownedIds` are still pending for this consumer: nothing written; re-aggregate
 *   only those entries' orders and call again with them.
 */
export type ApplyResult =
  | {
      status: 'applied';
      totals: WindowTotals[];
      /** Category values the per-window cap sent to `__other__` (one per value and hash); absent when none. */
      overflowed?: number;
    }
  | { status: 'duplicate' }
  | { status: 'partial'; ownedIds: string[] };

/** History over an explicit time range: every window overlapping `[from, to]` (epoch ms). */
export interface HistoryRangeQuery<T extends StatisticType = StatisticType> {
  /** Real branch or `'*'`. */
  branch: string;
  types: readonly T[];
  resolution: ResolutionId;
  from: number;
  to: number;
}

/** History of the last `last` windows, ending with the one containing `now` (epoch ms). */
export interface HistoryLastQuery<T extends StatisticType = StatisticType> {
  /** Real branch or `'*'`. */
  branch: string;
  types: readonly T[];
  resolution: ResolutionId;
  last: number;
  now: number;
}

/** A history query: {@link HistoryRangeQuery} or {@link HistoryLastQuery}. */
export type HistoryQuery<T extends StatisticType = StatisticType> = HistoryRangeQuery<T> | HistoryLastQuery<T>;

/** History windows per requested type, oldest first, zero-filled. */
export type HistoryResult<T extends StatisticType = StatisticType> = Record<T, StatsWindow[]>;

/** One entry of a windows index: a stored window of one branch and resolution. */
export interface StoredWindow {
  date: string;
  /** Window start, epoch ms. */
  start: number;
}
