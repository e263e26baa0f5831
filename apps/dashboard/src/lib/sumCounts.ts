import type { StatsWindow } from '@coffee/aggregation';

/** Category totals over windows. */
export function sumCounts(windows: readonly StatsWindow[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const w of windows) {
    for (const [category, count] of Object.entries(w.counts)) {
      totals[category] = (totals[category] ?? 0) + count;
    }
  }
  return totals;
}
