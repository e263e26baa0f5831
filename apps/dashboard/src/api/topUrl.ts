/** What `GET /api/top` is asked for one chart view: a branch (`all` for every branch), a resolution and the window starts of the range (epoch ms). */
export interface TopNQuery {
  readonly branch: string;
  readonly resolution: string;
  readonly from: number;
  readonly to: number;
  /** Statistic type ranked (the tooltip shows coffee types: `Orders`). */
  readonly type?: string;
  /** Places per window. */
  readonly n?: number;
}

/** `/api/top` query of a view: ranking of `type` (default `Orders`), top `n` (default 3), for every window from `from` to `to`. */
export function topUrl({ branch, resolution, from, to, type = 'Orders', n = 3 }: TopNQuery): string {
  const query = new URLSearchParams({ type, n: String(n), branch, resolution, from: String(from), to: String(to) });
  return `/api/top?${query.toString()}`;
}
