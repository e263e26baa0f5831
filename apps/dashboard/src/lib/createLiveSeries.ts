import { STATISTIC_TYPES, type StatisticType, type StatsWindow } from '@coffee/aggregation';
import type { BaseWindowTotals, LiveSeries, ResolutionSpec, StatsResponse, Vocabulary } from './types';

const normalise = (windows: readonly StatsWindow[], categories: readonly string[]): StatsWindow[] =>
  [...windows]
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
    .map((w) => {
      const counts: Record<string, number> = {};
      for (const category of categories) {
        counts[category] = 0;
      }
      let total = 0;
      for (const [category, count] of Object.entries(w.counts ?? {})) {
        counts[category] = count;
        total += count;
      }
      return { date: w.date, start: w.start, counts, total };
    });

export interface CreateLiveSeriesInput {
  response: StatsResponse;
  /** Base-resolution windows whose totals `response` already contains (ignored at base resolution). */
  snapshot: StatsResponse;
  spec: ResolutionSpec;
  capacity: number;
  vocabulary: Vocabulary;
}

/**
 * Builds a live series from a REST history: windows zero-filled with every known category, sorted,
 * trimmed to `capacity`, plus the record of base-window totals they already contain (the REST
 * windows themselves at base resolution, the snapshot otherwise) so live totals replace them.
 */
export function createLiveSeries({ response, snapshot, spec, capacity, vocabulary }: CreateLiveSeriesInput): LiveSeries {
  const windows = {} as Record<StatisticType, readonly StatsWindow[]>;
  for (const type of STATISTIC_TYPES) {
    windows[type] = normalise(response.series[type] ?? [], vocabulary[type]).slice(-capacity);
  }
  const source = spec.isBase ? response : snapshot;
  const baseTotals: Record<string, BaseWindowTotals> = {};
  let trackedUntil = '';
  for (const type of STATISTIC_TYPES) {
    for (const w of source.series[type] ?? []) {
      const entry = (baseTotals[w.date] ??= { start: w.start, counts: {} });
      entry.counts[type] = { ...w.counts };
      trackedUntil = w.date > trackedUntil ? w.date : trackedUntil;
    }
  }
  return { branch: response.branch, spec, capacity, windows, baseTotals, trackedUntil, vocabulary };
}
