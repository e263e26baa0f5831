// Chart components load on demand, all from one chunk: recharts stays out of the initial bundle.
import { lazy } from 'react';
import { loadCharts } from './loadCharts';

export const LazyStackedTimeChart = lazy(() => loadCharts().then((m) => ({ default: m.StackedTimeChart })));
export const LazyShareDonut = lazy(() => loadCharts().then((m) => ({ default: m.ShareDonut })));
export const LazyRankedBars = lazy(() => loadCharts().then((m) => ({ default: m.RankedBars })));
