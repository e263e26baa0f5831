// The view selection in the page's query string, read without React: the entry uses it before the app has loaded.
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
