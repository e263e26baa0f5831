import type { StatsWindow } from '@coffee/aggregation';
import { niceTicks } from './niceTicks';

export interface CompareSeries {
  branch: string;
  /** Orders per window, oldest first. */
  totals: { date: string; total: number }[];
}

export interface CompareScale {
  /** Value-axis ticks shared by every branch, 0 … top. */
  ticks: number[];
  top: number;
  /** Windows on the shared time axis (the longest series'), oldest first. */
  dates: string[];
}

/** Orders per window of one branch's age-grade windows (every order has exactly one age grade). */
export function toCompareSeries(branch: string, windows: readonly StatsWindow[]): CompareSeries {
  return { branch, totals: windows.map((w) => ({ date: w.date, total: w.total })) };
}

/** One value scale and one time axis for all compared branches: small multiples read against each other. */
export function compareScale(series: readonly CompareSeries[]): CompareScale {
  const max = series.reduce((m, s) => s.totals.reduce((a, t) => Math.max(a, t.total), m), 0);
  const ticks = niceTicks(max, 3);
  const longest = series.reduce<CompareSeries | undefined>((a, s) => (!a || s.totals.length > a.totals.length ? s : a), undefined);
  return { ticks, top: ticks[ticks.length - 1], dates: longest?.totals.map((t) => t.date) ?? [] };
}
