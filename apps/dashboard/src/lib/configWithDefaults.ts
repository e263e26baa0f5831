import { STATISTIC_TYPES, type StatisticType } from '@coffee/aggregation';
import { DEFAULT_VOCABULARY } from './defaultVocabulary';
import type { ApiConfig } from './types';

const DEFAULT_WINDOW_SECONDS = 30;

/** A `/api/config` answer (or nothing yet) completed with defaults: 30 s windows, Asia/Seoul, the known vocabularies. */
export function configWithDefaults(raw?: Partial<ApiConfig>): ApiConfig {
  const windowSizeSeconds = raw?.windowSizeSeconds && raw.windowSizeSeconds > 0 ? raw.windowSizeSeconds : DEFAULT_WINDOW_SECONDS;
  const vocabulary = {} as Record<StatisticType, readonly string[]>;
  for (const type of STATISTIC_TYPES) {
    const fromApi = raw?.vocabulary?.[type];
    vocabulary[type] = fromApi && fromApi.length > 0 ? fromApi : DEFAULT_VOCABULARY[type];
  }
  return {
    timeZone: raw?.timeZone || 'Asia/Seoul',
    windowSizeSeconds,
    resolutions: raw?.resolutions?.length ? raw.resolutions : [`${windowSizeSeconds}s`, '1m', '1h', '1d'],
    statisticTypes: [...STATISTIC_TYPES],
    vocabulary,
  };
}
