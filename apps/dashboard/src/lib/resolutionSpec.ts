import { resolutionSpecOf } from '@coffee/aggregation';
import type { ResolutionSpec } from './types';

/** Datestring precision and window length of a resolution id (`30s` base, `1m`, `1h`, `1d`), from `@coffee/aggregation`'s table. */
export function resolutionSpec(id: string, windowSizeSeconds: number, timeZone = 'Asia/Seoul'): ResolutionSpec {
  return { ...resolutionSpecOf(id, windowSizeSeconds * 1000), timeZone, windowSizeMs: windowSizeSeconds * 1000 };
}
