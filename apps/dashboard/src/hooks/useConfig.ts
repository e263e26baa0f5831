import { STATISTIC_TYPES, type StatisticType } from '@coffee/aggregation';
import { useMemo } from 'react';
import { DEFAULT_VOCABULARY } from '../lib/defaultVocabulary';
import type { ApiConfig } from '../lib/types';
import { useApiResource } from './useApiResource';

export interface ConfigState {
  /** False until `/api/config` answered or failed (then defaults apply). */
  settled: boolean;
  config: ApiConfig;
}

const DEFAULT_WINDOW_SECONDS = 30;

const withDefaults = (raw: Partial<ApiConfig> | undefined): ApiConfig => {
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
};

/** `/api/config` with defaults for anything missing (vocabulary falls back to the known categories). */
export function useConfig(reloadToken = 0): ConfigState {
  const resource = useApiResource<Partial<ApiConfig>>('/api/config', reloadToken);
  const raw = resource.status === 'ready' ? resource.data : undefined;
  const config = useMemo(() => withDefaults(raw), [raw]);
  return { settled: resource.status !== 'loading', config };
}
