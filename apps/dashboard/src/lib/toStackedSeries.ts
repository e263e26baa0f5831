import type { StatsWindow } from '@coffee/aggregation';
import { formatWindowLabel } from './formatWindowLabel';

/** One bar/area column: `values[i]` is the count of `categories[i]`. */
export interface StackedRow {
  date: string;
  label: string;
  start: number;
  total: number;
  values: number[];
}

const rowCache = new WeakMap<StatsWindow, { key: string; row: StackedRow }>();

/**
 * Chart rows for a stacked chart, one per window (oldest first), values in `categories` order
 * (missing categories count 0). A window object that did not change yields the same row object,
 * so a live update rebuilds only the row of the window it touched.
 */
export function toStackedSeries(windows: readonly StatsWindow[], categories: readonly string[], precision: number): StackedRow[] {
  const key = `${precision}|${categories.join('\u0000')}`;
  return windows.map((w) => {
    const cached = rowCache.get(w);
    if (cached && cached.key === key) {
      return cached.row;
    }
    const row: StackedRow = {
      date: w.date,
      label: formatWindowLabel(w.date, precision),
      start: w.start,
      total: w.total,
      values: categories.map((c) => w.counts[c] ?? 0),
    };
    rowCache.set(w, { key, row });
    return row;
  });
}
