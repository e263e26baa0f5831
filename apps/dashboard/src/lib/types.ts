// Dashboard-side shapes of the gateway contract (docs/API.md) built on the shared domain types.
import type { StatisticType, StatsWindow } from '@coffee/aggregation';

/** Known categories of each statistic type, in display order. */
export type Vocabulary = Readonly<Record<StatisticType, readonly string[]>>;

/** `GET /api/config`. */
export interface ApiConfig {
  timeZone: string;
  windowSizeSeconds: number;
  resolutions: string[];
  statisticTypes: StatisticType[];
  vocabulary: Vocabulary;
}

/** `GET /api/stats` (windows oldest first, zero-filled). */
export interface StatsResponse {
  branch: string;
  resolution: string;
  from: number;
  to: number;
  series: Partial<Record<StatisticType, StatsWindow[]>>;
}

/** A resolution as the dashboard computes with it. */
export interface ResolutionSpec {
  id: string;
  /** Datestring length: 14 (base), 12 (1m), 10 (1h), 8 (1d). */
  precision: number;
  durationMs: number;
  isBase: boolean;
  /** IANA zone the datestrings are written in (`GET /api/config`'s `timeZone`). */
  timeZone: string;
  /** Base window size, ms (roll-up windows are unions of base windows). */
  windowSizeMs: number;
}

/** An absolute time range, epoch ms (`to` exclusive). */
export interface TimeRange {
  from: number;
  to: number;
}

/** What one history load fetches together. */
export interface HistoryRequest {
  branch: string;
  resolution: string;
  /** Newest windows shown when `range` is absent. */
  last: number;
  /** A fixed from/to range instead of the newest `last` windows (not followed by live updates). */
  range?: TimeRange;
}

/** The chart history, the last hour at one-minute resolution (KPIs) and the newest base windows. */
export interface HistoryBundle {
  request: HistoryRequest;
  chart: StatsResponse;
  lastHour: StatsResponse;
  /** Base-resolution snapshot of the newest windows: what the coarse windows already contain. */
  base: StatsResponse;
}

/** Totals of one base window per statistic type, as last seen. */
export interface BaseWindowTotals {
  start: number;
  counts: Partial<Record<StatisticType, Readonly<Record<string, number>>>>;
}

/**
 * A window history that live base-window totals are folded into. Immutable: every change returns
 * a new object, and windows that did not change keep their identity (cheap memoised rendering).
 */
export interface LiveSeries {
  branch: string;
  spec: ResolutionSpec;
  /** Number of windows kept (the `last=N` of the request). */
  capacity: number;
  windows: Readonly<Record<StatisticType, readonly StatsWindow[]>>;
  /** Base-window totals already contained in `windows`, by base datestring. */
  baseTotals: Readonly<Record<string, BaseWindowTotals>>;
  /**
   * Base windows up to this datestring that are not in `baseTotals` have an unknown contribution:
   * updates for them are ignored (never double counted) until the next REST load.
   */
  trackedUntil: string;
  vocabulary: Vocabulary;
}
