import { NewestPerKey, liveWindowKey, type LiveStatisticsBody } from '@coffee/aggregation';
import { startTransition, useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { MAX_PENDING_LIVE_BODIES, dashboardReducer, initialDashboardState } from '../lib/dashboardReducer';
import type { ApiConfig, HistoryBundle, HistoryRequest, LiveSeries } from '../lib/types';
import { useHistory } from './useHistory';
import { useLiveStats, type ConnectionStatus, type LiveStatsOptions } from './useLiveStats';

/**
 * Live bodies are applied in batches at most this often, ms: a burst costs at most four (cheap) renders a
 * second, and an update shows within about this long.
 */
export const LIVE_FLUSH_MS = 250;

export interface DashboardDataOptions {
  request: HistoryRequest;
  config: ApiConfig;
  /** False until the config is known (the base resolution depends on it). */
  configReady: boolean;
  /** Socket factory for tests. */
  connect?: LiveStatsOptions['connect'];
}

export interface DashboardData {
  chart: LiveSeries | null;
  /** The last hour at one minute, live (KPIs). */
  lastHour: LiveSeries | null;
  /** `loading` until the first history arrived, `error` when the latest load failed. */
  phase: 'loading' | 'error' | 'ready';
  error: unknown;
  /** The shown data belongs to another selection or predates a reconnect; a load is under way. */
  stale: boolean;
  connection: ConnectionStatus;
  updatedAt: number | null;
  reload: () => void;
  /** Bumps on every reconnection (not the first connection), so other resources (branches) can refresh too. */
  reconnections: number;
}

/** History from REST + live totals from the socket, merged; reloads (backfills) after every reconnect. */
export function useDashboardData({ request, config, configReady, connect }: DashboardDataOptions): DashboardData {
  const [state, dispatch] = useReducer(dashboardReducer, initialDashboardState);
  const [reloadToken, setReloadToken] = useState(0);
  const [reconnections, setReconnections] = useState(0);
  const baseResolution = `${config.windowSizeSeconds}s`;

  useEffect(() => {
    dispatch({ type: 'invalidate' });
  }, [request, reloadToken]);

  // Requested at once with the default config (30 s windows), not after it: a different config changes the
  // request (or the base resolution), which reloads; until the config has answered, a failed load is not an error.
  const history = useHistory(request, baseResolution, reloadToken);
  const failed = history.status === 'error' && configReady;
  // Each loaded bundle replaces the series exactly once (a later config change must not roll back live merges).
  const applied = useRef<HistoryBundle | null>(null);
  useEffect(() => {
    if (history.status === 'ready' && history.bundle !== applied.current) {
      applied.current = history.bundle;
      dispatch({ type: 'history', bundle: history.bundle, windowSizeSeconds: config.windowSizeSeconds, vocabulary: config.vocabulary, at: Date.now(), timeZone: config.timeZone });
    }
  }, [history, config]);

  // Only the newest totals of each window matter: the queue holds one body per window, bounded.
  const queue = useRef(new NewestPerKey<LiveStatisticsBody>({ max: MAX_PENDING_LIVE_BODIES }));
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const flush = useCallback(() => {
    clearTimeout(timer.current);
    timer.current = undefined;
    const bodies = queue.current.take();
    if (bodies.length > 0) {
      // A transition: React renders the charts in slices, yielding to input between them.
      startTransition(() => dispatch({ type: 'live', bodies, at: Date.now() }));
    }
  }, []);
  const branchRef = useRef(request.branch);
  branchRef.current = request.branch;
  const onStats = useCallback(
    (body: LiveStatisticsBody) => {
      if (body.branch !== branchRef.current) {
        return;
      }
      queue.current.set(liveWindowKey(body), body);
      timer.current ??= setTimeout(flush, LIVE_FLUSH_MS);
    },
    [flush],
  );
  const failedRef = useRef(failed);
  failedRef.current = failed;
  const onConnect = useCallback(
    (reconnect: boolean) => {
      if (reconnect) {
        setReconnections((n) => n + 1);
      }
      if (reconnect || failedRef.current) {
        // Updates from before the drop go in first; later ones wait for the backfill.
        flush();
        dispatch({ type: 'invalidate' });
        setReloadToken((t) => t + 1);
      }
    },
    [flush],
  );
  const connection = useLiveStats({ branch: request.branch, onStats, onConnect, connect });

  const reload = useCallback(() => setReloadToken((t) => t + 1), []);
  const loadedFor = state.loadedFor;
  const current =
    loadedFor !== null &&
    loadedFor.branch === request.branch &&
    loadedFor.resolution === request.resolution &&
    loadedFor.last === request.last &&
    loadedFor.range?.from === request.range?.from &&
    loadedFor.range?.to === request.range?.to;

  return {
    chart: state.chart,
    lastHour: state.lastHour,
    phase: failed ? 'error' : state.chart ? 'ready' : 'loading',
    error: failed && history.status === 'error' ? history.error : null,
    stale: !current || !state.accepting,
    connection,
    updatedAt: state.updatedAt,
    reload,
    reconnections,
  };
}
