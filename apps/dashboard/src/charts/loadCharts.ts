// The chart chunk (recharts and the chart components), loaded on demand. No React here: the entry starts
// the load before the app's own code has arrived.

export const loadCharts = () => import('./charts');

/** Starts loading the chart chunk now (in parallel with the first REST load) instead of on first render. */
export function preloadCharts(): void {
  loadCharts().catch(() => undefined);
}
