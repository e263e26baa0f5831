import { useEffect, useState } from 'react';
import { fetchJson } from '../api/fetchJson';

/** How often the branch list is fetched again, so a branch that starts selling shows without a reload, ms. */
export const BRANCHES_REFRESH_MS = 15_000;

export interface Branches {
  /** Real branch names from `/api/branches`, sorted (empty while loading or on error). */
  names: string[];
  /** True once the list has been loaded at least once (only then can a branch be called unknown). */
  known: boolean;
}

const NONE: Branches = { names: [], known: false };

/**
 * `/api/branches`, fetched again on every reconnection (`reloadToken`) and every `refreshMs` (a failed
 * fetch is retried then too). The state changes only when the list does: a poll does not re-render the page.
 */
export function useBranches(reloadToken = 0, refreshMs = BRANCHES_REFRESH_MS): Branches {
  const [state, setState] = useState<Branches>(NONE);
  useEffect(() => {
    let controller: AbortController | undefined;
    const load = () => {
      controller?.abort();
      const current = new AbortController();
      controller = current;
      fetchJson<{ branches?: string[] }>('/api/branches', current.signal).then(
        (data) => {
          const names = [...(data.branches ?? [])].sort();
          setState((prev) => (prev.known && prev.names.join('\u0000') === names.join('\u0000') ? prev : { names, known: true }));
        },
        () => undefined,
      );
    };
    load();
    const id = setInterval(load, refreshMs);
    return () => {
      clearInterval(id);
      controller?.abort();
    };
  }, [reloadToken, refreshMs]);
  return state;
}
