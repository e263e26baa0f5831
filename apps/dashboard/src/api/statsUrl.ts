import type { TimeRange } from '../lib/types';

/**
 * `/api/stats` query for the newest `last` windows of a branch (`all` for every branch), or for the
 * windows of `range` (epoch ms) when given; `format` asks for another encoding (`csv`, `ndjson`).
 */
export function statsUrl(branch: string, resolution: string, last: number, range?: TimeRange, format?: 'csv' | 'ndjson'): string {
  const query = new URLSearchParams({ branch, resolution });
  if (range) {
    query.set('from', String(range.from));
    query.set('to', String(range.to));
  } else {
    query.set('last', String(last));
  }
  if (format) {
    query.set('format', format);
  }
  return `/api/stats?${query.toString()}`;
}
