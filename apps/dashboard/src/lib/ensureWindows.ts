import type { StatsWindow } from '@coffee/aggregation';
import { addToDatestring } from './addToDatestring';
import type { ResolutionSpec } from './types';
import { zeroCounts } from './zeroCounts';

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
    let gapDate = addToDatestring(last.date, spec.durationMs);
    let gapStart = last.start + spec.durationMs;
    while (gapDate < date && gapStart < start) {
      added.push(emptyWindow(gapDate, gapStart, categories));
      gapDate = addToDatestring(gapDate, spec.durationMs);
      gapStart += spec.durationMs;
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
