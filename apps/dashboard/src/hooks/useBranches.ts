import { useEffect, useMemo, useState } from 'react';
import { useApiResource } from './useApiResource';

/** How often the branch list is fetched again, so a branch that starts selling shows without a reload, ms. */
export const BRANCHES_REFRESH_MS = 15_000;

export interface Branches {
  /** Real branch names from `/api/branches`, sorted (empty while loading or on error). */
  names: string[];
  /** True once the list has been loaded at least once (only then can a branch be called unknown). */
  known: boolean;
}

/** `/api/branches`, fetched again on every reconnection (`reloadToken`) and every `refreshMs`. */
export function useBranches(reloadToken = 0, refreshMs = BRANCHES_REFRESH_MS): Branches {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const id = setInterval(() => setTick((t) => t + 1), refreshMs);
    return () => clearInterval(id);
  }, [refreshMs]);
  const resource = useApiResource<{ branches?: string[] }>('/api/branches', reloadToken + tick);
  const branches = resource.status === 'ready' ? resource.data.branches : undefined;
  const key = [...(branches ?? [])].sort().join('\u0000');
  const names = useMemo(() => (key ? key.split('\u0000') : []), [key]);
  return { names, known: branches !== undefined };
}
