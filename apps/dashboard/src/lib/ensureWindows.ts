import type { StatsWindow } from '@coffee/aggregation';
import type { ResolutionSpec } from './types';
import { zeroCounts } from './zeroCounts';
import { windowAfter } from './zoneWindows';

const emptyWindow = (date: string, start: number, categories: readonly string[]): StatsWindow => ({
  date,
  start,
  counts: zeroCounts(categories),
  total: 0,
});

/**
 * Returns `windows` (oldest first) extended so that the window `date` exists: zero windows fill
 * the gap after the newest one, or the missing window is inserted in order. Returns the same
 * array when the window is already there; never drops windows (the caller trims).
 */
export function ensureWindows(
  windows: readonly StatsWindow[],
  date: string,
  start: number,
  spec: ResolutionSpec,
  categories: readonly string[],
): readonly StatsWindow[] {
  const last = windows[windows.length - 1];
  if (!last) {
    return [emptyWindow(date, start, categories)];
  }
  if (date > last.date) {
    const added: StatsWindow[] = [];
    // Gap windows are stepped on the zone's wall clock (@coffee/aggregation), so a DST day's hours are right.
    for (let gap = windowAfter(spec, last.date); gap !== undefined && gap.date < date && gap.start < start; gap = windowAfter(spec, gap.date)) {
      added.push(emptyWindow(gap.date, gap.start, categories));
    }
    added.push(emptyWindow(date, start, categories));
    return [...windows, ...added];
  }
  const index = windows.findIndex((w) => w.date >= date);
  if (windows[index].date === date) {
    return windows;
  }
  return [...windows.slice(0, index), emptyWindow(date, start, categories), ...windows.slice(index)];
}
