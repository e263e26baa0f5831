import { STATISTIC_TYPES, type LiveStatisticsBody, type StatisticType, type StatsWindow } from '@coffee/aggregation';
import { ensureWindows } from './ensureWindows';
import { liveTypeCounts } from './liveTypeCounts';
import type { BaseWindowTotals, LiveSeries } from './types';
import { windowNamed } from './zoneWindows';

/** Base windows remembered beyond the displayed range are dropped past this many. */
const MAX_TRACKED_BASE_WINDOWS = 480;

const difference = (next: Readonly<Record<string, number>>, prev: Readonly<Record<string, number>>): Record<string, number> => {
  const delta: Record<string, number> = {};
  for (const category of new Set([...Object.keys(next), ...Object.keys(prev)])) {
    const d = (next[category] ?? 0) - (prev[category] ?? 0);
    if (d !== 0) {
      delta[category] = d;
    }
  }
  return delta;
};

const applyDelta = (w: StatsWindow, delta: Record<string, number>): StatsWindow => {
  const counts = { ...w.counts };
  let total = w.total;
  for (const [category, d] of Object.entries(delta)) {
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
 * Folds one live update (a base window's totals so far) into a window history. The window is the
 * update's own at base resolution, or the coarser window its datestring prefix names. The totals
 * replace those last seen for that base window, so applying the same update twice changes nothing;
 * a window newer than the newest appends (zero-filling any gap) and the oldest drop out to keep
 * `capacity` windows. Updates for another branch, for windows older than the history, or for base
 * windows whose contribution is unknown (see `trackedUntil`) return the series unchanged.
 */
export function mergeLiveIntoHistory(series: LiveSeries, body: LiveStatisticsBody): LiveSeries {
  const baseDate = body.date;
  if (body.branch !== series.branch || typeof baseDate !== 'string' || !/^\d{14}$/.test(baseDate)) {
    return series;
  }
  const previous = series.baseTotals[baseDate];
  if (!previous && baseDate <= series.trackedUntil) {
    return series;
  }
  const date = baseDate.slice(0, series.spec.precision);
  const start = series.spec.isBase ? body.start : (windowNamed(series.spec, date)?.start ?? body.start);
  const oldest = series.windows.CustomerAgeGrades[0]?.date;
  if (oldest !== undefined && date < oldest) {
    return series;
  }
  const incoming = liveTypeCounts(body);
  const windows = { ...series.windows } as Record<StatisticType, readonly StatsWindow[]>;
  let changed = false;
  for (const type of STATISTIC_TYPES) {
    let list = ensureWindows(windows[type], date, start, series.spec, series.vocabulary[type]);
    const next = incoming[type];
    const delta = next ? difference(next, previous?.counts[type] ?? {}) : {};
    if (Object.keys(delta).length > 0) {
      const index = list.findIndex((w) => w.date === date);
      list = [...list.slice(0, index), applyDelta(list[index], delta), ...list.slice(index + 1)];
    }
    if (list !== windows[type]) {
      windows[type] = list.slice(-series.capacity);
      changed = true;
    }
  }
  if (!changed) {
    return series;
  }
  const baseTotals = { ...series.baseTotals, [baseDate]: { start: body.start, counts: { ...previous?.counts, ...incoming } } };
  const trackedUntil = prune(series, baseTotals, windows.CustomerAgeGrades[0]?.date);
  return { ...series, windows, baseTotals, trackedUntil };
}
