import { perStatisticType, type ResolutionId, type StatisticType } from '@coffee/aggregation';
import { StatsStoreError } from './stats-store.error';

/** One window at one resolution, as `@coffee/aggregation`'s `Windowing` describes it. */
export interface StoreWindowRange {
  readonly resolution: ResolutionId;
  /** Datestring at the resolution's precision. */
  readonly date: string;
  /** Window start, epoch ms (inclusive). */
  readonly start: number;
  /** Window end, epoch ms (exclusive). */
  readonly end: number;
}

/**
 * The part of `@coffee/aggregation`'s `Windowing` the store uses. Pass the processor's
 * `Windowing` instance: it satisfies this structurally.
 */
export interface StoreWindowing {
  /** Base resolution id, e.g. `30s`. */
  readonly baseResolution: ResolutionId;
  /** Every resolution stored, base first, e.g. `['30s', '1m', '1h', '1d']`. */
  readonly resolutions: readonly ResolutionId[];
  /** Window of a datestring (resolution from the datestring's length when omitted). */
  parseDatestring(date: string, resolution?: ResolutionId): StoreWindowRange;
  /** Every window of `resolution` overlapping `[from, to]` (epoch ms), oldest first. */
  windowsBetween(from: number, to: number, resolution: ResolutionId): readonly StoreWindowRange[];
  /** The `count` windows of `resolution` ending with the one containing `now`, oldest first. */
  lastWindows(now: number, count: number, resolution: ResolutionId): readonly StoreWindowRange[];
}

/** Options of {@link StatsStore}. */
export interface StatsStoreOptions {
  /** Window arithmetic shared with the processor (same window size and time zone). */
  windowing: StoreWindowing;
  /**
   * Seconds each window hash (and each windows index) is kept after its last write, per resolution.
   * Defaults: base resolution 2 days, `1m` 7 days, `1h` 90 days, `1d` 2 years (730 days).
   * Every resolution of `windowing` must end up with one, or the constructor throws `INVALID_OPTIONS`.
   */
  retentionSeconds?: Partial<Record<ResolutionId, number>>;
  /**
   * Known categories per statistic type, listed with 0 in history windows when absent.
   * Defaults: each type's `known` categories in `@coffee/aggregation`'s `STATISTIC_TYPE_TABLE`.
   */
  vocabulary?: Partial<Record<StatisticType, readonly string[]>>;
  /** Most windows (per type) one history query may span; larger queries throw `RANGE_TOO_LARGE`. Default 10 000. */
  maxHistoryWindows?: number;
  /**
   * Per-window cap on distinct category values of one statistic type (`MAX_CATEGORIES_PER_WINDOW`):
   * a value outside `vocabulary` is stored under its own name only when the hash already holds it
   * or holds fewer fields than this; otherwise it is counted under `OVERFLOW_CATEGORY` (`__other__`).
   * Enforced inside the atomic apply, so it is exact whatever the number of processors. Default
   * {@link DEFAULT_MAX_CATEGORIES_PER_WINDOW}.
   */
  maxCategoriesPerWindow?: number;
}

/** Default of {@link StatsStoreOptions.maxCategoriesPerWindow}. */
export const DEFAULT_MAX_CATEGORIES_PER_WINDOW = 100;

const DAY = 24 * 3600;

/** Default retention, seconds, of the rollup resolutions (the base resolution gets {@link DEFAULT_BASE_RETENTION_SECONDS}). */
export const DEFAULT_RETENTION_SECONDS: Readonly<Record<string, number>> = { '1m': 7 * DAY, '1h': 90 * DAY, '1d': 730 * DAY };
/** Default retention, seconds, of the base resolution: 2 days. */
export const DEFAULT_BASE_RETENTION_SECONDS = 2 * DAY;

/** Default vocabulary: each type's `known` categories from `@coffee/aggregation`'s `STATISTIC_TYPE_TABLE`. */
export const DEFAULT_VOCABULARY: Readonly<Record<StatisticType, readonly string[]>> = perStatisticType((_, spec) => spec.known);

/** Options with every default applied and checked. */
export interface ResolvedStoreOptions {
  windowing: StoreWindowing;
  retentionSeconds: ReadonlyMap<ResolutionId, number>;
  vocabulary: Readonly<Record<StatisticType, readonly string[]>>;
  maxHistoryWindows: number;
  maxCategoriesPerWindow: number;
}

/** Applies defaults and validates; throws `INVALID_OPTIONS` naming the bad value. */
export function resolveStoreOptions(options: StatsStoreOptions): ResolvedStoreOptions {
  const { windowing } = options;
  const retention = new Map<ResolutionId, number>();
  for (const resolution of windowing.resolutions) {
    const seconds =
      options.retentionSeconds?.[resolution] ??
      (resolution === windowing.baseResolution ? DEFAULT_BASE_RETENTION_SECONDS : DEFAULT_RETENTION_SECONDS[resolution]);
    if (seconds === undefined) {
      throw new StatsStoreError(
        'INVALID_OPTIONS',
        `retentionSeconds: resolution '${resolution}' has no default retention; give one`,
      );
    }
    if (!Number.isSafeInteger(seconds) || seconds < 1) {
      throw new StatsStoreError(
        'INVALID_OPTIONS',
        `retentionSeconds['${resolution}']: must be a positive integer, got ${String(seconds)}`,
      );
    }
    retention.set(resolution, seconds);
  }
  const maxHistoryWindows = options.maxHistoryWindows ?? 10_000;
  if (!Number.isSafeInteger(maxHistoryWindows) || maxHistoryWindows < 1) {
    throw new StatsStoreError(
      'INVALID_OPTIONS',
      `maxHistoryWindows: must be a positive integer, got ${String(maxHistoryWindows)}`,
    );
  }
  const maxCategoriesPerWindow = options.maxCategoriesPerWindow ?? DEFAULT_MAX_CATEGORIES_PER_WINDOW;
  if (!Number.isSafeInteger(maxCategoriesPerWindow) || maxCategoriesPerWindow < 1) {
    throw new StatsStoreError(
      'INVALID_OPTIONS',
      `maxCategoriesPerWindow: must be a positive integer, got ${String(maxCategoriesPerWindow)}`,
    );
  }
  return {
    windowing,
    maxCategoriesPerWindow,
    retentionSeconds: retention,
    vocabulary: perStatisticType((type) => options.vocabulary?.[type] ?? DEFAULT_VOCABULARY[type]),
    maxHistoryWindows,
  };
}
