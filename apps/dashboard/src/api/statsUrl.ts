/** `/api/stats` query for the newest `last` windows of a branch (`all` for every branch). */
export function statsUrl(branch: string, resolution: string, last: number): string {
  const query = new URLSearchParams({ branch, resolution, last: String(last) });
  return `/api/stats?${query.toString()}`;
}
