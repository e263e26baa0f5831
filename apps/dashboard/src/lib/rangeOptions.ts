import { resolutionSpecOf } from '@coffee/aggregation';

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
  const spec = resolutionSpecOf(resolution, windowSizeSeconds * 1000);
  const windowSeconds = spec.durationMs / 1000;
  const ranges = RANGES_SECONDS[spec.isBase ? 'base' : spec.id] ?? RANGES_SECONDS['base'];
  return ranges.map(([label, seconds]) => ({ label, last: Math.max(1, Math.round(seconds / windowSeconds)) }));
}
