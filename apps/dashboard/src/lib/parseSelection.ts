// The view selection in a page's query string. Pure and React-free: the entry uses it before the app has loaded.
export interface ViewSelection {
  branch: string;
  resolution: string;
  /** Windows shown (`last=N`); 0 means the resolution's default range. */
  last: number;
  /** Absolute range as shop-local wall-clock times `yyyy-MM-ddTHH:mm` (`from=…&to=…`); both '' when absent. */
  from: string;
  to: string;
  /** Branches compared side by side (`compare=a,b`), sorted; empty when absent. */
  compare: string[];
}

const WALL_CLOCK = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** The selection in `search` (`branch` defaults to `all`; resolution and range to the config's). */
export function parseSelection(search: string): ViewSelection {
  const params = new URLSearchParams(search);
  const last = Number(params.get('last'));
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    branch: params.get('branch') || 'all',
    resolution: params.get('resolution') || '',
    last: Number.isInteger(last) && last > 0 ? last : 0,
    from: WALL_CLOCK.test(from) && WALL_CLOCK.test(to) && from < to ? from : '',
    to: WALL_CLOCK.test(from) && WALL_CLOCK.test(to) && from < to ? to : '',
    compare: [...new Set((params.get('compare') ?? '').split(',').filter(Boolean))].sort(),
  };
}
