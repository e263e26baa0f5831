import type { StatsWindow } from '@coffee/aggregation';

/**
 * Datestring of the window still filling at `now` (epoch ms): the newest window when it ends after
 * `now`, else null. Only the newest can be in progress: windows are oldest first and tumbling.
 */
export function inProgressDate(windows: readonly StatsWindow[], durationMs: number, now: number): string | null {
  const newest = windows[windows.length - 1];
  return newest && newest.start + durationMs > now ? newest.date : null;
}
