import { rangeOptions } from './rangeOptions';
import type { ApiConfig, HistoryRequest } from './types';

/**
 * The history a selection asks for under a config: an unknown resolution becomes the config's first
 * (the base window), a range that does not fit the resolution becomes the resolution's default.
 */
export function resolveRequest(selection: HistoryRequest, config: Pick<ApiConfig, 'resolutions' | 'windowSizeSeconds'>): HistoryRequest {
  const resolution = config.resolutions.includes(selection.resolution) ? selection.resolution : config.resolutions[0];
  const ranges = rangeOptions(resolution, config.windowSizeSeconds);
  const last = ranges.some((r) => r.last === selection.last) ? selection.last : ranges[0].last;
  return { branch: selection.branch, resolution, last };
}
