import { useCallback, useState } from 'react';

export interface ViewSelection {
  branch: string;
  resolution: string;
  /** Windows shown (`last=N`); 0 means the resolution's default range. */
  last: number;
}

/** The selection in the page's query string (`branch` defaults to `all`; resolution and range to the config's). */
export const readSelection = (): ViewSelection => {
  const params = new URLSearchParams(window.location.search);
  const last = Number(params.get('last'));
  return {
    branch: params.get('branch') || 'all',
    resolution: params.get('resolution') || '',
    last: Number.isInteger(last) && last > 0 ? last : 0,
  };
};

/** The branch / resolution / range selection, kept in the query string so a view can be shared or reloaded. */
export function useUrlState(): [ViewSelection, (next: Partial<ViewSelection>) => void] {
  const [selection, setSelection] = useState<ViewSelection>(readSelection);
  const update = useCallback((next: Partial<ViewSelection>) => {
    setSelection((prev) => {
      const merged = { ...prev, ...next };
      const params = new URLSearchParams(window.location.search);
      params.set('branch', merged.branch);
      if (merged.resolution) {
        params.set('resolution', merged.resolution);
      }
      if (merged.last > 0) {
        params.set('last', String(merged.last));
      } else {
        params.delete('last');
      }
      window.history.replaceState(null, '', `${window.location.pathname}?${params.toString()}`);
      return merged;
    });
  }, []);
  return [selection, update];
}
