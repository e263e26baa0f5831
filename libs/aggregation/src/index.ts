export { STATISTIC_TYPES, ALL_BRANCHES, ALL_BRANCHES_ALIAS, OVERFLOW_CATEGORY, DEFAULT_MAX_CATEGORY_LENGTH } from './lib/contracts';
export type {
  StatisticType,
  ResolutionId,
  HashDelta,
  BatchDelta,
  StatsWindow,
  LiveStatisticsBody,
  LiveStatisticsPacket,
} from './lib/contracts';
export { AggregationError, AGGREGATION_ERROR_CODES } from './lib/aggregation.error';
export type { AggregationErrorCode } from './lib/aggregation.error';
export {
  STATISTIC_TYPE_TABLE,
  ORDER_COUNT_TYPE,
  isStatisticType,
  statisticTypeSpec,
  statisticTypeRank,
  perStatisticType,
  categoriesOf,
  cupsPerOrderLabel,
  cupsPerOrderLabels,
} from './lib/statistic-types';
export type { StatisticTypeSpec, Contribution, OrderCategoryField } from './lib/statistic-types';
export type { CountableOrder } from './lib/countable-order';
export type { CountableColumns } from './lib/countable-columns';
export { Windowing, MAX_ENUMERATED_WINDOWS } from './lib/windowing';
export {
  ROLLUP_RESOLUTIONS,
  BASE_PRECISION,
  baseResolutionId,
  rollupResolution,
  resolutionSpecOf,
  nominalDurationMs,
  defaultRollups,
} from './lib/resolutions';
export type { RollupResolution } from './lib/resolutions';
export type { WindowingOptions, WindowRange } from './lib/windowing';
export type { BranchWindow } from './lib/branch-window';
export { aggregateBatch } from './lib/aggregate-batch';
export { aggregateColumns, isCountableColumns } from './lib/aggregate-columns';
export type { AggregateOptions } from './lib/aggregate-batch';
export { mergeDeltas } from './lib/merge-deltas';
export { EventTimeTracker } from './lib/event-time-tracker';
export type { EventTimeTrackerOptions, ObservedBatch, LatenessStats } from './lib/event-time-tracker';
export { liveStatisticsBody } from './lib/live-statistics-body';
export type { WindowTotals } from './lib/live-statistics-body';
export { NewestPerKey, liveWindowKey, newestPerWindow } from './lib/newest-per-key';
export type { NewestPerKeyOptions, NewestPerKeyChange, LiveWindowId } from './lib/newest-per-key';
export * from './lib/alerts';
