import { useMemo } from 'react';
import { configWithDefaults } from '../lib/configWithDefaults';
import type { ApiConfig } from '../lib/types';
import { useApiResource } from './useApiResource';

export interface ConfigState {
  /** False until `/api/config` answered or failed (then defaults apply). */
  settled: boolean;
  config: ApiConfig;
}

/** `/api/config` with defaults for anything missing (vocabulary falls back to the known categories). */
export function useConfig(reloadToken = 0): ConfigState {
  const resource = useApiResource<Partial<ApiConfig>>('/api/config', reloadToken);
  const raw = resource.status === 'ready' ? resource.data : undefined;
  const config = useMemo(() => configWithDefaults(raw), [raw]);
  return { settled: resource.status !== 'loading', config };
}
