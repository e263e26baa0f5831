import { STATISTIC_TYPES, type LiveStatisticsBody, type StatisticType, type StatsWindow } from '@coffee/aggregation';
import { ensureWindows } from './ensureWindows';
import { liveTypeCounts } from './liveTypeCounts';
import type { BaseWindowTotals, LiveSeries } from './types';
import { zeroCounts } from './zeroCounts';
import { windowNamed } from './zoneWindows';

/** Base windows remembered beyond the displayed range are dropped past this many. */
const MAX_TRACKED_BASE_WINDOWS = 480;

type Counts = Readonly<Record<string, number>>;

// One body is merged into the chart and into the last hour: its per-type counts are read once.
const bodyCounts = new WeakMap<LiveStatisticsBody, ReturnType<typeof liveTypeCounts>>();
const countsOf = (body: LiveStatisticsBody): ReturnType<typeof liveTypeCounts> => {
  let counts = bodyCounts.get(body);
  if (counts === undefined) {
    counts = liveTypeCounts(body);
    bodyCounts.set(body, counts);
  }
  return counts;
};

const sum = (counts: Counts): number => Object.values(counts).reduce((a, b) => a + b, 0);

/** True when `w` already shows exactly `counts` (counts are never negative, so equal totals leave no other category). */
const shows = (w: StatsWindow, counts: Counts): boolean => Object.entries(counts).every(([category, n]) => (w.counts[category] ?? 0) === n) && w.total === sum(counts);

/** A base window's counts are the body's totals as they are (every known category listed, 0 when absent). */
const asBodySays = (w: StatsWindow, counts: Counts, categories: readonly string[]): StatsWindow => ({
  ...w,
  counts: { ...zeroCounts(categories), ...counts },
  total: sum(counts),
});

/** A coarse window plus what one of its base windows gained (or lost) since its totals were last seen. */
const withChange = (w: StatsWindow, next: Counts, seen: Counts): StatsWindow => {
  const counts = { ...w.counts };
  let total = w.total;
  for (const category of new Set([...Object.keys(next), ...Object.keys(seen)])) {
    const d = (next[category] ?? 0) - (seen[category] ?? 0);
    counts[category] = (counts[category] ?? 0) + d;
    total += d;
  }
  return { ...w, counts, total };
};

const prune = (series: LiveSeries, baseTotals: Record<string, BaseWindowTotals>, firstDate: string | undefined) => {
  let trackedUntil = series.trackedUntil;
  const dates = Object.keys(baseTotals).sort();
  const excess = dates.length - MAX_TRACKED_BASE_WINDOWS;
  dates.forEach((date, i) => {
    const outOfRange = firstDate !== undefined && date.slice(0, series.spec.precision) < firstDate;
    if (outOfRange || i < excess) {
      delete baseTotals[date];
      trackedUntil = date > trackedUntil ? date : trackedUntil;
    }
  });
  return trackedUntil;
};

/**
 * Folds one live update (a base window's totals so far) into a window history.
 *
 * At the base resolution the body's totals ARE the window's counts: they replace the window's as they
 * are (a stale REST figure included), so applying the same update twice changes nothing.
 *
 * At a coarser resolution (`1m`/`1h`/`1d`) a window is the sum of many base windows, and its REST
 * figure already contains some of them (the snapshot, `series.baseTotals`). The body's totals are then
 * the only information about one part of that sum, so the window changes by the difference between
 * them and that base window's totals last seen (none: 0); a base window at or before `trackedUntil`
 * whose totals are not known is ignored (its share is unknown, it must not be counted twice). This
 * difference is the one place live totals become a change.
 *
 * Either way a window newer than the newest appends (zero-filling any gap) and the oldest drop out to
 * keep `capacity` windows. Updates for another branch or for windows older than the history return
 * the series unchanged.
 */
export function mergeLiveIntoHistory(series: LiveSeries, body: LiveStatisticsBody): LiveSeries {
  const baseDate = body.date;
  if (body.branch !== series.branch || typeof baseDate !== 'string' || !/^\d{14}$/.test(baseDate)) {
    return series;
  }
  const { spec } = series;
  const previous = spec.isBase ? undefined : series.baseTotals[baseDate];
  if (!spec.isBase && !previous && baseDate <= series.trackedUntil) {
    return series;
  }
  const date = baseDate.slice(0, spec.precision);
  const start = spec.isBase ? body.start : (windowNamed(spec, date)?.start ?? body.start);
  const oldest = series.windows.CustomerAgeGrades[0]?.date;
  if (oldest !== undefined && date < oldest) {
    return series;
  }
  const incoming = countsOf(body);
  const windows = { ...series.windows } as Record<StatisticType, readonly StatsWindow[]>;
  let changed = false;
  for (const type of STATISTIC_TYPES) {
    const categories = series.vocabulary[type];
    let list = ensureWindows(windows[type], date, start, spec, categories);
    const next = incoming[type];
    if (next !== undefined) {
      const index = list.findIndex((w) => w.date === date);
      const window = list[index];
      const updated = spec.isBase ? asBodySays(window, next, categories) : withChange(window, next, previous?.counts[type] ?? {});
      if (!shows(window, updated.counts)) {
        list = [...list.slice(0, index), updated, ...list.slice(index + 1)];
      }
    }
    if (list !== windows[type]) {
      windows[type] = list.slice(-series.capacity);
      changed = true;
    }
  }
  if (!changed) {
    return series;
  }
  if (spec.isBase) {
    return { ...series, windows };
  }
  const baseTotals = { ...series.baseTotals, [baseDate]: { start: body.start, counts: { ...previous?.counts, ...incoming } } };
  const trackedUntil = prune(series, baseTotals, windows.CustomerAgeGrades[0]?.date);
  return { ...series, windows, baseTotals, trackedUntil };
}
