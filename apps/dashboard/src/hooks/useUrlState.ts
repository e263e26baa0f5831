import { useCallback, useState } from 'react';
import { parseSelection, type ViewSelection } from '../lib/parseSelection';

/** The branch / resolution / range selection, kept in the query string so a view can be shared or reloaded. */
export function useUrlState(): [ViewSelection, (next: Partial<ViewSelection>) => void] {
  const [selection, setSelection] = useState<ViewSelection>(() => parseSelection(window.location.search));
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
      if (merged.compare.length > 0) {
        params.set('compare', merged.compare.join(','));
      } else {
        params.delete('compare');
      }
      if (merged.from && merged.to) {
        params.set('from', merged.from);
        params.set('to', merged.to);
      } else {
        params.delete('from');
        params.delete('to');
      }
      window.history.replaceState(null, '', `${window.location.pathname}?${params.toString()}`);
      return merged;
    });
  }, []);
  return [selection, update];
}
