import type { ResolutionSpec } from './types';

const ROLLUPS: Record<string, { precision: number; durationMs: number }> = {
  '1m': { precision: 12, durationMs: 60_000 },
  '1h': { precision: 10, durationMs: 3_600_000 },
  '1d': { precision: 8, durationMs: 86_400_000 },
};

/** Datestring precision and window length of a resolution id (`30s` base, `1m`, `1h`, `1d`). */
export function resolutionSpec(id: string, windowSizeSeconds: number): ResolutionSpec {
  const rollup = ROLLUPS[id];
  if (rollup && id !== `${windowSizeSeconds}s`) {
    return { id, ...rollup, isBase: false };
  }
  return { id: `${windowSizeSeconds}s`, precision: 14, durationMs: windowSizeSeconds * 1000, isBase: true };
}
