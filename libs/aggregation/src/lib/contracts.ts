/**
 * Shared contracts of the statistics domain: statistic types, the reserved all-branches name,
 * the count deltas a batch produces for a store, and the shapes served to clients (REST history
 * windows and live packets). Pure types and constants: used by the processor, the stats store,
 * the API gateway and the dashboard alike.
 */

import type { StatisticType } from './statistic-types';

/** The statistic types and how orders contribute to them: one table, see `statistic-types.ts`. */
export { STATISTIC_TYPES } from './statistic-types';
export type { StatisticType } from './statistic-types';

/**
 * Reserved branch name of the all-branches roll-up. `*` is a glob character, which a real branch
 * name may never contain (see `@coffee/order-schema`), so it can never collide with a real branch.
 * Stored under `*:<datestring>:<StatisticType>`; the REST API and dashboard call it `all`.
 */
export const ALL_BRANCHES = '*';

/**
 * What the REST API, the live clients and the dashboard call the {@link ALL_BRANCHES} roll-up, and
 * therefore a reserved name too: no order may carry the branch `all` (it would be unreachable).
 */
export const ALL_BRANCHES_ALIAS = 'all';

/**
 * The one overflow category value. A category value longer than the configured limit (see
 * `aggregateBatch`'s `maxCategoryLength`, default {@link DEFAULT_MAX_CATEGORY_LENGTH}), or one a
 * window's hash has no room left for (the stats store's per-window cap on distinct values), is
 * counted under this value instead, so totals stay exact while the number of fields stays bounded.
 */
export const OVERFLOW_CATEGORY = '__other__';

/** Default longest category value (coffee name, payment method, age grade) counted under its own name, UTF-16 code units. */
export const DEFAULT_MAX_CATEGORY_LENGTH = 64;

/**
 * Resolution id: the base window is `<seconds>s` (default `30s`); rollups are `1m`, `1h`, `1d`.
 * Datestring precision: base `yyyyMMddHHmmss`, `1m` `yyyyMMddHHmm`, `1h` `yyyyMMddHH`, `1d` `yyyyMMdd`.
 */
export type ResolutionId = string;

/** Count increments for one stored hash `<branch>:<date>:<type>`. */
export interface HashDelta {
  /** Real branch or {@link ALL_BRANCHES}. */
  readonly branch: string;
  readonly resolution: ResolutionId;
  /** Datestring of the window start, at the resolution's precision, in the configured time zone. */
  readonly date: string;
  /** Window start, epoch ms: the first instant carrying `date` (for a window a fall-back repeats, its first pass). */
  readonly start: number;
  readonly type: StatisticType;
  /** Category value → increment (always > 0). */
  readonly fields: ReadonlyMap<string, number>;
}

/** Everything a store needs to apply one batch in one step. */
export interface BatchDelta {
  /** One entry per touched hash, for every configured resolution and the all-branches roll-up. */
  readonly hashes: readonly HashDelta[];
  /** Orders in the batch. */
  readonly orders: number;
  /** Cups in the batch. */
  readonly cups: number;
  /**
   * Distinct category values of the batch (per statistic type) counted under
   * {@link OVERFLOW_CATEGORY} because they were too long; absent when none.
   */
  readonly overlongValues?: number;
}

/** Totals of one window of one statistic type, as served by the REST API. */
export interface StatsWindow {
  /** Datestring of the window start. */
  date: string;
  /** Window start, epoch ms. */
  start: number;
  /** Category → count; every known category present (0 when absent), unknown categories included. */
  counts: Record<string, number>;
  /** Sum of counts. */
  total: number;
}

/** Body of the live packet (`header: "PUBLISH_STATISTICS"`) published per branch and window. */
export interface LiveStatisticsBody {
  /** Real branch name or {@link ALL_BRANCHES}. */
  branch: string;
  /** Base-window datestring. */
  date: string;
  /** Original field: customer age grade totals of the window so far. */
  counts: { type: string; count: number }[];
  /** Window start and end (exclusive), epoch ms. */
  start: number;
  end: number;
  /** Base resolution id, e.g. `30s`. */
  resolution: ResolutionId;
  /** Totals so far of every statistic type (category → count). */
  stats: Record<StatisticType, Record<string, number>>;
  /** True on the announcement made when the window closes. */
  final: boolean;
}

/** The original live packet, extended with extra body fields. */
export interface LiveStatisticsPacket {
  header: 'PUBLISH_STATISTICS';
  body: LiveStatisticsBody;
}
