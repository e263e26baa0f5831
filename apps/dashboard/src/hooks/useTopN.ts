import type { RankedCategory } from '@coffee/aggregation';
import { useEffect, useState } from 'react';
import { loadTopN } from '../api/topNCache';
import { topUrl, type TopNQuery } from '../api/topUrl';

/** Most windows one `/api/top` request may span (the gateway's TOP_MAX_WINDOWS default). */
export const TOP_MAX_WINDOWS = 2_880;

/** Top-N of each window of a view, by window start; `null` until loaded (or when it could not be). */
export type TopNByStart = ReadonlyMap<number, readonly RankedCategory[]> | null;

/**
 * The ranking of every window of a chart view from `GET /api/top`, asked only once the chart is
 * `active` (pointer or keyboard on it), then held per view (see loadTopN): moving the pointer costs
 * no request. `query` null (no view) gives null. The previous answer stays while a new window's view
 * loads, as long as branch and resolution are the same.
 */
export function useTopN(query: TopNQuery | null, active: boolean): TopNByStart {
  const url = query === null ? null : topUrl(query);
  const view = query === null ? null : `${query.branch}\u0000${query.resolution}\u0000${query.type ?? ''}\u0000${query.n ?? ''}`;
  const [state, setState] = useState<{ view: string; byStart: ReadonlyMap<number, readonly RankedCategory[]> } | null>(null);
  useEffect(() => {
    if (!active || url === null || view === null) {
      return undefined;
    }
    let current = true;
    loadTopN(url).then(
      (answer) => {
        if (current) {
          setState({ view, byStart: new Map(answer.windows.map((window) => [window.start, window.top])) });
        }
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [active, url, view]);
  return state !== null && state.view === view ? state.byStart : null;
}

/** The `/api/top` query of rows starting at `starts` (oldest first): the newest {@link TOP_MAX_WINDOWS} of them. */
export function topQueryOf(branch: string | undefined, resolution: string | undefined, starts: readonly number[]): TopNQuery | null {
  const to = starts.at(-1);
  const from = starts[Math.max(0, starts.length - TOP_MAX_WINDOWS)];
  return branch === undefined || resolution === undefined || to === undefined || from === undefined ? null : { branch, resolution, from, to };
}
