import type { AlertRecord, StatsWindow } from '@coffee/aggregation';

/** What every statistic card gets from the dashboard. */
export interface StatisticCardProps {
  windows: readonly StatsWindow[];
  known: readonly string[];
  precision: number;
  /** Length of one window, ms (finds the window still filling). */
  durationMs: number;
  /** One window after "per" on the value axis: `30 s`, `minute`, `hour`, `day`. */
  per: string;
  phase: 'loading' | 'error' | 'ready';
  hasData: boolean;
  stale: boolean;
  updatedAt: number | null;
  /** Fixed chart width (tests); charts fill their card otherwise. */
  chartWidth?: number;
  /** The view's branch (`all` for every branch) and resolution id: alert markers and the tooltip's top-N (GET /api/top). */
  branch?: string;
  resolution?: string;
  /** Alerts to mark on the time chart. */
  alerts?: readonly AlertRecord[];
}
