export interface RangeOption {
  label: string;
  /** Number of windows (`last=N`). */
  last: number;
}

const RANGES_SECONDS: Record<string, [string, number][]> = {
  base: [
    ['Last 10 min', 600],
    ['Last 30 min', 1800],
  ],
  '1m': [
    ['Last hour', 3600],
    ['Last 6 hours', 21_600],
  ],
  '1h': [
    ['Last 24 hours', 86_400],
    ['Last 7 days', 604_800],
  ],
  '1d': [
    ['Last 7 days', 604_800],
    ['Last 30 days', 2_592_000],
  ],
};

/** Ranges that fit a resolution, as window counts; the first is the default. */
export function rangeOptions(resolution: string, windowSizeSeconds: number): RangeOption[] {
  const rollupSeconds: Record<string, number> = { '1m': 60, '1h': 3600, '1d': 86_400 };
  const isRollup = resolution in rollupSeconds && resolution !== `${windowSizeSeconds}s`;
  const windowSeconds = isRollup ? rollupSeconds[resolution] : windowSizeSeconds;
  const ranges = RANGES_SECONDS[isRollup ? resolution : 'base'];
  return ranges.map(([label, seconds]) => ({ label, last: Math.max(1, Math.round(seconds / windowSeconds)) }));
}
