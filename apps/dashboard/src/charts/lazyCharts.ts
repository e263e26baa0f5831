// Chart components load on demand, all from one chunk: recharts stays out of the initial bundle.
import { lazy } from 'react';

const load = () => import('./charts');

export const LazyStackedTimeChart = lazy(() => load().then((m) => ({ default: m.StackedTimeChart })));
export const LazyShareDonut = lazy(() => load().then((m) => ({ default: m.ShareDonut })));
export const LazyRankedBars = lazy(() => load().then((m) => ({ default: m.RankedBars })));

/** Starts loading the chart chunk now (in parallel with the first REST load) instead of on first render. */
export function preloadCharts(): void {
  load().catch(() => undefined);
}
