import type { StatsWindow } from '@coffee/aggregation';
import { useEffect, useState } from 'react';
import { fetchJson } from '../api/fetchJson';
import { statsUrl } from '../api/statsUrl';
import { toCompareSeries, type CompareSeries } from '../lib/compareSeries';
import type { HistoryRequest, StatsResponse } from '../lib/types';

/** How often compared branches are fetched again, ms. */
export const COMPARE_REFRESH_MS = 10_000;

export type CompareState = { status: 'idle' | 'loading' } | { status: 'ready'; series: CompareSeries[] } | { status: 'error'; error: unknown };

/** The same view (resolution, range) for each of `branches`, fetched in parallel and again every {@link COMPARE_REFRESH_MS}. */
export function useCompareHistory(branches: readonly string[], request: Omit<HistoryRequest, 'branch'>, refreshMs = COMPARE_REFRESH_MS): CompareState {
  const [state, setState] = useState<CompareState>({ status: 'idle' });
  const [tick, setTick] = useState(0);
  const key = branches.join(',');
  const { resolution, last, range } = request;
  const from = range?.from;
  const to = range?.to;
  useEffect(() => {
    const id = setInterval(() => setTick((t) => t + 1), refreshMs);
    return () => clearInterval(id);
  }, [refreshMs]);
  useEffect(() => {
    const names = key ? key.split(',') : [];
    if (names.length < 2) {
      setState({ status: 'idle' });
      return undefined;
    }
    const controller = new AbortController();
    setState((prev) => (prev.status === 'ready' ? prev : { status: 'loading' }));
    const timeRange = from !== undefined && to !== undefined ? { from, to } : undefined;
    Promise.all(names.map((b) => fetchJson<StatsResponse>(statsUrl(b, resolution, last, timeRange), controller.signal))).then(
      (answers) => setState({ status: 'ready', series: answers.map((a, i) => toCompareSeries(names[i], (a.series.CustomerAgeGrades ?? []) as StatsWindow[])) }),
      (error: unknown) => {
        if (!controller.signal.aborted) {
          setState({ status: 'error', error });
        }
      },
    );
    return () => controller.abort();
  }, [key, resolution, last, from, to, tick]);
  return state;
}
