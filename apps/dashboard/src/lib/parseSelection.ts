// The view selection in a page's query string. Pure and React-free: the entry uses it before the app has loaded.
export interface ViewSelection {
  branch: string;
  resolution: string;
  /** Windows shown (`last=N`); 0 means the resolution's default range. */
  last: number;
}

/** The selection in `search` (`branch` defaults to `all`; resolution and range to the config's). */
export function parseSelection(search: string): ViewSelection {
  const params = new URLSearchParams(search);
  const last = Number(params.get('last'));
  return {
    branch: params.get('branch') || 'all',
    resolution: params.get('resolution') || '',
    last: Number.isInteger(last) && last > 0 ? last : 0,
  };
}
