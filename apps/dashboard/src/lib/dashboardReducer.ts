import { newestPerWindow, type LiveStatisticsBody } from '@coffee/aggregation';
import { createLiveSeries } from './createLiveSeries';
import { mergeLiveIntoHistory } from './mergeLiveIntoHistory';
import { resolutionSpec } from './resolutionSpec';
import type { HistoryBundle, LiveSeries, Vocabulary } from './types';

/**
 * Most live bodies kept while history loads, and queued between two renders (`useDashboardData`): the
 * newest per branch and window (`@coffee/aggregation`'s `newestPerWindow`), the least recently updated
 * dropped beyond it. 256 base windows of 30 s are over two hours of one branch.
 */
export const MAX_PENDING_LIVE_BODIES = 256;

export interface DashboardState {
  /** Request the shown series were loaded for (`null` before the first load). */
  loadedFor: HistoryBundle['request'] | null;
  chart: LiveSeries | null;
  lastHour: LiveSeries | null;
  /** False while history (re)loads: live bodies are then buffered and applied after it. */
  accepting: boolean;
  pending: LiveStatisticsBody[];
  /** When the shown data last changed, epoch ms. */
  updatedAt: number | null;
}

export type DashboardAction =
  | { type: 'invalidate' }
  | { type: 'history'; bundle: HistoryBundle; windowSizeSeconds: number; vocabulary: Vocabulary; at: number; timeZone?: string }
  | { type: 'live'; bodies: LiveStatisticsBody[]; at: number };

export const initialDashboardState: DashboardState = {
  loadedFor: null,
  chart: null,
  lastHour: null,
  accepting: false,
  pending: [],
  updatedAt: null,
};

const coalesce = (pending: LiveStatisticsBody[], bodies: LiveStatisticsBody[]): LiveStatisticsBody[] =>
  newestPerWindow([...pending, ...bodies], MAX_PENDING_LIVE_BODIES);

const applyAll = (series: LiveSeries, bodies: LiveStatisticsBody[]): LiveSeries =>
  bodies.reduce((s, body) => mergeLiveIntoHistory(s, body), series);

/**
 * Dashboard data state: REST history replaced on load, live updates merged once it is loaded and
 * buffered before (so live data arriving before history is never lost nor a crash), including
 * after a reconnect, where history is reloaded to backfill the gap before live merging resumes.
 */
export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
  switch (action.type) {
    case 'invalidate':
      return state.accepting ? { ...state, accepting: false } : state;
    case 'history': {
      const { bundle, windowSizeSeconds, vocabulary, at, timeZone } = action;
      const { request } = bundle;
      const chart = createLiveSeries({
        response: bundle.chart,
        snapshot: bundle.base,
        spec: resolutionSpec(request.resolution, windowSizeSeconds, timeZone),
        // A fixed range keeps every window it was answered with.
        capacity: request.range ? Math.max(1, bundle.chart.series.CustomerAgeGrades?.length ?? 0) : request.last,
        vocabulary,
      });
      const lastHour = createLiveSeries({
        response: bundle.lastHour,
        snapshot: bundle.base,
        spec: resolutionSpec('1m', windowSizeSeconds, timeZone),
        capacity: bundle.lastHour.series.CustomerAgeGrades?.length || 60,
        vocabulary,
      });
      return {
        loadedFor: request,
        chart: applyAll(chart, state.pending),
        lastHour: applyAll(lastHour, state.pending),
        accepting: true,
        pending: [],
        updatedAt: at,
      };
    }
    case 'live': {
      if (!state.accepting || !state.chart || !state.lastHour) {
        return { ...state, pending: coalesce(state.pending, action.bodies) };
      }
      // Bodies for a branch other than the loaded one belong to a history still to come.
      const loadedBranch = state.chart.branch;
      const now = action.bodies.filter((b) => b.branch === loadedBranch);
      const later = action.bodies.filter((b) => b.branch !== loadedBranch);
      const pending = later.length > 0 ? coalesce(state.pending, later) : state.pending;
      // A fixed from/to range is not followed by live updates (the KPIs still are).
      const chart = state.loadedFor?.range ? state.chart : applyAll(state.chart, now);
      const lastHour = applyAll(state.lastHour, now);
      if (chart === state.chart && lastHour === state.lastHour) {
        return pending === state.pending ? state : { ...state, pending };
      }
      return { ...state, chart, lastHour, pending, updatedAt: action.at };
    }
  }
}
