import { useMemo } from 'react';
import { useApiResource } from './useApiResource';

/** Real branch names from `/api/branches`, sorted (empty while loading or on error). */
export function useBranches(reloadToken = 0): string[] {
  const resource = useApiResource<{ branches?: string[] }>('/api/branches', reloadToken);
  const branches = resource.status === 'ready' ? resource.data.branches : undefined;
  return useMemo(() => [...(branches ?? [])].sort(), [branches]);
}
