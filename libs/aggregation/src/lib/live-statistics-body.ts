import type { BranchWindow } from './branch-window';
import type { LiveStatisticsBody, StatisticType } from './contracts';
import { ORDER_COUNT_TYPE } from './statistic-types';

/** Totals so far of one branch's base window, per statistic type (category → count), as a store returns them. */
export interface WindowTotals extends BranchWindow {
  readonly stats: Record<StatisticType, Record<string, number>>;
}

const byName = (a: [string, number], b: [string, number]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/**
 * The live packet body (`PUBLISH_STATISTICS`) of a base window's totals: the original fields first
 * (`branch`, `date`, `counts` = customer age grade totals sorted by grade), then `start`, `end`,
 * `resolution`, `stats` (every type's totals, as given) and `final` (true on the announcement made
 * when the window closes). The one builder of the message: whoever publishes or sends a live body
 * builds it here, from totals that already name their window (nothing is re-derived). Pure.
 */
export function liveStatisticsBody(totals: WindowTotals, final: boolean): LiveStatisticsBody {
  const counts = Object.entries(totals.stats[ORDER_COUNT_TYPE] ?? {})
    .sort(byName)
    .map(([type, count]) => ({ type, count }));
  return {
    branch: totals.branch,
    date: totals.date,
    counts,
    start: totals.start,
    end: totals.end,
    resolution: totals.resolution,
    stats: totals.stats,
    final,
  };
}
